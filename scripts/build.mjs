// Builds the plugin: Rust core → wasm (release) → wasm-bindgen `--target web` into pkg/ → esbuild → main.js,
// and the headless command line → bin/jira-vault-sync.cjs (a small launcher) and bin/jira-vault-sync-core.cjs
// (Node, the same wasm inlined).
// `node scripts/build.mjs --skip-wasm` rebuilds only main.js and the command line from the existing pkg/.
import { Buffer } from "node:buffer";
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import os from "node:os";
import path from "node:path";
import * as esbuild from "esbuild";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const args = new Set(process.argv.slice(2));

function run(cmd, argv, env = process.env) {
  const r = spawnSync(cmd, argv, { cwd: root, stdio: "inherit", env });
  if (r.status !== 0) {
    console.error(`[build] failed: ${cmd} ${argv.join(" ")}`);
    process.exit(1);
  }
}

// The wasm must not depend on where it was built: rustc records source paths (panic locations) for the crates it
// compiles, so the cargo home (registry sources), the rustup home and this folder are rewritten to fixed names. Two
// builds of one commit in different folders, or by different users, then give the same wasm and main.js
// (`scripts/reproducible-build.mjs` checks it in CI; plugin/test/wasm-paths.test.ts scans the wasm). The flags
// are passed as CARGO_ENCODED_RUSTFLAGS (paths may hold spaces), after any flags the caller set.
export function remapRustflags(env = process.env) {
  const home = os.homedir();
  const cargoHome = path.resolve(env.CARGO_HOME ?? path.join(home, ".cargo"));
  const rustupHome = path.resolve(env.RUSTUP_HOME ?? path.join(home, ".rustup"));
  const own = env.CARGO_ENCODED_RUSTFLAGS
    ? env.CARGO_ENCODED_RUSTFLAGS.split("\x1f")
    : (env.RUSTFLAGS ?? "").split(/\s+/).filter((flag) => flag !== "");
  // rustc applies the last matching prefix: the most specific (the folder may sit inside the home) comes last.
  const remaps = [
    [home, "~"],
    [rustupHome, "/rustup"],
    [cargoHome, "/cargo"],
    [root, "/jira-vault-sync"],
  ].map(([from, to]) => `--remap-path-prefix=${from}=${to}`);
  return [...own, ...remaps].join("\x1f");
}

export async function buildWasm() {
  const env = { ...process.env, CARGO_ENCODED_RUSTFLAGS: remapRustflags() };
  delete env.RUSTFLAGS;
  run("cargo", ["build", "--lib", "--release", "--target", "wasm32-unknown-unknown"], env);
  // The function names stay for one more step: tools/wasm-embed's `--order` sorts the functions by them (XZ then
  // packs the core about 23 KB smaller; nothing else changes) and drops them, as `--remove-name-section` did.
  run("wasm-bindgen", [
    "target/wasm32-unknown-unknown/release/jira_vault_sync.wasm",
    "--target", "web",
    "--out-dir", "pkg",
    "--remove-producers-section",
  ]);
  const bindgenWasm = "pkg/jira_vault_sync_bg.wasm";
  run("cargo", ["run", "--quiet", "--release", "-p", "wasm-embed", "--", "--order", bindgenWasm, bindgenWasm]);
  const glue = path.join(root, "pkg", "jira_vault_sync.js");
  writeFileSync(glue, withNativeStringEncoding(readFileSync(glue, "utf8")));
  writeCheckedInTypes();
}

