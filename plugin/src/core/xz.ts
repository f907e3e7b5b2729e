// XZ decoding for the embedded core (./wasm-bytes.ts): xz-decompress's decoder (xz-embedded compiled to wasm) driven
// here directly, without the package's JavaScript (its `ReadableStream` class, 3.3 KB of main.js). main.js carries
// only the decoder's bytes, as 7-bit text of raw DEFLATE ("virtual:xz-decoder": scripts/build.mjs `xzDecoderModule`,
// given to esbuild by the build and to the tests by vitest.config.ts). The decoder's interface is the package's:
// a context from `create_context`, whose first words are its buffer size and an `xz_buf` (input pointer, position
// and size, output pointer and position); `supply_input` hands it the bytes copied into its input buffer,
// `get_next_output` decodes until the output buffer is full or the input is used up (0: more to come, 1: the
// stream's end, above: an error, the stream's check included).
import { inflateSync } from "fflate";
import decoderText from "virtual:xz-decoder";
import { sevenBitDecode } from "./seven-bit";

/** The decoder module's exports (xz-decompress's). */
interface Decoder {
  readonly memory: WebAssembly.Memory;
  readonly create_context: () => number;
  readonly destroy_context: (context: number) => void;
  readonly supply_input: (context: number, length: number) => void;
  readonly get_next_output: (context: number) => number;
}

let decoder: Promise<Decoder> | null = null;

/** The decoder, instantiated once (the first call inflates and compiles its 12.5 KB). */
function xzDecoder(): Promise<Decoder> {
  if (decoder === null) {
    const bytes = inflateSync(sevenBitDecode(decoderText.slice(1), decoderText[0] === "1")) as Uint8Array<ArrayBuffer>;
    decoder = WebAssembly.instantiate(bytes, {}).then(({ instance }) => instance.exports as unknown as Decoder);
  }
  return decoder;
}

/**
 * The bytes of `stream`, one XZ stream or several one after the other (tools/wasm-embed writes the core's code and
 * its data as two), decoded an output buffer at a time with `breathe` awaited after each (so the caller can hand
 * the thread back). Rejects when a stream is corrupt, fails its check or is truncated.
 */
export async function xzDecode(stream: Uint8Array, breathe: () => Promise<void>): Promise<Uint8Array[]> {
  const x = await xzDecoder();
  const parts: Uint8Array[] = [];
  let from = 0;
  do from = await decodeOne(x, stream, from, parts, breathe);
  while (from < stream.length);
  return parts;
}

/** Decodes the XZ stream that starts at `from` in `stream` into `parts`; returns where it ends. */
async function decodeOne(x: Decoder, stream: Uint8Array, from: number, parts: Uint8Array[], breathe: () => Promise<void>): Promise<number> {
  const context = x.create_context();
  // Views are taken afresh after each call: the decoder's memory may grow and detach the old buffer.
  const words = (): Uint32Array => new Uint32Array(x.memory.buffer, context, 6);
  const [size = 0, input = 0, , , output = 0] = words();
  let read = from;
  try {
    for (let result = 0; result !== 1; ) {
      let fed = true;
      if (words()[2] === words()[3]) {
        const slice = stream.subarray(read, read + size);
        new Uint8Array(x.memory.buffer).set(slice, input);
        x.supply_input(context, slice.length);
        read += slice.length;
        fed = slice.length > 0;
      }
      result = x.get_next_output(context);
      const now = words();
      const produced = now[5] ?? 0;
      if (result > 1 || (!fed && produced === 0 && result !== 1)) {
        throw new Error(`The embedded core's XZ stream is corrupt or truncated (decoder result ${result})`);
      }
      parts.push(new Uint8Array(x.memory.buffer).slice(output, output + produced));
      now[5] = 0;
      await breathe();
    }
    // The input the decoder was given but did not use belongs to the next stream.
    const [, , position = 0, given = 0] = words();
    return read - (given - position);
  } finally {
    x.destroy_context(context);
  }
}
