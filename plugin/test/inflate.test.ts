// Raw DEFLATE decoding (plugin/src/core/inflate.ts), held against Node's zlib: every block type (stored, fixed and
// dynamic codes), long matches and distances, empty input; truncated or malformed streams throw.
import { Buffer } from "node:buffer";
import { constants, deflateRawSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { inflateRaw } from "../src/core/inflate";

/** Deterministic pseudo-random bytes: `alphabet` limits their values (a small one compresses well). */
function bytes(length: number, alphabet: number, seed = 1): Uint8Array {
  const out = new Uint8Array(length);
  let state = seed;
  for (let i = 0; i < length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    out[i] = (state >>> 16) % alphabet;
  }
  return out;
}

const samples: [string, Uint8Array][] = [
  ["empty", new Uint8Array(0)],
  ["one byte", new Uint8Array([42])],
  ["random bytes", bytes(70_000, 256)],
  ["a small alphabet", bytes(100_000, 5)],
  ["one byte repeated (matches of 258 at distance 1)", new Uint8Array(100_000).fill(7)],
  ["text", Buffer.from("Jira Vault Sync keeps notes and issues in step. ".repeat(2_000) + "ünïcödé ✓".repeat(300))],
  ["a pattern longer than the window", Uint8Array.from({ length: 200_000 }, (_, i) => (i * 31 + (i >> 12)) & 0xff)],
];

describe("inflateRaw", () => {
  for (const [name, input] of samples) {
    it(`inflates ${name} as zlib deflated it, at every level and with fixed codes`, () => {
      for (const level of [0, 1, 6, 9]) {
        expect(Buffer.from(inflateRaw(deflateRawSync(input, { level }))).equals(Buffer.from(input))).toBe(true);
      }
      const fixed = deflateRawSync(input, { strategy: constants.Z_FIXED });
      expect(Buffer.from(inflateRaw(fixed)).equals(Buffer.from(input))).toBe(true);
    });
  }

  it("throws on a truncated stream", () => {
    const stream = deflateRawSync(Buffer.from("Jira Vault Sync keeps notes and issues in step. ".repeat(200)));
    expect(() => inflateRaw(stream.subarray(0, stream.length >> 1))).toThrow(/truncated or corrupt/);
    expect(() => inflateRaw(new Uint8Array(0))).toThrow(/truncated or corrupt/);
  });

  it("throws on a bit pattern that is no code", () => {
    // A dynamic block (final, type 2) with 257 literal and 1 distance lengths and a code length code of four lengths
    // (for symbols 16, 17, 18, 0) giving only symbol 16 a code, 0: the pattern 1… is no code.
    const fields: [number, number][] = [[1, 1], [2, 2], [0, 5], [0, 5], [0, 4], [1, 3], [0, 3], [0, 3], [0, 3], [0xffff, 16]];
    const stream = new Uint8Array(8);
    let at = 0;
    for (const [value, width] of fields) {
      for (let i = 0; i < width; i++, at++) stream[at >> 3] = (stream[at >> 3] ?? 0) | (((value >> i) & 1) << (at & 7));
    }
    expect(() => inflateRaw(stream)).toThrow(/truncated or corrupt/);
  });
});
