// The built wasm holds no path of the machine that built it (scripts/build.mjs remaps the cargo home, the rustup
// home and the checkout to fixed names): without that it carried the registry sources' absolute paths (panic
// locations), so two builds in different places differed. scripts/reproducible-build.mjs (in .ci/run) compares
// whole builds.
import { readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import process from "node:process";
import { describe, expect, it } from "vitest";

const wasm = readFileSync("pkg/jira_vault_sync_bg.wasm").toString("latin1");
const home = homedir();

describe("built wasm", () => {
  it("holds none of this machine's folders", () => {
    const folders = [
      resolve("."),
      home,
      resolve(process.env.CARGO_HOME ?? join(home, ".cargo")),
      resolve(process.env.RUSTUP_HOME ?? join(home, ".rustup")),
    ];
    for (const folder of folders) expect(wasm.includes(folder), folder).toBe(false);
  });

  it("holds no absolute path of a user's files on any system", () => {
    expect(wasm.match(/(\/home\/|\/root\/|\/Users\/|\/tmp\/|[A-Za-z]:\\(Users|Windows)\\)[^\0]{0,60}/)?.[0] ?? null).toBeNull();
  });

  it("names crate sources by their remapped place", () => {
    expect(wasm).toContain("/cargo/registry/src/");
  });
});
