// Formatting is kept (issue 11, item 8): a note written the way people type Markdown (a `Wow!`, a list right
// under its paragraph, `*` bullets, a tab-indented item, a padded and aligned table, CRLF line endings, no
// final newline) survives a colleague's edit of one paragraph in Jira: after the pull, only that paragraph's
// line changed; every other byte of the note is as the user wrote it. On Jira Cloud (ADF) and Data Center
// (wiki markup) alike.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { bodyOf, description, descriptionMarkdown, editIssue, noteOf, withBody } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const BODY = [
  "Intro paragraph for the rollout. Wow!",
  "* first bullet",
  "* second bullet",
  "\t* tab-indented child",
  "",
  "| Name   | Count |",
  "|:-------|------:|",
  "| apples |     3 |",
  "| pears  |    12 |",
  "",
  "Paragraph the colleague edits.",
  "",
  "1) first step",
  "2) second step",
  "",
  "Closing words, see [[Runbook]] #ops!",
].join("\n");

describe.each(["cloud", "datacenter"] as const)("formatting is kept (%s)", (mode) => {
  it("a colleague's edit of one paragraph changes only that paragraph in the note", async () => {
    w = await world({ mode });
    expect((await w.sync()).exitCode).toBe(0);
    const { path, text } = noteOf(w, "OPS-2");
    // The user's note: their own formatting, CRLF line endings, no final newline.
    const mine = withBody(text, BODY).replaceAll("\n", "\r\n");
    w.vault.set(path, mine);
    const push = await w.sync();
    expect(push.exitCode).toBe(0);
    expect(w.vault.files()[path]).toBe(mine);

    // Bob edits one paragraph in Jira (the rest of the description is Jira's own rendering of the note).
    const jira = await descriptionMarkdown(w, "OPS-2");
    expect(jira).toContain("Paragraph the colleague edits.");
    await editIssue(w, "OPS-2", { description: description(w, jira.replace("Paragraph the colleague edits.", "Paragraph Bob edited in Jira.")) });

    const pull = await w.sync();
    expect(pull.exitCode).toBe(0);
    expect(pull.counts.notesUpdated).toBe(1);
    expect(pull.counts.issuesUpdated).toBe(0);
    const after = w.vault.files()[path] ?? "";
    expect(after).toBe(mine.replace("Paragraph the colleague edits.", "Paragraph Bob edited in Jira."));
    expect(bodyOf(after.replaceAll("\r\n", "\n"))).not.toMatch(/\n$/);

    // Nothing is left to do: the next sync changes nothing on either side.
    const files = w.vault.files();
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(again.counts.issuesUpdated).toBe(0);
    expect(w.vault.files()).toEqual(files);
  });
});
