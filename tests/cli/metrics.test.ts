// End to end, as a user runs it: the command line syncs a project of the simulator's company site (a seeded,
// realistic past: reopened issues, issues moved in from another project, a renamed status, sprints), reads its
// history, then `report metrics --json` prints the numbers. They must equal the numbers this test works out by
// itself from the simulator's own records (its issues and changelog, never the product's files), on Cloud and
// Data Center: which issues are done in the period, each one's lead time (created → resolved) and cycle time
// (every stay in an *In Progress* category status before the done instant, rework included), the weekly
// throughput's total, and the sprints velocity is computed over.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { SimState } from "../jira-sim/model";
import { cliTestHooks, runCli as cli } from "./run-cli";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");
const PROJECT = "WEB";
/** Alice, whose zone the metrics' dates are in. */
const ZONE = "Europe/Berlin";
const HOUR = 3_600_000;

const hooks = cliTestHooks();

/** The local date (`YYYY-MM-DD`) of an instant in alice's zone. */
function localDate(at: number): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(at);
}

/** A local date `days` before another (calendar arithmetic on the date alone). */
function daysBefore(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

interface Expected {
  key: string;
  leadHours: number;
  cycleHours: number;
}

/**
 * What the metrics must say, worked out from the simulator's records: for each issue of the project that is not
 * a sub-task and whose current status is in the done category, the status timeline from its changelog (the
 * status before the first change is that change's `from`), the done instant (the start of its final run of done
 * statuses), and the hours spent in in-progress statuses before it.
 */
function expected(st: SimState, from: string, to: string): Expected[] {
  const category = new Map(st.statuses.map((s) => [s.id, s.category]));
  const subtask = new Set(st.issueTypes.filter((t) => t.subtask).map((t) => t.id));
  const out: { done: number; e: Expected }[] = [];
  for (const issue of st.issues) {
    if (issue.projectKey !== PROJECT || subtask.has(issue.issueTypeId) || category.get(issue.statusId) !== "done") continue;
    const changes = st.histories
      .filter((h) => h.issueId === issue.id)
      .flatMap((h) => h.items.filter((i) => i.field === "status").map((i) => ({ at: h.created, from: i.from ?? "", to: i.to ?? "" })))
      .sort((a, b) => a.at - b.at);
    // Runs: [status, start, end).
    const runs: { status: string; start: number; end: number }[] = [];
    let status = changes[0]?.from ?? issue.statusId;
    let start = issue.created;
    for (const c of changes) {
      runs.push({ status, start, end: c.at });
      status = c.to;
      start = c.at;
    }
    runs.push({ status, start, end: Number.POSITIVE_INFINITY });
    let i = runs.length - 1;
    while (i > 0 && category.get(runs[i - 1]?.status ?? "") === "done") i -= 1;
    const done = runs[i]?.start ?? issue.created;
    const day = localDate(done);
    if (day < from || day > to) continue;
    const cycleMs = runs.filter((r) => category.get(r.status) === "indeterminate" && r.start < done).reduce((sum, r) => sum + Math.min(r.end, done) - r.start, 0);
    const resolved = issue.resolutionDate ?? done;
    out.push({ done, e: { key: issue.key, leadHours: (resolved - issue.created) / HOUR, cycleHours: cycleMs / HOUR } });
  }
  return out.sort((a, b) => a.done - b.done).map((x) => x.e);
}

interface MetricsJson {
  period: { from: string; to: string };
  problems: string[];
  cycleTime: { issues: { key: string; hours: number; reopened: number }[] };
  leadTime: { issues: { key: string; hours: number }[] };
  flow: { throughput: { weekStart: string; count: number }[] };
  velocity: { basis: string; unit: string; sprints?: { name: string }[] };
  progress: { epics: { key: string | null; issues: number }[] };
  forecast: { remaining: number };
}

/**
 * Progress per epic from the simulator's own records: the project's issues created by `to` (sub-tasks and the
 * epics themselves left out), counted by epic (the parent; a sub-task's parent's parent). On Data Center an
 * epic's children name it in the Epic Link field, not in `parent`: this is the number a real site gives.
 */
function expectedEpics(st: SimState, to: string): Map<string | null, number> {
  const byId = new Map(st.issues.map((i) => [i.id, i]));
  const subtask = (i: SimState["issues"][number]): boolean => st.issueTypes.find((t) => t.id === i.issueTypeId)?.subtask === true;
  const epicOf = (i: SimState["issues"][number]): string | null => {
    const p = i.parentId ? byId.get(i.parentId) : undefined;
    const epic = subtask(i) ? (p?.parentId ? byId.get(p.parentId) : undefined) : p;
    return epic?.key ?? null;
  };
  const issues = st.issues.filter((i) => i.projectKey === PROJECT);
  const epics = new Set(issues.map(epicOf));
  const counts = new Map<string | null, number>();
  for (const i of issues) {
    if (subtask(i) || epics.has(i.key) || localDate(i.created) > to) continue;
    counts.set(epicOf(i), (counts.get(epicOf(i)) ?? 0) + 1);
  }
  return counts;
}

describe.each(["cloud", "datacenter"] as const)("report metrics --json after a sync (%s)", (mode) => {
  it("prints the numbers the simulator's own records give for its seeded past", async () => {
    const sim = await hooks.simulator({ mode, seed: "company", clockStart: "2025-06-10T08:30:00.000Z" });
    const tmp = hooks.tempDir("jvs-metrics-");
    const vault = path.join(tmp, "vault");
    mkdirSync(path.join(vault, PLUGIN_DIR), { recursive: true });
    const settings = { siteUrl: sim.url, deployment: mode, email: "alice@example.com", projectKeys: PROJECT };
    writeFileSync(path.join(vault, PLUGIN_DIR, "data.json"), JSON.stringify({ settings }));
    const token = mode === "cloud" ? "alice-api-token" : "alice-personal-access-token";

    const sync = await cli(["sync", "--vault", vault], { JIRA_API_TOKEN: token });
    expect(sync.status, sync.stderr).toBe(0);
    expect(sync.stdout).toMatch(/History: \d+ issues read \(full, /);

    const st = sim.sim.store.state;
    // The seeded past ends at the company seed's own "now" (before the simulator's clock): the period is the
    // twelve weeks up to the last resolution on the site.
    const to = localDate(Math.max(...st.issues.map((i) => i.resolutionDate ?? 0)));
    const from = daysBefore(to, 83);
    const want = expected(st, from, to);
    // The seeded past gives this period real work: many issues done, some of them reopened.
    expect(want.length).toBeGreaterThan(20);

    const run = await cli(["report", "metrics", "--vault", vault, "--project", PROJECT, "--from", from, "--to", to, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const metrics = JSON.parse(run.stdout) as MetricsJson;
    expect(metrics.period).toEqual({ from, to });
    expect(metrics.problems).toEqual([]);

    expect(metrics.leadTime.issues.map((i) => i.key).sort()).toEqual(want.map((e) => e.key).sort());
    const lead = new Map(metrics.leadTime.issues.map((i) => [i.key, i.hours]));
    for (const e of want) expect(lead.get(e.key), e.key).toBeCloseTo(e.leadHours, 6);

    expect(metrics.cycleTime.issues.map((i) => i.key)).toEqual(want.map((e) => e.key));
    const cycle = new Map(metrics.cycleTime.issues.map((i) => [i.key, i.hours]));
    for (const e of want) expect(cycle.get(e.key), e.key).toBeCloseTo(e.cycleHours, 6);
    expect(metrics.cycleTime.issues.some((i) => i.reopened > 0)).toBe(true);

    expect(metrics.flow.throughput.reduce((n, w) => n + w.count, 0)).toBe(want.length);

    // Velocity by sprint: the project's last seven closed sprints that ended by the period's end, by start.
    const sprints = (st.sprints ?? [])
      .filter((s) => s.projectKey === PROJECT && s.state === "closed" && s.startDate !== null && localDate(s.completeDate ?? s.endDate ?? 0) <= to)
      .sort((a, b) => (a.startDate ?? 0) - (b.startDate ?? 0))
      .slice(-7)
      .map((s) => s.name);
    expect(metrics.velocity.basis).toBe("sprint");
    expect(metrics.velocity.unit).toBe("storyPoints");
    expect((metrics.velocity.sprints ?? []).map((s) => s.name)).toEqual(sprints);

    const epics = expectedEpics(st, to);
    expect([...epics.keys()].filter((k) => k !== null).length).toBeGreaterThan(1);
    expect(new Map(metrics.progress.epics.map((e) => [e.key, e.issues]))).toEqual(epics);

    // Narrowed to a fix version (WEB's releases share their names with other projects' releases).
    const versionsOf = (key: string): string[] => {
      const ids = st.issues.find((i) => i.key === key)?.fixVersionIds ?? [];
      return ids.map((id) => st.versions?.find((v) => v.id === id)?.name ?? "");
    };
    const version = want.map((e) => versionsOf(e.key)).find((v) => v.length > 0)?.[0] ?? "";
    const inVersion = want.filter((e) => versionsOf(e.key).includes(version)).map((e) => e.key);
    expect(inVersion.length).toBeGreaterThan(3);
    expect(inVersion.length).toBeLessThan(want.length);
    const narrowed = await cli(["report", "metrics", "--vault", vault, "--project", PROJECT, "--fix-version", version, "--from", from, "--to", to, "--json"]);
    expect(narrowed.stderr).toBe("");
    expect((JSON.parse(narrowed.stdout) as MetricsJson).leadTime.issues.map((i) => i.key).sort()).toEqual(inVersion.sort());
    // The next release's open issues are what its forecast has left.
    const next = st.versions?.find((v) => v.projectKey === PROJECT && !v.released);
    const category = new Map(st.statuses.map((s) => [s.id, s.category]));
    const open = st.issues.filter((i) => i.projectKey === PROJECT && (i.fixVersionIds ?? []).includes(next?.id ?? "") && category.get(i.statusId) !== "done");
    expect(open.length).toBeGreaterThan(0);
    const forecast = await cli(["report", "metrics", "--vault", vault, "--project", PROJECT, "--fix-version", next?.name ?? "", "--from", from, "--to", to, "--json"]);
    expect((JSON.parse(forecast.stdout) as MetricsJson).forecast.remaining).toBe(open.length);
  }, 180_000);
});
