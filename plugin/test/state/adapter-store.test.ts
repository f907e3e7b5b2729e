// AdapterStore over a fake DataAdapter: the JsonFileStore contract, the write/remove/rename sequence,
// and a crash between the remove and the rename that a later load survives.
import { describe, expect, it } from "vitest";
import { AdapterStore } from "../../src/obsidian/adapter-store";
import { asDataAdapter, FakeAdapter } from "../fakes/obsidian-vault-fakes";
import { storeContract } from "./store-contract";

/** `${app.vault.configDir}/plugins/jira-vault-sync` for a vault whose config folder is "config". */
const DIR = "config/plugins/jira-vault-sync";

storeContract("AdapterStore", () => {
  const adapter = new FakeAdapter();
  return Promise.resolve({
    store: new AdapterStore(asDataAdapter(adapter), DIR),
    putRaw: (file: string, text: string | null) => {
      if (text === null) adapter.files.delete(`${DIR}/${file}`);
      else adapter.files.set(`${DIR}/${file}`, text);
      return Promise.resolve();
    },
    fileNames: () => Promise.resolve([...adapter.files.keys()].map((p) => p.slice(DIR.length + 1)).sort()),
  });
});

describe("AdapterStore", () => {
  it("writes the temp file, removes the old file, renames, and makes the folder once", async () => {
    const adapter = new FakeAdapter();
    const store = new AdapterStore(asDataAdapter(adapter), DIR);
    await store.save("state.json", { v: 1 });
    await store.save("state.json", { v: 2 });
    const f = `${DIR}/state.json`;
    expect(adapter.calls).toEqual([`mkdir ${DIR}`, `write ${f}.tmp`, `rename ${f}.tmp ${f}`, `write ${f}.tmp`, `remove ${f}`, `rename ${f}.tmp ${f}`]);
  });

  it("loads the new value after a crash between remove and rename", async () => {
    const adapter = new FakeAdapter();
    const store = new AdapterStore(asDataAdapter(adapter), DIR);
    await store.save("state.json", { v: 1 });
    adapter.failNextRename = true;
    await expect(store.save("state.json", { v: 2 })).rejects.toThrow("crash");
    expect([...adapter.files.keys()]).toEqual([`${DIR}/state.json.tmp`]);
    expect(await new AdapterStore(asDataAdapter(adapter), DIR).load("state.json")).toEqual({ v: 2 });
    await store.save("state.json", { v: 3 });
    expect(await store.load("state.json")).toEqual({ v: 3 });
    expect([...adapter.files.keys()]).toEqual([`${DIR}/state.json`]);
  });
});
