// What the mapping form reads from Jira, cached for the settings session: the site's field list and each
// project's statuses, asked once per site (URL and deployment) and project (failures are asked again). A transport that cannot be made
// (no site or token yet) or a failed call gives a message, and the form falls back to typed names.
import { type JiraTransport } from "./client";
import { type Fetched, fetchFields, type JiraFieldInfo } from "./fields";
import { fetchProjectStatuses, type JiraStatusInfo } from "./statuses";

/** The site to ask (`siteUrl`, or the first site when undefined): a transport, or a sentence saying why there is none. */
export type SiteSource = (siteUrl?: string) => JiraTransport | string;

export class SiteCatalog {
  private readonly cache = new Map<string, Promise<Fetched<unknown>>>();

  constructor(private readonly source: SiteSource) {}

  /** The fields of site `siteUrl` (default: the first site); one call per site for the catalog's life. */
  fields(siteUrl?: string): Promise<Fetched<JiraFieldInfo[]>> {
    return this.cached(siteUrl, "field", (t) => fetchFields(t)) as Promise<Fetched<JiraFieldInfo[]>>;
  }

  /** The statuses of project `key` on site `siteUrl` (default: the first site); one call per site and project. */
  statuses(key: string, siteUrl?: string): Promise<Fetched<JiraStatusInfo[]>> {
    return this.cached(siteUrl, `statuses:${key}`, (t) => fetchProjectStatuses(t, key)) as Promise<Fetched<JiraStatusInfo[]>>;
  }

  private cached(siteUrl: string | undefined, what: string, load: (transport: JiraTransport) => Promise<Fetched<unknown>>): Promise<Fetched<unknown>> {
    const transport = this.source(siteUrl);
    if (typeof transport === "string") return Promise.resolve({ ok: false, message: transport });
    const id = `${transport.deployment} ${transport.siteUrl} ${what}`;
    let entry = this.cache.get(id);
    if (entry === undefined) {
      entry = load(transport);
      this.cache.set(id, entry);
      // A failure is not kept: the next look (after fixing the token, say) asks again.
      void entry.then((result) => {
        if (!result.ok) this.cache.delete(id);
      });
    }
    return entry;
  }
}
