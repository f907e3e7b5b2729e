// `npm run jira-sim -- [options]`: bundles the simulator (tests/jira-sim/cli.ts) with esbuild into
// node_modules/.cache and runs it in this process. Bundling takes ~0.1 s, where compiling on the fly with tsx
// costs most of a second of start-up; node_modules packages stay external and resolve from the repo.
import { mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import * as esbuild from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const outfile = path.join(root, "node_modules", ".cache", "jira-vault-sync", "jira-sim.mjs");
mkdirSync(path.dirname(outfile), { recursive: true });
await esbuild.build({
  absWorkingDir: root,
  entryPoints: ["tests/jira-sim/cli.ts"],
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  packages: "external",
  outfile,
  logLevel: "warning",
});
await import(pathToFileURL(outfile).href);
