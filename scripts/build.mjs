// Builds the plugin: Rust core → wasm (release) → wasm-bindgen `--target web` into pkg/ → esbuild → main.js,
// and the headless command line → bin/jira-vault-sync.cjs (Node, the same wasm inlined).
// `node scripts/build.mjs --skip-wasm` rebuilds only main.js and the command line from the existing pkg/.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import * as esbuild from "esbuild";
import { compress, init as initZstd } from "@bokuweb/zstd-wasm";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));

function run(cmd, argv) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`[build] failed: ${cmd} ${argv.join(" ")}`);
    process.exit(1);
  }
}

export async function buildWasm() {
  run("cargo", ["build", "--lib", "--release", "--target", "wasm32-unknown-unknown"]);
  run("wasm-bindgen", [
    "target/wasm32-unknown-unknown/release/jira_vault_sync.wasm",
    "--target", "web",
    "--out-dir", "pkg",
    "--remove-name-section",
    "--remove-producers-section",
  ]);
}

// main.js carries the wasm compressed with Zstandard at level 19 (about 570 KB for a 2.2 MB wasm, against 700 KB
// gzipped; `plugin/src/core/core.ts` decompresses it once on load with fzstd). The compressor is a pinned npm
// package (the same bytes on every machine); level 19 takes a few seconds, so its output is kept in target/ by
// the wasm's digest and reused while the wasm is unchanged.
const ZSTD_LEVEL = 19;

async function zstdBytes(file) {
  const wasm = readFileSync(file);
  const cacheDir = path.join(root, "target", "wasm-zstd");
  const cached = path.join(cacheDir, `${createHash("sha256").update(wasm).digest("hex")}-${ZSTD_LEVEL}.zst`);
  if (existsSync(cached)) return readFileSync(cached);
  await initZstd();
  const packed = Buffer.from(compress(wasm, ZSTD_LEVEL));
  mkdirSync(cacheDir, { recursive: true });
  writeFileSync(cached, packed);
  return packed;
}

const zstdWasm = {
  name: "zstd-wasm",
  setup(build) {
    build.onLoad({ filter: /\.wasm$/ }, async (args) => ({ contents: await zstdBytes(args.path), loader: "binary" }));
  },
};

// The sync engine's Web Worker (plugin/src/core/engine-worker.ts with the wasm-bindgen glue, not the wasm: the
// compiled module is posted to it), as one script that main.js carries as a string (`ENGINE_WORKER_SOURCE`).
async function engineWorkerSource() {
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["plugin/src/core/engine-worker.ts"],
    bundle: true,
    write: false,
    format: "iife",
    platform: "browser",
    target: "es2021",
    define: { "import.meta.url": "undefined" },
    logLevel: "warning",
    legalComments: "none",
    minify: process.env.NODE_ENV !== "development",
  });
  return result.outputFiles[0].text;
}

export async function buildPlugin() {
  const workerSource = await engineWorkerSource();
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["plugin/src/main.ts"],
    bundle: true,
    outfile: "main.js",
    format: "cjs",
    platform: "browser",
    target: "es2021",
    // Obsidian provides these at run time; everything else, the wasm included, is inside main.js.
    external: ["obsidian", "electron", "@codemirror/*", "@lezer/*"],
    loader: { ".wasm": "binary" },
    plugins: [zstdWasm],
    // The wasm-bindgen glue only uses import.meta.url to locate the .wasm when none is passed; we always pass it.
    define: { "import.meta.url": "undefined", ENGINE_WORKER_SOURCE: JSON.stringify(workerSource) },
    logLevel: "warning",
    legalComments: "none",
    minify: process.env.NODE_ENV !== "development",
    sourcemap: process.env.NODE_ENV === "development" ? "inline" : false,
  });
  console.log("[build] main.js written");
}

export async function buildCli() {
  await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["cli/main.ts"],
    bundle: true,
    outfile: "bin/jira-vault-sync.cjs",
    format: "cjs",
    platform: "node",
    target: "node20",
    loader: { ".wasm": "binary" },
    // As in main.js: the wasm bytes are passed to initSync, so the glue never needs its own URL.
    define: { "import.meta.url": "undefined" },
    banner: { js: "#!/usr/bin/env node" },
    logLevel: "warning",
    legalComments: "none",
  });
  chmodSync(path.join(root, "bin", "jira-vault-sync.cjs"), 0o755);
  console.log("[build] bin/jira-vault-sync.cjs written");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!args.has("--skip-wasm")) await buildWasm();
  await buildPlugin();
  await buildCli();
}
