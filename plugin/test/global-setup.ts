// Vitest global setup: rebuilds main.js from the current sources (not the wasm) once before the tests,
// so the bundle tests always run the code under test. Needs pkg/ (built by `node scripts/build.mjs`).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export default function setup(): void {
  if (!existsSync("pkg/jira_vault_sync_bg.wasm")) {
    throw new Error("pkg/ is missing: run `node scripts/build.mjs` first");
  }
  const r = spawnSync("node", ["scripts/build.mjs", "--skip-wasm"], { stdio: "inherit" });
  if (r.status !== 0) throw new Error("building main.js failed");
}
