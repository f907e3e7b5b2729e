// Makes the Rust toolchain that `rust-toolchain.toml` pins available, before any cargo or rustup command runs in
// this folder (with the pin in place, such a command would otherwise try to download the toolchain itself).
//   - already installed (or linked): nothing to do;
//   - rustup's `stable` is exactly the pinned version: stable's folder is linked under the pinned name
//     (`<rustup home>/toolchains/<version>-<host>`, the folder rustup would have installed with the same files), so a
//     machine that cannot reach the Rust distribution server (CI here reaches only the package registries) uses the
//     compiler it has, with its targets and components. (`rustup toolchain link` refuses names that look like a
//     release, hence the symbolic link made here.)
//   - otherwise: `rustup toolchain install <version>` with the pin's targets and components (needs the network).
// Uses only Node built-ins: it runs before node_modules exists. Importable (`ensureRustToolchain`) and runnable.
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, readFileSync, symlinkSync } from "node:fs";
import { fileURLToPath } from "node:url";
import path from "node:path";

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));

/** The pin: `{ channel, targets, components }` read from rust-toolchain.toml (the few keys it uses). */
export function readToolchainPin(text = readFileSync(path.join(root, "rust-toolchain.toml"), "utf8")) {
  const str = (key) => new RegExp(`^${key}\\s*=\\s*"([^"]+)"`, "m").exec(text)?.[1];
  const list = (key) =>
    [...(new RegExp(`^${key}\\s*=\\s*\\[([^\\]]*)\\]`, "m").exec(text)?.[1] ?? "").matchAll(/"([^"]+)"/g)].map(
      (m) => m[1],
    );
  const channel = str("channel");
  if (!channel) throw new Error("rust-toolchain.toml has no `channel`");
  return { channel, targets: list("targets"), components: list("components") };
}

function output(cmd, args) {
  try {
    return execFileSync(cmd, args, { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  } catch {
    return null;
  }
}

function run(log, cmd, args) {
  log(`${cmd} ${args.join(" ")}`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (exit ${r.status ?? r.signal})`);
}

/** Installs or links the pinned toolchain when rustup lacks it; returns what it did. */
export function ensureRustToolchain(log = (msg) => console.log(`[toolchain] ${msg}`)) {
  const pin = readToolchainPin();
  const installed = (output("rustup", ["toolchain", "list"]) ?? "").split("\n").map((l) => l.split(/\s/)[0]);
  if (installed.some((name) => name === pin.channel || name.startsWith(`${pin.channel}-`))) return "present";
  // `+stable` overrides the pin, so this asks the compiler rustup already has.
  const stable = /^rustc (\S+)/.exec(output("rustc", ["+stable", "--version"]) ?? "")?.[1];
  if (stable === pin.channel) {
    const sysroot = output("rustc", ["+stable", "--print", "sysroot"])?.trim();
    const host = /^host: (\S+)/m.exec(output("rustc", ["+stable", "-vV"]) ?? "")?.[1];
    const home = output("rustup", ["show", "home"])?.trim();
    if (sysroot && host && home) {
      const link = path.join(home, "toolchains", `${pin.channel}-${host}`);
      log(`Rust ${pin.channel} is rustup's stable here: linking ${link} -> ${sysroot}`);
      if (!existsSync(link)) symlinkSync(sysroot, link, "dir");
      const listed = (output("rustup", ["toolchain", "list"]) ?? "").includes(`${pin.channel}-${host}`);
      if (!listed) throw new Error(`rustup does not list ${pin.channel}-${host} after linking it to ${sysroot}`);
      return "linked";
    }
  }
  log(`Rust ${pin.channel} is pinned (rust-toolchain.toml) and not installed: installing it`);
  const args = ["toolchain", "install", pin.channel, "--profile", "minimal"];
  for (const c of pin.components) args.push("--component", c);
  for (const t of pin.targets) args.push("--target", t);
  run(log, "rustup", args);
  return "installed";
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    console.log(`[toolchain] Rust ${readToolchainPin().channel}: ${ensureRustToolchain()}`);
  } catch (e) {
    console.error(`[toolchain] ${e instanceof Error ? e.message : String(e)}`);
    process.exit(2);
  }
}
