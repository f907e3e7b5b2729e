// Analytics benchmark (issue #14, "Performance": "metrics and a full set of reports over 5,000 issues and
// 100,000 changelog entries in ≤ 500 ms in wasm"), over a seeded history of 5,000 issues and 100,000 changelog
// entries (plus 20,000 worklogs). The figure: metrics + every report: `generateReports` making one report of
// every kind the product has (the kinds of
//   `reportKinds()`: progress, flow, estimates, time, team, digest) for the same period, with the same history
//   and a sync state holding the same worklogs and the 5,000 issues' bases (what `Generate report…` and
//   `jira-vault-sync report` read), the metrics computed once. This is the target's figure.
// The target is ≤ 500 ms; `analyticsBench` is called by bench/run.ts (`--only analytics`).
//   npx tsx bench/analytics.ts [--runs N] [--dump FILE | --dump-reports FILE]   (--dump writes the metrics input
//   for `cargo run --release --example analytics_profile -- FILE`, --dump-reports the `generateReports` input for
//   `REPORTS=1 cargo run --release --example analytics_profile -- FILE`)
import { readFileSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import process from "node:process";
import { pathToFileURL } from "node:url";
import * as core from "../pkg/jira_vault_sync.js";
import { rng } from "./corpus";
import { summarise, time, type Timing } from "./stats";

export interface AnalyticsFigures {
  issues: number;
  changes: number;
  worklogs: number;
  /** Every report kind (`generateReports`, the metrics computed once), encoding its input included. */
  reports: Timing;
  /** Process CPU time of the same `generateReports` calls. */
  reportsCpu: Timing;
  /** The report kinds made, and the input and output sizes of `generateReports`. */
  reportKinds: string[];
  reportsInputBytes: number;
  reportsOutputBytes: number;
  /** The 1-, 5- and 15-minute load averages when the timing ended (the machine may be shared). */
  loadAverage: number[];
}

export const ANALYTICS_TARGET_MS = 500;

const DAY = 86_400_000;
const HOUR = 3_600_000;

/** A changelog item as the history JSON has it (`toString` is a data field there, hence the index signature). */
type Change = Record<string, unknown> & { at: number; field: string };

/**
 * A seeded site history: `issues` issues over 400 days in 5 projects, `changesPerIssue` changelog entries each
 * (status walks through To Do → In Progress → Review → QA → Done with reopenings, then assignee, estimate, time
 * spent and sprint changes), 2-week sprints with story points, 10 % sub-tasks, 30 people in 3 teams, Berlin time.
 */
export function analyticsInput(issues = 5_000, changesPerIssue = 20, worklogCount = 20_000, seed = 14): Record<string, unknown> {
  const r = rng(seed);
  const int = (n: number): number => Math.floor(r() * n);
  const now = Date.parse("2026-06-01T12:00:00Z");
  const start = now - 400 * DAY;
  const statuses = {
    "1": { name: "To Do", category: "toDo" },
    "3": { name: "In Progress", category: "inProgress" },
    "10": { name: "Review", category: "inProgress" },
    "11": { name: "QA", category: "inProgress" },
    "5": { name: "Done", category: "done" },
    "6": { name: "Closed", category: "done" },
  };
  const people = Array.from({ length: 30 }, (_, i) => `user-${i}`);
  const users = Object.fromEntries(people.map((p, i) => [p, { name: `Person ${i}` }]));
  const sprintOf = (t: number): { id: number; name: string; state: string; start: number; end: number; complete?: number } => {
    const n = Math.floor((t - start) / (14 * DAY));
    const s = start + n * 14 * DAY;
    const closed = s + 14 * DAY < now;
    return { id: n + 1, name: `Sprint ${n + 1}`, state: closed ? "closed" : "active", start: s, end: s + 14 * DAY, ...(closed ? { complete: s + 14 * DAY - HOUR } : {}) };
  };
  const flow = ["1", "3", "10", "11", "5"];
  const out: Record<string, unknown> = {};
  let totalChanges = 0;
  for (let i = 0; i < issues; i++) {
    const project = `P${i % 5}`;
    const key = `${project}-${Math.floor(i / 5) + 1}`;
    const created = start + int(390 * DAY);
    let t = created;
    const changes: Change[] = [];
    // Status walk: forward with a 15 % chance of going back a step; stops at Done or after the status budget.
    let s = 0;
    const budget = 4 + int(8);
    for (let k = 0; k < budget && s < flow.length - 1 && t < now; k++) {
      const next = s > 1 && r() < 0.15 ? s - 1 : s + 1;
      t += Math.floor(r() * 3 * DAY) + HOUR;
      if (t >= now) break;
      changes.push({ at: t, author: people[int(30)], field: "status", from: flow[s], fromString: statuses[flow[s] as "1"].name, to: flow[next], toString: statuses[flow[next] as "1"].name });
      s = next;
    }
    const estimate = r() < 0.6 ? (1 + int(16)) * 3600 : undefined;
    let spent = 0;
    const fields = ["assignee", "timespent", "timespent", "storyPoints", "sprint", "timeoriginalestimate"];
    while (changes.length < changesPerIssue) {
      const at = created + int(Math.max(1, Math.min(now, t + 5 * DAY) - created));
      const field = fields[int(fields.length)] as string;
      if (field === "timespent") {
        const add = (1 + int(8)) * 1800;
        changes.push({ at, field: "timeSpent", from: String(spent), to: String(spent + add) });
        spent += add;
      } else if (field === "assignee") changes.push({ at, field: "assignee", from: people[int(30)], to: people[int(30)] });
      else if (field === "storyPoints") changes.push({ at, field: "storyPoints", from: String(1 + int(8)), to: String(1 + int(8)) });
      else if (field === "sprint") changes.push({ at, field: "sprint", from: String(sprintOf(at).id), to: `${sprintOf(at).id},${sprintOf(at).id + 1}` });
      else changes.push({ at, field: "originalEstimate", from: String((1 + int(16)) * 3600), to: String(estimate ?? 3600) });
    }
    changes.sort((a, b) => a.at - b.at);
    totalChanges += changes.length;
    const status = flow[s] as string;
    const done = status === "5";
    const lastStatus = [...changes].reverse().find((c) => c.field === "status");
    out[`id-${i}`] = {
      id: `id-${i}`,
      key,
      project,
      issueType: i % 10 === 9 ? "Sub-task" : ["Story", "Bug", "Task"][int(3)],
      subtask: i % 10 === 9,
      summary: `Issue ${key}`,
      created,
      updated: t,
      ...(done && lastStatus ? { resolved: lastStatus.at } : {}),
      status,
      assignee: people[int(30)],
      ...(estimate !== undefined ? { originalEstimate: estimate } : {}),
      timeSpent: spent,
      storyPoints: 1 + int(8),
      sprints: [sprintOf(created)],
      suggestedEstimate: r() < 0.2,
      changes,
    };
  }
  const keys = Object.values(out) as { id: string; key: string; created: number }[];
  const worklogs = Array.from({ length: worklogCount }, () => {
    const issue = keys[int(keys.length)] as { id: string; key: string; created: number };
    const author = int(30);
    return { authorId: people[author], authorName: `Person ${author}`, issueId: issue.id, issueKey: issue.key, started: issue.created + int(Math.max(1, now - issue.created)), seconds: (1 + int(16)) * 900 };
  });
  // Europe/Berlin across the year: CEST from 2025-03-30T01:00Z, CET from 2025-10-26T01:00Z, CEST from 2026-03-29T01:00Z.
  const zone = [
    { from: 0, offsetMinutes: 60 },
    { from: Date.parse("2025-03-30T01:00:00Z"), offsetMinutes: 120 },
    { from: Date.parse("2025-10-26T01:00:00Z"), offsetMinutes: 60 },
    { from: Date.parse("2026-03-29T01:00:00Z"), offsetMinutes: 120 },
  ];
  return {
    history: { version: 1, baseUrl: "https://bench.atlassian.net", fields: { storyPoints: "customfield_10016", sprint: "customfield_10020" }, statuses, users, issues: out },
    worklogs,
    config: {
      zone,
      hoursPerDay: 8,
      holidays: ["2025-12-25", "2025-12-26", "2026-01-01"],
      teams: [0, 1, 2].map((n) => ({ name: `Team ${n}`, members: people.slice(n * 10, n * 10 + 10) })),
      forecast: { trials: 10_000, historyWeeks: 12, byDate: "2026-09-01" },
    },
    now,
    period: { from: "2025-06-01", to: "2026-05-31" },
    totalChanges,
  };
}

/**
 * The sync state the reports read beside the history: the same worklogs as Jira worklogs (`started` as Jira
 * writes it) and one base per issue (its note path, status name, title and estimates as the note holds them).
 * With `full`, each base also carries what a real state holds beside them (a description of about 1.5 KB, labels,
 * people, priority and components among its values, a conflict, local forms, a fingerprint; a transition graph,
 * custom fields and the worklog bookkeeping): what the product stores, which reports do not read.
 */
export function analyticsState(input: Record<string, unknown>, full = false): Record<string, unknown> {
  const history = input.history as { statuses: Record<string, { name: string }>; issues: Record<string, { key: string; project: string; summary: string; status: string; originalEstimate?: number; timeSpent?: number }> };
  const duration = (s: number | undefined): string | undefined => (s === undefined ? undefined : `${Math.round(s / 360) / 10}h`);
  const issues = Object.fromEntries(
    Object.entries(history.issues).map(([id, i]) => [
      id,
      {
        key: i.key,
        path: `Jira/${i.project}/${i.key}.md`,
        updated: "2026-06-01T12:00:00.000+0000",
        workflow: "",
        status: history.statuses[i.status]?.name ?? "",
        values: { title: i.summary, ...(i.originalEstimate === undefined ? {} : { estimate: duration(i.originalEstimate) }), time_spent: duration(i.timeSpent), ...(full ? fullValues(i.key) : {}) },
        ...(full ? { conflict: { priority: "High" }, localForms: { labels: "backend, api" }, fingerprint: "9f".repeat(32) } : {}),
      },
    ]),
  );
  const worklogs = Object.fromEntries(
    (input.worklogs as { authorId: string; authorName: string; issueId: string; issueKey: string; started: number; seconds: number }[]).map((w, n) => [
      String(10_000 + n),
      { issueId: w.issueId, issueKey: w.issueKey, authorId: w.authorId, author: w.authorName, started: new Date(w.started).toISOString().replace("Z", "+0000"), seconds: w.seconds, comment: "" },
    ]),
  );
  const extra = full
    ? {
        customFields: { "Story Points": { id: "customfield_10016", kind: "number" } },
        watermark: "2026-06-01T11:59:00.000+0000",
        transitions: { scopes: { "P0/Story": { "to do": [{ id: "11", to: "In Progress" }], "in progress": [{ id: "21", to: "Done", done: true }] } } },
        worklogSince: 1_780_000_000_000,
        worklogsRead: Object.keys(issues).sort(),
      }
    : {};
  return { baseUrl: "https://bench.atlassian.net", myself: { accountId: "user-0", displayName: "Person 0", timeZone: "Europe/Berlin", fetchedAt: "2026-06-01T12:00:00.000+0000" }, issues, worklogs, ...extra };
}

/** The note-side values of a real base beyond the ones reports read (see `analyticsState`'s `full`). */
function fullValues(key: string): Record<string, unknown> {
  const paragraph = `The ${key} change touches the "checkout" service: see the runbook, then deploy to staging and check the dashboards.`;
  return {
    body: `## Context\n\n${Array.from({ length: 10 }, () => paragraph).join("\n\n")}\n\n- [ ] tests\n- [x] review\n`,
    labels: ["backend", "api"],
    priority: "Medium",
    assignee: "Person 3",
    reporter: "Person 7",
    components: ["Checkout"],
    current_state: "in progress",
    remaining: "2h",
  };
}

/**
 * The `generateReports` input text: every report kind over the input's period, as the product makes them (settings
 * as the shell passes them), with the history and the sync state of `analyticsState`.
 */
export function reportsInput(input: Record<string, unknown>, kinds: { id: string; title: string }[], fullState = false): string {
  const period = input.period as { from: string; to: string };
  return JSON.stringify({
    reports: kinds.map((k) => ({ params: { kind: k.id, from: period.from, to: period.to }, notePath: `Reports/${k.title}.md` })),
    now: input.now,
    state: analyticsState(input, fullState),
    history: input.history,
    settings: { hoursPerDay: 8, daysPerWeek: 5, analytics: input.config },
  });
}

/** Load averages as `1.2 / 3.4 / 5.6`. */
export const loadText = (l: number[]): string => l.map((n) => n.toFixed(1)).join(" / ");

let initialised = false;

/** Times `generateReports` (every report kind) over the seeded history. */
export function analyticsBench(runs: number): AnalyticsFigures {
  if (!initialised) {
    core.initSync({ module: readFileSync(new URL("../pkg/jira_vault_sync_bg.wasm", import.meta.url)) });
    initialised = true;
  }
  const input = analyticsInput();
  const changes = input.totalChanges as number;
  delete input.totalChanges;
  const encoder = new TextEncoder();
  const kinds = core.reportKinds() as { id: string; title: string }[];
  const reportsText = reportsInput(input, kinds);
  let rendered: { markdown: string; assets: { content: string }[] }[] = [];
  const reportsCpuMs: number[] = [];
  const reports = time(runs, () => {
    const c0 = process.cpuUsage();
    rendered = core.generateReports(encoder.encode(reportsText)) as typeof rendered;
    const c = process.cpuUsage(c0);
    reportsCpuMs.push((c.user + c.system) / 1000);
  });
  reportsCpuMs.shift();
  if (rendered.length !== kinds.length) throw new Error(`generateReports made ${rendered.length} reports of ${kinds.length}`);
  const history = input.history as { issues: Record<string, unknown> };
  return {
    issues: Object.keys(history.issues).length,
    changes,
    worklogs: (input.worklogs as unknown[]).length,
    reports,
    reportsCpu: summarise(reportsCpuMs),
    reportKinds: kinds.map((k) => k.id),
    reportsInputBytes: reportsText.length,
    reportsOutputBytes: rendered.reduce((n, r) => n + r.markdown.length + r.assets.reduce((m, a) => m + a.content.length, 0), 0),
    loadAverage: loadavg(),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv.includes("--dump")) {
  const input = analyticsInput();
  delete input.totalChanges;
  writeFileSync(process.argv[process.argv.indexOf("--dump") + 1] ?? "analytics-input.json", JSON.stringify(input));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href && process.argv.includes("--dump-reports")) {
  const input = analyticsInput();
  delete input.totalChanges;
  core.initSync({ module: readFileSync(new URL("../pkg/jira_vault_sync_bg.wasm", import.meta.url)) });
  const kinds = core.reportKinds() as { id: string; title: string }[];
  writeFileSync(process.argv[process.argv.indexOf("--dump-reports") + 1] ?? "reports-input.json", reportsInput(input, kinds));
} else if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const at = process.argv.indexOf("--runs");
  const f = analyticsBench(at > 0 ? Number(process.argv[at + 1]) : 5);
  process.stdout.write(`${JSON.stringify(f, null, 2)}\n`);
  process.stdout.write(`metrics + every report (generateReports, ${f.reportKinds.join(", ")}): ${f.reports.medianMs.toFixed(1)} ms wall, ${f.reportsCpu.medianMs.toFixed(1)} ms CPU (target ≤ ${ANALYTICS_TARGET_MS} ms): ${f.reports.medianMs <= ANALYTICS_TARGET_MS ? "met" : "not met"}; load average ${loadText(f.loadAverage)}\n`);
}
