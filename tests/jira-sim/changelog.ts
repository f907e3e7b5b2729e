/**
 * Change history: computing Jira-style changelog items from the difference between two versions of an
 * issue (summary, description, status, assignee, labels, estimates, custom fields, key/project on moves),
 * plus the paged changelog responses (`/issue/{key}/changelog`, `/changelog/bulkfetch`).
 */
import { Buffer } from "node:buffer";
import { adfToText } from "./adf";
import type { SimChangeItem, SimHistory, SimIssue } from "./model";
import type { Ctx } from "./render";
import { EPIC_LINK } from "./base";
import { epicLinked, renderHistory, resolutionsOf } from "./render";

const str = (v: unknown): string | null => (v === null || v === undefined ? null : typeof v === "string" ? v : JSON.stringify(v));

export function diffIssues(c: Ctx, a: SimIssue, b: SimIssue): SimChangeItem[] {
  const st = c.store.state;
  const items: SimChangeItem[] = [];
  const push = (field: string, fieldId: string | undefined, from: string | null, fromString: string | null, to: string | null, toString: string | null, fieldtype = "jira"): void => {
    items.push({ field, fieldtype, ...(fieldId ? { fieldId } : {}), from, fromString, to, toString });
  };
  if (a.summary !== b.summary) push("summary", "summary", null, a.summary, null, b.summary);
  if (JSON.stringify(a.description) !== JSON.stringify(b.description))
    push("description", "description", null, a.description === null ? null : adfToText(a.description), null, b.description === null ? null : adfToText(b.description));
  if (a.statusId !== b.statusId) {
    const name = (id: string): string | null => st.statuses.find((s) => s.id === id)?.name ?? null;
    push("status", "status", a.statusId, name(a.statusId), b.statusId, name(b.statusId));
  }
  const resolution = (i: SimIssue): string | null => (i.resolutionDate === null ? null : (i.resolutionId ?? "10000"));
  if (resolution(a) !== resolution(b)) {
    const name = (id: string | null): string | null => (id === null ? null : (resolutionsOf(c).find((r) => r.id === id)?.name ?? null));
    push("resolution", "resolution", resolution(a), name(resolution(a)), resolution(b), name(resolution(b)));
  }
  for (const f of ["assignee", "reporter"] as const) {
    if (a[f] !== b[f]) push(f, f, a[f], c.store.user(a[f])?.displayName ?? null, b[f], c.store.user(b[f])?.displayName ?? null);
  }
  if (a.priorityId !== b.priorityId) {
    const name = (id: string): string | null => st.priorities.find((p) => p.id === id)?.name ?? null;
    push("priority", "priority", a.priorityId, name(a.priorityId), b.priorityId, name(b.priorityId));
  }
  if (a.issueTypeId !== b.issueTypeId) {
    const name = (id: string): string | null => st.issueTypes.find((p) => p.id === id)?.name ?? null;
    push("issuetype", "issuetype", a.issueTypeId, name(a.issueTypeId), b.issueTypeId, name(b.issueTypeId));
  }
  if (a.labels.join(" ") !== b.labels.join(" ")) push("labels", "labels", null, a.labels.join(" ") || null, null, b.labels.join(" ") || null);
  if (a.parentId !== b.parentId) {
    const key = (id: string | null): string | null => (id ? (c.store.issue(id)?.key ?? null) : null);
    // Data Center records an epic's child moving as a change of its Epic Link (ids, and keys as the strings).
    if (epicLinked(c, b)) push("Epic Link", EPIC_LINK, a.parentId, key(a.parentId), b.parentId, key(b.parentId), "custom");
    else push("IssueParentAssociation", "parent", a.parentId, key(a.parentId), b.parentId, key(b.parentId));
  }
  // One item per version removed or added, as Jira records them.
  const versionName = (id: string): string | null => st.versions?.find((v) => v.id === id)?.name ?? null;
  const before = a.fixVersionIds ?? [];
  const after = b.fixVersionIds ?? [];
  for (const id of before.filter((v) => !after.includes(v))) push("Fix Version", "fixVersions", id, versionName(id), null, null);
  for (const id of after.filter((v) => !before.includes(v))) push("Fix Version", "fixVersions", null, null, id, versionName(id));
  if (a.originalEstimate !== b.originalEstimate) push("timeoriginalestimate", "timeoriginalestimate", str(a.originalEstimate), str(a.originalEstimate), str(b.originalEstimate), str(b.originalEstimate));
  if (a.remainingEstimate !== b.remainingEstimate) push("timeestimate", "timeestimate", str(a.remainingEstimate), str(a.remainingEstimate), str(b.remainingEstimate), str(b.remainingEstimate));
  if (a.key !== b.key) push("Key", undefined, null, a.key, null, b.key);
  if (a.projectKey !== b.projectKey) {
    const p = (k: string): { id: string; name: string } | undefined => c.store.project(k);
    push("project", "project", p(a.projectKey)?.id ?? null, p(a.projectKey)?.name ?? null, p(b.projectKey)?.id ?? null, p(b.projectKey)?.name ?? null);
  }
  const keys = new Set([...Object.keys(a.custom), ...Object.keys(b.custom)]);
  for (const k of keys) {
    const av = a.custom[k] ?? null;
    const bv = b.custom[k] ?? null;
    if (JSON.stringify(av) === JSON.stringify(bv)) continue;
    const def = st.fields.find((f) => f.id === k);
    const show = (v: unknown): string | null => (v === null ? null : def?.kind === "select" ? (def.options?.find((o) => o.id === v)?.value ?? null) : adfToText(v) || str(v));
    const isSelect = def?.kind === "select";
    push(def?.name ?? k, k, isSelect ? str(av) : null, show(av), isSelect ? str(bv) : null, show(bv), "custom");
  }
  return items;
}

