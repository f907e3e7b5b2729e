// `npm version` keeps the three version files together: package.json (npm writes it), manifest.json and
// versions.json (scripts/version-bump.mjs, the package's `version` script). Checked on a copy of the files.
import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterEach, describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const script = join(root, "scripts", "version-bump.mjs");
let dir = "";
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function copy(): string {
  dir = mkdtempSync(join(tmpdir(), "jvs-version-"));
  for (const f of ["package.json", "manifest.json", "versions.json"]) cpSync(join(root, f), join(dir, f));
  return dir;
}

const json = (name: string): Record<string, unknown> => JSON.parse(readFileSync(join(dir, name), "utf8")) as Record<string, unknown>;
const run = (version: string | undefined): void => {
  const env = { ...process.env };
  delete env.npm_package_version;
  if (version !== undefined) env.npm_package_version = version;
  execFileSync(process.execPath, [script, dir], { env, stdio: "pipe" });
};

describe("version bump", () => {
  it("gives manifest.json the new version and maps it to the minimum app version in versions.json", () => {
    copy();
    const min = json("manifest.json").minAppVersion;
    const before = json("versions.json");
    run("0.2.0");
    expect(json("manifest.json").version).toBe("0.2.0");
    expect(json("versions.json")).toEqual({ ...before, "0.2.0": min });
    // The manifest's other fields are untouched.
    const original = JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as Record<string, unknown>;
    expect({ ...json("manifest.json"), version: original.version }).toEqual(original);
  });

  it("reads the version from package.json when npm does not pass it, and refuses a malformed one", () => {
    copy();
    run(undefined);
    expect(json("manifest.json").version).toBe(json("package.json").version);
    expect(() => run("next")).toThrow(/not a version/);
  });
});
