// Every test and lint, in order, stopping at the first failure (exit 1).
//   node scripts/test.mjs                run everything
//   node scripts/test.mjs --only lint     only the lints (fmt, clippy, tsc, eslint)
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const only = process.argv.includes("--only") ? process.argv[process.argv.indexOf("--only") + 1] : null;
const npx = (...a) => ["npx", "--no-install", ...a];

const steps = [
  { group: "lint", name: "cargo fmt", cmd: ["cargo", "fmt", "--all", "--check"] },
  { group: "lint", name: "cargo clippy", cmd: ["cargo", "clippy", "--workspace", "--all-targets", "--", "-D", "warnings"] },
  {
    group: "lint",
    // Private items too: most modules are private, and their `//!` overviews' links are checked only so.
    name: "cargo doc (warnings denied)",
    cmd: ["cargo", "doc", "--no-deps", "--workspace", "--document-private-items"],
    env: { RUSTDOCFLAGS: "-D warnings" },
  },
  { group: "rust", name: "cargo test (native)", cmd: ["cargo", "test", "--workspace", "--all-targets"] },
  { group: "rust", name: "cargo test --doc", cmd: ["cargo", "test", "--doc"] },
  {
    group: "rust",
    name: "wasm boundary tests (wasm32 under Node)",
    cmd: ["cargo", "test", "--target", "wasm32-unknown-unknown", "--test", "wasm_boundary"],
  },
  { group: "build", name: "build wasm + main.js", cmd: ["node", "scripts/build.mjs"] },
  { group: "lint", name: "tsc --noEmit", cmd: npx("tsc", "--noEmit", "-p", ".") },
  { group: "lint", name: "eslint", cmd: npx("eslint", "--max-warnings", "0", ".") },
  {
    group: "lint",
    name: "eslint, stock obsidianmd config (the community directory's scan)",
    cmd: npx("eslint", "-c", "eslint.stock.config.mjs", "--max-warnings", "0", "."),
  },
  { group: "js", name: "vitest", cmd: npx("vitest", "run") },
];

const selected = only ? steps.filter((s) => s.group === only) : steps;
const started = Date.now();
for (const step of selected) {
  const t0 = Date.now();
  console.log(`\n=== ${step.name} ===`);
  const r = spawnSync(step.cmd[0], step.cmd.slice(1), {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, ...step.env },
  });
  if (r.status !== 0) {
    console.error(`\n✗ ${step.name} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
  console.log(`✓ ${step.name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}
console.log(`\nAll ${selected.length} steps passed in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
