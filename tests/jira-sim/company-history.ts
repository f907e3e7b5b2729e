/**
 * The company site's past: per issue a plausible workflow history (To Do → In Progress → (In Review) → Done
 * with log-normal durations, reopened issues, aging work, assignee, priority and estimate changes, time spent
 * matching the worklogs), sprints every two weeks on the Scrum-like projects (closed ones, one active, one
 * future; issues added mid-sprint, removed mid-sprint, carried over on close) with their `Sprint` and story
 * point changelog items, a status renamed (same id, older histories carry the old name) and issues moved
 * between projects (key change + project item).
 *
 * Invariants: generated after the issues, from its own PRNG (so the issues' fields drawn by `company.ts` stay
 * as they were); each issue's histories are sorted by instant, lie in `[created, updated]` and before the
 * site's "now" (`base`); an issue is resolved iff its final status is in the done category, and
 * `resolutiondate` is the instant of its last Done transition; `statusCategoryChanged` is the instant of the
 * last category change.
 */
import type { SimChangeItem, SimField, SimSprint, SimState } from "./model";
import { Draw, mulberry32 } from "./prng";
import { CF, custom } from "./base";

/** The Sprint custom field's id (Jira Cloud's usual id). */
export const SPRINT_FIELD = "customfield_10020";
/** Projects run in two-week sprints (Scrum boards). */
export const SCRUM_PROJECTS = ["WEB", "MOB", "API", "PAY", "PLAT"] as const;
/** Closed sprints per Scrum project before the active one. */
export const CLOSED_SPRINTS = 20;
/** The status renamed: id "3" was called "In Development" until `base - RENAMED_DAYS_AGO` days. */
export const RENAMED_STATUS = { id: "3", oldName: "In Development" } as const;
export const RENAMED_DAYS_AGO = 240;
/** Issues moved between projects: [from project, to project, how many]. */
const MOVES: [string, string, number][] = [["MOB", "WEB", 2], ["OPS", "PLAT", 1]];

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const SPRINT_LENGTH = 14 * DAY;

/** The Sprint field definition (Jira Software's gh-sprint type, on both deployments). */
export function sprintField(): SimField {
  const f = custom(SPRINT_FIELD, "Sprint", "sprint", "array", "gh-sprint");
  f.schema = { type: "array", items: "json", custom: "com.pyxis.greenhopper.jira:gh-sprint", customId: 10020 };
  f.clauseNames = ["cf[10020]", "Sprint", "sprint"];
  return f;
}

interface Event {
  at: number;
  author: string;
  items: SimChangeItem[];
}

/** A standard normal draw (Box–Muller). */
function normal(d: Draw): number {
  const u = Math.max(1e-9, d.next());
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * d.next());
}

/** Two-week sprints per Scrum project: CLOSED_SPRINTS closed, one active (started five days before `base`), one future. */
function makeSprints(state: SimState, base: number): SimSprint[] {
  const out: SimSprint[] = [];
  let id = 1;
  SCRUM_PROJECTS.forEach((key, p) => {
    const boardId = 1 + p;
    const activeStart = base - 5 * DAY - (p % 3) * HOUR;
    for (let n = 1; n <= CLOSED_SPRINTS + 2; n++) {
      const start = activeStart - (CLOSED_SPRINTS + 1 - n) * SPRINT_LENGTH;
      const end = start + SPRINT_LENGTH;
      const state_ = n <= CLOSED_SPRINTS ? "closed" : n === CLOSED_SPRINTS + 1 ? "active" : "future";
      out.push({
        id: id++,
        name: `${key} Sprint ${n}`,
        state: state_,
        boardId,
        projectKey: key,
        goal: n % 3 === 0 ? `Ship the ${key} milestone ${n / 3}` : "",
        startDate: state_ === "future" ? null : start,
        endDate: state_ === "future" ? null : end,
        completeDate: state_ === "closed" ? end + 2 * HOUR : null,
        plannedStart: start,
      });
    }
  });
  void state;
  return out;
}

