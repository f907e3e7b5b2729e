/**
 * Worklogs: create/update/delete with `adjustEstimate` (auto/new/leave/manual with newEstimate, reduceBy,
 * increaseBy), strict `started` format (`yyyy-MM-dd'T'HH:mm:ss.SSS+hhmm`, a trailing `Z` is refused),
 * `timeSpent` ("1h 30m", 8h days, 5d weeks) or `timeSpentSeconds` (≥ 60), the remaining estimate following
 * the worklogs, changelog entries, and the `/worklog/updated`, `/worklog/deleted`, `/worklog/list` feeds.
 */
import { isObj } from "./util";
import { adfError } from "./adf";
import { fieldErrors, jiraError } from "./errors";
import type { SimIssue, SimWorklog } from "./model";
import type { Ctx } from "./render";
import { parseDuration, parseJiraTimestamp } from "./time";


interface WorklogInput {
  started?: number;
  seconds?: number;
  comment?: unknown;
}

function parseInput(c: Ctx, body: unknown, creating: boolean): WorklogInput {
  const b = isObj(body) ? body : {};
  const errors: Record<string, string> = {};
  const out: WorklogInput = {};
  if (b.started !== undefined) {
    const ms = typeof b.started === "string" ? parseJiraTimestamp(b.started) : null;
    if (ms === null) errors.started = "Could not parse the started date. Expected format: yyyy-MM-dd'T'HH:mm:ss.SSSZ (e.g. 2024-03-20T10:15:30.000+0000).";
    else out.started = ms;
  } else if (creating) errors.started = "The started date is required.";
  if (b.timeSpentSeconds !== undefined) {
    if (typeof b.timeSpentSeconds !== "number" || !Number.isInteger(b.timeSpentSeconds) || b.timeSpentSeconds < 60)
      errors.timeLogged = "Time Spent must be at least one minute (60 seconds).";
    else out.seconds = b.timeSpentSeconds;
  } else if (b.timeSpent !== undefined) {
    const s = typeof b.timeSpent === "string" ? parseDuration(b.timeSpent) : null;
    if (s === null) errors.timeLogged = "Invalid time duration entered.";
    else if (s < 60) errors.timeLogged = "Time Spent must be at least one minute.";
    else out.seconds = s;
  } else if (creating) errors.timeLogged = "You must indicate the time spent working.";
  if (b.comment !== undefined) {
    if (c.mode === "cloud" && b.comment !== null) {
      const problem = typeof b.comment === "string" ? "expected an Atlassian Document" : adfError(b.comment);
      if (problem) errors.comment = `Comment must be an Atlassian Document (see the Atlassian Document Format): ${problem}`;
    } else if (c.mode === "datacenter" && b.comment !== null && typeof b.comment !== "string") errors.comment = "Comment must be a string.";
    out.comment = b.comment;
  }
  if (Object.keys(errors).length) throw fieldErrors(errors);
  return out;
}

type Adjust = { mode: string; newEstimate?: number; delta?: number };

function parseAdjust(q: URLSearchParams, op: "create" | "update" | "delete"): Adjust {
  const mode = q.get("adjustEstimate") ?? "auto";
  const allowed = op === "update" ? ["auto", "new", "leave"] : ["auto", "new", "leave", "manual"];
  if (!allowed.includes(mode)) throw jiraError(400, `Invalid value for adjustEstimate: '${mode}'.`);
  const dur = (name: string): number => {
    const raw = q.get(name);
    const s = raw === null ? null : parseDuration(raw);
    if (s === null) throw jiraError(400, `The '${name}' parameter is required (and must be a valid duration) when adjustEstimate is '${mode}'.`);
    return s;
  };
  if (mode === "new") return { mode, newEstimate: dur("newEstimate") };
  if (mode === "manual") return { mode, delta: op === "delete" ? dur("increaseBy") : -dur("reduceBy") };
  return { mode };
}

/** Remaining estimate after `adj`; `autoDelta` is the automatic change (negative when time was logged). */
function adjusted(issue: SimIssue, adj: Adjust, autoDelta: number): number | null {
  const rem = issue.remainingEstimate;
  switch (adj.mode) {
    case "new": return adj.newEstimate ?? rem;
    case "manual": return Math.max(0, (rem ?? 0) + (adj.delta ?? 0));
    case "leave": return rem;
    default: return rem === null ? (autoDelta < 0 ? null : rem) : Math.max(0, rem + autoDelta);
  }
}

function record(c: Ctx, issue: SimIssue, spentBefore: number, remBefore: number | null, worklogId: string | null, deleted: boolean, at: number): void {
  const spentAfter = c.store.timeSpent(issue.id);
  const items = [];
  if (spentBefore !== spentAfter) items.push({ field: "timespent", fieldtype: "jira", fieldId: "timespent", from: String(spentBefore || "") || null, fromString: String(spentBefore || "") || null, to: String(spentAfter || "") || null, toString: String(spentAfter || "") || null });
  if (remBefore !== issue.remainingEstimate) items.push({ field: "timeestimate", fieldtype: "jira", fieldId: "timeestimate", from: remBefore === null ? null : String(remBefore), fromString: remBefore === null ? null : String(remBefore), to: issue.remainingEstimate === null ? null : String(issue.remainingEstimate), toString: issue.remainingEstimate === null ? null : String(issue.remainingEstimate) });
  if (worklogId) items.push({ field: "WorklogId", fieldtype: "jira", from: deleted ? worklogId : null, fromString: deleted ? worklogId : null, to: deleted ? null : worklogId, toString: deleted ? null : worklogId });
  issue.updated = at;
  c.store.addHistory(issue, c.viewer.accountId, items, at);
  c.store.committed([issue.id]);
}

