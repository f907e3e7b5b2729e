// One wasm-bindgen build of the core loaded from its folder (`pkg/`, or a copy of it from another commit), for the
// A/B benches that compare two builds in one process (`*-ab.ts`): its glue imported, its wasm instantiated.
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";

/** The build in `dir`, instantiated; `T` names the exports the caller uses. */
export async function loadBuild<T>(dir: string): Promise<T> {
  // eslint-disable-next-line no-unsanitized/method -- a local benchmark: the builds to compare are named on its command line
  const module = (await import(pathToFileURL(path.resolve(dir, "jira_vault_sync.js")).href)) as T & { initSync(options: { module: Uint8Array }): unknown };
  module.initSync({ module: readFileSync(path.resolve(dir, "jira_vault_sync_bg.wasm")) });
  return module;
}
