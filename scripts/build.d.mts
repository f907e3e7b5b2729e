// Types of the parts of scripts/build.mjs that tests and vitest.config.ts import (plugin/test/xz-decoder-text.test.ts,
// plugin/test/glue-string-encoding.test.ts).

/** The base64 data URL literal that holds xz-decompress's decoder. */
export const XZ_DECODER_URL: RegExp;

/** The source of the module "virtual:xz-decoder" (the XZ decoder's wasm as 7-bit text of raw DEFLATE) from
 * xz-decompress's source (by default the installed package's); `pack` (by default tools/wasm-embed `--deflate`)
 * gives the text, digit first. Throws when the source is not as expected. */
export function xzDecoderModule(source?: string, pack?: (bytes: Uint8Array) => string): string;

/** The text main.js carries for `bytes` as raw DEFLATE (tools/wasm-embed `--deflate`, cached in target/). */
export function deflatedText(bytes: Uint8Array): string;

/** The 7-bit text of `bytes` and whether its last character holds an extra group (tools/wasm-embed's encoding). */
export function sevenBitEncode(bytes: Uint8Array): { text: string; extra: boolean };

/** The wasm-bindgen glue with long strings encoded by one `encodeInto`; throws when the glue is not as expected. */
export function withNativeStringEncoding(source: string): string;
