// The projects the signed-in user can browse on a site, with their names: what "Test connection" offers as the
// sync scope, remembered per site. Cloud: `GET /rest/api/3/project/search?action=browse`, paged by `startAt`
// until `isLast` (a page that is not last but empty, or more pages than any site has, ends the listing rather
// than looping). Data Center / Server: `GET /rest/api/2/project`, one list.
import { type JiraTransport } from "./client";

/** A project the user may browse. Key and name come from Jira (untrusted text: shown with setText only). */
export interface BrowsableProject {
  key: string;
  name: string;
}

export type ProjectListing = { ok: true; projects: BrowsableProject[] } | { ok: false; message: string };

/** Page size asked of Cloud (its maximum is 100; the default 50). */
export const PROJECT_PAGE_SIZE = 100;
/** At most this many pages are read (10,000 projects). */
const MAX_PAGES = 100;

function projectsOf(values: unknown): BrowsableProject[] {
  if (!Array.isArray(values)) return [];
  return (values as unknown[]).flatMap((v) => {
    const o = v !== null && typeof v === "object" ? (v as Record<string, unknown>) : {};
    if (typeof o.key !== "string" || o.key === "") return [];
    return [{ key: o.key, name: typeof o.name === "string" ? o.name : o.key }];
  });
}

/** Every project the transport's user can browse, sorted by key, each key once; or Jira's problem in one sentence. */
export async function fetchBrowsableProjects(transport: JiraTransport): Promise<ProjectListing> {
  const found: BrowsableProject[] = [];
  if (transport.deployment === "datacenter") {
    const r = await transport.send({ method: "GET", path: "/rest/api/2/project" });
    if (!r.ok) return { ok: false, message: r.error.message };
    found.push(...projectsOf(r.body));
  } else {
    let startAt = 0;
    for (let page = 0; page < MAX_PAGES; page++) {
      const r = await transport.send({ method: "GET", path: "/rest/api/3/project/search", query: { action: "browse", orderBy: "key", startAt, maxResults: PROJECT_PAGE_SIZE } });
      if (!r.ok) return { ok: false, message: r.error.message };
      const body = r.body !== null && typeof r.body === "object" ? (r.body as Record<string, unknown>) : {};
      const values = Array.isArray(body.values) ? (body.values as unknown[]) : [];
      found.push(...projectsOf(values));
      const next = (typeof body.startAt === "number" ? body.startAt : startAt) + values.length;
      // `isLast` decides; an answer without it is last unless `total` says more follow.
      const last = typeof body.isLast === "boolean" ? body.isLast : !(typeof body.total === "number" && next < body.total);
      if (last || values.length === 0) break;
      startAt = next;
    }
  }
  const byKey = new Map(found.map((p) => [p.key, p]));
  return { ok: true, projects: [...byKey.values()].sort((a, b) => a.key.localeCompare(b.key)) };
}
