/**
 * Rendering of stored records into Jira's JSON shapes (Cloud v3 or Data Center v2): users, statuses,
 * projects, issue types, priorities, fields and whole issues with field selection (`*all`, `*navigable`,
 * explicit ids, `-field` exclusions) and expansions (`renderedFields`, `names`, `changelog`, `transitions`).
 */
import { renderHtml } from "./adf";
import { STATUS_CATEGORIES } from "./base";
import { commentsOf, renderComment } from "./comments";
import { renderLinkFrom } from "./links";
import type { Mode, SimField, SimHistory, SimIssue, SimProject, SimResolution, SimStatus, SimUser, SimVersion, SimWorklog } from "./model";
import type { Store } from "./store";
import { formatDuration, jiraTimestamp } from "./time";

export interface Ctx {
  store: Store;
  mode: Mode;
  baseUrl: string;
  viewer: SimUser;
}

/** The resolution of issues resolved without choosing one (and the only one of sites that define none). */
export const DONE_RESOLUTION: SimResolution = { id: "10000", name: "Done", description: "Work has been done." };

export const resolutionsOf = (c: Ctx): SimResolution[] => c.store.state.resolutions ?? [DONE_RESOLUTION];

export const apiBase = (c: Ctx): string => `${c.baseUrl}/rest/api/${c.mode === "cloud" ? 3 : 2}`;
const ts = (ms: number): string => jiraTimestamp(ms);

export function avatarUrls(seed: string): Record<string, string> {
  const u = `https://avatars.example.invalid/${encodeURIComponent(seed)}`;
  return { "48x48": `${u}/48`, "24x24": `${u}/24`, "16x16": `${u}/16`, "32x32": `${u}/32` };
}

export function renderUser(c: Ctx, u: SimUser | undefined, full = false): Record<string, unknown> | null {
  if (!u) return null;
  if (c.mode === "cloud") {
    const r: Record<string, unknown> = {
      self: `${apiBase(c)}/user?accountId=${u.accountId}`,
      accountId: u.accountId,
      accountType: "atlassian",
      emailAddress: u.email,
      avatarUrls: avatarUrls(u.accountId),
      displayName: u.displayName,
      active: u.active,
      timeZone: u.timeZone,
    };
    if (full) r.locale = "en_US";
    return r;
  }
  return {
    self: `${apiBase(c)}/user?username=${u.name}`,
    key: u.key,
    name: u.name,
    emailAddress: u.email,
    avatarUrls: avatarUrls(u.key),
    displayName: u.displayName,
    active: u.active,
    timeZone: u.timeZone,
    ...(full ? { locale: "en_US" } : {}),
  };
}

export function renderStatusCategory(c: Ctx, key: keyof typeof STATUS_CATEGORIES): Record<string, unknown> {
  const cat = STATUS_CATEGORIES[key];
  return { self: `${apiBase(c)}/statuscategory/${cat.id}`, id: cat.id, key, colorName: cat.colorName, name: cat.name };
}

export function renderStatus(c: Ctx, s: SimStatus | undefined): Record<string, unknown> | null {
  if (!s) return null;
  return {
    self: `${apiBase(c)}/status/${s.id}`,
    description: s.description,
    iconUrl: `${c.baseUrl}/images/icons/statuses/generic.png`,
    name: s.name,
    id: s.id,
    statusCategory: renderStatusCategory(c, s.category),
  };
}

export function renderIssueType(c: Ctx, id: string): Record<string, unknown> | null {
  const t = c.store.state.issueTypes.find((x) => x.id === id);
  if (!t) return null;
  const r: Record<string, unknown> = {
    self: `${apiBase(c)}/issuetype/${t.id}`,
    id: t.id,
    description: `${t.name} issue type`,
    iconUrl: `${c.baseUrl}/images/icons/issuetypes/${t.name.toLowerCase()}.png`,
    name: t.name,
    subtask: t.subtask,
  };
  if (c.mode === "cloud") r.hierarchyLevel = t.hierarchyLevel;
  return r;
}

export function renderPriority(c: Ctx, id: string): Record<string, unknown> | null {
  const p = c.store.state.priorities.find((x) => x.id === id);
  if (!p) return null;
  return { self: `${apiBase(c)}/priority/${p.id}`, iconUrl: `${c.baseUrl}/images/icons/priorities/${p.name.toLowerCase()}.svg`, name: p.name, id: p.id };
}

export function renderProject(c: Ctx, p: SimProject, full = false): Record<string, unknown> {
  const r: Record<string, unknown> = {
    self: `${apiBase(c)}/project/${p.id}`,
    id: p.id,
    key: p.key,
    name: p.name,
    projectTypeKey: "software",
    avatarUrls: avatarUrls(p.key),
  };
  if (full) {
    if (c.mode === "cloud") r.simplified = false;
    r.style = "classic";
    r.isPrivate = false;
    r.lead = renderUser(c, c.store.user(p.leadAccountId));
  }
  return r;
}

