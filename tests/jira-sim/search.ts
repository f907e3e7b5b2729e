/**
 * Search: the (optionally lagging) search index and the two search flavours. Cloud `/search/jql` pages with
 * an opaque `nextPageToken` (absent on the last page) and `isLast`, refuses unbounded JQL, caps maxResults
 * at 100 (5000 when only ids/keys are asked) and honours `reconcileIssues`. Data Center `/search` pages
 * with `startAt`/`maxResults`/`total`. With a lag configured, writes reach search after a delay (real
 * milliseconds) or after N searches, like Jira's eventually consistent index. Cloud's
 * `/search/approximate-count` answers `{ count }` for a bounded query over the same (lagging) index.
 */
import { Buffer } from "node:buffer";
import { str } from "./util";
import { jiraError } from "./errors";
import { Evaluator } from "./jql/eval";
import { JqlError } from "./jql/lexer";
import { parseJql } from "./jql/parser";
import type { SimIssue } from "./model";
import { fieldSchemas, renderIssue, selectFields, type Ctx } from "./render";
import type { Store } from "./store";

export interface SearchLag {
  delayMs?: number;
  searches?: number;
}

interface Pending {
  id: string;
  snap: SimIssue | null;
  due: number;
  seen: number;
}

export class SearchIndex {
  private lag: SearchLag | null = null;
  private view: Map<string, SimIssue> | null = null;
  private pending: Pending[] = [];

  constructor(private readonly store: Store) {
    store.onIssueWrite = (ids) => this.onWrite(ids);
  }

  setLag(lag: SearchLag | null): void {
    const on = lag !== null && (lag.delayMs !== undefined || lag.searches !== undefined);
    this.lag = on ? lag : null;
    this.pending = [];
    this.view = on ? new Map(this.store.issues().map((i) => [i.id, structuredClone(i)])) : null;
  }

  getLag(): SearchLag | null {
    return this.lag;
  }

  /** Forgets the lagging view (after reset/seed). Keeps the lag setting. */
  rebuild(): void {
    this.setLag(this.lag);
  }

  private onWrite(ids: string[]): void {
    if (!this.view) return;
    const due = Date.now() + (this.lag?.delayMs ?? 0);
    for (const id of ids) {
      const live = this.store.issue(id);
      this.pending.push({ id, snap: live && live.id === id ? structuredClone(live) : null, due, seen: 0 });
    }
  }

  /** Issues as search sees them now; counts as one search for "visible after N searches". */
  issues(): SimIssue[] {
    if (!this.view || !this.lag) return this.store.issues();
    const now = Date.now();
    const { delayMs, searches } = this.lag;
    const still: Pending[] = [];
    for (const p of this.pending) {
      const ready = (delayMs !== undefined && now >= p.due) || (searches !== undefined && p.seen >= searches);
      if (!ready) still.push(p);
      else if (p.snap) this.view.set(p.id, p.snap);
      else this.view.delete(p.id);
    }
    for (const p of still) p.seen++;
    this.pending = still;
    return [...this.view.values()];
  }
}

const UNBOUNDED = "Unbounded JQL queries are not allowed here. Please add a search restriction to your query.";

function runJql(c: Ctx, index: SearchIndex, jql: string, requireBound: boolean, reconcile: string[] = []): SimIssue[] {
  try {
    const q = parseJql(jql);
    if (requireBound && q.where === null) throw jiraError(400, UNBOUNDED);
    const ev = new Evaluator({ store: c.store, user: c.viewer, now: c.store.clock.now() });
    const pred = q.where ? ev.compile(q.where) : (): boolean => true;
    const byId = new Map(index.issues().map((i) => [i.id, i]));
    for (const id of reconcile) {
      const live = c.store.issue(id);
      if (live && live.id === id) byId.set(id, live);
      else byId.delete(id);
    }
    const hits = [...byId.values()].filter((i) => c.store.canBrowse(c.viewer, i.projectKey) && pred(i));
    return hits.sort(ev.comparator(q));
  } catch (e) {
    if (e instanceof JqlError) throw jiraError(400, e.message);
    throw e;
  }
}

