// The core's wasm bytes as main.js carries them: compressed with Zstandard (scripts/build.mjs), decompressed here
// with fzstd in slices, each its own task, so that the main thread is never held for long (a 2.2 MB module
// takes about 130 ms to decompress in one go). Bytes that are not compressed (the command line's) pass as they are.
import { Decompress } from "fzstd";
import { nextTask } from "./next-task";

/** Whether the bytes are a Zstandard frame (magic `28 b5 2f fd`, as main.js carries them). */
function zstdFrame(bytes: Uint8Array): boolean {
  return bytes[0] === 0x28 && bytes[1] === 0xb5 && bytes[2] === 0x2f && bytes[3] === 0xfd;
}

/** Compressed bytes decompressed per slice: about 60 KB of output, a few milliseconds. */
export const SLICE_BYTES = 16 * 1024;

/**
 * The wasm module's bytes: decompressed when Zstandard-compressed (one slice of `SLICE_BYTES` per task, with
 * `breathe` between them), else as they are. Rejects when the compressed bytes are corrupt.
 */
export async function wasmModuleBytes(bytes: Uint8Array, breathe: () => Promise<void> = nextTask): Promise<Uint8Array> {
  if (!zstdFrame(bytes)) return bytes;
  const parts: Uint8Array[] = [];
  let size = 0;
  const stream = new Decompress((chunk) => {
    parts.push(chunk.slice());
    size += chunk.length;
  });
  for (let at = 0; at < bytes.length; at += SLICE_BYTES) {
    if (at > 0) await breathe();
    stream.push(bytes.subarray(at, at + SLICE_BYTES), at + SLICE_BYTES >= bytes.length);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
