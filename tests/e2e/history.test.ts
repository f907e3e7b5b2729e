// The issue history (docs/history.md) against the simulator's company site, on Cloud and Data Center: a
// sync followed by the history read keeps every in-scope issue with its status changes, in as few requests
// as the API allows (counted); a second read asks only for the issues updated since; a failing Jira keeps the
// previous history file as it was.
import { afterEach, describe, expect, it } from "vitest";
import { HIDDEN_FROM_ALICE } from "../jira-sim/company";
import { historyFileName, runHistory, type HistoryInput, type HistoryReport } from "../../plugin/src/history/driver";
import { type JiraResult, JiraTransport } from "../../plugin/src/jira/client";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { CLOUD_ALICE, DC_ALICE, loadCoreSync, world, type World } from "./harness";
import { editIssue } from "./helpers";

let w: World;
afterEach(async () => w.stop());

interface Sent {
  method: string;
  path: string;
}

/** Reads the history with the real core and transport, recording every request. */
async function readHistory(w: World, config: SyncConfig, rebuild = false, fail?: (path: string) => boolean): Promise<{ report: HistoryReport; sent: Sent[] }> {
  const core = loadCoreSync();
  const transport = new JiraTransport({ siteUrl: w.sim.url, credentials: w.mode === "cloud" ? CLOUD_ALICE : DC_ALICE, http: new FetchHttpClient(), clock: w.clock, timeoutMs: 10000 });
  const sent: Sent[] = [];
  const recording: Pick<JiraTransport, "send"> = {
    send: (request) => {
      sent.push({ method: request.method, path: request.path });
      if (fail?.(request.path) === true) {
        const error = { problem: "refused", message: "connection reset", status: 0, request: `${request.method} ${request.path}`, details: [], attempts: 3 };
        return Promise.resolve({ ok: false, error } as JiraResult);
      }
      return transport.send(request);
    },
  };
  const report = await runHistory(
    { engine: (input: HistoryInput) => new core.HistoryEngine(input), transport: recording, store: w.store },
    { config, siteUrl: w.sim.url, deployment: w.mode, rebuild },
  );
  return { report, sent };
}

/** Every project alice can see on the company site. */
function visibleProjects(w: World): string[] {
  const hidden: readonly string[] = HIDDEN_FROM_ALICE;
  return w.sim.sim.store.state.projects.map((p) => p.key).filter((k) => !hidden.includes(k));
}

/** The history file as kept in the store. */
function stored(w: World): unknown {
  const text = w.store.raw(historyFileName(w.sim.url));
  return text === null ? null : JSON.parse(text);
}

function scoped(w: World, projects: string[]): SyncConfig {
  return { ...w.config, sites: [{ baseUrl: w.sim.url, projects: projects.map((key) => ({ key })) }] };
}