export interface ChangelogPage {
  self: string;
  maxResults: number;
  startAt: number;
  total: number;
  isLast: boolean;
  values: Record<string, unknown>[];
  nextPage?: string;
}

export function changelogPage(c: Ctx, self: string, hs: SimHistory[], startAt: number, maxResults: number): ChangelogPage {
  const values = hs.slice(startAt, startAt + maxResults).map((h) => renderHistory(c, h));
  const isLast = startAt + values.length >= hs.length;
  const page: ChangelogPage = { self, maxResults, startAt, total: hs.length, isLast, values };
  if (!isLast) page.nextPage = `${self.split("?")[0] ?? self}?startAt=${startAt + maxResults}&maxResults=${maxResults}`;
  return page;
}

/** `POST /changelog/bulkfetch`: histories of many issues, optionally filtered by field ids, paged by token. */
export function bulkChangelogs(c: Ctx, issueIds: string[], fieldIds: string[] | undefined, maxResults: number, token: string | undefined): Record<string, unknown> {
  const offset = token ? Number(Buffer.from(token, "base64url").toString("utf8")) || 0 : 0;
  const all: SimHistory[] = [];
  for (const id of issueIds) {
    for (const h of c.store.histories(id)) {
      if (!fieldIds?.length) all.push(h);
      else {
        const items = h.items.filter((it) => fieldIds.includes(it.fieldId ?? it.field));
        if (items.length) all.push({ ...h, items });
      }
    }
  }
  const slice = all.slice(offset, offset + maxResults);
  const byIssue = new Map<string, Record<string, unknown>[]>();
  for (const h of slice) {
    const list = byIssue.get(h.issueId) ?? [];
    list.push(renderHistory(c, h));
    byIssue.set(h.issueId, list);
  }
  const r: Record<string, unknown> = { issueChangeLogs: [...byIssue].map(([issueId, changeHistories]) => ({ issueId, changeHistories })) };
  if (offset + slice.length < all.length) r.nextPageToken = Buffer.from(String(offset + slice.length)).toString("base64url");
  return r;
}
