// The command line's vault walk (node/vault-scan.ts): on this thread and in a worker thread it finds the same
// notes with the same sizes and times (dot-folders, dot-files and other files left out), and the worker's
// failure is a rejection the vault port falls back from.
import { Buffer } from "node:buffer";
import { mkdir, mkdtemp, rm, utimes, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { matchPlainTable, scanVault, scanVaultInWorker, type VaultScan } from "../../../cli/node/vault-scan";

/** The scan as path → [size, mtime], whatever its row order. */
const rows = (scan: VaultScan): Record<string, [number, number]> =>
  Object.fromEntries(scan.paths.map((p, i) => [p, [scan.sizes[i] as number, scan.mtimes[i] as number]]));

describe("the vault walk", () => {
  let dir = "";
  afterEach(async () => {
    if (dir !== "") await rm(dir, { recursive: true, force: true });
  });

  it("finds the same notes, sizes and times on this thread and in a worker", async () => {
    dir = await mkdtemp(join(tmpdir(), "jvs-scan-"));
    const files: Record<string, string> = {
      "Top.md": "top",
      "a/b/c/Deep note é.md": "deep ünïcode",
      "a/Other.txt": "not a note",
      "a/.hidden.md": "dot file",
      ".trash/old/data.md": "dot folder",
      "Jira/OPS/OPS-1 Alert.md": "---\njira_key: OPS-1\n---\n",
    };
    const when = new Date("2025-03-30T01:30:00Z");
    for (const [rel, text] of Object.entries(files)) {
      await mkdir(join(dir, rel, ".."), { recursive: true });
      await writeFile(join(dir, rel), text);
      await utimes(join(dir, rel), when, when);
    }
    const here = scanVault(dir);
    const there = await scanVaultInWorker(dir);
    expect(rows(there)).toEqual(rows(here));
    expect(rows(here)).toEqual({
      "Top.md": [3, 1743298200000],
      "a/b/c/Deep note é.md": [Buffer.byteLength("deep ünïcode"), 1743298200000],
      "Jira/OPS/OPS-1 Alert.md": [24, 1743298200000],
    });
    expect([...there.paths]).toEqual([...here.paths]);
  });

  it("rejects in the worker for a folder that is not there", async () => {
    await expect(scanVaultInWorker(join(tmpdir(), "jvs-scan-missing-folder"))).rejects.toThrow(/ENOENT/);
  });

  describe("comparing a walk with the plain table", () => {
    const walk: VaultScan = {
      paths: ["a.md", "Jira/OPS-1.md", "b.md", "c.md", "Jira/OPS-2.md", "d.md"],
      sizes: [1, 10, 2, 3, 20, 4],
      mtimes: [100, 100, 200, 300, 100, 400],
    };
    const table = (paths: string[], sizes: number[], mtimes: number[]): unknown => ({ version: 4, keys: ["jira_key"], paths, sizes, mtimes });
    const known = (file: unknown): number[] => Array.from(matchPlainTable(file, 4, walk)?.known ?? []);

    it("finds the table's rows in walk order with other notes between them", () => {
      expect(known(table(["a.md", "b.md", "c.md", "d.md"], [1, 2, 3, 4], [100, 200, 300, 400]))).toEqual([1, 0, 1, 1, 0, 1]);
      // A changed stamp is not kept; a note new to the walk is not in the table.
      expect(known(table(["a.md", "b.md", "d.md"], [1, 2, 4], [100, 999, 400]))).toEqual([1, 0, 0, 0, 0, 1]);
    });

    it("looks rows up by path when the order is not the walk's, or a row's note is gone", () => {
      expect(known(table(["c.md", "a.md", "d.md", "b.md"], [3, 1, 4, 2], [300, 100, 400, 200]))).toEqual([1, 0, 1, 1, 0, 1]);
      const gone = matchPlainTable(table(["a.md", "gone.md", "b.md", "d.md"], [1, 5, 2, 4], [100, 500, 200, 400]), 4, walk);
      expect(Array.from(gone?.known ?? [])).toEqual([1, 0, 1, 0, 0, 1]);
      expect([gone?.kept, gone?.rows]).toEqual([3, 4]);
    });

    it("keeps nothing of a table that is not well formed", () => {
      expect(matchPlainTable(table(["a.md", 7 as unknown as string], [1, 2], [100, 200]), 4, walk)).toBeNull();
      expect(matchPlainTable(table(["a.md"], [1, 2], [100]), 4, walk)).toBeNull();
      expect(matchPlainTable(table(["a.md"], [1], [100]), 3, walk)).toBeNull();
    });
  });
});
