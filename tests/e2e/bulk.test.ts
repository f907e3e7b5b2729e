// Bulk create: 120 new notes become 120 issues through `POST /issue/bulk` in chunks of 50 (three requests);
// every note gets its own key and no summary appears twice in Jira.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { jiraIssues, requestsTo } from "./jira";

let w: World;
afterEach(async () => w.stop());

describe("bulk create", () => {
  it("creates 120 issues in three bulk requests, one key per note", async () => {
    w = await world({ seed: "empty" });
    const paths: string[] = [];
    for (let n = 1; n <= 120; n++) {
      const path = `Jira/OPS/Task ${String(n).padStart(3, "0")}.md`;
      paths.push(path);
      w.vault.set(path, `---\ntitle: Task ${n}\n---\nBody of task ${n}.\n`);
    }
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(report.exitCode).toBe(0);
    expect(report.counts.issuesCreated).toBe(120);
    const bulk = w.sim.admin.log().filter((e) => e.method === "POST" && e.path.endsWith("/issue/bulk"));
    expect(bulk).toHaveLength(3);
    expect(bulk.map((e) => (e.body as { issueUpdates: unknown[] }).issueUpdates.length)).toEqual([50, 50, 20]);
    expect(requestsTo(w.sim, "/rest/api/3/issue", "POST")).toBe(0);
    const issues = jiraIssues(w.sim);
    expect(issues).toHaveLength(120);
    expect(new Set(issues.map((i) => i.summary)).size).toBe(120);
    const files = w.vault.files();
    const keys = paths.map((p) => /\njira_key: (OPS-\d+)\n/.exec(files[p] ?? "")?.[1]);
    expect(keys.every((k) => k !== undefined)).toBe(true);
    expect(new Set(keys).size).toBe(120);
    for (const [i, p] of paths.entries()) {
      const key = keys[i];
      expect(issues.find((x) => x.key === key)?.summary, p).toBe(`Task ${i + 1}`);
    }
    expect(Object.keys(files)).toHaveLength(120);
    w.sim.admin.clearLog();
    await w.sync();
    expect(requestsTo(w.sim, "/issue/bulk") + requestsTo(w.sim, "/rest/api/3/issue", "POST")).toBe(0);
    expect(jiraIssues(w.sim)).toHaveLength(120);
  });
});
