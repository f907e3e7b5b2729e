/**
 * Data Center (REST v2) mapping. The operations are the Cloud ones registered under `/rest/api/2`, with the
 * differences handled by mode-aware rendering and handlers: `/search` pages with startAt/maxResults/total
 * and allows unbounded JQL; descriptions, text areas and worklog comments are wiki-markup strings (no ADF
 * validation); users are identified by `name`/`key` (assignee `{ "name": "alice" }`); auth is
 * `Authorization: Bearer <PAT>`; `/project` lists projects. Cloud-only operations (`/search/jql`,
 * `/issue/bulkfetch`, `/issue/{key}/changelog`, `/changelog/bulkfetch`, `/project/search`) are absent.
 */
import { registerIssues } from "../api/issues";
import { registerLinks } from "../api/links";
import { registerMeta } from "../api/meta";
import { registerUsers } from "../api/users";
import { registerWorklogs } from "../api/worklogs";
import { registerComments } from "../api/comments";
import type { Router } from "../router";
import type { Sim } from "../sim";

export const DC_PREFIX = "/rest/api/2";

export function registerDataCenter(router: Router, sim: Sim): void {
  registerMeta(router, sim, DC_PREFIX);
  registerUsers(router, sim, DC_PREFIX);
  registerIssues(router, sim, DC_PREFIX);
  registerLinks(router, sim, DC_PREFIX);
  registerWorklogs(router, sim, DC_PREFIX);
  registerComments(router, sim, DC_PREFIX);
}
