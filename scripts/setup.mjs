// One-time machine set-up, safe to run before every command: installs only what is missing.
//   - npm packages (`npm ci`) when node_modules is absent or older than package-lock.json;
//   - the Rust toolchain rust-toolchain.toml pins (scripts/rust-toolchain.mjs) and its target wasm32-unknown-unknown;
//   - wasm-bindgen-cli at exactly the wasm-bindgen version locked in Cargo.lock (the CLI and the crate must match).
// `--build` (what `npm run build` passes) stops there: the build needs nothing else, and with everything present
// the set-up installs nothing and uses no network.
// Uses only Node built-ins: it runs before node_modules exists.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";
import { ensureRustToolchain } from "./rust-toolchain.mjs";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const log = (msg) => console.log(`[setup] ${msg}`);

function run(cmd, args) {
  log(`${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) {
    console.error(`[setup] failed: ${cmd} ${args.join(" ")} (exit ${r.status ?? r.signal})`);
    process.exit(2);
  }
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

// npm packages
const stamp = path.join(root, "node_modules", ".package-lock.json");
const lock = path.join(root, "package-lock.json");
if (!existsSync(stamp) || statSync(stamp).mtimeMs < statSync(lock).mtimeMs) {
  run("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=warn"]);
}

// Rust target
if (output("rustup", ["--version"]) === null) {
  console.error("[setup] rustup is required (https://rustup.rs); it manages the wasm32 target.");
  process.exit(2);
}
// The pinned toolchain first: with rust-toolchain.toml in place every rustup or cargo command here uses it.
try {
  ensureRustToolchain(log);
} catch (e) {
  console.error(`[setup] ${e instanceof Error ? e.message : String(e)}`);
  process.exit(2);
}
if (!(output("rustup", ["target", "list", "--installed"]) ?? "").split("\n").includes("wasm32-unknown-unknown")) {
  run("rustup", ["target", "add", "wasm32-unknown-unknown"]);
}

// wasm-bindgen-cli, pinned by Cargo.lock
const cargoLock = readFileSync(path.join(root, "Cargo.lock"), "utf8");
const pinned = /\[\[package\]\]\nname = "wasm-bindgen"\nversion = "([^"]+)"/.exec(cargoLock)?.[1];
if (!pinned) {
  console.error("[setup] Cargo.lock has no wasm-bindgen package; run `cargo generate-lockfile`.");
  process.exit(2);
}
const installed = /wasm-bindgen (\S+)/.exec(output("wasm-bindgen", ["--version"]) ?? "")?.[1];
if (installed !== pinned) {
  log(`wasm-bindgen-cli ${installed ?? "missing"}, need ${pinned}: installing (a few minutes, once)`);
  // Not --locked: the CLI's own lock file pins crates that may no longer build with this toolchain.
  run("cargo", ["install", "wasm-bindgen-cli", "--version", pinned, "--force"]);
}

// The crates Cargo.lock pins (the core's and the build tool's, tools/wasm-embed), so that a build afterwards needs
// no network; a no-op when they are already in cargo's cache.
run("cargo", ["fetch", "--locked"]);

if (process.argv.includes("--build")) process.exit(0);

// Chromium for the real-browser tests (plugin/test/browser/): Debian's package, driven by playwright-core.
// As root or under CI=true it is installed with apt-get; otherwise a message says how, and those tests are
// skipped with the reason. Under CI=true a missing browser is an error. CHROMIUM_PATH overrides the path.
const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ci = process.env.CI === "true";
if (!existsSync(chromiumPath)) {
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const aptGet = output("sh", ["-c", "command -v apt-get"])?.trim();
  if ((isRoot || ci) && aptGet && !process.env.CHROMIUM_PATH) {
    const sudo = isRoot ? [] : ["sudo", "-n"];
    const apt = (args) => {
      const cmd = [...sudo, "apt-get", ...args];
      log(cmd.join(" "));
      return spawnSync(cmd[0], cmd.slice(1), { cwd: root, stdio: "inherit", env: { ...process.env, DEBIAN_FRONTEND: "noninteractive" } }).status === 0;
    };
    // The package lists may be empty (fresh container): update them once if the first attempt fails.
    if (!apt(["install", "-y", "--no-install-recommends", "chromium"])) {
      apt(["update"]);
      apt(["install", "-y", "--no-install-recommends", "chromium"]);
    }
  }
  if (!existsSync(chromiumPath)) {
    const how = `install Debian's Chromium (\`sudo apt-get install chromium\`) or set CHROMIUM_PATH`;
    if (ci) {
      console.error(`[setup] Chromium is missing at ${chromiumPath} and CI=true needs the browser tests: ${how}.`);
      process.exit(2);
    }
    console.warn(`[setup] Chromium is missing at ${chromiumPath}: the browser tests will be skipped. To run them, ${how}.`);
  }
}

// twiggy, the wasm code-size profiler behind the benchmarks' size breakdown: only for `npm run bench`
// (`--bench`), pinned, installed once from crates.io.
const TWIGGY = "0.8.0";
if (process.argv.includes("--bench")) {
  const have = /twiggy\S* (\S+)/.exec(output("twiggy", ["--version"]) ?? "")?.[1];
  if (have !== TWIGGY) {
    log(`twiggy ${have ?? "missing"}, need ${TWIGGY}: installing (a few minutes, once)`);
    run("cargo", ["install", "twiggy", "--version", TWIGGY, "--locked"]);
  }
}
