// The walk the command line's launcher starts before loading the core (cli/early-walk.ts): only for a sync it
// can run, over the vault and note index the run will use, and stoppable when the run does not take it.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { startEarlyWalk } from "../../cli/early-walk";
import { NOTE_INDEX_PLAIN_FILE } from "../../cli/node/note-index";

const made: string[] = [];
afterEach(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A vault of `n` notes in two folders, with a dot-folder the walk skips. */
function vault(n: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), "jvs-early-walk-"));
  made.push(dir);
  for (const folder of ["a", "b/c", ".obsidian"]) mkdirSync(path.join(dir, folder), { recursive: true });
  for (let i = 0; i < n; i++) writeFileSync(path.join(dir, i % 2 === 0 ? "a" : "b/c", `note ${i}.md`), `# Note ${i}\n`);
  writeFileSync(path.join(dir, ".obsidian", "hidden.md"), "not a note");
  return dir;
}

describe("startEarlyWalk", () => {
  it("walks the vault of a sync, with the note index of its config folder", async () => {
    const dir = vault(6);
    const early = startEarlyWalk(["sync", "--vault", dir, "--config-dir", ".config", "--dry-run"]);
    expect(early).not.toBeNull();
    expect(early?.vault).toBe(dir);
    expect(early?.plainFile).toBe(path.join(dir, ".config", "plugins", "jira-vault-sync", NOTE_INDEX_PLAIN_FILE));
    const scan = await early?.scan;
    expect([...(scan?.paths ?? [])].sort()).toEqual(["a/note 0.md", "a/note 2.md", "a/note 4.md", "b/c/note 1.md", "b/c/note 3.md", "b/c/note 5.md"]);
    // No index yet: the walk says it found none.
    expect(scan?.plain).toBeNull();
    early?.stop();
  });

  it("starts nothing for other commands or arguments the run refuses", () => {
    for (const argv of [[], ["--help"], ["--version"], ["sync"], ["sync", "--vault", "v", "--full", "--pull"], ["report", "progress", "--vault", "v"], ["check", "--vault", "v"], ["assist", "detect"]]) {
      expect(startEarlyWalk(argv)).toBeNull();
    }
  });

  it("stopped before it ends, gives null (and does not keep the worker)", async () => {
    const early = startEarlyWalk(["sync", "--vault", vault(200)]);
    early?.stop();
    await expect(early?.scan).resolves.toBeNull();
  });

  it("of a vault that is not there, gives null (the run reports the problem)", async () => {
    const early = startEarlyWalk(["sync", "--vault", path.join(tmpdir(), "jvs-no-such-vault-8d1f")]);
    await expect(early?.scan).resolves.toBeNull();
  });
});
