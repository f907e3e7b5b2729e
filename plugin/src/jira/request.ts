// The plain request the sync engine emits, and how it becomes a URL against a Jira site. The engine
// speaks in paths relative to the site (`/rest/api/3/myself`); the site may carry a context path
// (Data Center at `https://host/jira`), which is kept.

/** Query values: one value, several (repeated parameter), or absent. */
export type QueryValue = string | number | boolean | readonly (string | number | boolean)[] | undefined | null;

export type HttpMethod = "GET" | "POST" | "PUT" | "DELETE";

/** One Jira REST call as data. `body` is JSON-serialisable. */
export interface JiraRequest {
  method: HttpMethod;
  /** Path below the site URL, such as `/rest/api/3/issue/OPS-1`. */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  headers?: Readonly<Record<string, string>>;
  body?: unknown;
}

/** GET, PUT and DELETE may be repeated safely; POST may not (it may create twice). */
export function isIdempotent(method: string): boolean {
  return method === "GET" || method === "PUT" || method === "DELETE";
}

/** Encodes a query record: keys sorted for stable URLs, arrays repeated, null/undefined dropped. */
export function encodeQuery(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (query === undefined) return "";
  const parts: string[] = [];
  for (const key of Object.keys(query).sort()) {
    const value = query[key];
    if (value === undefined || value === null) continue;
    const values = Array.isArray(value) ? (value as readonly (string | number | boolean)[]) : [value as string | number | boolean];
    for (const v of values) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join("&");
}

/**
 * Joins the site URL (with or without trailing slash, possibly with a context path) and a request path
 * (with or without leading slash) with exactly one slash, and appends the encoded query. Throws when
 * the path tries to leave the site (an absolute URL or `..` segment).
 */
export function buildUrl(siteUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>): string {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path) || path.startsWith("//")) throw new Error(`Request path must be relative to the site: ${path}`);
  if (path.split(/[/?#]/).some((segment) => segment === "..")) throw new Error(`Request path must not contain "..": ${path}`);
  if (/[?#]/.test(path)) throw new Error(`Put query parameters in "query", not in the path: ${path}`);
  const base = siteUrl.replace(/\/+$/, "");
  const rel = path.replace(/^\/+/, "");
  const qs = encodeQuery(query);
  return `${base}/${rel}${qs === "" ? "" : `?${qs}`}`;
}
