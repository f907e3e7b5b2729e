// The core's bytes as main.js carries them (base-116 text of an XZ stream, tools/wasm-embed): unpacked a chunk per
// task to exactly the built module; bytes pass through; corrupt, truncated or foreign text rejects.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { wasmModuleBytes } from "../src/core/wasm-bytes";
import { base116Decode } from "../src/core/base116";
import { base116Encode, embeddedCoreText } from "./harness/embedded-core";

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
    const cut = embedded.slice(0, 1 + Math.floor((embedded.length - 1) / 14) * 7);
    await expect(wasmModuleBytes(cut, now)).rejects.toThrow();
  });

  it("rejects a corrupt stream (its check fails)", async () => {
    const at = Math.floor(embedded.length / 2);
    const flipped = embedded.slice(0, at) + (embedded[at] === "0" ? "1" : "0") + embedded.slice(at + 1);
    await expect(wasmModuleBytes(flipped, now)).rejects.toThrow();
  });

  it("rejects text without its padding digit or with foreign characters", async () => {
    await expect(wasmModuleBytes(embedded.slice(1), now)).rejects.toThrow(/padding digit/);
    await expect(wasmModuleBytes(`6${embedded.slice(1)}`, now)).rejects.toThrow(/padding digit/);
    await expect(wasmModuleBytes(`0${"~".repeat(6)}"`, now)).rejects.toThrow(/foreign character/);
  });
});

describe("base116Decode", () => {
  it("decodes the vectors tools/wasm-embed's tests encode", () => {
    expect([...base116Decode("}(Y[)b_")]).toEqual([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00]);
    expect([...base116Decode("\x01".repeat(7))]).toEqual([0, 0, 0, 0, 0, 0]);
    expect([...base116Decode(base116Encode(new Uint8Array(6).fill(0xff)))]).toEqual([255, 255, 255, 255, 255, 255]);
  });

  it("round-trips random bytes of every length from 0 to 64 and a large buffer", () => {
    let state = 0x2545f491;
    const random = (): number => {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      return state & 0xff;
    };
    for (const length of [...Array.from({ length: 65 }, (_, i) => i), 600_000]) {
      const bytes = new Uint8Array(Math.ceil(length / 6) * 6);
      for (let i = 0; i < length; i++) bytes[i] = random();
      const text = base116Encode(bytes);
      expect(text.length).toBe((bytes.length / 6) * 7);
      expect(Buffer.from(base116Decode(text)).equals(Buffer.from(bytes))).toBe(true);
    }
  });

  it("refuses partial groups, foreign characters and values past 48 bits", () => {
    expect(() => base116Decode("}(Y[)b")).toThrow(/groups of seven/);
    expect(() => base116Decode("}(Y[)b\n")).toThrow(/foreign character at 6/);
    expect(() => base116Decode("}(Y[)b/")).toThrow(/foreign character/);
    expect(() => base116Decode("é(Y[)b_")).toThrow(/foreign character at 0/);
    expect(() => base116Decode("~~~~~~~")).toThrow(/out of range/);
  });
});
