// 7-bit text decoding (tools/wasm-embed's seven_bit.rs writes it; main.js carries the core this way): the bytes
// as a stream of bits, most significant first, in 7-bit groups. A group of value below 116 is one ASCII
// character, its value the character's rank among 0x01–0x7E less NUL, 0x07, 0x08, 0x0A–0x0D (line terminators
// among them), 0x1B, the quote, the slash and the backslash (what esbuild prints as it is inside a string). A
// character from U+0080 to U+067F is two groups: `code − 0x80 = (value − 116) × 128 + next`. Every byte of text
// (UTF-8) carries seven bits: 1.143 bytes of text a byte, against Z85's 1.25 and base64's 1.33.

/** How many 7-bit values have a one-byte character of their own. */
const DIRECT = 116;

/** The first two-byte character, and the number of them (12 values × 128 next groups). */
const PAIRED = 0x80;
const PAIRS = (128 - DIRECT) * 128;

/** Character code → value, or -1 for ASCII characters that are not one-byte characters of the text. */
const VALUES: Int8Array = (() => {
  const values = new Int8Array(128).fill(-1);
  let next = 0;
  for (let code = 1; code < 0x7f; code++) {
    const escaped = code === 0x07 || code === 0x08 || (code >= 0x0a && code <= 0x0d) || code === 0x1b;
    if (!escaped && code !== 0x22 && code !== 0x2f && code !== 0x5c) values[code] = next++;
  }
  return values;
})();

/**
 * The bytes of 7-bit `text`; `extra` says its last character holds one group more than the bytes have (the
 * encoder pairs a last group of value 116 or more with a zero group). Throws on a character outside the text's.
 * Two passes, each without a branch on the data but the character's width: the characters to 7-bit groups, then
 * every eight groups to seven bytes (about as fast as Z85's decoder over the same stream; one pass holding the
 * bits in an accumulator was several times slower).
 */
export function sevenBitDecode(text: string, extra: boolean): Uint8Array {
  const groups = new Uint8Array(2 * text.length + 8);
  let count = 0;
  // Negative once a character is foreign: a -1 value, or a two-byte character past the last pair.
  let foreign = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      const value = VALUES[code] ?? -1;
      foreign |= value;
      groups[count++] = value;
    } else {
      const pair = code - PAIRED;
      foreign |= PAIRS - 1 - pair;
      groups[count++] = DIRECT + (pair >>> 7);
      groups[count++] = pair & 0x7f;
    }
  }
  if (foreign < 0) throw new Error(`7-bit text has a foreign character at ${firstForeign(text)}`);
  if (extra) count -= 1;
  // The padding of the last group is under 8 bits: whole bytes are exactly the input. The groups past `count`
  // are zeros (or the extra zero group), read by the last block and cut off with the bytes past `length`.
  const length = Math.floor((count * 7) / 8);
  const out = new Uint8Array(length + 7);
  for (let g = 0, o = 0; g < count; g += 8, o += 7) {
    const a = groups[g] ?? 0;
    const b = groups[g + 1] ?? 0;
    const c = groups[g + 2] ?? 0;
    const d = groups[g + 3] ?? 0;
    const e = groups[g + 4] ?? 0;
    const f = groups[g + 5] ?? 0;
    const h = groups[g + 6] ?? 0;
    const k = groups[g + 7] ?? 0;
    // A Uint8Array keeps the low eight bits of each.
    out[o] = (a << 1) | (b >>> 6);
    out[o + 1] = (b << 2) | (c >>> 5);
    out[o + 2] = (c << 3) | (d >>> 4);
    out[o + 3] = (d << 4) | (e >>> 3);
    out[o + 4] = (e << 5) | (f >>> 2);
    out[o + 5] = (f << 6) | (h >>> 1);
    out[o + 6] = (h << 7) | k;
  }
  return out.subarray(0, length);
}

/** The index of the first character outside the text's. */
function firstForeign(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80 ? (VALUES[code] ?? -1) < 0 : code - PAIRED >= PAIRS) return i;
  }
  return -1;
}