// wasm-bindgen's glue copies a string argument into the wasm's memory with a JavaScript loop storing one byte per
// character while the characters are ASCII, and hands only the rest to `TextEncoder.encodeInto`. On a 1 MB
// document that loop was the core's largest single cost in a wasm profile (about 10 % of `markdownToWiki`, branch
// mdwiki7); `encodeInto` writes the same bytes natively. So a string longer than 64 characters (below that the
// loop is as fast) is encoded by one `encodeInto` into the ASCII-sized buffer the glue allocated; where that stops
// short (a non-ASCII character needs more room), the glue's own code goes on from the characters read and the
// bytes written, as it did from its loop's end. The build fails if wasm-bindgen's code is not the expected one.
export function withNativeStringEncoding(source) {
  const loop = [
    "    let offset = 0;",
    "",
    "    for (; offset < len; offset++) {",
    "        const code = arg.charCodeAt(offset);",
    "        if (code > 0x7F) break;",
    "        mem[ptr + offset] = code;",
    "    }",
    "    if (offset !== len) {",
    "        if (offset !== 0) {",
    "            arg = arg.slice(offset);",
    "        }",
  ].join("\n");
  const native = [
    "    let offset = 0;",
    "    let read = 0;",
    "",
    "    if (len > 64) {",
    "        const ret = cachedTextEncoder.encodeInto(arg, mem.subarray(ptr, ptr + len));",
    "        read = ret.read;",
    "        offset = ret.written;",
    "    } else {",
    "        for (; offset < len; offset++) {",
    "            const code = arg.charCodeAt(offset);",
    "            if (code > 0x7F) break;",
    "            mem[ptr + offset] = code;",
    "        }",
    "        read = offset;",
    "    }",
    "    if (read !== len) {",
    "        if (read !== 0) {",
    "            arg = arg.slice(read);",
    "        }",
  ].join("\n");
  if (source.split(loop).length !== 2) {
    throw new Error("[build] the wasm-bindgen glue's string encoding loop is not the expected one (scripts/build.mjs)");
  }
  return source.replace(loop, () => native);
}

// The wasm-bindgen glue's type declarations, checked in at types/pkg/ so that type-aware lint and tsc work on a
// fresh clone before any build (tsconfig's `rootDirs` lets `../pkg/jira_vault_sync.js` resolve there while pkg/
// does not exist). The copy drops the glue's blanket lint-disable comments and names its `any` `JsValue` (the
// same type, spelled without the keyword the stock lint flags), so it passes the stock lint like the code that
// imports it; code using those values is still checked as with the generated file. A build that changes the
// exports changes this file: commit it with the Rust change (CI fails on a stale copy).
export function writeCheckedInTypes() {
  mkdirSync(path.join(root, "types", "pkg"), { recursive: true });
  for (const name of ["jira_vault_sync.d.ts", "jira_vault_sync_bg.wasm.d.ts"]) {
    const generated = readFileSync(path.join(root, "pkg", name), "utf8");
    const body = generated
      .split("\n")
      .filter((line) => !/^\/\* (tslint|eslint)[:-]disable \*\/$/.test(line))
      .join("\n")
      .replace(/: any\b/g, ": JsValue")
      .trimStart();
    const jsValue = body.includes("JsValue")
      ? "/** A JavaScript value crossing the boundary: what wasm-bindgen declares as `any` (JSON.parse's result type). */\n" +
        "type JsValue = ReturnType<typeof JSON.parse>;\n\n"
      : "";
    const header =
      `// Generated by scripts/build.mjs from pkg/${name} (wasm-bindgen): do not edit. Lets the plugin's\n` +
      "// sources type-check and lint before the first build; once pkg/ exists, its own declarations are used.\n";
    writeFileSync(path.join(root, "types", "pkg", name), header + jsValue + body);
  }
}

// main.js carries the wasm as text made by tools/wasm-embed: XZ-compressed with fixed settings, then 7-bit text
// (seven bits a byte of text; about 760 KB for the 2.8 MB core, against 827 KB as Z85 and 882 KB as base64),
// whose characters esbuild prints as they are inside a string literal (ASCII ones, control characters among
// them, and U+0080–U+067F with `charset: "utf8"`; main.js is plain UTF-8 text); plugin/src/core/wasm-bytes.ts
// reverses it in slices once the layout is ready. The tool is part of the Cargo workspace (pinned by Cargo.lock,
// so every machine writes the same bytes); compressing takes a few seconds, so its output is kept in target/ by
// the digest of the wasm and of the tool's source (its settings) and reused while both are unchanged.
// The sync engine's worker script travels inside the core (see WORKER_SECTION below), so it is compressed with it.
function embeddedWasmText(file, workerSource) {
  const wasm = withCustomSection(readFileSync(file), WORKER_SECTION, Buffer.from(workerSource, "utf8"));
  const cacheDir = path.join(root, "target", "wasm-embed");
  const digest = createHash("sha256").update(wasm);
  for (const name of ["main.rs", "seven_bit.rs"]) digest.update(readFileSync(path.join(root, "tools", "wasm-embed", "src", name)));
  const cached = path.join(cacheDir, `${digest.digest("hex")}.t7`);
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    // Written beside, then renamed: an interrupted build never leaves a partial text in the cache.
    writeFileSync(`${cached}.wasm`, wasm);
    run("cargo", ["run", "--quiet", "--release", "-p", "wasm-embed", "--", `${cached}.wasm`, `${cached}.part`]);
    renameSync(`${cached}.part`, cached);
    rmSync(`${cached}.wasm`);
  }
  return readFileSync(cached, "utf8");
}