describe.each(["cloud", "datacenter"] as const)("issue history (%s)", (mode) => {
  it("a first read of the whole company site takes as few requests as the API allows", async () => {
    w = await world({ mode, seed: "company", projects: ["SRCH"] });
    const projects = visibleProjects(w);
    const st = w.sim.sim.store.state;
    const n = st.issues.filter((i) => projects.includes(i.projectKey)).length;
    expect(n).toBeGreaterThan(3000);
    const { report, sent } = await readHistory(w, scoped(w, projects));
    expect(report.fatal).toBeUndefined();
    expect(report.full).toBe(true);
    expect(Object.keys(report.history!.issues ?? {})).toHaveLength(n);
    const count = (suffix: string): number => sent.filter((s) => s.path.endsWith(suffix)).length;
    expect(count("/field")).toBe(1);
    expect(count("/status")).toBe(1);
    if (mode === "cloud") {
      // 100 issues per search page (Jira's cap with fields), 1,000 issues per bulk changelog request, two field
      // groups (at most 10 field ids each).
      expect(count("/search/jql")).toBe(Math.ceil(n / 100));
      expect(count("/changelog/bulkfetch")).toBe(2 * Math.ceil(n / 1000));
    } else {
      // 1,000 issues per page, changelogs inside the search answers.
      expect(count("/search")).toBe(Math.ceil(n / 1000));
    }
    expect(sent).toHaveLength(report.requests);
    // The changes are the simulator's: every issue not in its workflow's first status has a status change.
    const withChanges = st.issues.filter((i) => projects.includes(i.projectKey) && st.histories.some((h) => h.issueId === i.id && h.items.some((it) => it.field === "status")));
    const stored = report.history!.issues as Record<string, { changes?: { field: string }[]; status: string }>;
    for (const issue of withChanges) expect(stored[issue.id]?.changes?.some((c) => c.field === "status"), issue.key).toBe(true);
    expect(report.changes).toBeGreaterThanOrEqual(withChanges.length);
    // Categories from /status.
    const statuses = report.history!.statuses as Record<string, { category: string }>;
    expect(Object.values(statuses).map((s) => s.category)).toEqual(expect.arrayContaining(["toDo", "inProgress", "done"]));
  }, 120_000);

  it("the company site's past arrives whole: reopened issues, sprints carried over, story points", async () => {
    w = await world({ mode, seed: "company", projects: ["WEB"] });
    const { report } = await readHistory(w, w.config);
    expect(report.fatal).toBeUndefined();
    const issues = Object.values(report.history!.issues as Record<string, { key: string; storyPoints?: number; sprints?: { id: number; name: string; state: string; start?: number }[]; changes?: { field: string; from?: string; to?: string }[] }>);
    const st = w.sim.sim.store.state;
    expect(issues).toHaveLength(st.issues.filter((i) => i.projectKey === "WEB").length);
    // Reopened: a status change out of Done (id 10005), resolution cleared, then done again.
    const reopened = issues.filter((i) => i.changes?.some((c) => c.field === "status" && c.from === "10005"));
    expect(reopened.length).toBeGreaterThan(5);
    // Sprints: closed ones and the active one, with their dates; issues carried over hold several.
    const sprints = issues.flatMap((i) => i.sprints ?? []);
    expect(sprints.some((s) => s.state === "closed" && s.start !== undefined)).toBe(true);
    expect(sprints.some((s) => s.state === "active")).toBe(true);
    expect(issues.some((i) => (i.sprints?.length ?? 0) > 1 && i.changes?.some((c) => c.field === "sprint"))).toBe(true);
    expect(issues.some((i) => i.storyPoints !== undefined && i.changes?.some((c) => c.field === "storyPoints"))).toBe(true);
  }, 120_000);

  it("a sync builds the history, and the next read asks only for issues updated since", async () => {
    w = await world({ mode, seed: "company", projects: ["SRCH", "NOTIF"] });
    const sync = await w.sync();
    expect(sync.fatal).toBeUndefined();
    const first = await readHistory(w, w.config);
    expect(first.report.fatal).toBeUndefined();
    const kept = stored(w) as { issues: Record<string, { key: string; status: string; changes?: { field: string; to?: string }[] }>; watermark?: string };
    const n = w.sim.sim.store.state.issues.filter((i) => ["SRCH", "NOTIF"].includes(i.projectKey)).length;
    expect(Object.keys(kept.issues)).toHaveLength(n);
    expect(kept.watermark).toBeDefined();

    // Bob moves one issue; the next read sees it and only the issues near the watermark.
    const target = Object.values(kept.issues).find((i) => i.key.startsWith("SRCH-"));
    expect(target).toBeDefined();
    w.sim.admin.clock.advance(3_600_000);
    w.clock.advance(3_600_000);
    await editIssue(w, target?.key ?? "", { summary: "Renamed by bob", labels: ["history-test"] });
    const second = await readHistory(w, w.config);
    expect(second.report.fatal).toBeUndefined();
    expect(second.report.full).toBe(false);
    expect(second.report.issues).toBeGreaterThanOrEqual(1);
    expect(second.report.issues).toBeLessThan(5);
    const paths = second.sent.map((s) => s.path.replace(/^\/rest\/api\/\d/, ""));
    expect(paths).toEqual(mode === "cloud" ? ["/search/jql", "/changelog/bulkfetch", "/changelog/bulkfetch"] : ["/search"]);
    const after = stored(w) as typeof kept;
    expect(Object.keys(after.issues)).toHaveLength(n);
    const changed = Object.values(after.issues).find((i) => i.key === target?.key);
    expect(changed?.changes?.some((c) => c.field === "labels")).toBe(true);
  }, 120_000);

  it("a dropped connection ends the read with a clear error and keeps the previous history", async () => {
    w = await world({ mode, seed: "company", projects: ["SRCH"] });
    const first = await readHistory(w, w.config);
    expect(first.report.fatal).toBeUndefined();
    const before = JSON.stringify(stored(w));
    const failing = mode === "cloud" ? "/changelog/bulkfetch" : "/search";
    const second = await readHistory(w, w.config, true, (p) => p.endsWith(failing));
    expect(second.report.fatal).toMatch(/failed: connection reset/);
    expect(JSON.stringify(stored(w))).toBe(before);
  }, 120_000);
});
