// Loads the Rust core. The wasm bytes are inside main.js (esbuild binary loader), gzipped by the build
// (scripts/build.mjs). They are inflated with the platform's `DecompressionStream` (off the main thread, on
// desktop and mobile alike; fflate's synchronous inflate only where the stream is missing), then compiled and
// instantiated asynchronously: synchronous compilation of large modules is blocked on some platforms (mobile)
// and would hold the main thread. The plugin starts it after the workspace layout is ready (see core-handle.ts).
// The compiled module is kept (`coreModule`): the sync engine's Web Worker instantiates it without compiling again.
import { gunzipSync } from "fflate";
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import wasmBytes from "../../../pkg/jira_vault_sync_bg.wasm";

/** The core's exports, once initialised. */
export type Core = typeof wasm;

let ready: Promise<Core> | null = null;
let compiled: WebAssembly.Module | null = null;

/** Initialises the core once; later calls return the same instance. */
export function loadCore(): Promise<Core> {
  // The generated `.wasm.d.ts` types the import as the module's exports; esbuild's binary loader gives bytes.
  ready ??= wasmModuleBytes(wasmBytes as unknown as Uint8Array)
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

/** Whether the bytes are gzipped (`1f 8b`, as main.js carries them). */
function gzipped(bytes: Uint8Array): boolean {
  return bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** The wasm module's bytes: inflated when gzipped, else as they are. */
export async function wasmModuleBytes(bytes: Uint8Array): Promise<Uint8Array> {
  if (!gzipped(bytes)) return bytes;
  if (typeof DecompressionStream === "undefined") return gunzipSync(bytes);
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
