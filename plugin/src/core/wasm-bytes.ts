// The core's wasm bytes as main.js carries them (tools/wasm-embed, called by scripts/build.mjs): one digit, 1 when
// the last character holds a group more than the stream has, else 0, then the 7-bit text of an XZ stream
// (./seven-bit.ts). Decoded here, and decompressed with xz-embedded (./xz.ts) one output buffer per task, so the
// main thread is never held for long (the 2.5 MB module takes about 100 ms to decompress in one go). Bytes (the
// command line's, the tests') pass as they are.
import { nextTask } from "./next-task";
import { sevenBitDecode } from "./seven-bit";
import { xzDecode } from "./xz";

/**
 * The wasm module's bytes from what main.js carries: embedded text is decoded and decompressed (a task between
 * output chunks, with `breathe`), bytes are returned as they are. Rejects when the text or the stream is corrupt
 * or truncated.
 */
export async function wasmModuleBytes(
  embedded: string | Uint8Array,
  breathe: () => Promise<void> = nextTask,
): Promise<Uint8Array> {
  if (typeof embedded !== "string") return embedded;
  const digit = embedded.charCodeAt(0) - 0x30;
  if (digit !== 0 && digit !== 1) throw new Error("The embedded core does not start with its digit");
  const parts = await xzDecode(sevenBitDecode(embedded.slice(1), digit === 1), breathe);
  let size = 0;
  for (const part of parts) size += part.length;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