export function listParam(v: unknown): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  const arr = Array.isArray(v) ? v.map(str) : [str(v)];
  return arr.flatMap((x) => x.split(",")).map((x) => x.trim()).filter(Boolean);
}

function intParam(name: string, v: unknown, dflt: number): number {
  if (v === undefined || v === null || v === "") return dflt;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw jiraError(400, `The value '${str(v)}' for parameter '${name}' is invalid.`);
  return n;
}

export interface SearchInput {
  jql?: unknown;
  nextPageToken?: unknown;
  startAt?: unknown;
  maxResults?: unknown;
  fields?: unknown;
  expand?: unknown;
  reconcileIssues?: unknown;
}

function names(c: Ctx, fields: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const d = c.store.state.fields.find((x) => x.id === f);
    if (d) out[f] = d.name;
  }
  return out;
}

export function cloudSearch(c: Ctx, index: SearchIndex, input: SearchInput): Record<string, unknown> {
  const jql = typeof input.jql === "string" ? input.jql : "";
  if (jql.trim() === "") throw jiraError(400, UNBOUNDED);
  const fields = selectFields(c, listParam(input.fields), "id");
  const cap = fields.length === 0 ? 5000 : 100;
  const asked = intParam("maxResults", input.maxResults, 50);
  if (asked < 1) throw jiraError(400, "The value for parameter 'maxResults' must be greater than 0.");
  const max = Math.min(asked, cap);
  const reconcile = (listParam(input.reconcileIssues) ?? []).map(String);
  if (reconcile.length > 50) throw jiraError(400, "reconcileIssues accepts at most 50 issue ids.");
  let offset = 0;
  if (typeof input.nextPageToken === "string" && input.nextPageToken !== "") {
    let tok: { o?: unknown; q?: unknown } = {};
    try {
      tok = JSON.parse(Buffer.from(input.nextPageToken, "base64url").toString("utf8")) as { o?: unknown; q?: unknown };
    } catch {
      throw jiraError(400, "The provided next page token is invalid or expired.");
    }
    if (typeof tok.o !== "number" || tok.q !== jql) throw jiraError(400, "The provided next page token is invalid or expired.");
    offset = tok.o;
  }
  const hits = runJql(c, index, jql, true, reconcile);
  const page = hits.slice(offset, offset + max);
  const expand = listParam(input.expand) ?? [];
  const isLast = offset + page.length >= hits.length;
  const r: Record<string, unknown> = { issues: page.map((i) => renderIssue(c, i, { fields, expand })), isLast };
  if (!isLast) r.nextPageToken = Buffer.from(JSON.stringify({ o: offset + page.length, q: jql })).toString("base64url");
  if (expand.includes("names")) r.names = names(c, fields);
  if (expand.includes("schema")) r.schema = fieldSchemas(c, fields);
  return r;
}

/** Cloud `POST /search/approximate-count`: the number of issues the viewer can see that match a bounded query. */
export function cloudCount(c: Ctx, index: SearchIndex, input: { jql?: unknown }): Record<string, unknown> {
  const jql = typeof input.jql === "string" ? input.jql : "";
  if (jql.trim() === "") throw jiraError(400, UNBOUNDED);
  return { count: runJql(c, index, jql, true).length };
}

export function dcSearch(c: Ctx, index: SearchIndex, input: SearchInput): Record<string, unknown> {
  const jql = typeof input.jql === "string" ? input.jql : "";
  const fields = selectFields(c, listParam(input.fields), "*navigable");
  const startAt = intParam("startAt", input.startAt, 0);
  const max = Math.min(intParam("maxResults", input.maxResults, 50), 1000);
  const hits = runJql(c, index, jql, false);
  const expand = listParam(input.expand) ?? [];
  const r: Record<string, unknown> = {
    expand: "schema,names",
    startAt,
    maxResults: max,
    total: hits.length,
    issues: hits.slice(startAt, startAt + max).map((i) => renderIssue(c, i, { fields, expand })),
  };
  if (expand.includes("names")) r.names = names(c, fields);
  if (expand.includes("schema")) r.schema = fieldSchemas(c, fields);
  return r;
}
