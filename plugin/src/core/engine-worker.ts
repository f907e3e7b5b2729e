// The entry of the sync engine's Web Worker (bundled by scripts/build.mjs into a string inside main.js, started
// from a Blob URL by engine-worker-client.ts): the protocol of `serveEngine` (engine-host.ts) over the worker's
// scope, instantiating the compiled core the first message carries.
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import { storedBytes } from "../state/state-store";
import { serveEngine } from "./engine-host";

serveEngine(self, async (module) => {
  await init({ module_or_path: module });
  return {
    sync: (input) => new wasm.SyncEngine(input),
    syncFromStored: (input, state) => wasm.SyncEngine.fromStored(input, storedBytes(state.main), storedBytes(state.tmp)),
    history: (input) => new wasm.HistoryEngine(input),
  };
});
