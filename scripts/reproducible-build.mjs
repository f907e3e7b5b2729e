// Reproducible build check (run by .ci/run): clones this repository's HEAD into a temporary folder whose path
// differs from this one (in length too), builds it there with `node scripts/build.mjs` (its own cargo target
// folder, this checkout's node_modules linked in), and compares its main.js and wasm byte for byte with this
// checkout's, which must have been built from the same commit first (`npm test` or `npm run build` does).
// Exit 0 when identical, 1 with the first differing offset otherwise.
//   node scripts/reproducible-build.mjs [--keep]   (--keep leaves the clone for inspection)
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const keep = process.argv.includes("--keep");

function run(cmd, argv, cwd) {
  const r = spawnSync(cmd, argv, { cwd, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`failed: ${cmd} ${argv.join(" ")} (in ${cwd})`);
}

const outputs = ["main.js", "pkg/jira_vault_sync_bg.wasm"];
for (const file of outputs) {
  if (!existsSync(path.join(root, file))) {
    console.error(`[reproducible] ${file} is missing here: build first (node scripts/build.mjs)`);
    process.exit(1);
  }
}

const dir = mkdtempSync(path.join(tmpdir(), "jvs-reproducible-"));
const clone = path.join(dir, "another", "checkout-of-jira-vault-sync");
try {
  run("git", ["clone", "--quiet", "--no-hardlinks", root, clone], root);
  symlinkSync(path.join(root, "node_modules"), path.join(clone, "node_modules"), "dir");
  console.log(`[reproducible] building ${clone}`);
  run("node", ["scripts/build.mjs"], clone);
  let same = true;
  for (const file of outputs) {
    const here = readFileSync(path.join(root, file));
    const there = readFileSync(path.join(clone, file));
    if (here.equals(there)) {
      console.log(`[reproducible] ${file}: identical (${here.length} bytes)`);
      continue;
    }
    same = false;
    let at = 0;
    while (at < Math.min(here.length, there.length) && here[at] === there[at]) at++;
    console.error(`[reproducible] ${file} differs: ${here.length} vs ${there.length} bytes, first difference at byte ${at}`);
  }
  if (same) console.log(`[reproducible] two builds in different folders are byte-identical`);
  process.exitCode = same ? 0 : 1;
} catch (error) {
  console.error(`[reproducible] ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (keep) console.log(`[reproducible] kept ${clone}`);
  else rmSync(dir, { recursive: true, force: true });
}
