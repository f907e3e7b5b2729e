/**
 * Cloud (REST v3) operations, registered under `/rest/api/3`.
 */
import { registerComments } from "./comments";
import type { Router } from "../router";
import type { Sim } from "../sim";
import { registerIssues } from "./issues";
import { registerLinks } from "./links";
import { registerMeta } from "./meta";
import { registerUsers } from "./users";
import { registerWorklogs } from "./worklogs";

export const CLOUD_PREFIX = "/rest/api/3";

export function registerCloud(router: Router, sim: Sim): void {
  registerMeta(router, sim, CLOUD_PREFIX);
  registerUsers(router, sim, CLOUD_PREFIX);
  registerIssues(router, sim, CLOUD_PREFIX);
  registerLinks(router, sim, CLOUD_PREFIX);
  registerWorklogs(router, sim, CLOUD_PREFIX);
  registerComments(router, sim, CLOUD_PREFIX);
}
