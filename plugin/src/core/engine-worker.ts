// The entry of the sync engine's Web Worker (bundled by scripts/build.mjs into a string inside main.js, started
// from a Blob URL by engine-worker-client.ts): the protocol of `serveEngine` (engine-host.ts) over the worker's
// scope, instantiating the compiled core the first message carries.
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import { serveEngine } from "./engine-host";

serveEngine(self, async (module) => {
  await init({ module_or_path: module });
  return { sync: (input) => new wasm.SyncEngine(input), history: (input) => new wasm.HistoryEngine(input) };
});
