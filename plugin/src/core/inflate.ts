// Raw DEFLATE decoding (RFC 1951), for the one thing main.js carries that way: the XZ decoder's own wasm
// (xz-decompress's, 12.5 KB; tools/wasm-embed `--deflate` writes it with Zopfli, scripts/build.mjs puts it in place
// of the package's base64). It cannot be XZ itself, and DEFLATE halves it for about 1 KB of decoder, where
// `DecompressionStream` would be a platform need (iOS before 16.4 lacks it; see ./platform-support.ts).
// Small rather than fast: a code is read a bit at a time (the 5 KB stream takes well under a millisecond). The
// stream is the build's own, so only what would keep the decoder from ending is an error (input running out, a bit
// pattern that is no code); other corruption gives wrong bytes, which WebAssembly then refuses to compile.

/** A canonical Huffman code: how many codes each length has, and the symbols in code order. */
type Code = [counts: Uint16Array, symbols: Uint16Array];

/** The canonical code of the code `lengths` (0: the symbol has none). */
function code(lengths: Uint8Array): Code {
  const counts = new Uint16Array(16);
  const offsets = new Uint16Array(16);
  const symbols = new Uint16Array(lengths.length);
  for (const length of lengths) counts[length] = (counts[length] ?? 0) + 1;
  counts[0] = 0;
  for (let length = 1, offset = 0; length < 16; length++) {
    offsets[length] = offset;
    offset += counts[length] ?? 0;
  }
  lengths.forEach((length, symbol) => {
    const at = offsets[length] ?? 0;
    offsets[length] = at + 1;
    if (length) symbols[at] = symbol;
  });
  return [counts, symbols];
}

/**
 * Bases and extra bits of the length symbols 257–285 (`shift` 2) and the distance symbols 0–29 (`shift` 1): the
 * first `2 << shift` have no extra bits, then each run of `1 << shift` symbols one more (RFC 1951 3.2.5).
 */
function bases(count: number, from: number, shift: number): [Uint16Array, Uint8Array] {
  const base = new Uint16Array(count);
  const extra = new Uint8Array(count);
  for (let i = 0, next = from; i < count; i++) {
    extra[i] = i < 2 << shift ? 0 : (i >> shift) - 1;
    base[i] = next;
    next += 1 << (extra[i] ?? 0);
  }
  return [base, extra];
}

const [LENGTH_BASE, LENGTH_EXTRA] = bases(29, 3, 2);
// The last length symbol is 258 without extra bits, not the 259 the rule above gives it.
LENGTH_BASE[28] = 258;
LENGTH_EXTRA[28] = 0;
const [DISTANCE_BASE, DISTANCE_EXTRA] = bases(30, 1, 1);

/** The order in which a dynamic block gives the code lengths of its code length code. */
const ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

/** The bytes of the raw DEFLATE stream `input`. Throws when the input ends early or holds a pattern that is no code. */
export function inflateRaw(input: Uint8Array): Uint8Array {
  const out: number[] = [];
  let at = 0;
  const corrupt = (): never => {
    throw new Error("The DEFLATE stream is truncated or corrupt");
  };
  const bits = (n: number): number => {
    let value = 0;
    for (let i = 0; i < n; i++, at++) {
      if (at >> 3 >= input.length) corrupt();
      value |= (((input[at >> 3] ?? 0) >> (at & 7)) & 1) << i;
    }
    return value;
  };
  const decode = ([counts, symbols]: Code): number => {
    for (let length = 1, value = 0, first = 0, index = 0; length < 16; length++) {
      const count = counts[length] ?? 0;
      value |= bits(1);
      if (value - first < count) return symbols[index + value - first] ?? 0;
      index += count;
      first = (first + count) << 1;
      value <<= 1;
    }
    return corrupt();
  };
  for (let last = 0; !last; ) {
    last = bits(1);
    const type = bits(2);
    if (!type) {
      at = (at + 7) & ~7;
      const length = bits(16);
      bits(16);
      for (let i = 0; i < length; i++) out.push(bits(8));
      continue;
    }
    const lengths = new Uint8Array(320);
    let literalCount = 288;
    if (type === 1) {
      lengths.fill(8).fill(9, 144, 256).fill(7, 256, 280).fill(5, 288);
    } else {
      literalCount = bits(5) + 257;
      const count = literalCount + bits(5) + 1;
      const lengthLengths = new Uint8Array(19);
      for (let i = 0, n = bits(4) + 4; i < n; i++) lengthLengths[ORDER[i] ?? 0] = bits(3);
      const lengthCode = code(lengthLengths);
      for (let i = 0; i < count; ) {
        const symbol = decode(lengthCode);
        const repeat = symbol < 16 ? 1 : symbol === 16 ? 3 + bits(2) : symbol === 17 ? 3 + bits(3) : 11 + bits(7);
        lengths.fill(symbol < 16 ? symbol : symbol === 16 ? (lengths[i - 1] ?? 0) : 0, i, i + repeat);
        i += repeat;
      }
      // The distance code's lengths follow the literal code's: moved to their place after the 288 literals.
      lengths.copyWithin(288, literalCount, count).fill(0, literalCount, 288);
    }
    const literals = code(lengths.subarray(0, 288));
    const distances = code(lengths.subarray(288));
    for (let symbol: number; (symbol = decode(literals)) !== 256; ) {
      if (symbol < 256) {
        out.push(symbol);
        continue;
      }
      const length = (LENGTH_BASE[symbol - 257] ?? 0) + bits(LENGTH_EXTRA[symbol - 257] ?? 0);
      const distance = decode(distances);
      const from = out.length - (DISTANCE_BASE[distance] ?? 0) - bits(DISTANCE_EXTRA[distance] ?? 0);
      for (let i = 0; i < length; i++) out.push(out[from + i] ?? 0);
    }
  }
  return Uint8Array.from(out);
}
