// Loads the Rust core. The wasm bytes are inside main.js (esbuild binary loader); instantiation is
// asynchronous because synchronous compilation of large modules is blocked on some platforms (mobile).
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import wasmBytes from "../../../pkg/jira_vault_sync_bg.wasm";

/** The core's exports, once initialised. */
export type Core = typeof wasm;

let ready: Promise<Core> | null = null;

/** Initialises the core once; later calls return the same instance. */
export function loadCore(): Promise<Core> {
  ready ??= init({ module_or_path: wasmBytes }).then(() => wasm);
  return ready;
}
