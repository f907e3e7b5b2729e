// Z85 decoding (ZeroMQ RFC 32): every five characters of the 85-character alphabet are four bytes, big-endian.
// main.js carries the core this way (tools/wasm-embed writes it): 1.25 characters per byte, against base64's 1.33.

const ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#";

/** Character code → digit value, or -1 for characters outside the alphabet. */
const DIGITS: Int8Array = (() => {
  const digits = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) digits[ALPHABET.charCodeAt(i)] = i;
  return digits;
})();

/** The bytes of Z85 `text` (its length a multiple of five); throws on any other length or a foreign character. */
export function z85Decode(text: string): Uint8Array {
  if (text.length % 5 !== 0) throw new Error(`Z85 text of ${text.length} characters is not whole groups of five`);
  const out = new Uint8Array((text.length / 5) * 4);
  const view = new DataView(out.buffer);
  for (let i = 0, o = 0; i < text.length; i += 5, o += 4) {
    let value = 0;
    for (let k = i; k < i + 5; k++) {
      const code = text.charCodeAt(k);
      const digit = code < 128 ? (DIGITS[code] ?? -1) : -1;
      if (digit < 0) throw new Error(`Z85 text has a foreign character at ${k}`);
      value = value * 85 + digit;
    }
    if (value > 0xffffffff) throw new Error(`Z85 group at ${i} is out of range`);
    view.setUint32(o, value);
  }
  return out;
}
