// The core's bytes as main.js carries them (7-bit text of an XZ stream, tools/wasm-embed): unpacked a chunk per
// task to exactly the built module; bytes pass through; corrupt, truncated or foreign text rejects.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { wasmModuleBytes } from "../src/core/wasm-bytes";
import { sevenBitDecode } from "../src/core/seven-bit";
import { embeddedCoreText, sevenBitEncode } from "./harness/embedded-core";

let wasm: Uint8Array;
let embedded: string;
const now = (): Promise<void> => Promise.resolve();

beforeAll(() => {
  wasm = readFileSync("pkg/jira_vault_sync_bg.wasm");
  embedded = embeddedCoreText(readFileSync("main.js", "utf8"));
});

describe("wasmModuleBytes", () => {
  it("unpacks the embedded core a chunk per task to exactly the built module (then the worker's section)", async () => {
    let breaths = 0;
    const bytes = await wasmModuleBytes(embedded, () => {
      breaths += 1;
      return Promise.resolve();
    });
    expect(Buffer.from(bytes.subarray(0, wasm.length)).equals(wasm)).toBe(true);
    expect(bytes[wasm.length]).toBe(0);
    expect(breaths).toBeGreaterThan(10);
  });

  it("breathes with a fresh task by default", async () => {
    const bytes = await wasmModuleBytes(embedded);
    expect(bytes.length).toBeGreaterThan(wasm.length);
  });

  it("passes bytes as they are", async () => {
    expect(await wasmModuleBytes(wasm)).toBe(wasm);
  });

  it("rejects a truncated stream instead of handing on part of a module", async () => {
    const cut = embedded.slice(0, Math.floor(embedded.length / 2));
    await expect(wasmModuleBytes(cut, now)).rejects.toThrow();
  });

  it("rejects a corrupt stream (its check fails)", async () => {
    const at = Math.floor(embedded.length / 2);
    const flipped = embedded.slice(0, at) + (embedded[at] === "A" ? "B" : "A") + embedded.slice(at + 1);
    await expect(wasmModuleBytes(flipped, now)).rejects.toThrow();
  });

  it("rejects text without its padding digit or with foreign characters", async () => {
    await expect(wasmModuleBytes(embedded.slice(1), now)).rejects.toThrow(/its digit/);
    await expect(wasmModuleBytes(`2${embedded.slice(1)}`, now)).rejects.toThrow(/its digit/);
    await expect(wasmModuleBytes(`0${"~".repeat(6)}"`, now)).rejects.toThrow(/foreign character/);
  });
});

describe("sevenBitDecode", () => {
  it("decodes the vectors tools/wasm-embed's tests encode", () => {
    expect([...sevenBitDecode("\u05CDz.Ls\x01", false)]).toEqual([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
    expect([...sevenBitDecode("\x01\x01", false)]).toEqual([0]);
    expect([...sevenBitDecode("\u0640", false)]).toEqual([0xff]);
    expect([...sevenBitDecode("", false)]).toEqual([]);
  });

  it("round-trips random bytes of every length from 0 to 64 and a large buffer, seven bits a byte of text", () => {
    let state = 0x2545f491;
    const random = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    };
    for (const length of [...Array.from({ length: 65 }, (_, i) => i), 300_000]) {
      const bytes = new Uint8Array(length);
      for (let i = 0; i < length; i++) bytes[i] = random();
      const { text, extra } = sevenBitEncode(bytes);
      expect(Buffer.byteLength(text, "utf8")).toBe(Math.ceil((length * 8) / 7) + (extra ? 1 : 0));
      expect(Buffer.from(sevenBitDecode(text, extra)).equals(Buffer.from(bytes))).toBe(true);
    }
    // A last group paired with an extra zero group.
    const bytes = new Uint8Array([0, 0, 0, 0, 0, 0, 0xff]);
    const { text, extra } = sevenBitEncode(bytes);
    expect(extra).toBe(true);
    expect([...sevenBitDecode(text, extra)]).toEqual([...bytes]);
  });

  it("refuses characters outside the text's", () => {
    expect(() => sevenBitDecode("ab\n", false)).toThrow(/foreign character at 2/);
    expect(() => sevenBitDecode("a/", false)).toThrow(/foreign character at 1/);
    expect(() => sevenBitDecode("\u0680", false)).toThrow(/foreign character at 0/);
    expect(() => sevenBitDecode("é\u2028", false)).toThrow(/foreign character at 1/);
  });
});
