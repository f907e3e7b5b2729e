// The entry of the sync engine's Web Worker (bundled by scripts/build.mjs into a string inside main.js, started
// from a Blob URL by engine-worker-client.ts). The first message carries the compiled core
// (`{kind: "init", module}`); the worker instantiates it and answers `{kind: "ready"}` or `{kind: "failed",
// message}`. Then every `{kind: "call", id, engine, method, args}` is answered `{kind: "result", id, value}` or
// `{kind: "error", id, message}`, in order (calls run one after another, as the driver makes them).
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import { type EngineCall, EngineHost } from "./engine-host";

type Incoming = { kind: "init"; module: WebAssembly.Module } | ({ kind: "call"; id: number } & EngineCall);

/** The worker's global scope, as far as this file uses it (the project's types are the window's). */
const scope = self as unknown as { onmessage: ((event: MessageEvent<Incoming>) => void) | null; postMessage(message: unknown): void };

let host: EngineHost | null = null;
let queue: Promise<void> = Promise.resolve();

const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));

async function handle(data: Incoming): Promise<void> {
  if (data.kind === "init") {
    try {
      await init({ module_or_path: data.module });
      host = new EngineHost((input) => new wasm.SyncEngine(input));
      scope.postMessage({ kind: "ready" });
    } catch (e) {
      scope.postMessage({ kind: "failed", message: message(e) });
    }
    return;
  }
  try {
    if (host === null) throw new Error("the sync engine's worker has not started");
    const value = await host.call(data);
    scope.postMessage({ kind: "result", id: data.id, value });
  } catch (e) {
    scope.postMessage({ kind: "error", id: data.id, message: message(e) });
  }
}

scope.onmessage = (event) => {
  queue = queue.then(() => handle(event.data));
};
