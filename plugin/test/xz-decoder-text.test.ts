// The XZ decoder's wasm as main.js carries it (scripts/build.mjs `xzDecoderModule`, the module "virtual:xz-decoder"
// that plugin/src/core/xz.ts drives): the package's base64 data URL becomes 7-bit text of raw DEFLATE (tools/wasm-embed
// `--deflate`) that plugin/src/core/seven-bit.ts and fflate's `inflateSync` (as plugin/src/core/xz.ts uses it) turn back into the very same bytes,
// and a package whose source changed stops the build instead of shipping a decoder that cannot load.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { inflateSync } from "fflate";
import { describe, expect, it } from "vitest";
import decoderText from "virtual:xz-decoder";
import { sevenBitEncode, XZ_DECODER_URL, xzDecoderModule } from "../../scripts/build.mjs";
import { sevenBitDecode } from "../src/core/seven-bit";

const source = readFileSync(createRequire(import.meta.url).resolve("xz-decompress"), "utf8");

describe("the XZ decoder as 7-bit text of raw DEFLATE", () => {
  it("encodes as tools/wasm-embed does (its known vectors, tools/wasm-embed/src/seven_bit.rs)", () => {
    expect(sevenBitEncode(new Uint8Array([]))).toEqual({ text: "", extra: false });
    expect(sevenBitEncode(new Uint8Array([0]))).toEqual({ text: "\x01\x01", extra: false });
    expect(sevenBitEncode(new Uint8Array([0xff]))).toEqual({ text: "\u0640", extra: false });
    expect(sevenBitEncode(new Uint8Array([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]))).toEqual({ text: "\u05CDz.Ls\x01", extra: false });
  });

  it("decodes and inflates to the package's decoder bytes, a wasm module", () => {
    const base64 = XZ_DECODER_URL.exec(source)?.[1] ?? "";
    const original = Uint8Array.from(Buffer.from(base64, "base64"));
    const module = xzDecoderModule(source);
    const literal = /^export default ("[01][^"]*");$/.exec(module)?.[1] ?? '""';
    const text = JSON.parse(literal) as string;
    expect(text).toBe(decoderText);
    const bytes = inflateSync(sevenBitDecode(text.slice(1), text[0] === "1"));
    expect(bytes).toEqual(original);
    expect(WebAssembly.validate(new Uint8Array(bytes))).toBe(true);
    // About 6.1 KB of text for the 12.5 KB module (its 7-bit text alone would be 14.3 KB).
    expect(Buffer.byteLength(text, "utf8")).toBeLessThan(original.length / 2);
  });

  it("stops the build when the package no longer holds its decoder as expected", () => {
    expect(() => xzDecoderModule(source.replace("data:application/wasm;base64,", "data:,"))).toThrow(/update scripts\/build\.mjs/);
    expect(() => xzDecoderModule(source.replaceAll("get_next_output", "next"))).toThrow(/update scripts\/build\.mjs/);
  });
});
