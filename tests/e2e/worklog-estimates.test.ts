// Estimates ↔ front matter: `originalEstimate`, `remainingEstimate` and (read-only) `timeSpent` mapped to
// `estimate`, `remaining` and `time_spent` in Jira's duration form; both estimates written in one
// `timetracking` object.
import { afterEach, describe, expect, it } from "vitest";
import { CLOUD_USERS, rawRequest } from "../jira-sim/test/harness";
import { world, type World } from "./harness";

let w: World;
afterEach(async () => w.stop());

describe("estimates", () => {
  it("round-trip between front matter and Jira's time tracking", async () => {
    w = await world();
    const fields = w.config.fields as unknown[];
    w.config.fields = [
      ...fields,
      { jira: "originalEstimate", note: { frontmatter: "estimate" }, direction: "both" },
      { jira: "remainingEstimate", note: { frontmatter: "remaining" }, direction: "both" },
      { jira: "timeSpent", note: { frontmatter: "time_spent" }, direction: "pull" },
    ];
    expect((await w.sync()).exitCode).toBe(0);
    const path = Object.keys(w.vault.files()).find((p) => p.includes("Two-way sync of runbook checklists")) ?? "";
    const text = w.vault.files()[path] ?? "";
    // Seeded: 10h estimate, 4h + 1h logged.
    expect(text).toContain("estimate: 1d 2h\n");
    expect(text).toContain("time_spent: 5h\n");
    expect(text).toMatch(/remaining: \S+/);
    const key = /jira_key: (\S+)/.exec(text)?.[1] ?? "";
    w.vault.set(path, text.replace("estimate: 1d 2h\n", "estimate: 3d\n").replace(/remaining: .*\n/, "remaining: 1d 4h\n"));
    w.sim.admin.clearLog();
    const pushed = await w.sync();
    expect(pushed.exitCode).toBe(0);
    const put = w.sim.admin.log().find((e) => e.method === "PUT" && /\/issue\/\d+$/.test(e.path));
    expect((put?.body as { fields: Record<string, unknown> }).fields.timetracking).toEqual({ originalEstimate: "3d", remainingEstimate: "1d 4h" });
    const issue = await timetracking(key);
    expect(issue.originalEstimateSeconds).toBe(3 * 8 * 3600);
    expect(issue.remainingEstimateSeconds).toBe(12 * 3600);
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.counts.requests).toBe(1);
  });
});

async function timetracking(key: string): Promise<Record<string, number>> {
  const res = await rawRequest(`${w.sim.url}/rest/api/3/issue/${key}?fields=timetracking`, "GET", { authorization: CLOUD_USERS.alice, accept: "application/json" });
  const body = JSON.parse(res.text) as { fields: { timetracking: Record<string, number> } };
  return body.fields.timetracking;
}
