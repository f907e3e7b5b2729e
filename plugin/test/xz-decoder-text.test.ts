// The XZ decoder's wasm as main.js carries it (scripts/build.mjs `xzDecompressWithSevenBitDecoder`): the package's
// base64 data URL becomes 7-bit text that plugin/src/core/seven-bit.ts decodes to the very same bytes, and a
// package whose source changed stops the build instead of shipping a decoder that cannot load.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { sevenBitEncode as buildEncode, XZ_DECODER_URL, xzDecompressWithSevenBitDecoder } from "../../scripts/build.mjs";
import { sevenBitDecode } from "../src/core/seven-bit";
import { sevenBitEncode } from "./harness/embedded-core";

const source = readFileSync(createRequire(import.meta.url).resolve("xz-decompress"), "utf8");

describe("the XZ decoder as 7-bit text", () => {
  it("encodes as tools/wasm-embed and the test harness do", () => {
    const bytes = Uint8Array.from({ length: 300 }, (_, i) => (i * 151 + 7) & 0xff);
    for (const n of [0, 1, 7, 8, 9, 299, 300]) expect(buildEncode(bytes.subarray(0, n))).toEqual(sevenBitEncode(bytes.subarray(0, n)));
  });

  it("decodes to the package's decoder bytes, a wasm module", async () => {
    const base64 = XZ_DECODER_URL.exec(source)?.[1] ?? "";
    const original = Uint8Array.from(Buffer.from(base64, "base64"));
    const rewritten = xzDecompressWithSevenBitDecoder(source);
    expect(rewritten).not.toMatch(XZ_DECODER_URL);
    expect(rewritten).toContain("sevenBitDecode(base64Wasm.slice(1)");
    const literal = /module\.exports = ("[01][^"]*")/.exec(rewritten)?.[1] ?? '""';
    const text = JSON.parse(literal) as string;
    const bytes = sevenBitDecode(text.slice(1), text[0] === "1");
    expect(bytes).toEqual(original);
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
    expect(text.length).toBeLessThan(base64.length);
  });

  it("stops the build when the package no longer holds its decoder as expected", () => {
    expect(() => xzDecompressWithSevenBitDecoder(source.replace("atob(base64Wasm)", "decode(base64Wasm)"))).toThrow(/update scripts\/build\.mjs/);
  });
});
