// FsVault on a fresh temp folder: the VaultPort contract, plus what only the disk shows (no temp files
// left behind, concurrent guarded writes on one path serialised).
import { mkdir, mkdtemp, readdir, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { describe, expect, it } from "vitest";
import { FsVault } from "../../../cli/node/fs-vault";
import { vaultContract } from "./vault-contract";

async function freshVault(): Promise<{ root: string; vault: FsVault; seed: (p: string, t: string) => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), "jvs-vault-"));
  const seed = async (p: string, t: string) => {
    await mkdir(dirname(join(root, p)), { recursive: true });
    await writeFile(join(root, p), t, "utf8");
  };
  return { root, vault: new FsVault(root), seed };
}

vaultContract("FsVault", freshVault);

describe("FsVault", () => {
  it("leaves no temp files after guarded writes", async () => {
    const { root, vault, seed } = await freshVault();
    await seed("d/n.md", "a");
    expect(await vault.replaceIfUnchanged("d/n.md", "a", "b")).toEqual({ applied: true });
    expect(await readdir(join(root, "d"))).toEqual(["n.md"]);
  });

  it("lets exactly one of two racing guarded writes from the same text apply", async () => {
    const { vault, seed } = await freshVault();
    await seed("n.md", "base");
    const results = await Promise.all([vault.replaceIfUnchanged("n.md", "base", "one"), vault.replaceIfUnchanged("n.md", "base", "two")]);
    expect(results).toEqual([{ applied: true }, { applied: false, current: "one" }]);
    expect(await vault.read("n.md")).toBe("one");
  });
});
