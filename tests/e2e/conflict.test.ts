// Both sides change the same field differently: the note is flagged `sync_conflict: true` and shows both
// values in the conflict callout, Jira keeps its value, and re-running keeps the conflict (exit code 1).
// Once the user resolves it (removes the callout and the flag, keeping the local value), the next sync
// pushes the local value and the conflict is gone: the engine's remembered conflict values (`IssueBase.
// conflict`) stand in as the base, so the user's choice wins over Jira's old value.
import { afterEach, describe, expect, it } from "vitest";
import { loadCoreSync, world, type World } from "./harness";
import { bodyOf, description, descriptionMarkdown, editFrontmatter, editIssue, entries, frontmatter, issueFields, noteOf, withBody } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const CALLOUT = "> [!warning] Sync conflict\n";

describe("conflict", () => {
  it("flags a field both sides changed, keeps it until resolved, then pushes the user's choice", async () => {
    w = await world();
    expect((await w.sync()).exitCode).toBe(0);
    const { path } = noteOf(w, "OPS-6");
    const before = await issueFields(w, "OPS-6");
    editFrontmatter(w, path, { title: "Local title" });
    await editIssue(w, "OPS-6", { summary: "Remote title" });

    const report = await w.sync();
    expect(report.exitCode).toBe(1);
    expect(report.counts.conflicts).toBe(1);
    expect(entries(report, "conflict")[0]).toMatchObject({ path, key: "OPS-6" });
    const conflicted = noteOf(w, "OPS-6").text;
    expect(frontmatter(conflicted)).toMatchObject({ title: "Local title", sync_conflict: true });
    expect(bodyOf(conflicted).startsWith(CALLOUT)).toBe(true);
    expect(conflicted).toContain(`> - \`title\`: local \`"Local title"\` · remote \`"Remote title"\` · base \`${JSON.stringify(before.summary)}\``);
    expect((await issueFields(w, "OPS-6")).summary).toBe("Remote title");

    // Still in conflict: nothing changes on either side.
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(1);
    expect(again.counts.conflicts).toBe(1);
    expect(noteOf(w, "OPS-6").text).toBe(conflicted);
    expect(w.sim.admin.log().filter((e) => e.method === "PUT")).toHaveLength(0);
    expect((await issueFields(w, "OPS-6")).summary).toBe("Remote title");

    // The user keeps the local value: removes the callout and the flag.
    const resolved = conflicted.replace(/> \[!warning\] Sync conflict\n(>.*\n)*\n/, "");
    expect(resolved).not.toContain("[!warning]");
    w.vault.set(path, resolved);
    editFrontmatter(w, path, { sync_conflict: null });
    const done = await w.sync();
    expect(done.exitCode).toBe(0);
    expect(done.counts.conflicts).toBe(0);
    expect((await issueFields(w, "OPS-6")).summary).toBe("Local title");
    const final = noteOf(w, "OPS-6").text;
    expect(frontmatter(final).title).toBe("Local title");
    expect(frontmatter(final).sync_conflict).toBeUndefined();
    expect(final).not.toContain("Sync conflict");

    // And it stays settled: no echo, no new conflict.
    w.sim.admin.clearLog();
    const quiet = await w.sync();
    expect(quiet.exitCode).toBe(0);
    expect(quiet.counts.requests).toBe(1);
    expect(noteOf(w, "OPS-6").text).toBe(final);
  });

  it("pushes the user's choice when the issue did not change again in Jira since the conflict", async () => {
    w = await world();
    await w.sync();
    const { path } = noteOf(w, "OPS-7");
    editFrontmatter(w, path, { title: "Mine" });
    await editIssue(w, "OPS-7", { summary: "Theirs" });
    expect((await w.sync()).counts.conflicts).toBe(1);
    // Time passes and another issue changes: the pull's watermark moves past OPS-7, so the sync after the
    // resolution only has the remembered base (and its conflict values) to go on.
    w.sim.admin.clock.advance(10 * 60_000);
    await editIssue(w, "OPS-8", { summary: "Something else" });
    expect((await w.sync()).counts.conflicts).toBe(1);
    const conflicted = noteOf(w, "OPS-7").text;
    w.vault.set(path, loadCoreSync().updateFrontmatter(conflicted.replace(/> \[!warning\] Sync conflict\n(>.*\n)*\n/, ""), { sync_conflict: null }));
    w.sim.admin.clearLog();
    const done = await w.sync();
    expect(done.counts.fetched).toBe(1); // OPS-8 only: the pull re-reads one minute before the watermark
    expect(done.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(done.exitCode).toBe(0);
    expect((await issueFields(w, "OPS-7")).summary).toBe("Mine");
    expect(frontmatter(noteOf(w, "OPS-7").text).title).toBe("Mine");
  });

  it("keeps both descriptions when both sides rewrote the same paragraph, and pushes the user's after resolving", async () => {
    w = await world();
    await w.sync();
    const { path, text } = noteOf(w, "OPS-10");
    w.vault.set(path, withBody(text, "Local rewrite.\n"));
    await editIssue(w, "OPS-10", { description: description(w, "Remote rewrite.") });

    const report = await w.sync();
    expect(report.exitCode).toBe(1);
    expect(report.counts.conflicts).toBe(1);
    const conflicted = noteOf(w, "OPS-10").text;
    expect(frontmatter(conflicted).sync_conflict).toBe(true);
    expect(bodyOf(conflicted)).toBe(
      `${CALLOUT}> - \`description\`: the note keeps its version, Jira's is below\n\n> [!jira-remote]- Remote description\n> Remote rewrite.\n\nLocal rewrite.\n`,
    );
    expect(await descriptionMarkdown(w, "OPS-10")).toBe("Remote rewrite.");

    w.vault.set(path, loadCoreSync().updateFrontmatter(withBody(conflicted, "Local rewrite.\n"), { sync_conflict: null }));
    const done = await w.sync();
    expect(done.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(await descriptionMarkdown(w, "OPS-10")).toBe("Local rewrite.");
    expect(bodyOf(noteOf(w, "OPS-10").text)).toBe("Local rewrite.\n");
  });
});
