// The issue cache: what the plugin last knew about each Jira issue (summary, status, status category),
// shown in badges, filled by the sync after each run. Its keys also tell which projects exist.
// Includes the tolerant reader for the cache's stored form.

/** Jira's status categories (`statusCategory.key`), plus "unknown" for anything else. */
export type StatusCategory = "new" | "indeterminate" | "done" | "unknown";

export const STATUS_CATEGORIES: readonly StatusCategory[] = ["new", "indeterminate", "done", "unknown"];

/** One cached issue. All text comes from Jira and is untrusted. */
export interface CachedIssue {
  summary: string;
  status: string;
  statusCategory: StatusCategory;
  /** ISO 8601 time of Jira's `updated` field, when known. */
  updated?: string;
}

/** Read and write access to cached issues, with change notification. */
export interface IssueCache {
  get(key: string): CachedIssue | undefined;
  set(key: string, issue: CachedIssue): Promise<void>;
  /** Sets many at once: one save and one change notification, however many (a sync of 10,000 issues). */
  setMany(entries: readonly (readonly [string, CachedIssue])[]): Promise<void>;
  delete(key: string): Promise<void>;
  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: () => void): () => void;
}

/** The keys of the cached issues: their projects are known to exist (see `badges/known-projects.ts`). */
export interface IssueKeys {
  keys(): Iterable<string>;
}

/** Stored form of the cache in data.json. */
export type IssueCacheData = Record<string, CachedIssue>;

export function isStatusCategory(value: unknown): value is StatusCategory {
  return typeof value === "string" && (STATUS_CATEGORIES as readonly string[]).includes(value);
}

/** A copy of a cached issue, fields in a fixed order (its fields are strings: the copy is a deep one). */
export function copyCachedIssue(issue: CachedIssue): CachedIssue {
  const copy: CachedIssue = { summary: issue.summary, status: issue.status, statusCategory: issue.statusCategory };
  if (issue.updated !== undefined) copy.updated = issue.updated;
  return copy;
}

/** Reads one cached issue from unknown data, or null when it is unusable. */
export function readCachedIssue(raw: unknown): CachedIssue | null {
  if (raw === null || typeof raw !== "object") return null;
  const obj = raw as Record<string, unknown>;
  const issue: CachedIssue = {
    summary: typeof obj.summary === "string" ? obj.summary : "",
    status: typeof obj.status === "string" ? obj.status : "",
    statusCategory: isStatusCategory(obj.statusCategory) ? obj.statusCategory : "unknown",
  };
  if (typeof obj.updated === "string") issue.updated = obj.updated;
  return issue;
}

/** Reads the whole cache from unknown data, dropping unusable entries. */
export function readIssueCache(raw: unknown): IssueCacheData {
  const out: IssueCacheData = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const issue = readCachedIssue(value);
    if (issue) out[key] = issue;
  }
  return out;
}