export function renderField(f: SimField, mode: Mode): Record<string, unknown> {
  const r: Record<string, unknown> = {
    id: f.id,
    name: f.name,
    custom: f.custom,
    orderable: f.orderable,
    navigable: f.navigable,
    searchable: f.searchable,
    clauseNames: f.clauseNames,
    schema: f.schema,
  };
  if (mode === "cloud") r.key = f.id;
  return r;
}

export function renderIssueRef(c: Ctx, i: SimIssue): Record<string, unknown> {
  return {
    id: i.id,
    key: i.key,
    self: `${apiBase(c)}/issue/${i.id}`,
    fields: {
      summary: i.summary,
      status: renderStatus(c, c.store.state.statuses.find((s) => s.id === i.statusId)),
      priority: renderPriority(c, i.priorityId),
      issuetype: renderIssueType(c, i.issueTypeId),
    },
  };
}

export function renderWorklog(c: Ctx, w: SimWorklog): Record<string, unknown> {
  const r: Record<string, unknown> = {
    self: `${apiBase(c)}/issue/${w.issueId}/worklog/${w.id}`,
    author: renderUser(c, c.store.user(w.author)),
    updateAuthor: renderUser(c, c.store.user(w.updateAuthor)),
    created: ts(w.created),
    updated: ts(w.updated),
    started: ts(w.started),
    timeSpent: formatDuration(w.timeSpentSeconds),
    timeSpentSeconds: w.timeSpentSeconds,
    id: w.id,
    issueId: w.issueId,
  };
  if (w.comment !== null && w.comment !== undefined) r.comment = w.comment;
  return r;
}

export function renderHistory(c: Ctx, h: SimHistory): Record<string, unknown> {
  return {
    id: h.id,
    author: renderUser(c, c.store.user(h.author)),
    created: ts(h.created),
    items: h.items.map((it) => {
      const withId = it.fieldId && c.mode === "cloud" ? { fieldId: it.fieldId } : {};
      // The spec types from/fromString/to/toString as (non-nullable) strings: absent values are left out.
      const out: Record<string, unknown> = { field: it.field, fieldtype: it.fieldtype, ...withId };
      for (const k of ["from", "fromString", "to", "toString"] as const) if (it[k] !== null) out[k] = it[k];
      return out;
    }),
  };
}

function timetracking(orig: number | null, rem: number | null, spent: number): Record<string, unknown> {
  const r: Record<string, unknown> = {};
  if (orig !== null) Object.assign(r, { originalEstimate: formatDuration(orig), originalEstimateSeconds: orig });
  if (rem !== null) Object.assign(r, { remainingEstimate: formatDuration(rem), remainingEstimateSeconds: rem });
  if (spent > 0) Object.assign(r, { timeSpent: formatDuration(spent), timeSpentSeconds: spent });
  return r;
}

/**
 * `GET /project/{key}`: the full project plus its description, category and issue types (Cloud's `Project`,
 * DC's `ProjectBean`, which Jira fills the same way).
 */
export function renderProjectDetail(c: Ctx, p: SimProject): Record<string, unknown> {
  const r = renderProject(c, p, true);
  r.description = p.description ?? "";
  if (p.category) r.projectCategory = { self: `${apiBase(c)}/projectCategory/${p.category.id}`, id: p.category.id, name: p.category.name, description: p.category.description };
  r.issueTypes = p.issueTypeIds.map((id) => renderIssueType(c, id)).filter((t) => t !== null);
  return r;
}

/** A project's component as `/project/{key}/components` lists it. */
export function renderComponent(c: Ctx, p: SimProject, k: NonNullable<SimProject["components"]>[number]): Record<string, unknown> {
  const lead = k.leadAccountId === undefined ? undefined : c.store.user(k.leadAccountId);
  return {
    self: `${apiBase(c)}/component/${k.id}`,
    id: k.id,
    name: k.name,
    ...(k.description === undefined ? {} : { description: k.description }),
    ...(lead ? { lead: renderUser(c, lead) } : {}),
    assigneeType: "PROJECT_DEFAULT",
    project: p.key,
    ...(c.mode === "cloud"
      ? { isAssigneeTypeValid: false, projectId: Number(p.id), ...(lead ? { leadAccountId: lead.accountId } : {}) }
      : { archived: false, deleted: false, ...(lead ? { leadUserName: lead.name } : {}) }),
  };
}

