// One wasm-bindgen build of the core loaded from its folder (`pkg/`, or a copy of it from another commit), for the
// A/B benches that compare two builds in one process (`*-ab.ts`): its glue bundled and required, its wasm
// instantiated.
//
// Each build's glue (with its inline JavaScript snippets) is bundled by esbuild into CommonJS from a copy under the
// system's temporary folder, as scripts/build.mjs bundles it into main.js and the command line, and required from
// there. Loaded any other way, the same JavaScript ran at other speeds: imported from the project's `pkg/` through
// tsx it ran 5–10 % faster than imported from `/tmp` as native ES modules (branch scan8), and a `decodeTape`
// rewritten with module-level state (nineteenth session, reverted) read the Obsidian corpus in 0.90× the CPU of
// the old one as native ES modules but 0.98× bundled, which is how the product runs it. So a change to the
// JavaScript half is measured as shipped.
import { buildSync } from "esbuild";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";

const requireHere = createRequire(import.meta.url);

/** The build in `dir`, bundled and instantiated from a copy outside the project; `T` names the exports the caller uses. */
export async function loadBuild<T>(dir: string): Promise<T> {
  const copy = mkdtempSync(path.join(tmpdir(), "jvs-build-"));
  cpSync(path.resolve(dir), copy, { recursive: true });
  process.once("exit", () => rmSync(copy, { recursive: true, force: true }));
  const bundle = path.join(copy, "bundle.cjs");
  // The glue's default `init` finds its wasm through `import.meta.url`, empty in CommonJS: only `initSync` is used.
  buildSync({ entryPoints: [path.join(copy, "jira_vault_sync.js")], bundle: true, format: "cjs", platform: "node", outfile: bundle, logLevel: "error" });
  const module = requireHere(bundle) as T & { initSync(options: { module: Uint8Array }): unknown };
  module.initSync({ module: readFileSync(path.join(copy, "jira_vault_sync_bg.wasm")) });
  return module;
}
