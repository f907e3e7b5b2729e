// The core's bytes as main.js carries them: Zstandard-compressed (scripts/build.mjs), decompressed in slices
// with a task between slices, to exactly the built module; uncompressed bytes pass through; corrupt ones reject.
import { Buffer } from "node:buffer";
import { readFileSync } from "node:fs";
import { compress, init } from "@bokuweb/zstd-wasm";
import { beforeAll, describe, expect, it } from "vitest";
import { SLICE_BYTES, wasmModuleBytes } from "../src/core/wasm-bytes";

let wasm: Uint8Array;
let packed: Uint8Array;

beforeAll(async () => {
  await init();
  wasm = readFileSync("pkg/jira_vault_sync_bg.wasm");
  packed = compress(wasm, 3);
});

describe("wasmModuleBytes", () => {
  it("decompresses the core in slices, one task each, to exactly the built module", async () => {
    let breaths = 0;
    const bytes = await wasmModuleBytes(packed, () => {
      breaths += 1;
      return Promise.resolve();
    });
    expect(Buffer.from(bytes).equals(wasm)).toBe(true);
    expect(breaths).toBe(Math.ceil(packed.length / SLICE_BYTES) - 1);
    expect(breaths).toBeGreaterThan(10);
  });

  it("breathes with a fresh task by default", async () => {
    const bytes = await wasmModuleBytes(packed);
    expect(bytes.length).toBe(wasm.length);
  });

  it("passes bytes that are not compressed as they are", async () => {
    expect(await wasmModuleBytes(wasm)).toBe(wasm);
  });

  it("rejects a truncated frame instead of handing on part of a module", async () => {
    await expect(wasmModuleBytes(packed.subarray(0, packed.length - 100), () => Promise.resolve())).rejects.toThrow();
  });
});
