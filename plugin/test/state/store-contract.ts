// The behaviour every JsonFileStore promises, as one suite each implementation's test file runs with a
// factory that also lets the test plant raw files (a half-finished save, garbage).
import { describe, expect, it } from "vitest";
import type { JsonFileStore } from "../../src/state/state-store";

export interface StoreUnderTest {
  store: JsonFileStore;
  /** Writes (or with null, deletes) a raw file in the store's folder. */
  putRaw: (file: string, text: string | null) => Promise<void>;
  /** The names of the files in the store's folder, sorted. */
  fileNames: () => Promise<string[]>;
}

export function storeContract(name: string, make: () => Promise<StoreUnderTest>): void {
  describe(`${name} (JsonFileStore contract)`, () => {
    it("round-trips saved values and leaves no temp file", async () => {
      const { store, fileNames } = await make();
      expect(await store.load("state.json")).toBeNull();
      await store.save("state.json", { v: 1, keys: ["A-1"], nested: { ok: true } });
      expect(await store.load("state.json")).toEqual({ v: 1, keys: ["A-1"], nested: { ok: true } });
      await store.save("state.json", { v: 2 });
      await store.save("journal.json", []);
      expect(await store.load("state.json")).toEqual({ v: 2 });
      expect(await store.load("journal.json")).toEqual([]);
      expect(await fileNames()).toEqual(["journal.json", "state.json"]);
    });

    it("loads the temp file after a crash between remove and rename", async () => {
      const { store, putRaw } = await make();
      await putRaw("state.json.tmp", '{"v":3}');
      expect(await store.load("state.json")).toEqual({ v: 3 });
    });

    it("falls back to a complete temp file when the main file is garbage, and prefers a good main file", async () => {
      const { store, putRaw } = await make();
      await putRaw("state.json", '{"v":');
      await putRaw("state.json.tmp", '{"v":4}');
      expect(await store.load("state.json")).toEqual({ v: 4 });
      await putRaw("state.json", '{"v":5}');
      expect(await store.load("state.json")).toEqual({ v: 5 });
      await putRaw("state.json.tmp", "{half");
      expect(await store.load("state.json")).toEqual({ v: 5 });
    });

    it("loads null, without throwing, when nothing parses", async () => {
      const { store, putRaw } = await make();
      await putRaw("state.json", "\u0000garbage");
      expect(await store.load("state.json")).toBeNull();
      await putRaw("state.json.tmp", "{");
      expect(await store.load("state.json")).toBeNull();
    });

    it("rejects names with folders and values with no JSON form", async () => {
      const { store } = await make();
      await expect(store.save("../x.json", 1)).rejects.toThrow(/plain file name/);
      await expect(store.load("a/b.json")).rejects.toThrow(/plain file name/);
      await expect(store.save("x.json", undefined)).rejects.toThrow(/no JSON form/);
    });
  });
}
