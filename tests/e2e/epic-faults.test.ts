// Data Center epics under faults. An epic's child moved in its note is written to the Epic Link field, and a
// new note naming an epic is created, refused for its `parent`, and sent again with the Epic Link: each of these
// writes goes through the same retry path as every other request, so a 503 or a dropped connection on it is
// retried until the sync completes, and a lost create answer never makes the issue twice.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { editFrontmatter, frontmatter, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** The key of an issue's parent in the simulator's store. */
function parentOf(key: string): string | null {
  const store = w.sim.sim.store;
  const parent = store.issue(key)?.parentId;
  return parent ? (store.issue(parent)?.key ?? null) : null;
}

/** The issues of OPS with this summary. */
function issuesNamed(summary: string): string[] {
  return w.sim.sim.store.state.issues.filter((i) => i.summary === summary).map((i) => i.key);
}

/** The create requests since the log was last cleared. */
function creates(): { status: number }[] {
  return w.sim.admin.log().filter((e) => e.method === "POST" && e.path === "/rest/api/2/issue");
}

async function datacenterWithParents(): Promise<void> {
  w = await world({ mode: "datacenter" });
  w.config.parentStyle = "key"; // plain keys here; wiki-links are tests/e2e/links.test.ts's
  (w.config.fields as unknown[]).push({ jira: "parent", note: { frontmatter: "parent" }, direction: "both" });
  const first = await w.sync();
  expect(first.entries.filter((e) => e.level !== "info")).toEqual([]);
}

describe("Data Center epic links under faults", () => {
  it("retries 503s and a dropped connection on the Epic Link write and completes", async () => {
    await datacenterWithParents();
    editFrontmatter(w, noteOf(w, "OPS-3").path, { parent: "OPS-2" });
    w.sim.admin.clearLog();
    // Both rules match the first PUT (its connection drops), the 503 rule the second too.
    w.sim.admin.addFault({ method: "PUT", path: "/rest/api/2/issue/*", status: 503, times: 2 });
    w.sim.admin.addFault({ method: "PUT", path: "/rest/api/2/issue/*", drop: true, times: 1 });
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
    const puts = w.sim.admin.log().filter((e) => e.method === "PUT");
    expect(puts.map((e) => e.status)).toEqual([0, 503, 204]);
    expect(parentOf("OPS-3")).toBe("OPS-2");
    expect(frontmatter(noteOf(w, "OPS-3").text).parent).toBe("OPS-2");
    w.sim.admin.clearLog();
    expect((await w.sync()).counts.requests).toBe(1);
  });

  it("creates a child of an epic once when the answer to its Epic Link create is lost", async () => {
    await datacenterWithParents();
    w.vault.set("Jira/OPS/Rotate the pager.md", "---\ntitle: Rotate the pager\nparent: OPS-2\n---\nEvery Monday.\n");
    // The first create (with `parent`, which Data Center refuses for an epic's child) is answered; the second (the
    // same issue with the Epic Link) is made but its answer is cut short: the sync cannot tell that Jira made it.
    w.sim.admin.addFault({ method: "POST", path: "/rest/api/2/issue", truncate: true, skip: 1 });
    w.sim.admin.clearLog();
    await w.sync();
    expect(creates().map((e) => e.status)).toEqual([400, 201]);
    expect(issuesNamed("Rotate the pager")).toHaveLength(1);
    // The next sync finds what was made by the note's creation token instead of creating it again.
    w.sim.admin.clearLog();
    const next = await w.sync();
    expect(next.entries.filter((e) => e.level === "error")).toEqual([]);
    expect(creates()).toEqual([]);
    const made = issuesNamed("Rotate the pager");
    expect(made).toHaveLength(1);
    expect(parentOf(made[0] ?? "")).toBe("OPS-2");
    const note = Object.entries(w.vault.files()).find(([, text]) => text.includes("title: Rotate the pager"));
    expect(note && frontmatter(note[1]).jira_key).toBe(made[0]);
    expect(note && frontmatter(note[1]).parent).toBe("OPS-2");
    w.sim.admin.clearLog();
    expect((await w.sync()).counts.requests).toBe(1);
  });
});