function embeddedWasm(workerSource) {
  return {
    name: "embedded-wasm",
    setup(build) {
      build.onLoad({ filter: /\.wasm$/ }, (args) => ({
        contents: `export default ${JSON.stringify(embeddedWasmText(args.path, workerSource))};`,
        loader: "js",
      }));
    },
  };
}

// The wasm custom section that carries the engine worker's script in main.js's core (read back by
// plugin/src/core/engine-worker-client.ts's `bundledWorkerSource` from the compiled module). A custom section
// changes nothing in what the module does; appended at the end, it leaves every byte of wasm-bindgen's output as
// it was. The script (12 KB) costs about 5 KB in main.js this way, against 12.5 KB as a string literal.
export const WORKER_SECTION = "jira-vault-sync.engine-worker";

/** `wasm` with a custom section `name` holding `payload` appended (WebAssembly core spec 5.5.3). */
export function withCustomSection(wasm, name, payload) {
  const uleb = (n) => {
    const out = [];
    do {
      const low = n & 0x7f;
      n = Math.floor(n / 128);
      out.push(n === 0 ? low : low | 0x80);
    } while (n !== 0);
    return Buffer.from(out);
  };
  const nameBytes = Buffer.from(name, "utf8");
  const content = Buffer.concat([uleb(nameBytes.length), nameBytes, payload]);
  return Buffer.concat([wasm, Buffer.from([0]), uleb(content.length), content]);
}

// xz-decompress carries its decoder (xz-embedded compiled to wasm, 12.5 KB) as a base64 data URL inside its
// JavaScript. main.js carries only those bytes, as raw DEFLATE (Zopfli, by tools/wasm-embed `--deflate`: 5.3 KB) in
// the core's 7-bit encoding, the module "virtual:xz-decoder" that plugin/src/core/xz.ts imports and drives the
// decoder with (6.1 KB of text and about 2 KB of decoding code, against 14.3 KB of 7-bit text for the bytes as they
// are and the package's 3.3 KB of stream class). The build stops if the package no longer holds the decoder this
// way (a new version of the package must be looked at again: xz.ts relies on the decoder's exports).
// `pack` gives the text (digit first) for the bytes.
export const XZ_DECODER_URL = /"data:application\/wasm;base64,([A-Za-z0-9+/]+=*)"/;

/** The source of "virtual:xz-decoder" from xz-decompress's `source` (see above). */
export function xzDecoderModule(source = readFileSync(createRequire(import.meta.url).resolve("xz-decompress"), "utf8"), pack = deflatedText) {
  const url = XZ_DECODER_URL.exec(source);
  if (url === null || !source.includes("create_context") || !source.includes("get_next_output")) {
    throw new Error("[build] xz-decompress no longer holds its decoder as expected: update scripts/build.mjs");
  }
  return `export default ${JSON.stringify(pack(Buffer.from(url[1], "base64")))};`;
}

/** The text main.js carries for `bytes` as raw DEFLATE (tools/wasm-embed `--deflate`), kept in target/ by the digest
 * of the bytes and of the tool's source, as the core's text is. */
