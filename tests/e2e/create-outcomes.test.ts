// What a create's answer proves. Only an answer showing that Jira created nothing (a 400 with its validation
// errors, 401, 403, 404) drops the journal's intent; every other outcome (5xx, 408, 409, an unreadable body,
// a lost connection) keeps it, and the next sync finds the issue by its creation token instead of creating
// a second one (or, when Jira had created nothing, creates it then, once).
import { afterEach, describe, expect, it } from "vitest";
import type { JiraResult, JiraTransport } from "../../plugin/src/jira/client";
import type { JiraProblem } from "../../plugin/src/jira/errors";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { world, type SyncExtra, type World } from "./harness";
import { jiraIssues, requestsTo } from "./jira";

type Send = Pick<JiraTransport, "send">;

let w: World;
afterEach(async () => w.stop());

function journalCreates(): unknown[] {
  const journal = JSON.parse(w.store.raw(stateFileNames(w.sim.url).journal) ?? "{}") as { creates?: unknown[] };
  return journal.creates ?? [];
}

/** Jira processes the create, but the answer that reaches the sync is this failure (a gateway timing out,
 *  a proxy mangling the body). */
function answeredAfterCreating(problem: JiraProblem, status: number): SyncExtra["transport"] {
  return (inner: Send): Send => ({
    async send(request, options) {
      const result = await inner.send(request, options);
      if (request.method !== "POST" || !/\/issue(\/bulk)?$/.test(request.path)) return result;
      const failed: JiraResult = { ok: false, error: { problem, status, message: `Simulated HTTP ${status} after the create.`, request: `POST ${request.path}`, details: [], attempts: 1 } };
      return failed;
    },
  });
}

function addNotes(count: number): string[] {
  const paths = Array.from({ length: count }, (_, i) => `Jira/OPS/Renew certificate ${i + 1}.md`);
  for (const [i, path] of paths.entries()) w.vault.set(path, `---\ntitle: Renew certificate ${i + 1}\n---\nBefore it expires.\n`);
  return paths;
}

async function expectRecoveredOnce(paths: string[]): Promise<void> {
  const second = await w.sync();
  expect(second.exitCode).toBe(0);
  const issues = jiraIssues(w.sim);
  expect(issues.map((i) => i.summary).sort()).toEqual(paths.map((_, i) => `Renew certificate ${i + 1}`).sort());
  for (const path of paths) expect(w.vault.files()[path]).toMatch(/\njira_key: OPS-\d+\n/);
  expect(Object.keys(w.vault.files())).toHaveLength(paths.length);
  expect(journalCreates()).toEqual([]);
  const third = await w.sync();
  expect(third.exitCode).toBe(0);
  expect(jiraIssues(w.sim)).toHaveLength(paths.length);
}

describe("create outcomes", () => {
  for (const [problem, status] of [["server", 504], ["server", 500], ["rejected", 409], ["rejected", 408], ["invalid-json", 201]] as const) {
    for (const count of [1, 2]) {
      it(`keeps the intent when Jira created ${count === 1 ? "the issue" : "the issues (bulk)"} but the answer was HTTP ${status} (${problem}); the next sync links it, no duplicate`, async () => {
        w = await world({ seed: "empty" });
        const paths = addNotes(count);
        const first = await w.sync(undefined, { transport: answeredAfterCreating(problem, status) });
        expect(first.exitCode).toBe(1);
        expect(jiraIssues(w.sim)).toHaveLength(count);
        for (const path of paths) expect(w.vault.files()[path]).not.toContain("jira_key");
        expect(journalCreates()).toHaveLength(count);
        expect(first.entries.filter((e) => e.level === "error").map((e) => e.message).join("\n")).toContain("creation token");
        await expectRecoveredOnce(paths);
        expect(requestsTo(w.sim, count === 1 ? "/rest/api/3/issue" : "/rest/api/3/issue/bulk", "POST")).toBe(1);
      });
    }
  }

  it("keeps the intent when Jira answered 500 without creating; the next sync finds nothing and creates it once", async () => {
    w = await world({ seed: "empty" });
    const paths = addNotes(1);
    w.sim.admin.addFault({ method: "POST", path: "/rest/api/3/issue", status: 500, times: 1 });
    const first = await w.sync();
    expect(first.exitCode).toBe(1);
    expect(jiraIssues(w.sim)).toHaveLength(0);
    expect(journalCreates()).toHaveLength(1);
    await expectRecoveredOnce(paths);
  });

  for (const status of [400, 401, 403, 404]) {
    it(`drops the intent when Jira answered ${status}, which proves nothing was created`, async () => {
      w = await world({ seed: "empty" });
      const paths = addNotes(1);
      const body = status === 400 ? { errorMessages: [], errors: { summary: "You must specify a summary of the issue." } } : undefined;
      w.sim.admin.addFault({ method: "POST", path: "/rest/api/3/issue", status, body, times: 1 });
      const first = await w.sync();
      expect(first.exitCode).not.toBe(0);
      expect(jiraIssues(w.sim)).toHaveLength(0);
      expect(journalCreates()).toEqual([]);
      // The note is still key-less: the next sync creates it (as a new intent, not a recovery).
      await expectRecoveredOnce(paths);
    });
  }

  it("a bulk create's element errors prove nothing was created for those elements only", async () => {
    w = await world({ seed: "empty" });
    const paths = addNotes(2);
    const bogus = paths[0] ?? "";
    w.vault.set(bogus, (w.vault.files()[bogus] ?? "").replace("---\ntitle:", "---\njira_issue_type: Bogus\ntitle:"));
    const first = await w.sync();
    expect(first.exitCode).toBe(1);
    expect(requestsTo(w.sim, "/rest/api/3/issue/bulk", "POST")).toBe(1);
    expect(jiraIssues(w.sim).map((i) => i.summary)).toEqual(["Renew certificate 2"]);
    expect(journalCreates()).toEqual([]);
    const errors = first.entries.filter((e) => e.level === "error");
    expect(errors.map((e) => e.path)).toEqual([bogus]);
    expect(errors[0]?.message).toMatch(/^Jira did not create the issue: /);
    w.vault.set(bogus, (w.vault.files()[bogus] ?? "").replace("jira_issue_type: Bogus\n", ""));
    await expectRecoveredOnce(paths);
  });
});
