// Loads the Rust core. The wasm bytes are inside main.js (esbuild binary loader), gzipped by the build
// (scripts/build.mjs) and inflated here once; instantiation is asynchronous because synchronous compilation
// of large modules is blocked on some platforms (mobile).
import { gunzipSync } from "fflate";
import init, * as wasm from "../../../pkg/jira_vault_sync.js";
import wasmBytes from "../../../pkg/jira_vault_sync_bg.wasm";

/** The core's exports, once initialised. */
export type Core = typeof wasm;

let ready: Promise<Core> | null = null;

/** Initialises the core once; later calls return the same instance. */
export function loadCore(): Promise<Core> {
  ready ??= Promise.resolve()
    // The generated `.wasm.d.ts` types the import as the module's exports; esbuild's binary loader gives bytes.
    .then(() => init({ module_or_path: wasmModuleBytes(wasmBytes as unknown as Uint8Array) }))
    .then(() => wasm);
  return ready;
}

/** The wasm module's bytes: inflated when gzipped (bytes `1f 8b`, as in main.js), else as they are. */
export function wasmModuleBytes(bytes: Uint8Array): Uint8Array {
  return bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes;
}
