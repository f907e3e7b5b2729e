// MemoryVault: the VaultPort contract, the test helpers, and the `beforeWrite` hook that lets a user's
// keystroke land between the driver's read and its guarded write.
import { describe, expect, it } from "vitest";
import { MemoryVault } from "../../src/vault/memory-vault";
import { CONFIG_DIR, vaultContract } from "./vault-contract";

vaultContract("MemoryVault", () => {
  const vault = new MemoryVault();
  return Promise.resolve({ vault, seed: (p: string, t: string) => Promise.resolve(vault.set(p, t)) });
});

describe("MemoryVault", () => {
  it("refuses a write when a keystroke lands between read and write", async () => {
    const vault = new MemoryVault({ "n.md": "v1" });
    const seen = await vault.read("n.md");
    vault.beforeWrite = (path) => vault.set(path, "v1 + keystroke");
    expect(await vault.replaceIfUnchanged("n.md", seen ?? "", "synced")).toEqual({ applied: false, current: "v1 + keystroke" });
    expect(vault.files()).toEqual({ "n.md": "v1 + keystroke" });
  });

  it("snapshots every file, sorted, and removes files", () => {
    const vault = new MemoryVault({ "b.md": "b", [`${CONFIG_DIR}/app.json`]: "{}" });
    vault.set("a.png", "x");
    vault.remove("b.md");
    expect(vault.files()).toEqual({ [`${CONFIG_DIR}/app.json`]: "{}", "a.png": "x" });
  });
});
