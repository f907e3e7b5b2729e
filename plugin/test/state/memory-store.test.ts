// MemoryStore: the JsonFileStore contract over its raw-text map.
import { MemoryStore } from "../../src/state/memory-store";
import { storeContract } from "./store-contract";

storeContract("MemoryStore", () => {
  const store = new MemoryStore();
  const names = ["journal.json", "state.json", "journal.json.tmp", "state.json.tmp"];
  return Promise.resolve({
    store,
    putRaw: (file: string, text: string | null) => Promise.resolve(store.setRaw(file, text)),
    fileNames: () => Promise.resolve(names.filter((n) => store.raw(n) !== null).sort()),
  });
});
