// The behaviour every VaultPort promises, as one suite that each implementation's test file runs with
// a factory: listing, guarded writes, never-overwriting creates, nested folders and path safety.
import { describe, expect, it } from "vitest";
import type { VaultPort } from "../../src/vault/vault";

/**
 * A stand-in for Obsidian's config folder (`Vault#configDir`, a dot-folder whose name users can change;
 * the lint rules forbid spelling the default here), which the listing must skip like any dot-folder.
 */
export const CONFIG_DIR = ".vault-config";

export interface VaultUnderTest {
  vault: VaultPort;
  /** Puts a file (any extension, parent folders included) behind the port's back. */
  seed: (path: string, text: string) => Promise<void>;
}

export function vaultContract(name: string, make: () => Promise<VaultUnderTest>): void {
  describe(`${name} (VaultPort contract)`, () => {
    it("lists Markdown notes sorted, skipping dot-folders, dot-files and other extensions", async () => {
      const { vault, seed } = await make();
      for (const p of ["b.md", "a/c.md", "A.md", `${CONFIG_DIR}/x.md`, ".trash/y.md", "img.png", "notes/.hidden/z.md", "notes/d.md", "n.md.txt"]) {
        await seed(p, p);
      }
      expect(await vault.listMarkdown()).toEqual(["A.md", "a/c.md", "b.md", "notes/d.md"]);
    });

    it("reads a note, and null for a missing one", async () => {
      const { vault, seed } = await make();
      await seed("dir/n.md", "héllo\n");
      expect(await vault.read("dir/n.md")).toBe("héllo\n");
      expect(await vault.read("dir/missing.md")).toBeNull();
    });

    it("applies a guarded write over the expected content", async () => {
      const { vault, seed } = await make();
      await seed("n.md", "old");
      expect(await vault.replaceIfUnchanged("n.md", "old", "new")).toEqual({ applied: true });
      expect(await vault.read("n.md")).toBe("new");
    });

    it("refuses a guarded write over changed content and reports the current text", async () => {
      const { vault, seed } = await make();
      await seed("n.md", "user typed");
      expect(await vault.replaceIfUnchanged("n.md", "old", "new")).toEqual({ applied: false, current: "user typed" });
      expect(await vault.read("n.md")).toBe("user typed");
    });

    it("refuses a guarded write to a missing file without creating it", async () => {
      const { vault } = await make();
      expect(await vault.replaceIfUnchanged("gone.md", "old", "new")).toEqual({ applied: false, current: null });
      expect(await vault.read("gone.md")).toBeNull();
    });

    it("creates a new note but never overwrites one", async () => {
      const { vault, seed } = await make();
      expect(await vault.createIfAbsent("new.md", "fresh")).toEqual({ applied: true });
      expect(await vault.read("new.md")).toBe("fresh");
      await seed("old.md", "kept");
      expect(await vault.createIfAbsent("old.md", "clobber")).toEqual({ applied: false, current: "kept" });
      expect(await vault.read("old.md")).toBe("kept");
    });

    it("creates missing folders for a nested note", async () => {
      const { vault, seed } = await make();
      await seed("x/other.md", "o");
      expect(await vault.createIfAbsent("x/y/z/deep.md", "d")).toEqual({ applied: true });
      expect(await vault.read("x/y/z/deep.md")).toBe("d");
      expect(await vault.listMarkdown()).toEqual(["x/other.md", "x/y/z/deep.md"]);
    });

    it("moves a note into a new folder while it holds the expected text", async () => {
      const { vault, seed } = await make();
      await seed("Jira/OPS/n.md", "text");
      expect(await vault.moveIfUnchanged?.("Jira/OPS/n.md", "Archive/OPS/n.md", "text")).toEqual({ applied: true });
      expect(await vault.read("Archive/OPS/n.md")).toBe("text");
      expect(await vault.read("Jira/OPS/n.md")).toBeNull();
    });

    it("never moves a note over an existing file, nor one that changed", async () => {
      const { vault, seed } = await make();
      await seed("n.md", "mine");
      await seed("Archive/n.md", "theirs");
      expect(await vault.moveIfUnchanged?.("n.md", "Archive/n.md", "mine")).toEqual({ applied: false, current: "mine" });
      expect(await vault.read("Archive/n.md")).toBe("theirs");
      expect(await vault.moveIfUnchanged?.("n.md", "Other/n.md", "old")).toEqual({ applied: false, current: "mine" });
      expect(await vault.read("n.md")).toBe("mine");
      expect(await vault.read("Other/n.md")).toBeNull();
    });

    it("rejects absolute paths and '..' segments in every call", async () => {
      const { vault } = await make();
      for (const bad of ["/etc/passwd.md", "../up.md", "a/../../up.md", "a/..", "C:/x.md", "\\x.md", ""]) {
        await expect(vault.read(bad), bad).rejects.toThrow(/relative to the vault|'\.\.' segments/);
        await expect(vault.replaceIfUnchanged(bad, "a", "b"), bad).rejects.toThrow(/relative to the vault|'\.\.' segments/);
        await expect(vault.createIfAbsent(bad, "x"), bad).rejects.toThrow(/relative to the vault|'\.\.' segments/);
        await expect(vault.moveIfUnchanged?.("ok.md", bad, "x") ?? Promise.reject(new Error("no move")), bad).rejects.toThrow(/relative to the vault|'\.\.' segments/);
      }
    });
  });
}
