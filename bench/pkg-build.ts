// One wasm-bindgen build of the core loaded from its folder (`pkg/`, or a copy of it from another commit), for the
// A/B benches that compare two builds in one process (`*-ab.ts`): its glue imported, its wasm instantiated.
//
// Every build is first copied into a fresh folder of its own under the system's temporary folder and imported from
// there: tsx transforms a module inside the project differently from one outside it, and a build imported from the
// project's `pkg/` ran 5–10 % faster than the same files imported from `/tmp` (branch scan8; plain Node showed no
// difference), which flattered whichever build sat in the project.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";

/** The build in `dir`, instantiated from a copy outside the project; `T` names the exports the caller uses. */
export async function loadBuild<T>(dir: string): Promise<T> {
  const copy = mkdtempSync(path.join(tmpdir(), "jvs-build-"));
  cpSync(path.resolve(dir), copy, { recursive: true });
  process.once("exit", () => rmSync(copy, { recursive: true, force: true }));
  // eslint-disable-next-line no-unsanitized/method -- a local benchmark: the builds to compare are named on its command line
  const module = (await import(pathToFileURL(path.join(copy, "jira_vault_sync.js")).href)) as T & { initSync(options: { module: Uint8Array }): unknown };
  module.initSync({ module: readFileSync(path.join(copy, "jira_vault_sync_bg.wasm")) });
  return module;
}
