// Base-116 decoding (tools/wasm-embed's base116.rs writes it; main.js carries the core this way): every seven
// characters are six bytes, a big-endian 48-bit number written in base 116, most significant digit first. The
// alphabet is the ASCII characters esbuild prints as they are inside a double-quoted string: 0x01–0x7E less NUL,
// 0x07, 0x08, 0x0A–0x0D (line terminators among them), 0x1B, the quote, the slash and the backslash; a
// character's digit is its rank by code. 7/6 ≈ 1.167 characters per byte, against Z85's 1.25 and base64's 1.33.

/** Character code → digit value, or -1 for characters outside the alphabet (the 128 ASCII codes). */
const DIGITS: Int8Array = (() => {
  const digits = new Int8Array(128).fill(-1);
  let next = 0;
  for (let code = 1; code < 0x7f; code++) {
    const escaped = code === 0x07 || code === 0x08 || (code >= 0x0a && code <= 0x0d) || code === 0x1b;
    if (!escaped && code !== 0x22 && code !== 0x2f && code !== 0x5c) digits[code] = next++;
  }
  return digits;
})();

/** 2²⁴: a group's 48 bits are read as two 24-bit halves (exact in a double, as is the whole group). */
const HALF = 0x1000000;

/** The bytes of base-116 `text` (its length a multiple of seven); throws on any other length, a foreign
 * character or a group past 48 bits. A group's seven characters are read at once and checked together (the
 * decoder runs over some 800,000 characters before the core starts). */
export function base116Decode(text: string): Uint8Array {
  if (text.length % 7 !== 0) throw new Error(`Base-116 text of ${text.length} characters is not whole groups of seven`);
  const out = new Uint8Array((text.length / 7) * 6);
  for (let i = 0, o = 0; i < text.length; i += 7, o += 6) {
    const c0 = text.charCodeAt(i);
    const c1 = text.charCodeAt(i + 1);
    const c2 = text.charCodeAt(i + 2);
    const c3 = text.charCodeAt(i + 3);
    const c4 = text.charCodeAt(i + 4);
    const c5 = text.charCodeAt(i + 5);
    const c6 = text.charCodeAt(i + 6);
    // Codes past 127 lie outside the table (and the alphabet).
    if ((c0 | c1 | c2 | c3 | c4 | c5 | c6) > 127) foreign(text, i);
    const d0 = DIGITS[c0] ?? -1;
    const d1 = DIGITS[c1] ?? -1;
    const d2 = DIGITS[c2] ?? -1;
    const d3 = DIGITS[c3] ?? -1;
    const d4 = DIGITS[c4] ?? -1;
    const d5 = DIGITS[c5] ?? -1;
    const d6 = DIGITS[c6] ?? -1;
    if ((d0 | d1 | d2 | d3 | d4 | d5 | d6) < 0) foreign(text, i);
    // At most 116⁷ − 1 < 2⁵³: exact in a double.
    const value = (((((d0 * 116 + d1) * 116 + d2) * 116 + d3) * 116 + d4) * 116 + d5) * 116 + d6;
    if (value >= HALF * HALF) throw new Error(`Base-116 group at ${i} is out of range`);
    const high = Math.floor(value / HALF);
    const low = value - high * HALF;
    out[o] = high >>> 16;
    out[o + 1] = (high >>> 8) & 0xff;
    out[o + 2] = high & 0xff;
    out[o + 3] = low >>> 16;
    out[o + 4] = (low >>> 8) & 0xff;
    out[o + 5] = low & 0xff;
  }
  return out;
}

/** Throws for the first character outside the alphabet in the group at `start` (which holds one). */
function foreign(text: string, start: number): never {
  let at = start;
  while (at < start + 6 && (DIGITS[text.charCodeAt(at)] ?? -1) >= 0) at++;
  throw new Error(`Base-116 text has a foreign character at ${at}`);
}
