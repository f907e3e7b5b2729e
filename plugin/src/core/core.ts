// Loads the Rust core. The wasm bytes are inside main.js (esbuild binary loader), compressed with Zstandard by
// the build (scripts/build.mjs; a third smaller than gzip, which keeps main.js under 1 MB). They are
// decompressed with fzstd in slices, each its own task (a few milliseconds), so the app keeps drawing; then
// compiled and instantiated asynchronously: synchronous compilation of large modules is blocked on some
// platforms (mobile) and would hold the main thread. The plugin starts it after the workspace layout is ready
// (see core-handle.ts). The compiled module is kept (`coreModule`): the sync engine's Web Worker instantiates it
// without compiling again. The command line carries the wasm as it is.
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import wasmBytes from "../../../pkg/jira_vault_sync_bg.wasm";
import { requirePlatform } from "./platform-support";
import { wasmModuleBytes } from "./wasm-bytes";

/** The core's exports, once initialised. */
export type Core = typeof wasm;

let ready: Promise<Core> | null = null;
let compiled: WebAssembly.Module | null = null;

/** Initialises the core once; later calls return the same instance. */
export function loadCore(): Promise<Core> {
  // The generated `.wasm.d.ts` types the import as the module's exports; esbuild's binary loader gives bytes.
  ready ??= requirePlatform()
    .then(() => wasmModuleBytes(wasmBytes as unknown as Uint8Array))
    .then((bytes) => WebAssembly.compile(bytes as Uint8Array<ArrayBuffer>))
    .then((module) => {
      compiled = module;
      return init({ module_or_path: module });
    })
    .then(() => wasm);
  return ready;
}

/** The compiled core once `loadCore` has finished (posted to the sync's worker, which instantiates its own). */
export function coreModule(): WebAssembly.Module | null {
  return compiled;
}