const sprintItem = (from: SimSprint[], to: SimSprint[]): SimChangeItem => ({
  field: "Sprint",
  fieldtype: "custom",
  fieldId: SPRINT_FIELD,
  from: from.length ? from.map((s) => s.id).join(", ") : null,
  fromString: from.length ? from.map((s) => s.name).join(", ") : null,
  to: to.length ? to.map((s) => s.id).join(", ") : null,
  toString: to.length ? to.map((s) => s.name).join(", ") : null,
});

/** Replaces the single seeded status change of every issue with a realistic history (see the module docs). */
export function seedHistory(state: SimState, base: number, seed: number): void {
  const d = new Draw(mulberry32(seed ^ 0x4157_0e1d));
  const sprints = makeSprints(state, base);
  state.sprints = sprints;
  state.fields.push(sprintField());
  const renamedAt = base - RENAMED_DAYS_AGO * DAY;
  const statusName = (id: string | null, at: number): string | null =>
    id === RENAMED_STATUS.id && at < renamedAt ? RENAMED_STATUS.oldName : (state.statuses.find((s) => s.id === id)?.name ?? null);
  const category = (id: string): string => state.statuses.find((s) => s.id === id)?.category ?? "new";
  const resolutionName = (id: string | null): string | null => state.resolutions?.find((r) => r.id === id)?.name ?? null;
  const priorityName = (id: string): string | null => state.priorities.find((p) => p.id === id)?.name ?? null;
  const userName = (id: string | null): string | null => state.users.find((u) => u.accountId === id)?.displayName ?? null;
  const software = new Set(state.projects.filter((p) => p.workflowId === "wf-company-software").map((p) => p.key));
  const worklogsOf = new Map<string, SimState["worklogs"]>();
  for (const w of state.worklogs) worklogsOf.set(w.issueId, [...(worklogsOf.get(w.issueId) ?? []), w]);
  state.histories = [];

  for (const issue of state.issues) {
    const events: Event[] = [];
    const people = state.users.filter((u) => u.active && !u.deniedProjects.includes(issue.projectKey) && u.accountId !== issue.assignee).slice(0, 7);
    const actor = (): string => issue.assignee ?? issue.reporter;
    const final = issue.statusId;
    const done = category(final) === "done";
    const isEpic = issue.issueTypeId === "10000";
    const review = software.has(issue.projectKey) && !isEpic;
    // The status path ending in the final status.
    let path: string[] = [];
    if (final === "3") path = ["3"];
    else if (final === "10001") path = ["3", "10001"];
    else if (done) {
      path = review && d.chance(0.6) ? ["3", "10001", "10005"] : d.chance(0.9) ? ["3", "10005"] : ["10005"];
      if (!isEpic && d.chance(0.12)) path = [...path, "10000", "3", "10005"]; // reopened
    } else if (!isEpic && d.chance(0.08)) path = ["3", "10000"]; // started, then stopped
    const end = issue.updated;
    const span = Math.max(path.length * 60_000, end - issue.created);
    // Log-normal step durations; the last step ends at `updated` for done issues, earlier for the others.
    const weights = path.map(() => Math.exp(0.9 * normal(d)));
    if (final === "3" && d.chance(0.25)) weights[0] = (weights[0] ?? 1) / 8; // aging work: started early, still going
    const total = weights.reduce((s, w) => s + w, 0) + (done ? 0 : Math.exp(0.9 * normal(d)));
    let acc = 0;
    let prev = "10000";
    let firstProgress: number | null = null;
    let lastCategoryChange = issue.created;
    let resolvedAt: number | null = null;
    path.forEach((to, i) => {
      acc += weights[i] ?? 1;
      const at = issue.created + Math.max(60_000 * (i + 1), Math.floor((span * acc) / total));
      const items: SimChangeItem[] = [{ field: "status", fieldtype: "jira", fieldId: "status", from: prev, fromString: statusName(prev, at), to, toString: statusName(to, at) }];
      if (to === "10005") {
        const r = issue.resolutionId ?? "10000";
        items.push({ field: "resolution", fieldtype: "jira", fieldId: "resolution", from: null, fromString: null, to: r, toString: resolutionName(r) });
        resolvedAt = at;
      } else if (prev === "10005") {
        items.push({ field: "resolution", fieldtype: "jira", fieldId: "resolution", from: issue.resolutionId ?? "10000", fromString: resolutionName(issue.resolutionId ?? "10000"), to: null, toString: null });
      }
      if (to === "3" && firstProgress === null) {
        firstProgress = at;
        if (issue.assignee !== null && d.chance(0.3)) items.push({ field: "assignee", fieldtype: "jira", fieldId: "assignee", from: null, fromString: null, to: issue.assignee, toString: userName(issue.assignee) });
      }
      if (category(to) !== category(prev)) lastCategoryChange = at;
      events.push({ at, author: actor(), items });
      prev = to;
    });
    if (done && resolvedAt !== null) issue.resolutionDate = resolvedAt;
    issue.statusCategoryChanged = lastCategoryChange;
    const first = events[0]?.at ?? end;
    const between = (lo: number, hi: number): number => lo + Math.floor(d.next() * Math.max(1, hi - lo));
    // A reassignment from a colleague; a priority change; estimate changes.
    if (issue.assignee !== null && people.length && d.chance(0.12)) {
      const other = d.pick(people).accountId;
      events.push({ at: between(issue.created + 60_000, first), author: issue.reporter, items: [{ field: "assignee", fieldtype: "jira", fieldId: "assignee", from: other, fromString: userName(other), to: issue.assignee, toString: userName(issue.assignee) }] });
    }
    if (d.chance(0.1)) {
      const other = d.pick(state.priorities.filter((p) => p.id !== issue.priorityId)).id;
      events.push({ at: between(issue.created + 60_000, end), author: issue.reporter, items: [{ field: "priority", fieldtype: "jira", fieldId: "priority", from: other, fromString: priorityName(other), to: issue.priorityId, toString: priorityName(issue.priorityId) }] });
    }
    const est = issue.originalEstimate;
    if (est !== null && d.chance(0.5)) {
      const before = d.chance(0.3) ? est / 2 : null;
      const s = (v: number | null): string | null => (v === null ? null : String(v));
      events.push({
        at: between(issue.created + 60_000, first),
        author: issue.reporter,
        items: [
          { field: "timeoriginalestimate", fieldtype: "jira", fieldId: "timeoriginalestimate", from: s(before), fromString: s(before), to: s(est), toString: s(est) },
          { field: "timeestimate", fieldtype: "jira", fieldId: "timeestimate", from: s(before), fromString: s(before), to: s(est), toString: s(est) },
        ],
      });
    }
    // Time spent, as Jira records a worklog: the running total and the worklog id.
    let spent = 0;
    for (const w of worklogsOf.get(issue.id) ?? []) {
      const at = Math.min(w.created, base - 60_000);
      const items: SimChangeItem[] = [
        { field: "timespent", fieldtype: "jira", fieldId: "timespent", from: spent ? String(spent) : null, fromString: spent ? String(spent) : null, to: String(spent + w.timeSpentSeconds), toString: String(spent + w.timeSpentSeconds) },
        { field: "WorklogId", fieldtype: "jira", from: null, fromString: null, to: w.id, toString: w.id },
      ];
      spent += w.timeSpentSeconds;
      events.push({ at, author: w.author, items });
    }
    if (est !== null && done && issue.remainingEstimate === 0 && resolvedAt !== null) {
      events.push({ at: resolvedAt, author: actor(), items: [{ field: "timeestimate", fieldtype: "jira", fieldId: "timeestimate", from: String(est), fromString: String(est), to: "0", toString: "0" }] });
    }
    // Story points: estimated when planned, sometimes re-estimated.
    const points = issue.custom[CF.storyPoints];
    if (typeof points === "number") {
      const at = between(issue.created + 60_000, first);
      const earlier = d.chance(0.2) ? d.pick([1, 2, 3, 5, 8, 13].filter((p) => p !== points)) : null;
      if (earlier !== null) events.push({ at: issue.created + 30_000, author: issue.reporter, items: [{ field: "Story point estimate", fieldtype: "custom", fieldId: CF.storyPoints, from: null, fromString: null, to: null, toString: String(earlier) }] });
      events.push({ at, author: actor(), items: [{ field: "Story point estimate", fieldtype: "custom", fieldId: CF.storyPoints, from: null, fromString: earlier === null ? null : String(earlier), to: null, toString: String(points) }] });
    }
    // Sprints on the Scrum projects.
    const own = sprints.filter((s) => s.projectKey === issue.projectKey);
    if (own.length && !isEpic && issue.issueTypeId !== "10004") {
      const from = firstProgress ?? null;
      const until = resolvedAt ?? base;
      let member: SimSprint[] = [];
      if (from !== null) member = own.filter((s) => s.startDate !== null && s.endDate !== null && s.startDate < until && s.endDate > from);
      else if (!done) {
        const active = own.find((s) => s.state === "active");
        const future = own.find((s) => s.state === "future");
        if (active && issue.created < (active.startDate ?? 0) && d.chance(0.3)) member = [active];
        else if (future && issue.created > base - 30 * DAY && d.chance(0.3)) member = [future];
        else if (active && active.startDate !== null && issue.created < active.startDate && d.chance(0.1)) {
          // Added to the active sprint at its start, removed two days later.
          events.push({ at: active.startDate, author: issue.reporter, items: [sprintItem([], [active])] });
          events.push({ at: active.startDate + 2 * DAY, author: issue.reporter, items: [sprintItem([active], [])] });
        }
      }
      if (member.length) {
        const s0 = member[0] as SimSprint;
        const planned = s0.plannedStart - DAY;
        // Planned before the sprint, or added mid-sprint when work started later than its first day.
        const addAt = from !== null && from > s0.plannedStart + DAY ? from - HOUR : Math.max(issue.created + 60_000, planned);
        events.push({ at: Math.max(issue.created + 60_000, addAt), author: issue.reporter, items: [sprintItem([], [s0])] });
        for (let k = 1; k < member.length; k++) {
          const closed = member[k - 1] as SimSprint;
          events.push({ at: closed.completeDate ?? closed.plannedStart + SPRINT_LENGTH, author: issue.reporter, items: [sprintItem(member.slice(0, k), member.slice(0, k + 1))] });
        }
        issue.custom[SPRINT_FIELD] = member.map((s) => s.id);
      }
    }
    // Merge and store, sorted; `updated` is the last history instant or later.
    events.sort((a, b) => a.at - b.at);
    for (const e of events) {
      const last = state.histories.at(-1);
      if (last && last.issueId === issue.id && last.created === e.at && last.author === e.author) last.items.push(...e.items);
      else state.histories.push({ id: "", issueId: issue.id, author: e.author, created: e.at, items: e.items });
    }
    const lastAt = events.at(-1)?.at;
    if (lastAt !== undefined && lastAt > issue.updated) issue.updated = lastAt;
    if (issue.resolutionDate !== null && issue.resolutionDate > issue.updated) issue.updated = issue.resolutionDate;
  }
  moveIssues(state, d);
  state.histories.sort((a, b) => a.created - b.created || Number(a.issueId) - Number(b.issueId));
  for (const h of state.histories) h.id = String(state.nextId.history++);
}

/** Moves a few issues between projects: an old key in the source project and a Key + project change item. */
function moveIssues(state: SimState, d: Draw): void {
  for (const [fromKey, toKey, count] of MOVES) {
    const from = state.projects.find((p) => p.key === fromKey);
    const to = state.projects.find((p) => p.key === toKey);
    if (!from || !to) continue;
    const candidates = state.issues.filter((i) => i.projectKey === toKey && i.issueTypeId !== "10000" && i.issueTypeId !== "10004" && i.parentId === null);
    for (let n = 0; n < count && candidates.length; n++) {
      const issue = d.pick(candidates);
      const oldKey = `${fromKey}-${from.nextNumber++}`;
      issue.oldKeys.push(oldKey);
      const at = issue.created + Math.floor((issue.updated - issue.created) / 5);
      state.histories.push({
        id: "",
        issueId: issue.id,
        author: issue.reporter,
        created: at,
        items: [
          { field: "Key", fieldtype: "jira", from: null, fromString: oldKey, to: null, toString: issue.key },
          { field: "project", fieldtype: "jira", fieldId: "project", from: from.id, fromString: from.name, to: to.id, toString: to.name },
        ],
      });
    }
  }
}
