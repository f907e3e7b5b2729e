// Finds the core as main.js carries it (scripts/build.mjs, tools/wasm-embed): the string literal that starts with
// the extra-group digit and the 7-bit text of an XZ stream's first bytes (FD 37 7A 58 5A → "\u05CDz.Ls").

import { Buffer } from "node:buffer";

// eslint-disable-next-line no-control-regex -- the 7-bit text's characters include control characters (plugin/src/core/seven-bit.ts)
const EMBEDDED = /"([01]\u05CDz\.Ls[\x01-\x06\x09\x0e-\x1a\x1c-\x21\x23-\x2e\x30-\x5b\x5d-\x7e\u0080-\u067f]+)"/g;

/** The embedded core's text in a bundle's source (the longest such literal), or "" when there is none. */
export function embeddedCoreText(source: string): string {
  const literals = [...source.matchAll(EMBEDDED)].map((m) => m[1] ?? "");
  return literals.sort((a, b) => b.length - a.length)[0] ?? "";
}

/** The size of the XZ stream inside the embedded text: 7 bits a group (two in a non-ASCII character), less the
 * extra group the digit announces, in whole bytes. */
export function embeddedXzBytes(text: string): number {
  if (text.length === 0) return 0;
  let groups = 0;
  for (let i = 1; i < text.length; i++) groups += text.charCodeAt(i) < 0x80 ? 1 : 2;
  return Math.floor(((groups - Number(text[0])) * 7) / 8);
}

/** The size of the embedded text in main.js (UTF-8 bytes). */
export function embeddedTextBytes(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** The 7-bit text of `bytes` (as tools/wasm-embed writes it): the build's own encoder, for the decoder's tests. */
export { sevenBitEncode } from "../../../scripts/build.mjs";
