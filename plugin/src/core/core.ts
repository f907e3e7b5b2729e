// Loads the Rust core. The wasm is inside main.js as text (scripts/build.mjs with tools/wasm-embed: XZ, then
// 7-bit text; about 0.27 bytes of text per wasm byte). It is decoded and decompressed a chunk per
// task (a few milliseconds each, see wasm-bytes.ts), so the app keeps drawing; then
// compiled and instantiated asynchronously: synchronous compilation of large modules is blocked on some
// platforms (mobile) and would hold the main thread. The plugin starts it after the workspace layout is ready
// (see core-handle.ts). The compiled module is kept (`coreModule`): the sync engine's Web Worker instantiates it
// without compiling again. The command line carries the wasm as it is.
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import embeddedWasm from "../../../pkg/jira_vault_sync_bg.wasm";
import { requirePlatform } from "./platform-support";
import { wasmModuleBytes } from "./wasm-bytes";

/** The core's exports, once initialised. */
export type Core = typeof wasm;

let ready: Promise<Core> | null = null;
let compiled: WebAssembly.Module | null = null;

/** Initialises the core once; later calls return the same instance. */
export function loadCore(): Promise<Core> {
  // The generated `.wasm.d.ts` types the import as the module's exports; the build's plugin gives the text.
  ready ??= requirePlatform()
    .then(() => wasmModuleBytes(embeddedWasm as unknown as string))
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
