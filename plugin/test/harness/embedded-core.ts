// Finds the core as main.js carries it (scripts/build.mjs, tools/wasm-embed): the string literal that starts with
// the padding digit and the base-116 text of an XZ stream's first six bytes (FD 37 7A 58 5A 00 → "}(Y[)b_").

// eslint-disable-next-line no-control-regex -- the base-116 alphabet holds control characters (plugin/src/core/base116.ts)
const EMBEDDED = /"([0-5]\}\(Y\[\)b_[\x01-\x06\x09\x0e-\x1a\x1c-\x21\x23-\x2e\x30-\x5b\x5d-\x7e]+)"/g;

/** The embedded core's text in a bundle's source (the longest such literal), or "" when there is none. */
export function embeddedCoreText(source: string): string {
  const literals = [...source.matchAll(EMBEDDED)].map((m) => m[1] ?? "");
  return literals.sort((a, b) => b.length - a.length)[0] ?? "";
}

/** The size of the XZ stream inside the embedded text (base-116 groups less the padding). */
export function embeddedXzBytes(text: string): number {
  return text.length === 0 ? 0 : ((text.length - 1) / 7) * 6 - Number(text[0]);
}

/** The base-116 text of `bytes` (length a multiple of six), as tools/wasm-embed writes it: for the decoder's tests. */
export function base116Encode(bytes: Uint8Array): string {
  if (bytes.length % 6 !== 0) throw new Error("base-116 encodes whole 6-byte groups");
  const alphabet: string[] = [];
  for (let code = 1; code < 0x7f; code++) {
    if (![0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x22, 0x2f, 0x5c].includes(code)) alphabet.push(String.fromCharCode(code));
  }
  let text = "";
  for (let i = 0; i < bytes.length; i += 6) {
    let value = 0n;
    for (let k = i; k < i + 6; k++) value = (value << 8n) | BigInt(bytes[k] ?? 0);
    let group = "";
    for (let d = 0; d < 7; d++) {
      group = (alphabet[Number(value % 116n)] ?? "") + group;
      value /= 116n;
    }
    text += group;
  }
  return text;
}
