// Deletes: an issue deleted in Jira is found by a full scan; its note is kept and marked `jira_deleted:
// true`, with a warning in the report. Later syncs neither recreate nor delete anything.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { entries, frontmatter, noteOf, rest } from "./helpers";

let w: World;
afterEach(async () => w.stop());

describe("delete", () => {
  it("keeps the note of an issue deleted in Jira and marks it jira_deleted", async () => {
    w = await world();
    await w.sync();
    const { path, text } = noteOf(w, "OPS-10");
    expect((await rest(w, "DELETE", "/issue/OPS-10")).status).toBe(204);
    expect((await rest(w, "GET", "/issue/OPS-10")).status).toBe(404);

    const report = await w.sync({ kind: "full" });
    expect(report.fatal).toBeUndefined();
    expect(report.counts.deleted).toBe(1);
    const warnings = entries(report, "warning");
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ path, key: "OPS-10" });
    const marked = w.vault.files()[path] ?? "";
    expect(frontmatter(marked)).toMatchObject({ jira_key: "OPS-10", jira_deleted: true });
    expect(marked.replace("jira_deleted: true\n", "")).toBe(text);

    // Neither a normal nor a full sync recreates the issue, deletes the note or warns again.
    const files = w.vault.files();
    for (const mode of [{ kind: "sync" }, { kind: "full" }] as const) {
      w.sim.admin.clearLog();
      const later = await w.sync(mode);
      expect(later.entries.filter((e) => e.level !== "info")).toEqual([]);
      expect(later.exitCode).toBe(0);
      expect(later.counts.issuesCreated).toBe(0);
      expect(w.sim.admin.log().filter((e) => e.method !== "GET" && !e.path.endsWith("/search/jql"))).toEqual([]);
      expect(w.vault.files()).toEqual(files);
    }
  });

  it("still marks the note when the user edits it just before the mark is written", async () => {
    w = await world();
    await w.sync();
    const { path } = noteOf(w, "OPS-12");
    expect((await rest(w, "DELETE", "/issue/OPS-12")).status).toBe(204);
    let typed = false;
    w.vault.beforeWrite = (p) => {
      if (p !== path || typed) return;
      typed = true;
      w.vault.set(p, `${w.vault.files()[p] ?? ""}Typed during the sync.\n`);
    };
    const report = await w.sync({ kind: "full" });
    w.vault.beforeWrite = undefined;
    expect(typed).toBe(true);
    expect(report.counts.deleted).toBe(1);
    const marked = w.vault.files()[path] ?? "";
    expect(frontmatter(marked).jira_deleted).toBe(true);
    expect(marked).toContain("Typed during the sync.");
    const later = await w.sync({ kind: "full" });
    expect(later.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(w.vault.files()[path]).toBe(marked);
  });
});
