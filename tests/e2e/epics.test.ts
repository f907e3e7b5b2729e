// An epic's children and their parent, both ways, on both deployments. Cloud names every level's parent in
// `parent`; Data Center names an epic's children's epic in the *Epic Link* custom field (found by its type,
// not its name) and keeps `parent` for sub-tasks, where it cannot be edited. A child moved to another epic in
// its note reaches Jira through the field the site uses, a move made in Jira reaches the note, and a new note
// naming an epic is created as its child.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { editFrontmatter, editIssue, frontmatter, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** The key of an issue's parent in the simulator's store. */
function parentOf(key: string): string | null {
  const store = w.sim.sim.store;
  const parent = store.issue(key)?.parentId;
  return parent ? (store.issue(parent)?.key ?? null) : null;
}

describe.each(["cloud", "datacenter"] as const)("epics and their children (%s)", (mode) => {
  it("pulls each child's epic and moves children between epics both ways", async () => {
    w = await world({ mode });
    (w.config.fields as unknown[]).push({ jira: "parent", note: { frontmatter: "parent" }, direction: "both" });
    w.config.parentStyle = "key"; // plain keys here; wiki-links are tests/e2e/links.test.ts's
    const first = await w.sync();
    expect(first.entries.filter((e) => e.level !== "info")).toEqual([]);
    // The seed's OPS-1 and OPS-2 are epics; OPS-3 and OPS-4 are children of OPS-1; OPS-19 a sub-task of OPS-3.
    expect(["OPS-3", "OPS-4"].map((k) => frontmatter(noteOf(w, k).text).parent)).toEqual(["OPS-1", "OPS-1"]);
    const sub = w.sim.sim.store.state.issues.find((i) => i.projectKey === "OPS" && i.parentId !== null && i.issueTypeId === "10004");
    expect(frontmatter(noteOf(w, sub?.key ?? "").text).parent).toBe(parentOf(sub?.key ?? ""));

    // In the note: OPS-3 moves to the other epic.
    editFrontmatter(w, noteOf(w, "OPS-3").path, { parent: "OPS-2" });
    // In Jira: bob moves OPS-4 to the other epic, through the field the site uses.
    const epicLink = w.sim.sim.store.state.fields.find((f) => f.name === "Epic Link")?.id;
    await editIssue(w, "OPS-4", mode === "cloud" ? { parent: { key: "OPS-2" } } : { [epicLink ?? ""]: "OPS-2" });
    w.sim.admin.clearLog();
    const second = await w.sync();
    expect(second.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect([parentOf("OPS-3"), parentOf("OPS-4")]).toEqual(["OPS-2", "OPS-2"]);
    expect(frontmatter(noteOf(w, "OPS-4").text).parent).toBe("OPS-2");
    const put = w.sim.admin.log().find((e) => e.method === "PUT");
    const sent = Object.keys((put?.body as { fields: Record<string, unknown> }).fields);
    expect(sent).toEqual([mode === "cloud" ? "parent" : epicLink]);

    // A new note naming an epic becomes that epic's child, with no warning (on Data Center the create's `parent`
    // is refused for a child of an epic, and it is sent again with the Epic Link).
    w.vault.set("Jira/OPS/Page the secondary.md", "---\ntitle: Page the secondary\nparent: OPS-2\n---\nAfter 10 minutes.\n");
    const created = await w.sync();
    expect(created.entries.filter((e) => e.level !== "info")).toEqual([]);
    const child = w.sim.sim.store.state.issues.find((i) => i.summary === "Page the secondary");
    expect(parentOf(child?.key ?? "")).toBe("OPS-2");

    // Nothing left to do.
    w.sim.admin.clearLog();
    const third = await w.sync();
    expect(third.counts.requests).toBe(1);
  });

  it("refuses only the parent of a sub-task moved in its note where Jira cannot move it, and saves the rest", async () => {
    w = await world({ mode });
    (w.config.fields as unknown[]).push({ jira: "parent", note: { frontmatter: "parent" }, direction: "both" });
    w.config.parentStyle = "key"; // plain keys here; wiki-links are tests/e2e/links.test.ts's
    await w.sync();
    const sub = w.sim.sim.store.state.issues.find((i) => i.projectKey === "OPS" && i.issueTypeId === "10004");
    const key = sub?.key ?? "";
    const before = parentOf(key);
    // OPS-4 is a task: a sub-task's parent on Cloud, not a place Data Center can move a sub-task to by an edit.
    editFrontmatter(w, noteOf(w, key).path, { parent: "OPS-4", title: "Collect alert samples" });
    const report = await w.sync();
    expect(w.sim.sim.store.issue(key)?.summary).toBe("Collect alert samples");
    if (mode === "cloud") {
      expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
      expect(parentOf(key)).toBe("OPS-4");
    } else {
      expect(parentOf(key)).toBe(before);
      expect(report.entries.filter((e) => e.level === "error").map((e) => [e.key, e.message])).toEqual([
        [key, "Jira refused parent: Issue 'OPS-4' is not an epic. The other fields were saved; fix the value and sync again."],
      ]);
      expect(frontmatter(noteOf(w, key).text).parent).toBe("OPS-4");
    }
  });
});
