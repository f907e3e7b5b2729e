// Parents and issue links as wiki-links, both ways, on both deployments (issue #15, "Hierarchy and links").
// A child's note names its parent as `[[<the parent note's file name>]]`; the link is resolved by key, so
// renaming the parent's note only refreshes the link text (nothing is pushed), a link or a plain key typed in
// the note re-parents the issue in Jira, and a parent at a level the site's hierarchy forbids is refused for
// that note alone with Jira's message while its other fields are saved. Issue links are typed properties
// (`blocks`, `is_blocked_by`, `relates_to`, …) merged as sets with Jira's `issuelinks`: added or removed on
// either side, never created twice (also after a kill right after the `POST`).
import { afterEach, describe, expect, it } from "vitest";
import type { JiraTransport } from "../../plugin/src/jira/client";
import { linkType } from "../jira-sim/links";
import { world, type World } from "./harness";
import { editFrontmatter, editIssue, frontmatter, noteOf, rest } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** The key of an issue's parent in the simulator's store. */
function parentOf(key: string): string | null {
  const store = w.sim.sim.store;
  const parent = store.issue(key)?.parentId;
  return parent ? (store.issue(parent)?.key ?? null) : null;
}

/** The wiki-link to the note of `key`, as the sync writes it. */
function linkTo(key: string): string {
  const stem = noteOf(w, key).path.replace(/^.*\//, "").replace(/\.md$/, "");
  return `[[${stem}]]`;
}

/** Requests that change Jira in the simulator's log since it was last cleared. */
function writes(): { method: string; path: string }[] {
  return w.sim.admin.log().filter((e) => e.method !== "GET" && !/\/search/.test(e.path));
}

async function parentWorld(mode: "cloud" | "datacenter"): Promise<World> {
  const made = await world({ mode });
  (made.config.fields as unknown[]).push({ jira: "parent", note: { frontmatter: "parent" }, direction: "both" });
  return made;
}

describe.each(["cloud", "datacenter"] as const)("parents as wiki-links (%s)", (mode) => {
  it("pulls parents as links to their notes, re-parents from a link typed in the note, and follows a renamed parent note", async () => {
    w = await parentWorld(mode);
    const first = await w.sync();
    expect(first.entries.filter((e) => e.level !== "info")).toEqual([]);
    // The seed's OPS-1 and OPS-2 are epics; OPS-3 and OPS-4 are children of OPS-1 (on Data Center through the
    // Epic Link); a sub-task's parent is a standard issue.
    expect(["OPS-3", "OPS-4"].map((k) => frontmatter(noteOf(w, k).text).parent)).toEqual([linkTo("OPS-1"), linkTo("OPS-1")]);
    const sub = w.sim.sim.store.state.issues.find((i) => i.projectKey === "OPS" && i.issueTypeId === "10004");
    const subKey = sub?.key ?? "";
    expect(frontmatter(noteOf(w, subKey).text).parent).toBe(linkTo(parentOf(subKey) ?? ""));
    expect(frontmatter(noteOf(w, "OPS-1").text).parent).toBeUndefined();

    // Re-parent in the note with a link (with an alias, as Obsidian's link suggester may write it).
    editFrontmatter(w, noteOf(w, "OPS-3").path, { parent: `${linkTo("OPS-2").slice(0, -2)}|the other epic]]` });
    w.sim.admin.clearLog();
    const moved = await w.sync();
    expect(moved.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(parentOf("OPS-3")).toBe("OPS-2");
    expect(writes().map((e) => e.method)).toEqual(["PUT"]);

    // Rename (and move) the parent's note: the children's links follow it, and nothing reaches Jira. Bob edits
    // OPS-3 meanwhile: its note is rewritten, and its link (to a note not renamed) keeps the user's alias.
    const aliased = `${linkTo("OPS-2").slice(0, -2)}|the other epic]]`;
    await editIssue(w, "OPS-3", { summary: "Classify incoming alerts by service" });
    const epic = noteOf(w, "OPS-1");
    w.vault.remove(epic.path);
    w.vault.set("Epics/OPS-1 Renamed epic.md", epic.text);
    w.sim.admin.clearLog();
    const renamed = await w.sync();
    expect(renamed.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(writes()).toEqual([]);
    expect(frontmatter(noteOf(w, "OPS-4").text).parent).toBe("[[OPS-1 Renamed epic]]");
    expect(parentOf("OPS-4")).toBe("OPS-1");
    expect(frontmatter(noteOf(w, "OPS-3").text)).toMatchObject({ title: "Classify incoming alerts by service", parent: aliased });

    // Nothing left to do.
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(again.counts.requests).toBe(1);
    expect(frontmatter(noteOf(w, "OPS-4").text).parent).toBe("[[OPS-1 Renamed epic]]");
  });

  it("refuses a parent at a level the site's hierarchy forbids for that note alone, and saves its other fields", async () => {
    w = await parentWorld(mode);
    await w.sync();
    // OPS-3 is a task under an epic; another task (OPS-5) cannot be its parent.
    editFrontmatter(w, noteOf(w, "OPS-3").path, { parent: linkTo("OPS-5"), title: "Route alerts by service" });
    const report = await w.sync();
    expect(w.sim.sim.store.issue("OPS-3")?.summary).toBe("Route alerts by service");
    expect(parentOf("OPS-3")).toBe("OPS-1");
    const message =
      mode === "cloud" ? "Given parent issue does not belong to appropriate hierarchy." : "Issue 'OPS-5' is not an epic.";
    expect(report.entries.filter((e) => e.level === "error").map((e) => [e.key, e.message])).toEqual([
      ["OPS-3", `Jira refused parent: ${message} The other fields were saved; fix the value and sync again.`],
    ]);
    expect(frontmatter(noteOf(w, "OPS-3").text).parent).toBe(linkTo("OPS-5"));
  });

  it("writes plain keys when the setting says so and still reads links", async () => {
    w = await parentWorld(mode);
    w.config.parentStyle = "key";
    await w.sync();
    expect(frontmatter(noteOf(w, "OPS-3").text).parent).toBe("OPS-1");
    editFrontmatter(w, noteOf(w, "OPS-4").path, { parent: "[[OPS-2]]" });
    const report = await w.sync();
    expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(parentOf("OPS-4")).toBe("OPS-2");
  });
});

/** Jira's links between issues of the simulator, as "A <outward phrase> B" (the inward issue does the phrase). */
function jiraLinks(): string[] {
  const store = w.sim.sim.store;
  return store.state.links
    .map((l) => `${store.issue(l.inwardIssueId)?.key ?? "?"} ${linkType(l.type).outward} ${store.issue(l.outwardIssueId)?.key ?? "?"}`)
    .sort();
}

/** A link property of a note, as a list (a missing property is empty). */
function prop(key: string, name: string): unknown[] {
  const v = frontmatter(noteOf(w, key).text)[name];
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

type Send = Pick<JiraTransport, "send">;

describe.each(["cloud", "datacenter"] as const)("issue links as note properties (%s)", (mode) => {
  it("pulls links as wiki-links, pushes links added and removed in notes, pulls Jira's, and follows a renamed note", async () => {
    w = await world({ mode });
    const first = await w.sync();
    expect(first.entries.filter((e) => e.level !== "info")).toEqual([]);
    // The demo seed: OPS-5 blocks OPS-7, OPS-9 relates to OPS-10, OPS-3 relates to PLAT-4 (not synced: its key).
    expect(jiraLinks()).toEqual(expect.arrayContaining(["OPS-5 blocks OPS-7", "OPS-10 relates to OPS-9", "PLAT-4 relates to OPS-3"]));
    expect(prop("OPS-5", "blocks")).toEqual([linkTo("OPS-7")]);
    expect(prop("OPS-7", "is_blocked_by")).toEqual([linkTo("OPS-5")]);
    expect(prop("OPS-9", "relates_to")).toEqual([linkTo("OPS-10")]);
    expect(prop("OPS-10", "relates_to")).toEqual([linkTo("OPS-9")]);
    expect(prop("OPS-3", "relates_to")).toEqual(["PLAT-4"]);

    // Added in a note (by a plain key, as a user may type it): one POST, and the key is written as a link.
    editFrontmatter(w, noteOf(w, "OPS-1").path, { blocks: ["OPS-2"] });
    w.sim.admin.clearLog();
    const added = await w.sync();
    expect(added.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(writes().map((e) => `${e.method} ${e.path}`)).toEqual([`POST ${mode === "cloud" ? "/rest/api/3" : "/rest/api/2"}/issueLink`]);
    expect(jiraLinks()).toContain("OPS-1 blocks OPS-2");
    expect(prop("OPS-1", "blocks")).toEqual([linkTo("OPS-2")]);
    // The next sync brings the other side into OPS-2's note.
    await w.sync();
    expect(prop("OPS-2", "is_blocked_by")).toEqual([linkTo("OPS-1")]);

    // Removed from a note: one DELETE; the other note follows on the next sync.
    editFrontmatter(w, noteOf(w, "OPS-7").path, { is_blocked_by: null });
    w.sim.admin.clearLog();
    const removed = await w.sync();
    expect(removed.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(writes().map((e) => e.method)).toEqual(["DELETE"]);
    expect(jiraLinks()).not.toContain("OPS-5 blocks OPS-7");
    await w.sync();
    expect(prop("OPS-5", "blocks")).toEqual([]);

    // Added and removed in Jira by someone else: both notes follow; nothing is sent back.
    const made = await rest(w, "POST", "/issueLink", { type: { name: "Duplicate" }, inwardIssue: { key: "OPS-4" }, outwardIssue: { key: "OPS-6" } }, "bob");
    expect(made.status).toBe(201);
    w.sim.admin.clearLog();
    await w.sync();
    expect(writes()).toEqual([]);
    expect(prop("OPS-4", "duplicates")).toEqual([linkTo("OPS-6")]);
    expect(prop("OPS-6", "is_duplicated_by")).toEqual([linkTo("OPS-4")]);
    const id = w.sim.sim.store.state.links.find((l) => l.type === "Duplicate")?.id ?? "";
    expect((await rest(w, "DELETE", `/issueLink/${id}`, undefined, "bob")).status).toBe(204);
    await w.sync();
    expect([prop("OPS-4", "duplicates"), prop("OPS-6", "is_duplicated_by")]).toEqual([[], []]);

    // The same link added on both sides (in Jira, and in the note): they agree, nothing is sent.
    expect((await rest(w, "POST", "/issueLink", { type: { name: "Relates" }, inwardIssue: { key: "OPS-2" }, outwardIssue: { key: "OPS-8" } }, "bob")).status).toBe(201);
    editFrontmatter(w, noteOf(w, "OPS-8").path, { relates_to: [linkTo("OPS-2")] });
    // And one link added in the notes of both its issues in one run: created once.
    editFrontmatter(w, noteOf(w, "OPS-3").path, { blocks: [linkTo("OPS-6")] });
    editFrontmatter(w, noteOf(w, "OPS-6").path, { is_blocked_by: [linkTo("OPS-3")] });
    w.sim.admin.clearLog();
    const both = await w.sync();
    expect(both.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(writes().map((e) => e.method)).toEqual(["POST"]);
    expect(jiraLinks().filter((l) => l === "OPS-2 relates to OPS-8" || l === "OPS-3 blocks OPS-6")).toEqual(["OPS-2 relates to OPS-8", "OPS-3 blocks OPS-6"]);
    await w.sync();
    expect(prop("OPS-2", "relates_to")).toEqual([linkTo("OPS-8")]);

    // Rename (and move) a linked note: the links to it follow, nothing reaches Jira.
    const target = noteOf(w, "OPS-6");
    w.vault.remove(target.path);
    w.vault.set("Elsewhere/OPS-6 Renamed.md", target.text);
    w.sim.admin.clearLog();
    const renamed = await w.sync();
    expect(renamed.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(writes()).toEqual([]);
    expect(prop("OPS-3", "blocks")).toEqual(["[[OPS-6 Renamed]]"]);

    // Nothing left to do: one request.
    const quiet = await w.sync();
    expect(quiet.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(quiet.counts.requests).toBe(1);
  });

  it("reports a link to an unknown issue on that note alone and keeps it in the note", async () => {
    w = await world({ mode });
    await w.sync();
    editFrontmatter(w, noteOf(w, "OPS-1").path, { relates_to: ["OPS-999", "next week"], title: "Renamed in the note" });
    const report = await w.sync();
    expect(w.sim.sim.store.issue("OPS-1")?.summary).toBe("Renamed in the note");
    const errors = report.entries.filter((e) => e.level === "error");
    expect(errors.map((e) => e.key)).toEqual(["OPS-1"]);
    expect(errors[0]?.message).toMatch(/^Jira refused the link relates_to OPS-999: .*Issue Does Not Exist/);
    expect(report.entries.filter((e) => e.level === "warning").map((e) => e.message)).toEqual([
      'link entries that name no issue were left as they are: relates_to: "next week"',
    ]);
    expect(prop("OPS-1", "relates_to")).toEqual(["OPS-999", "next week"]);
  });

  it("never creates a link twice when the run is killed right after the POST", async () => {
    w = await world({ mode });
    await w.sync();
    editFrontmatter(w, noteOf(w, "OPS-1").path, { blocks: [linkTo("OPS-2")] });
    const dying = (inner: Send): Send => ({
      async send(request, options) {
        const result = await inner.send(request, options);
        if (request.method === "POST" && request.path.endsWith("/issueLink")) throw new Error("killed after the link");
        return result;
      },
    });
    await expect(w.sync({ kind: "sync" }, { transport: dying })).rejects.toThrow("killed after the link");
    expect(jiraLinks().filter((l) => l === "OPS-1 blocks OPS-2")).toHaveLength(1);
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(writes().filter((e) => e.path.endsWith("/issueLink"))).toEqual([]);
    expect(jiraLinks().filter((l) => l === "OPS-1 blocks OPS-2")).toHaveLength(1);
    expect(prop("OPS-1", "blocks")).toEqual([linkTo("OPS-2")]);
  });

  it("leaves link properties alone when they are off", async () => {
    w = await world({ mode });
    (w.config as { issueLinks: { enabled: boolean } }).issueLinks.enabled = false;
    await w.sync();
    expect(frontmatter(noteOf(w, "OPS-5").text).blocks).toBeUndefined();
    expect(w.sim.admin.log().filter((e) => e.path.endsWith("/issueLinkType"))).toEqual([]);
  });
});
