// Retries: 429s with Retry-After are waited out (the fake clock records each wait), 503s and dropped
// connections on GET and PUT are retried until the sync completes, and a create whose POST loses its
// connection is not retried: the next sync recovers it by its creation token, so no issue is made twice.
import { afterEach, describe, expect, it } from "vitest";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { world, type World } from "./harness";
import { jiraIssue, jiraIssues, requestsTo } from "./jira";

let w: World;
afterEach(async () => w.stop());

const OPS1 = "Jira/OPS/OPS-1 Incident automation.md";

describe("retries", () => {
  it("waits out a 429 storm as Retry-After says and completes", async () => {
    w = await world();
    w.sim.admin.addFault({ path: "/rest/api/3/search/jql", status: 429, retryAfter: 7, times: 3 });
    w.sim.admin.addFault({ path: "/rest/api/3/myself", status: 429, retryAfter: 2, times: 1 });
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(report.exitCode).toBe(0);
    expect(Object.keys(w.vault.files())).toHaveLength(21);
    expect(w.sim.admin.log().filter((e) => e.status === 429)).toHaveLength(4);
    expect([...w.clock.sleeps].sort((a, b) => a - b)).toEqual([2000, 7000, 7000, 7000]);
  });

  it("retries 503s and dropped connections on GET and PUT and completes", async () => {
    w = await world();
    await w.sync();
    const edit = (from: string, to: string): void => w.vault.set(OPS1, (w.vault.files()[OPS1] ?? "").replace(from, to));
    // Round 1: dropped connections on PUT and GET, 503s on the search.
    edit("current_state: active", "current_state: reviewing");
    edit("\ntitle: Incident automation\n", "\ntitle: Incident automation v2\n");
    w.sim.admin.clearLog();
    w.sim.admin.addFault({ method: "POST", path: "/rest/api/3/search/jql", status: 503, times: 2 });
    w.sim.admin.addFault({ method: "PUT", path: "/rest/api/3/issue/*", drop: true, times: 1 });
    w.sim.admin.addFault({ method: "GET", path: "/rest/api/3/issue/*/transitions", drop: true, times: 1 });
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(report.exitCode).toBe(0);
    let log = w.sim.admin.log();
    expect(log.filter((e) => e.status === 503)).toHaveLength(2);
    expect(log.filter((e) => e.status === 0).map((e) => e.method)).toEqual(["PUT", "GET"]);
    expect(log.filter((e) => e.method === "PUT" && e.status === 200)).toHaveLength(1);
    expect(w.clock.sleeps).toHaveLength(4);
    let issue = jiraIssue(w.sim, "OPS-1");
    expect(issue?.summary).toBe("Incident automation v2");
    expect(issue?.status).toBe("In Review");
    // Round 2: 503s on PUT and GET (one with Retry-After).
    edit("current_state: reviewing", "current_state: completed");
    edit("\ntitle: Incident automation v2\n", "\ntitle: Incident automation v3\n");
    w.sim.admin.clearLog();
    w.sim.admin.addFault({ method: "PUT", path: "/rest/api/3/issue/*", status: 503, times: 2 });
    w.sim.admin.addFault({ method: "GET", path: "/rest/api/3/issue/*/transitions", status: 503, retryAfter: 3, times: 1 });
    const sleepsBefore = w.clock.sleeps.length;
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    log = w.sim.admin.log();
    expect(log.filter((e) => e.status === 503).map((e) => e.method)).toEqual(["PUT", "PUT", "GET"]);
    expect(w.clock.sleeps.slice(sleepsBefore)).toHaveLength(3);
    expect(w.clock.sleeps.slice(sleepsBefore)[2]).toBe(3000);
    issue = jiraIssue(w.sim, "OPS-1");
    expect(issue?.summary).toBe("Incident automation v3");
    expect(issue?.status).toBe("Done");
  });

  for (const fault of ["drop", "truncate"] as const) {
    it(`does not retry a create whose POST ${fault === "drop" ? "lost its connection" : "lost its answer"}; the next sync recovers it without a duplicate`, async () => {
      w = await world({ seed: "empty" });
      const path = "Jira/OPS/Renew certificates.md";
      w.vault.set(path, "---\ntitle: Renew certificates\n---\nBefore they expire.\n");
      w.sim.admin.addFault({ method: "POST", path: "/rest/api/3/issue", [fault]: true, times: 1 });
      const first = await w.sync();
      expect(first.exitCode).toBe(1);
      expect(requestsTo(w.sim, "/rest/api/3/issue", "POST")).toBe(1);
      expect(w.vault.files()[path]).not.toContain("jira_key");
      const journal = JSON.parse(w.store.raw(stateFileNames(w.sim.url).journal) ?? "{}") as { creates?: unknown[] };
      expect(journal.creates).toHaveLength(1);
      // With `drop` Jira never saw the request; with `truncate` it created the issue and the answer was lost.
      expect(jiraIssues(w.sim)).toHaveLength(fault === "drop" ? 0 : 1);
      const second = await w.sync();
      expect(second.exitCode).toBe(0);
      const issues = jiraIssues(w.sim);
      expect(issues).toHaveLength(1);
      expect(issues[0]?.summary).toBe("Renew certificates");
      expect(w.vault.files()[path]).toContain(`jira_key: ${issues[0]?.key ?? "?"}`);
      expect(requestsTo(w.sim, "/rest/api/3/issue", "POST")).toBe(fault === "drop" ? 2 : 1);
      const after = JSON.parse(w.store.raw(stateFileNames(w.sim.url).journal) ?? "{}") as { creates?: unknown[] };
      expect(after.creates ?? []).toEqual([]);
    });
  }
});
