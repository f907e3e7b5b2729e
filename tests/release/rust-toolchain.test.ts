// The Rust toolchain is pinned (rust-toolchain.toml) and scripts/rust-toolchain.mjs makes it present offline when
// rustup's stable is that version: checked in a scratch rustup home that holds only `stable` (a link to this
// machine's), as a fresh CI machine that cannot download toolchains would.
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const channel = /^channel\s*=\s*"([^"]+)"/m.exec(readFileSync(join(root, "rust-toolchain.toml"), "utf8"))?.[1];
const text = (cmd: string, args: string[], env: typeof process.env = process.env): string =>
  execFileSync(cmd, args, { cwd: root, env, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

let scratch = "";
afterEach(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
  scratch = "";
});

describe("pinned Rust toolchain", () => {
  it("names a release, and the compiler used in this folder is that release", () => {
    expect(channel).toMatch(/^\d+\.\d+\.\d+$/);
    expect(text("rustc", ["--version"])).toContain(`rustc ${channel} `);
    expect(text("node", ["scripts/rust-toolchain.mjs"])).toContain(`Rust ${channel}: present`);
  });

  it("is linked from rustup's stable when stable is that release and the pinned name is missing", () => {
    const home = process.env.RUSTUP_HOME ?? join(homedir(), ".rustup");
    const host = /^host: (\S+)/m.exec(text("rustc", ["+stable", "-vV"]))?.[1] ?? "";
    const stableVersion = /^rustc (\S+)/.exec(text("rustc", ["+stable", "--version"]))?.[1];
    const stable = join(home, "toolchains", `stable-${host}`);
    if (stableVersion !== channel || !existsSync(stable)) {
      // Another machine: the set-up installs the pin with rustup there; nothing to prove about linking.
      expect(stableVersion).toBeDefined();
      return;
    }
    scratch = mkdtempSync(join(tmpdir(), "jvs-rustup-"));
    mkdirSync(join(scratch, "toolchains"));
    cpSync(join(home, "settings.toml"), join(scratch, "settings.toml"));
    symlinkSync(stable, join(scratch, "toolchains", `stable-${host}`), "dir");
    const env: typeof process.env = { ...process.env, RUSTUP_HOME: scratch };
    delete env.RUSTUP_TOOLCHAIN; // set by a cargo that runs this test; would override the pin
    expect(text("node", ["scripts/rust-toolchain.mjs"], env)).toContain(`Rust ${channel}: linked`);
    expect(text("rustup", ["toolchain", "list"], env)).toContain(`${channel}-${host}`);
    expect(text("rustc", ["--version"], env)).toContain(`rustc ${channel} `);
    expect(text("node", ["scripts/rust-toolchain.mjs"], env)).toContain(`Rust ${channel}: present`);
  });
});