export function deflatedText(bytes) {
  const cacheDir = path.join(root, "target", "wasm-embed");
  const digest = createHash("sha256").update("deflate").update(bytes);
  for (const name of ["main.rs", "seven_bit.rs"]) digest.update(readFileSync(path.join(root, "tools", "wasm-embed", "src", name)));
  const cached = path.join(cacheDir, `${digest.digest("hex")}.d7`);
  if (!existsSync(cached)) {
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cached}.bin`, bytes);
    run("cargo", ["run", "--quiet", "--release", "-p", "wasm-embed", "--", "--deflate", `${cached}.bin`, `${cached}.part`]);
    renameSync(`${cached}.part`, cached);
    rmSync(`${cached}.bin`);
  }
  return readFileSync(cached, "utf8");
}

/** The 7-bit text of `bytes` and whether its last character holds an extra group: what tools/wasm-embed's
 * seven_bit.rs writes (see there), for the tests of the decoders. */
export function sevenBitEncode(bytes) {
  const alphabet = [];
  for (let code = 1; code < 0x7f; code++) {
    if (![0x07, 0x08, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x22, 0x2f, 0x5c].includes(code)) alphabet.push(String.fromCharCode(code));
  }
  const count = Math.ceil((bytes.length * 8) / 7);
  const group = (i) => {
    let value = 0;
    for (let k = 0; k < 7; k++) {
      const bit = 7 * i + k;
      value = (value << 1) | (((bytes[bit >> 3] ?? 0) >> (7 - (bit & 7))) & 1);
    }
    return value;
  };
  const out = [];
  let extra = false;
  for (let i = 0; i < count; ) {
    const value = group(i);
    if (value < 116) {
      out.push(alphabet[value]);
      i += 1;
    } else {
      extra = i + 1 === count;
      out.push(String.fromCharCode(0x80 + (value - 116) * 128 + (extra ? 0 : group(i + 1))));
      i += 2;
    }
  }
  return { text: out.join(""), extra };
}

function xzDecoder() {
  return {
    name: "xz-decoder",
    setup(build) {
      build.onResolve({ filter: /^virtual:xz-decoder$/ }, () => ({ path: "xz-decoder", namespace: "xz-decoder" }));
      build.onLoad({ filter: /.*/, namespace: "xz-decoder" }, () => ({ contents: xzDecoderModule(), loader: "js" }));
    },
  };
}

// The sync engine's Web Worker (plugin/src/core/engine-worker.ts with the wasm-bindgen glue, not the wasm: the
// compiled module is posted to it), as one script that main.js's core carries (`WORKER_SECTION`).
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
    plugins: [embeddedWasm(workerSource), xzDecoder()],
    // Non-ASCII characters as they are (UTF-8), not as \u escapes: the embedded core's text relies on it.
    charset: "utf8",
    // The wasm-bindgen glue only uses import.meta.url to locate the .wasm when none is passed; we always pass it.
    define: { "import.meta.url": "undefined" },
    logLevel: "warning",
    legalComments: "none",
    minify: process.env.NODE_ENV !== "development",
    sourcemap: process.env.NODE_ENV === "development" ? "inline" : false,
  });
  console.log("[build] main.js written");
}

export async function buildCli() {
  const common = { absWorkingDir: root, bundle: true, format: "cjs", platform: "node", target: "node20", logLevel: "warning", legalComments: "none" };
  // The command line itself, the wasm inside (loaded by the launcher below).
  await esbuild.build({
    ...common,
    entryPoints: ["cli/main.ts"],
    outfile: "bin/jira-vault-sync-core.cjs",
    loader: { ".wasm": "binary" },
    // As in main.js: the wasm bytes are passed to initSync, so the glue never needs its own URL.
    define: { "import.meta.url": "undefined" },
  });
  // The launcher (the package's bin): starts a sync's vault walk, then requires the file above by its path.
  await esbuild.build({ ...common, entryPoints: ["cli/launch.ts"], outfile: "bin/jira-vault-sync.cjs", banner: { js: "#!/usr/bin/env node" } });
  chmodSync(path.join(root, "bin", "jira-vault-sync.cjs"), 0o755);
  console.log("[build] bin/jira-vault-sync.cjs and bin/jira-vault-sync-core.cjs written");
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!args.has("--skip-wasm")) await buildWasm();
  else writeCheckedInTypes();
  await buildPlugin();
  await buildCli();
}