/** A version as issues show it in `fixVersions`. */
export function renderVersion(c: Ctx, v: SimVersion): Record<string, unknown> {
  const project = c.store.project(v.projectKey);
  return {
    self: `${apiBase(c)}/version/${v.id}`,
    id: v.id,
    name: v.name,
    archived: v.archived,
    released: v.released,
    ...(v.releaseDate === null ? {} : { releaseDate: v.releaseDate }),
    ...(project ? { projectId: Number(project.id) } : {}),
  };
}

/**
 * Whether an issue points to its parent through Data Center's *Epic Link* (every issue that is not a sub-task, on
 * Data Center) rather than through `parent` (sub-tasks everywhere; every level on Cloud).
 */
export function epicLinked(c: Ctx, i: SimIssue): boolean {
  return c.mode === "datacenter" && !c.store.state.issueTypes.find((t) => t.id === i.issueTypeId)?.subtask;
}

/** Value of one field of an issue, rendered for the API. `undefined` means "not present". */
export function fieldValue(c: Ctx, i: SimIssue, id: string): unknown {
  const st = c.store;
  const spent = st.timeSpent(i.id);
  switch (id) {
    case "summary": return i.summary;
    case "description": return i.description ?? null;
    case "issuetype": return renderIssueType(c, i.issueTypeId);
    case "project": { const p = st.project(i.projectKey); return p ? renderProject(c, p) : null; }
    case "status": return renderStatus(c, st.state.statuses.find((s) => s.id === i.statusId));
    case "priority": return renderPriority(c, i.priorityId);
    case "assignee": return renderUser(c, st.user(i.assignee));
    case "reporter": return renderUser(c, st.user(i.reporter));
    case "creator": return renderUser(c, st.user(i.creator));
    case "labels": return [...i.labels];
    case "fixVersions": return (i.fixVersionIds ?? []).map((id) => st.state.versions?.find((v) => v.id === id)).filter((v) => v !== undefined).map((v) => renderVersion(c, v));
    case "parent": {
      const p = i.parentId && !epicLinked(c, i) ? st.issue(i.parentId) : undefined;
      return p ? renderIssueRef(c, p) : undefined;
    }
    case "issuelinks":
      // Links to issues the viewer may not browse are left out, as Jira does.
      return st.state.links
        .filter((l) => l.inwardIssueId === i.id || l.outwardIssueId === i.id)
        .filter((l) => {
          const other = st.issue(l.inwardIssueId === i.id ? l.outwardIssueId : l.inwardIssueId);
          return other !== undefined && st.canBrowse(c.viewer, other.projectKey);
        })
        .map((l) => renderLinkFrom(c, l, i));
    case "comment": {
      // Jira's page of comments (every comment of the issue on one page, as an issue or a search shows it).
      const all = commentsOf(c, i);
      return { comments: all.map((k) => renderComment(c, k)), self: `${apiBase(c)}/issue/${i.id}/comment`, maxResults: all.length, total: all.length, startAt: 0 };
    }
    case "timetracking": return timetracking(i.originalEstimate, i.remainingEstimate, spent);
    case "timeoriginalestimate": return i.originalEstimate;
    case "timeestimate": return i.remainingEstimate;
    case "timespent": return spent > 0 ? spent : null;
    case "worklog": {
      const wl = st.worklogsOf(i.id);
      return { startAt: 0, maxResults: 20, total: wl.length, worklogs: wl.slice(0, 20).map((w) => renderWorklog(c, w)) };
    }
    case "created": return ts(i.created);
    case "updated": return ts(i.updated);
    case "statuscategorychangedate": return ts(i.statusCategoryChanged);
    case "resolution": {
      if (i.resolutionDate === null) return null;
      const r = resolutionsOf(c).find((x) => x.id === (i.resolutionId ?? "10000")) ?? DONE_RESOLUTION;
      return { self: `${apiBase(c)}/resolution/${r.id}`, id: r.id, description: r.description, name: r.name };
    }
    case "resolutiondate": return i.resolutionDate !== null ? ts(i.resolutionDate) : null;
    case "issuekey": case "statusCategory": return undefined;
    default: {
      const f = st.state.fields.find((x) => x.id === id);
      if (!f) return undefined;
      if (f.kind === "epiclink") return (epicLinked(c, i) && i.parentId ? st.issue(i.parentId)?.key : undefined) ?? null;
      const v = i.custom[id];
      if (v === undefined || v === null) return null;
      if (f.kind === "select") {
        const o = f.options?.find((x) => x.id === v);
        return o ? { self: `${apiBase(c)}/customFieldOption/${o.id}`, value: o.value, id: o.id } : null;
      }
      if (f.kind === "user") return renderUser(c, st.user(typeof v === "string" ? v : null));
      if (f.kind === "users") return (Array.isArray(v) ? v : []).map((id) => renderUser(c, st.user(typeof id === "string" ? id : null)));
      if (f.kind === "sprint") return renderSprints(c, Array.isArray(v) ? v : []);
      return v;
    }
  }
}