export function addWorklog(c: Ctx, issue: SimIssue, body: unknown, q: URLSearchParams): SimWorklog {
  const input = parseInput(c, body, true);
  const adj = parseAdjust(q, "create");
  const now = c.store.clock.tick();
  const spentBefore = c.store.timeSpent(issue.id);
  const remBefore = issue.remainingEstimate;
  const w: SimWorklog = {
    id: String(c.store.state.nextId.worklog++),
    issueId: issue.id,
    author: c.viewer.accountId,
    updateAuthor: c.viewer.accountId,
    comment: input.comment ?? null,
    started: input.started ?? now,
    timeSpentSeconds: input.seconds ?? 60,
    created: now,
    updated: now,
  };
  c.store.addWorklog(w);
  issue.remainingEstimate = adjusted(issue, adj, -w.timeSpentSeconds);
  record(c, issue, spentBefore, remBefore, w.id, false, now);
  return w;
}

export function findWorklog(c: Ctx, issue: SimIssue, id: string): SimWorklog {
  const w = c.store.worklog(id);
  if (!w || w.issueId !== issue.id) throw jiraError(404, `Cannot find worklog with id: '${id}'.`);
  return w;
}

export function updateWorklog(c: Ctx, issue: SimIssue, w: SimWorklog, body: unknown, q: URLSearchParams): SimWorklog {
  const input = parseInput(c, body, false);
  const adj = parseAdjust(q, "update");
  const now = c.store.clock.tick();
  const spentBefore = c.store.timeSpent(issue.id);
  const remBefore = issue.remainingEstimate;
  const oldSeconds = w.timeSpentSeconds;
  if (input.started !== undefined) w.started = input.started;
  if (input.seconds !== undefined) w.timeSpentSeconds = input.seconds;
  if (input.comment !== undefined) w.comment = input.comment;
  w.updated = now;
  w.updateAuthor = c.viewer.accountId;
  issue.remainingEstimate = adjusted(issue, adj, oldSeconds - w.timeSpentSeconds);
  record(c, issue, spentBefore, remBefore, null, false, now);
  return w;
}

export function deleteWorklog(c: Ctx, issue: SimIssue, w: SimWorklog, q: URLSearchParams): void {
  const adj = parseAdjust(q, "delete");
  const now = c.store.clock.tick();
  const spentBefore = c.store.timeSpent(issue.id);
  const remBefore = issue.remainingEstimate;
  c.store.removeWorklog(w, now);
  issue.remainingEstimate = adjusted(issue, adj, w.timeSpentSeconds);
  record(c, issue, spentBefore, remBefore, w.id, true, now);
}

const PAGE = 1000;

/** `/worklog/updated` and `/worklog/deleted`: changes since `since` (ms), omitting the last minute. */
export function changedWorklogs(c: Ctx, kind: "updated" | "deleted", sinceRaw: string | null, self: string): Record<string, unknown> {
  const since = sinceRaw === null ? 0 : Number(sinceRaw);
  if (!Number.isFinite(since)) throw jiraError(400, "The 'since' parameter must be a number of milliseconds.");
  const cutoff = c.store.clock.now() - 60_000;
  const visible = (issueId: string): boolean => {
    const i = c.store.issue(issueId);
    return !i || c.store.canBrowse(c.viewer, i.projectKey);
  };
  const rows = kind === "updated"
    ? c.store.state.worklogs.filter((w) => visible(w.issueId)).map((w) => ({ id: w.id, t: w.updated }))
    : c.store.state.deletedWorklogs.map((d) => ({ id: d.id, t: d.deleted }));
  const list = rows.filter((r) => r.t >= since && r.t < cutoff).sort((a, b) => a.t - b.t || Number(a.id) - Number(b.id));
  const page = list.slice(0, PAGE);
  const lastPage = list.length <= PAGE;
  const until = page.length ? (page[page.length - 1]?.t ?? since) : since;
  const r: Record<string, unknown> = {
    values: page.map((x) => ({ worklogId: Number(x.id), updatedTime: x.t, properties: [] })),
    since,
    until,
    self: `${self}?since=${since}`,
    lastPage,
  };
  if (!lastPage) r.nextPage = `${self}?since=${until + 1}`;
  return r;
}

export function listWorklogs(c: Ctx, body: unknown): SimWorklog[] {
  const b = isObj(body) ? body : {};
  if (!Array.isArray(b.ids)) throw fieldErrors({ ids: "The 'ids' field is required." });
  if (b.ids.length > 1000) throw jiraError(400, "The number of worklog ids must not exceed 1000.");
  const out: SimWorklog[] = [];
  for (const id of b.ids) {
    const w = c.store.worklog(String(id));
    const i = w ? c.store.issue(w.issueId) : undefined;
    if (w && i && c.store.canBrowse(c.viewer, i.projectKey)) out.push(w);
  }
  return out;
}

