// The command line as a package: `npm pack`, then `npm install -g` of the tarball into an empty prefix, then the
// installed `jira-vault-sync` answers `--help` and `--version`. No network: the install runs `--offline`, so it
// only works because the package carries its built, self-contained file and needs no runtime dependency.
// (The tarball is packed with --ignore-scripts: the global set-up has just built bin/; `npm pack` by hand runs
// the `prepack` build itself.)
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const manifest = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as { version: string };
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
let dir = "";
let packed: { filename: string; files: { path: string }[] };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "jvs-pack-"));
  // npm's own cache in the temp folder too: nothing from this machine's cache can stand in for the package.
  const env = { ...process.env, npm_config_cache: join(dir, "cache"), npm_config_update_notifier: "false" };
  const out = execFileSync(npm, ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: root, env, encoding: "utf8" });
  packed = (JSON.parse(out) as (typeof packed)[])[0]!;
  execFileSync(npm, ["install", "--global", "--prefix", join(dir, "prefix"), "--offline", "--no-audit", "--no-fund", join(dir, packed.filename)], {
    cwd: dir,
    env,
    stdio: "pipe",
  });
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function installed(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const bin = join(dir, "prefix", process.platform === "win32" ? "jira-vault-sync.cmd" : "bin/jira-vault-sync");
  const r = spawnSync(bin, args, { cwd: dir, encoding: "utf8", env: { PATH: process.env.PATH ?? "" } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("command line package", () => {
  it("carries the built command line, the licence and the README, and nothing else", () => {
    expect(packed.files.map((f) => f.path).sort()).toEqual(["LICENSE", "README.md", "bin/jira-vault-sync-core.cjs", "bin/jira-vault-sync.cjs", "package.json"]);
  });

  it("installed globally from the tarball, prints its usage with --help", () => {
    const r = installed("--help");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("jira-vault-sync sync --vault DIR");
  });

  it("prints the release version with --version and -V", () => {
    for (const flag of ["--version", "-V"]) {
      const r = installed(flag);
      expect(r.status).toBe(0);
      expect(r.stdout.trim()).toBe(`jira-vault-sync ${manifest.version}`);
    }
  });
});