/**
 * The sprint field's value: Cloud's sprint objects; Data Center's `Sprint@…[id=…,…]` strings (as Jira Server's
 * REST API v2 renders the gh-sprint type).
 */
function renderSprints(c: Ctx, ids: unknown[]): unknown[] {
  const all = c.store.state.sprints ?? [];
  const list = ids.map((id) => all.find((s) => s.id === id)).filter((s) => s !== undefined);
  const date = (v: number | null): string | null => (v === null ? null : new Date(v).toISOString());
  if (c.mode === "cloud") {
    return list.map((s) => {
      const o: Record<string, unknown> = { id: s.id, name: s.name, state: s.state, boardId: s.boardId, goal: s.goal };
      for (const [k, v] of [["startDate", s.startDate], ["endDate", s.endDate], ["completeDate", s.completeDate]] as const) if (v !== null) o[k] = date(v);
      return o;
    });
  }
  const dc = (v: number | null): string => (v === null ? "<null>" : new Date(v).toISOString());
  return list.map((s) => `com.atlassian.greenhopper.service.sprint.Sprint@${(0x1a2b + s.id).toString(16)}[id=${s.id},rapidViewId=${s.boardId},state=${s.state.toUpperCase()},name=${s.name},startDate=${dc(s.startDate)},endDate=${dc(s.endDate)},completeDate=${dc(s.completeDate)},activatedDate=${dc(s.startDate)},sequence=${s.id},goal=${s.goal},autoStartStop=false,synced=false]`);
}

/** Resolves a `fields` request (list of ids, `*all`, `*navigable`, `-id`) to field ids. */
export function selectFields(c: Ctx, requested: string[] | undefined, dflt: "*all" | "*navigable" | "id"): string[] {
  const list = requested && requested.length ? requested : [dflt];
  const all = c.store.state.fields;
  const chosen = new Set<string>();
  const excluded = new Set<string>();
  for (const raw of list) {
    const f = raw.trim();
    if (!f) continue;
    if (f === "*all") all.forEach((x) => chosen.add(x.id));
    else if (f === "*navigable") all.filter((x) => x.navigable).forEach((x) => chosen.add(x.id));
    else if (f.startsWith("-")) excluded.add(f.slice(1));
    else if (f !== "id" && f !== "key") chosen.add(f);
  }
  return [...chosen].filter((f) => !excluded.has(f) && all.some((x) => x.id === f));
}

export interface IssueRenderOptions {
  fields: string[];
  expand?: string[];
  histories?: SimHistory[];
  /** Renders the transitions available for an issue (`expand=transitions`); injected to avoid an import cycle. */
  transitions?: (i: SimIssue) => unknown[];
}

/** `expand=schema`: the JSON type of each selected field. */
export function fieldSchemas(c: Ctx, fields: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of fields) {
    const def = c.store.state.fields.find((x) => x.id === f);
    if (def) out[f] = def.schema;
  }
  return out;
}

export function renderIssue(c: Ctx, i: SimIssue, o: IssueRenderOptions): Record<string, unknown> {
  const expand = new Set(o.expand ?? []);
  const r: Record<string, unknown> = {
    expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
    id: i.id,
    self: `${apiBase(c)}/issue/${i.id}`,
    key: i.key,
  };
  if (o.fields.length) {
    const fields: Record<string, unknown> = {};
    for (const f of o.fields) {
      const v = fieldValue(c, i, f);
      if (v !== undefined) fields[f] = v;
    }
    r.fields = fields;
  }
  if (expand.has("renderedFields")) {
    const rendered: Record<string, unknown> = {};
    for (const f of o.fields) {
      const def = c.store.state.fields.find((x) => x.id === f);
      if (f === "description" || def?.kind === "textarea") rendered[f] = renderHtml(f === "description" ? i.description : i.custom[f]);
      else if (f === "created" || f === "updated") rendered[f] = new Date(f === "created" ? i.created : i.updated).toUTCString();
    }
    r.renderedFields = rendered;
  }
  if (expand.has("names")) {
    const names: Record<string, string> = {};
    for (const f of o.fields) {
      const def = c.store.state.fields.find((x) => x.id === f);
      if (def) names[f] = def.name;
    }
    r.names = names;
  }
  if (expand.has("schema")) r.schema = fieldSchemas(c, o.fields);
  if (expand.has("transitions") && o.transitions) r.transitions = o.transitions(i);
  if (expand.has("changelog")) {
    const hs = o.histories ?? c.store.histories(i.id);
    r.changelog = { startAt: 0, maxResults: hs.length, total: hs.length, histories: hs.map((h) => renderHistory(c, h)) };
  }
  return r;
}
