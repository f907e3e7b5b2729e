// ObsidianVault over a hand-made fake of App.vault: the VaultPort contract, plus that guarded writes go
// through `vault.process` (so a keystroke landing inside it is seen) and that only missing folders are made.
import { describe, expect, it } from "vitest";
import { ObsidianVault } from "../../src/obsidian/obsidian-vault";
import { FakeVault, fakeApp } from "../fakes/obsidian-vault-fakes";
import { vaultContract } from "./vault-contract";

function fresh(): { fake: FakeVault; vault: ObsidianVault } {
  const fake = new FakeVault();
  return { fake, vault: new ObsidianVault(fakeApp(fake)) };
}

vaultContract("ObsidianVault", () => {
  const { fake, vault } = fresh();
  return Promise.resolve({ vault, seed: (p: string, t: string) => Promise.resolve(fake.seed(p, t)) });
});

describe("ObsidianVault", () => {
  it("guards inside vault.process, so a keystroke landing there is kept", async () => {
    const { fake, vault } = fresh();
    fake.seed("n.md", "v1");
    fake.beforeProcess = (path) => fake.files.set(path, "v1!");
    expect(await vault.replaceIfUnchanged("n.md", "v1", "synced")).toEqual({ applied: false, current: "v1!" });
    expect(fake.files.get("n.md")).toBe("v1!");
    expect(fake.calls).toContain("process n.md");
  });

  it("creates only the missing parent folders, in order, and normalizes the path", async () => {
    const { fake, vault } = fresh();
    fake.seed("a/x.md", "");
    expect(await vault.createIfAbsent("a//b/c/n.md", "t")).toEqual({ applied: true });
    expect(fake.calls).toEqual(["createFolder a/b", "createFolder a/b/c", "create a/b/c/n.md"]);
  });

  it("reports a folder at the path as taken", async () => {
    const { fake, vault } = fresh();
    fake.folders.add("taken.md");
    expect(await vault.createIfAbsent("taken.md", "t")).toEqual({ applied: false, current: null });
  });
});
