// A real site's first hour: mapped custom fields the site does not have, or that Jira will not let the sync
// set on an issue's screen, cost one warning per field and run (naming the field and the fix); the rest of
// the sync runs, the watermark advances, the exit code is 0, and a sync with nothing to do sends one request.
import { afterEach, describe, expect, it } from "vitest";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { world, type World } from "./harness";
import { editFrontmatter, entries, frontmatter, noteOf } from "./helpers";
import { jiraIssue, jiraIssues, requestsTo } from "./jira";

const AI_FIELDS = ["LLM Context", "Model Suggestions", "Automation Status"];

let w: World;
afterEach(async () => w.stop());

function savedState(): { watermark?: string; unusableFields?: Record<string, string[]> } {
  return JSON.parse(w.store.raw(stateFileNames(w.sim.url).state) ?? "{}") as { watermark?: string; unusableFields?: Record<string, string[]> };
}

describe("a site without the mapped custom fields", () => {
  for (const mode of ["cloud", "datacenter"] as const) {
    it(`${mode}: the first sync with default settings exits 0 with one warning per missing field; the next sends one request`, async () => {
      w = await world({ mode, withoutCustomFields: AI_FIELDS });
      const first = await w.sync();
      expect(first.fatal).toBeUndefined();
      expect(entries(first, "error")).toEqual([]);
      expect(first.exitCode).toBe(0);
      const warnings = entries(first, "warning").map((e) => e.message);
      expect(warnings).toHaveLength(3);
      for (const [i, name] of AI_FIELDS.entries()) {
        expect(warnings[i]).toContain(`"${name}"`);
        expect(warnings[i]).toContain("Create the field in Jira or remove the mapping");
      }
      expect(Object.keys(w.vault.files())).toHaveLength(21);
      expect(savedState().watermark).toBeDefined();
      w.sim.admin.clearLog();
      const second = await w.sync();
      expect(second.exitCode).toBe(0);
      expect(entries(second, "warning")).toHaveLength(3);
      expect(second.counts.requests).toBe(1);
      expect(w.sim.admin.log()).toHaveLength(1);
    });
  }

  it("a local edit of a skipped field stays in the note and the rest of the note still syncs", async () => {
    w = await world({ withoutCustomFields: AI_FIELDS });
    expect((await w.sync()).exitCode).toBe(0);
    const { path } = noteOf(w, "OPS-1");
    editFrontmatter(w, path, { title: "Renamed", ai_context: "kept in the note" });
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect(jiraIssue(w.sim, "OPS-1")?.summary).toBe("Renamed");
    expect(frontmatter(noteOf(w, "OPS-1").text).ai_context).toBe("kept in the note");
  });

  it("looks the fields up again on a full scan, and syncs a field created in Jira meanwhile", async () => {
    w = await world({ withoutCustomFields: AI_FIELDS });
    expect((await w.sync()).exitCode).toBe(0);
    expect(Object.keys(savedState().unusableFields ?? {}).sort()).toEqual([...AI_FIELDS].sort());
    w.sim.admin.clearLog();
    const full = await w.sync({ kind: "full" });
    expect(full.exitCode).toBe(0);
    expect(requestsTo(w.sim, "/field", "GET")).toBe(1);
  });
});

describe("fields Jira refuses on the issue's screen", () => {
  it("an update drops the refused field with one warning, saves the other fields, and keeps the edit local", async () => {
    w = await world();
    expect((await w.sync()).exitCode).toBe(0);
    // An admin deletes the field after the sync learnt its id: Jira now answers "cannot be set".
    w.sim.sim.removeCustomFields(["LLM Context"]);
    for (const key of ["OPS-1", "OPS-2"]) editFrontmatter(w, noteOf(w, key).path, { title: `${key} renamed`, ai_context: `context of ${key}` });
    const report = await w.sync();
    expect(entries(report, "error")).toEqual([]);
    expect(report.exitCode).toBe(0);
    const warnings = entries(report, "warning").map((e) => e.message);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/^Jira does not let the sync set ai_context \(customfield_10040\) on .* issues of OPS/);
    expect(jiraIssue(w.sim, "OPS-1")?.summary).toBe("OPS-1 renamed");
    expect(jiraIssue(w.sim, "OPS-2")?.summary).toBe("OPS-2 renamed");
    expect(frontmatter(noteOf(w, "OPS-1").text).ai_context).toBe("context of OPS-1");
  });

  it("a create leaves out a field Jira refuses on the create screen, with one warning, and creates the issue once", async () => {
    w = await world({ seed: "empty" });
    expect((await w.sync()).exitCode).toBe(0);
    w.vault.set("Jira/OPS/Seed.md", "---\ntitle: Seed\n---\n");
    expect((await w.sync()).exitCode).toBe(0);
    w.sim.sim.removeCustomFields(["LLM Context"]);
    w.vault.set("Jira/OPS/Rotate keys.md", "---\ntitle: Rotate keys\nai_context: the vault's own notes\n---\nEvery quarter.\n");
    const report = await w.sync();
    expect(entries(report, "error")).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(entries(report, "warning").map((e) => e.message).join("\n")).toContain("ai_context (customfield_10040)");
    expect(jiraIssues(w.sim).map((i) => i.summary).sort()).toEqual(["Rotate keys", "Seed"]);
    expect(noteOf(w, jiraIssues(w.sim).find((i) => i.summary === "Rotate keys")?.key ?? "?").text).toContain("ai_context: the vault's own notes");
  });
});
