// What a query block asks for: its plan (diagnostics, JQL) without sending anything, the cached answer at
// once, and a refresh. Refreshes are debounced (a note with several blocks opens in one burst) and shared:
// blocks with the same site, text and JQL wait on one request. A refresh that Jira answers is cached; one that
// fails keeps the cache as it was, and the block shows the failure beside the cached rows when Jira could not
// be reached (offline), alone otherwise (bad JQL, 401: old rows would mislead).
import type { JiraTransport } from "../jira/client";
import { type CachedQuery, type QueryCache, queryCacheKey } from "./query-cache";
import { runQueryEngine } from "./query-runner";
import type { QueryEngineLike, QueryInput, QueryKind, QueryResult } from "./query-types";

/** The site a block runs against. */
export interface QuerySite {
  siteUrl: string;
  deployment: "cloud" | "datacenter";
  transport: Pick<JiraTransport, "send">;
  /** The Jira user's zone (the sync state's `myself.timeZone`), else the device's. */
  timeZone: string;
  /** The site's field list (`/field`), or null when it cannot be read now. */
  fields: () => Promise<QueryInput["fields"] | null>;
}

export interface QueryServiceDeps {
  engine: (input: QueryInput) => QueryEngineLike;
  cache: QueryCache;
  /** The configured site, or a sentence saying why there is none. */
  site: () => Promise<QuerySite | string>;
  now: () => number;
  /** How long a refresh on open waits for more blocks (ms). */
  debounceMs?: number;
}

/** A block as the service sees it. */
export interface QueryBlockRef {
  kind: QueryKind;
  source: string;
  /** The text of the note holding it. */
  note?: string;
}

/** What a block shows. */
export type QueryView =
  | { kind: "problem"; message: string }
  | { kind: "invalid"; result: QueryResult }
  | { kind: "result"; cached: CachedQuery | null; refreshing: boolean; failure?: { message: string; offline: boolean } };

/** A block prepared to run: what to show now, and how to refresh it. */
export interface PreparedBlock {
  view: QueryView;
  refresh?: (now: boolean) => Promise<QueryView>;
}

export class QueryService {
  private readonly inFlight = new Map<string, Promise<QueryResult>>();

  constructor(private readonly deps: QueryServiceDeps) {}

  /** Reads the block and its cached answer; sends nothing. */
  async prepare(block: QueryBlockRef): Promise<PreparedBlock> {
    const site = await this.deps.site();
    if (typeof site === "string") return { view: { kind: "problem", message: site } };
    const fields = (await site.fields()) ?? (await this.deps.cache.fields(site.siteUrl)) ?? [];
    const input: QueryInput = { kind: block.kind, source: block.source, deployment: site.deployment, timeZone: site.timeZone, fields };
    if (block.note !== undefined) input.note = block.note;
    const plan = this.deps.engine(input);
    let jql: string;
    try {
      if (!plan.runnable()) return { view: { kind: "invalid", result: plan.finish() } };
      jql = plan.jql();
    } finally {
      plan.free?.();
    }
    const key = queryCacheKey(site.siteUrl, block.kind, block.source, jql);
    const cached = (await this.deps.cache.get(key)) ?? null;
    const refresh = async (now: boolean): Promise<QueryView> => {
      const result = await this.shared(key, now, () => runQueryEngine(this.deps.engine(input), site.transport));
      if (result.error === undefined) {
        const entry = { result, at: this.deps.now() };
        await this.deps.cache.set(key, entry);
        return { kind: "result", cached: entry, refreshing: false };
      }
      const offline = result.status === 0;
      const kept = offline ? ((await this.deps.cache.get(key)) ?? null) : null;
      return { kind: "result", cached: kept, refreshing: false, failure: { message: result.error, offline } };
    };
    return { view: { kind: "result", cached, refreshing: true }, refresh };
  }

  /** One run per key at a time; a refresh on open first waits `debounceMs`. */
  private shared(key: string, now: boolean, run: () => Promise<QueryResult>): Promise<QueryResult> {
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const delay = now ? 0 : (this.deps.debounceMs ?? 250);
    const p = new Promise<void>((resolve) => window.setTimeout(resolve, delay)).then(run).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, p);
    return p;
  }
}
