// Edits on one side or both: a local title edit becomes one PUT (with returnIssue) and causes no echo; a
// remote summary edit lands in the note; edits of different fields, and of different paragraphs of the
// body, are merged on both sides.
import { afterEach, describe, expect, it } from "vitest";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { world, type World } from "./harness";
import { bodyOf, description, descriptionMarkdown, editFrontmatter, editIssue, frontmatter, issueFields, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** A world after a first sync of OPS into an empty vault. */
async function synced(): Promise<World> {
  w = await world();
  const first = await w.sync();
  expect(first.exitCode).toBe(0);
  return w;
}

describe("edits", () => {
  it("pushes a local title edit with one PUT, and the next sync sends one request and changes nothing", async () => {
    await synced();
    const { path } = noteOf(w, "OPS-2");
    editFrontmatter(w, path, { title: "Renamed locally" });
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect((await issueFields(w, "OPS-2")).summary).toBe("Renamed locally");
    const puts = w.sim.admin.log().filter((e) => e.method === "PUT");
    expect(puts).toHaveLength(1);
    expect(puts[0]?.query.returnIssue).toBe("true");
    expect(puts[0]?.body).toEqual({ fields: { summary: "Renamed locally" } });
    expect(report.counts.issuesUpdated).toBe(1);

    const files = w.vault.files();
    const state = JSON.parse(w.store.raw(stateFileNames(w.sim.url).state) ?? "{}") as { watermark: string };
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(again.counts.requests).toBe(1);
    expect(w.sim.admin.log()).toHaveLength(1);
    // The pull reads from one minute before the watermark, written in alice's time zone (Europe/Berlin).
    const since = new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", dateStyle: "short", timeStyle: "short" }).format(Date.parse(state.watermark) - 60_000);
    expect((w.sim.admin.log()[0]?.body as { jql: string }).jql).toContain(`updated >= "${since.replaceAll("-", "/")}"`);
    expect(w.vault.files()).toEqual(files);
  });

  it("pulls a summary bob changed in Jira into the note's title", async () => {
    await synced();
    await editIssue(w, "OPS-3", { summary: "Changed by bob" });
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    const { text } = noteOf(w, "OPS-3");
    expect(frontmatter(text).title).toBe("Changed by bob");
    // OPS-3's note, and its epic's (OPS-1) child issues section, which lists the new summary.
    expect(report.counts.notesUpdated).toBe(2);
    expect(noteOf(w, "OPS-1").text).toContain(" | Changed by bob | ");
    expect(report.counts.issuesUpdated).toBe(0);
  });

  it("merges edits of different fields on both sides", async () => {
    await synced();
    const { path } = noteOf(w, "OPS-4");
    editFrontmatter(w, path, { title: "Local title" });
    await editIssue(w, "OPS-4", { description: description(w, "Remote description.") });
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect((await issueFields(w, "OPS-4")).summary).toBe("Local title");
    expect(await descriptionMarkdown(w, "OPS-4")).toBe("Remote description.");
    const { text } = noteOf(w, "OPS-4");
    expect(frontmatter(text).title).toBe("Local title");
    expect(bodyOf(text).trim()).toBe("Remote description.");
  });

  it("merges edits of different paragraphs of the body on both sides", async () => {
    await synced();
    await editIssue(w, "OPS-5", { description: description(w, "First paragraph.\n\nSecond paragraph.\n\nThird paragraph.") }, "alice");
    await w.sync();
    const { path, text } = noteOf(w, "OPS-5");
    expect(bodyOf(text).trim()).toBe("First paragraph.\n\nSecond paragraph.\n\nThird paragraph.");
    w.vault.set(path, text.replace("First paragraph.", "First paragraph, edited locally."));
    await editIssue(w, "OPS-5", { description: description(w, "First paragraph.\n\nSecond paragraph.\n\nThird paragraph, edited by bob.") });
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    const merged = "First paragraph, edited locally.\n\nSecond paragraph.\n\nThird paragraph, edited by bob.";
    expect(bodyOf(noteOf(w, "OPS-5").text).trim()).toBe(merged);
    expect(await descriptionMarkdown(w, "OPS-5")).toBe(merged);
  });
});
