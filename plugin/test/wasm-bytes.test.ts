// The core's bytes as main.js carries them (Z85 text of an XZ stream, tools/wasm-embed): unpacked a chunk per
// task to exactly the built module; bytes pass through; corrupt, truncated or foreign text rejects.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { wasmModuleBytes } from "../src/core/wasm-bytes";
import { z85Decode } from "../src/core/z85";
import { embeddedCoreText } from "./harness/embedded-core";

let wasm: Uint8Array;
let embedded: string;
const now = (): Promise<void> => Promise.resolve();

beforeAll(() => {
  wasm = readFileSync("pkg/jira_vault_sync_bg.wasm");
  embedded = embeddedCoreText(readFileSync("main.js", "utf8"));
});

describe("wasmModuleBytes", () => {
  it("unpacks the embedded core a chunk per task to exactly the built module", async () => {
    let breaths = 0;
    const bytes = await wasmModuleBytes(embedded, () => {
      breaths += 1;
      return Promise.resolve();
    });
    expect(Buffer.from(bytes).equals(wasm)).toBe(true);
    expect(breaths).toBeGreaterThan(10);
  });

  it("breathes with a fresh task by default", async () => {
    const bytes = await wasmModuleBytes(embedded);
    expect(bytes.length).toBe(wasm.length);
  });

  it("passes bytes as they are", async () => {
    expect(await wasmModuleBytes(wasm)).toBe(wasm);
  });

  it("rejects a truncated stream instead of handing on part of a module", async () => {
    const cut = embedded.slice(0, 1 + Math.floor((embedded.length - 1) / 10) * 5);
    await expect(wasmModuleBytes(cut, now)).rejects.toThrow();
  });

  it("rejects a corrupt stream (its check fails)", async () => {
    const at = Math.floor(embedded.length / 2);
    const flipped = embedded.slice(0, at) + (embedded[at] === "0" ? "1" : "0") + embedded.slice(at + 1);
    await expect(wasmModuleBytes(flipped, now)).rejects.toThrow();
  });

  it("rejects text without its padding digit or with foreign characters", async () => {
    await expect(wasmModuleBytes(embedded.slice(1), now)).rejects.toThrow(/padding digit/);
    await expect(wasmModuleBytes(`0${"~".repeat(10)}`, now)).rejects.toThrow(/foreign character/);
  });
});

describe("z85Decode", () => {
  it("decodes the RFC 32 test vector and the extremes", () => {
    expect([...z85Decode("HelloWorld")]).toEqual([0x86, 0x4f, 0xd2, 0x6f, 0xb5, 0x59, 0xf7, 0x5b]);
    expect([...z85Decode("00000%nSc0")]).toEqual([0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]);
  });

  it("refuses partial groups and values past 32 bits", () => {
    expect(() => z85Decode("Hello1")).toThrow(/groups of five/);
    expect(() => z85Decode("#####")).toThrow(/out of range/);
  });
});
