// A user's edit arriving mid-sync is kept: the vault's `beforeWrite` hook changes the note just before the
// engine's guarded write, the write is refused as stale, and the engine re-reads the note and plans it
// again, so the user's line and Jira's change both end up in the note (and the line in Jira).
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { bodyOf, descriptionMarkdown, editIssue, frontmatter, noteOf } from "./helpers";

let w: World;
afterEach(async () => {
  w.vault.beforeWrite = undefined;
  await w.stop();
});

describe("mid-sync edits", () => {
  it("keeps a line the user typed just before the engine's write, and still applies Jira's change", async () => {
    w = await world();
    await w.sync();
    const { path } = noteOf(w, "OPS-9");
    const bodyBefore = bodyOf(noteOf(w, "OPS-9").text).trim();
    await editIssue(w, "OPS-9", { summary: "Changed by bob" });
    let typed = 0;
    w.vault.beforeWrite = (p) => {
      if (p !== path || typed > 0) return;
      typed += 1;
      const text = w.vault.files()[p] ?? "";
      w.vault.set(p, `${text}${text.endsWith("\n") ? "" : "\n"}Typed during the sync.\n`);
    };
    const report = await w.sync();
    expect(typed).toBe(1);
    expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(report.exitCode).toBe(0);

    const { text } = noteOf(w, "OPS-9");
    expect(frontmatter(text).title).toBe("Changed by bob");
    expect(bodyOf(text)).toContain("Typed during the sync.");
    const expected = [bodyBefore, "Typed during the sync."].filter((s) => s !== "").join("\n");
    expect(await descriptionMarkdown(w, "OPS-9")).toBe(expected);

    // Settled: the next sync changes nothing.
    const files = w.vault.files();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(w.vault.files()).toEqual(files);
  });
});
