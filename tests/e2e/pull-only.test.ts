// Pull-only runs (`sync --pull`, Obsidian's "Pull changes only") bring Jira's changes into the notes and leave
// the user's unpushed edits pending: the next normal sync pushes them, whatever happened in between (a remote
// edit of another field or of the body, a full scan).
import { afterEach, describe, expect, it } from "vitest";
import { withoutChildSection } from "./child-markers";
import { world, type World } from "./harness";
import { bodyOf, editFrontmatter, frontmatter, noteOf, withBody } from "./helpers";
import { jiraIssue, remoteEdit } from "./jira";

let w: World;
afterEach(async () => w.stop());

async function synced(): Promise<World> {
  const fresh = await world();
  expect((await fresh.sync()).exitCode).toBe(0);
  return fresh;
}

describe("pull-only keeps local edits pending", () => {
  it("a title edited before a pull is pushed by the next sync", async () => {
    w = await synced();
    const { path } = noteOf(w, "OPS-1");
    editFrontmatter(w, path, { title: "Renamed locally" });
    const pull = await w.sync({ kind: "pull" });
    expect(pull.exitCode).toBe(0);
    expect(jiraIssue(w.sim, "OPS-1")?.summary).toBe("Incident automation");
    expect(frontmatter(noteOf(w, "OPS-1").text).title).toBe("Renamed locally");
    const sync = await w.sync();
    expect(sync.exitCode).toBe(0);
    expect(jiraIssue(w.sim, "OPS-1")?.summary).toBe("Renamed locally");
    expect(frontmatter(noteOf(w, "OPS-1").text).title).toBe("Renamed locally");
  });

  it("a remote edit of the body in between comes in, and the title still goes out", async () => {
    w = await synced();
    const { path } = noteOf(w, "OPS-1");
    editFrontmatter(w, path, { title: "Renamed locally" });
    await remoteEdit(w.sim, "OPS-1", { description: "Rewritten in Jira." });
    expect((await w.sync({ kind: "pull" })).exitCode).toBe(0);
    const pulled = noteOf(w, "OPS-1").text;
    expect(withoutChildSection(bodyOf(pulled)).trim()).toBe("Rewritten in Jira.");
    expect(frontmatter(pulled).title).toBe("Renamed locally");
    expect(jiraIssue(w.sim, "OPS-1")?.summary).toBe("Incident automation");
    expect((await w.sync()).exitCode).toBe(0);
    expect(jiraIssue(w.sim, "OPS-1")?.summary).toBe("Renamed locally");
    expect(jiraIssue(w.sim, "OPS-1")?.description).toBe("Rewritten in Jira.");
  });

  it("a body edited before a pull is neither lost nor overwritten by a full scan, and is pushed next", async () => {
    w = await synced();
    const { path, text } = noteOf(w, "OPS-2");
    w.vault.set(path, withBody(text, `${bodyOf(text).trimEnd()}\n\nAdded locally.\n`));
    editFrontmatter(w, path, { title: "Local title" });
    expect((await w.sync({ kind: "pull" })).exitCode).toBe(0);
    expect((await w.sync({ kind: "pull" })).exitCode).toBe(0);
    // Someone changes the issue in Jira (labels, not mapped): it is fetched again, and the full scan re-reads all.
    await remoteEdit(w.sim, "OPS-2", { labels: ["from-jira"] });
    expect((await w.sync({ kind: "full" })).exitCode).toBe(0);
    const after = noteOf(w, "OPS-2").text;
    expect(frontmatter(after).title).toBe("Local title");
    expect(bodyOf(after)).toContain("Added locally.");
    expect(jiraIssue(w.sim, "OPS-2")?.summary).toBe("Local title");
    expect(jiraIssue(w.sim, "OPS-2")?.description).toContain("Added locally.");
    expect(jiraIssue(w.sim, "OPS-2")?.labels).toContain("from-jira");
  });
});
