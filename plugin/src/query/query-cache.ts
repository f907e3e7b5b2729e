// The query blocks' result cache: a bounded file in the plugin's folder (`query-cache.json`, never data.json),
// written through the JsonFileStore (atomic: a temp file renamed into place). Entries are keyed by site, block
// kind, block text and the JQL sent (placeholders make one block text give different queries in different
// notes) and kept least-recently-used first, at most `limit` of them. It also keeps each site's field list, so
// custom field columns still resolve while offline. Saves are coalesced: one in flight, at most one waiting.
import type { JsonFileStore } from "../state/state-store";
import type { QueryInput, QueryResult } from "./query-types";

export const QUERY_CACHE_FILE = "query-cache.json";
/** Entries kept (each at most 1,000 rows). */
export const QUERY_CACHE_LIMIT = 300;

export interface CachedQuery {
  result: QueryResult;
  /** When Jira answered (ms since the epoch, the device's clock). */
  at: number;
}

type SiteFields = NonNullable<QueryInput["fields"]>;

interface StoredCache {
  version: 1;
  /** Oldest use first. */
  entries: [string, CachedQuery][];
  fields: Record<string, SiteFields>;
}

/** The cache key of a block's query. */
export function queryCacheKey(siteUrl: string, kind: string, source: string, jql: string): string {
  return JSON.stringify([siteUrl, kind, source, jql]);
}

function readStored(raw: unknown): StoredCache {
  const empty: StoredCache = { version: 1, entries: [], fields: {} };
  if (typeof raw !== "object" || raw === null) return empty;
  const r = raw as Partial<StoredCache>;
  const entries = Array.isArray(r.entries)
    ? r.entries.filter((e): e is [string, CachedQuery] => Array.isArray(e) && typeof e[0] === "string" && typeof e[1] === "object" && e[1] !== null && typeof e[1].at === "number" && typeof e[1].result === "object")
    : [];
  const fields = typeof r.fields === "object" && r.fields !== null ? r.fields : {};
  return { version: 1, entries, fields };
}

export class QueryCache {
  private data: Promise<{ entries: Map<string, CachedQuery>; fields: Record<string, SiteFields> }> | null = null;
  private saving: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly store: JsonFileStore,
    private readonly limit = QUERY_CACHE_LIMIT,
  ) {}

  private load() {
    this.data ??= this.store
      .load(QUERY_CACHE_FILE)
      .catch(() => null)
      .then((raw) => {
        const stored = readStored(raw);
        return { entries: new Map(stored.entries.slice(-this.limit)), fields: stored.fields };
      });
    return this.data;
  }

  /** The cached answer for `key`, marked as just used. */
  async get(key: string): Promise<CachedQuery | undefined> {
    const { entries } = await this.load();
    const hit = entries.get(key);
    if (hit !== undefined) {
      entries.delete(key);
      entries.set(key, hit);
    }
    return hit;
  }

  /** Keeps `entry` for `key`, dropping the least recently used beyond the limit, and saves. */
  async set(key: string, entry: CachedQuery): Promise<void> {
    const { entries } = await this.load();
    entries.delete(key);
    entries.set(key, entry);
    while (entries.size > this.limit) entries.delete(entries.keys().next().value as string);
    await this.save();
  }

  /** The site's field list as last read. */
  async fields(siteUrl: string): Promise<SiteFields | undefined> {
    return (await this.load()).fields[siteUrl];
  }

  async setFields(siteUrl: string, fields: SiteFields): Promise<void> {
    (await this.load()).fields[siteUrl] = fields;
    await this.save();
  }

  /** The number of entries (for tests and the docs' bound). */
  async size(): Promise<number> {
    return (await this.load()).entries.size;
  }

  private async save(): Promise<void> {
    if (this.saving !== null) {
      this.again = true;
      return this.saving;
    }
    this.saving = (async () => {
      try {
        do {
          this.again = false;
          const { entries, fields } = await this.load();
          const stored: StoredCache = { version: 1, entries: [...entries], fields };
          await this.store.save(QUERY_CACHE_FILE, stored);
        } while (this.again);
      } finally {
        this.saving = null;
      }
    })();
    return this.saving;
  }
}
