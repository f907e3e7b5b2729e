// Parents as wiki-links, both ways, on both deployments (issue #15, "Hierarchy and links"). A child's note
// names its parent as `[[<the parent note's file name>]]`; the link is resolved by key, so renaming the
// parent's note only refreshes the link text (nothing is pushed), a link or a plain key typed in the note
// re-parents the issue in Jira, and a parent at a level the site's hierarchy forbids is refused for that
// note alone with Jira's message while its other fields are saved.
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
