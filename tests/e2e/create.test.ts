// Create: a key-less note in a synced project's folder (or naming `jira_project`) becomes one Jira issue via
// one `POST /issue`, gets its key written back, carries its title and body into Jira, reaches its state by
// a transition, leaves the journal empty, and a second sync creates nothing.
import { afterEach, describe, expect, it } from "vitest";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { world, type World } from "./harness";
import { jiraIssue, jiraIssues, requestsTo } from "./jira";

let w: World;
afterEach(async () => w.stop());

function journalCreates(w: World): unknown[] {
  const text = w.store.raw(stateFileNames(w.sim.url).journal);
  expect(text).not.toBeNull();
  const journal = JSON.parse(text ?? "{}") as { creates?: unknown[] };
  return journal.creates ?? [];
}

describe("create", () => {
  it("creates one issue for a key-less note in Jira/OPS/, writes the key back, and creates nothing on the next sync", async () => {
    w = await world({ seed: "empty" });
    const path = "Jira/OPS/Rotate the pager.md";
    w.vault.set(path, "---\ntitle: Rotate the pager\ncurrent_state: active\n---\nHand the pager to the next on call.\n\nCheck the escalation policy.\n");
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(report.exitCode).toBe(0);
    expect(requestsTo(w.sim, "/rest/api/3/issue", "POST")).toBe(1);
    expect(requestsTo(w.sim, "/issue/bulk")).toBe(0);
    const issues = jiraIssues(w.sim);
    expect(issues).toHaveLength(1);
    const issue = issues[0];
    expect(issue?.key).toBe("OPS-1");
    expect(issue?.summary).toBe("Rotate the pager");
    expect(issue?.description).toBe("Hand the pager to the next on call.\n\nCheck the escalation policy.");
    expect(issue?.status).toBe("In Progress");
    expect(requestsTo(w.sim, "/transitions", "POST")).toBe(1);
    const note = w.vault.files()[path];
    expect(note).toMatch(/^---\n(.*\n)*jira_key: OPS-1\n(.*\n)*---\n/);
    expect(note).toContain("current_state: active");
    expect(note).toContain("Hand the pager to the next on call.");
    expect(journalCreates(w)).toEqual([]);

    const files = w.vault.files();
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(requestsTo(w.sim, "/issue", "POST") + requestsTo(w.sim, "/issue/bulk")).toBe(0);
    expect(jiraIssues(w.sim)).toHaveLength(1);
    expect(w.vault.files()).toEqual(files);
  });

  it("creates an issue for a note anywhere that names jira_project", async () => {
    w = await world({ seed: "demo" });
    await w.sync();
    const before = jiraIssues(w.sim).length;
    const path = "Inbox/Audit the runbooks.md";
    w.vault.set(path, "---\njira_project: OPS\n---\nEvery runbook gets an owner.\n");
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect(requestsTo(w.sim, "/rest/api/3/issue", "POST")).toBe(1);
    const after = jiraIssues(w.sim);
    expect(after).toHaveLength(before + 1);
    const created = after.find((i) => i.summary === "Audit the runbooks");
    expect(created).toBeDefined();
    expect(created?.description).toBe("Every runbook gets an owner.");
    expect(created?.status).toBe("To Do");
    expect(w.vault.files()[path]).toContain(`jira_key: ${created?.key ?? "?"}`);
    expect(journalCreates(w)).toEqual([]);
    w.sim.admin.clearLog();
    await w.sync();
    expect(requestsTo(w.sim, "/issue", "POST")).toBe(0);
    expect(jiraIssue(w.sim, created?.key ?? "")).toBeDefined();
    expect(jiraIssues(w.sim)).toHaveLength(before + 1);
  });
});
