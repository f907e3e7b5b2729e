/**
 * User searches for both API flavours: `GET user/assignable/search` (users who may be assigned issues of a
 * project or issue: active and allowed to browse it) and `GET user/search` (everyone). Cloud searches with
 * `query` (prefix of the display name, of any of its words, or of the email address) or an exact `accountId`,
 * and its general search lists deactivated users too (`active: false`); Data Center searches with `username`
 * (prefix of the username, display name or its words, or email address), which `user/search` requires, and
 * lists deactivated users only with `includeInactive=true`.
 */
import { jiraError } from "../errors";
import type { SimUser } from "../model";
import { renderUser, type Ctx } from "../render";
import type { Req, Router } from "../router";
import type { Sim } from "../sim";
import { visibleProject } from "./meta";

/** Whether a user matches a search text (lower case) the way Jira's prefix search does. */
function matches(u: SimUser, q: string, cloud: boolean): boolean {
  if (!q) return true;
  const display = u.displayName.toLowerCase();
  return display.startsWith(q) || display.split(/\s+/).some((w) => w.startsWith(q)) || u.email.toLowerCase().startsWith(q) || (!cloud && u.name.toLowerCase().startsWith(q));
}

/** `startAt`/`maxResults` of a user search (Data Center caps at `cap`). */
function page(r: Req, cap: number): { startAt: number; maxResults: number } {
  const startAt = Number(r.query.get("startAt") ?? 0);
  const maxResults = Math.min(Number(r.query.get("maxResults") ?? 50), cap);
  if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(maxResults) || maxResults < 0) throw jiraError(400, "Invalid paging parameters.");
  return { startAt, maxResults };
}

export function registerUsers(router: Router, sim: Sim, prefix: string): void {
  const cloud = sim.mode === "cloud";
  const ctx = (r: Req): Ctx => sim.ctx(r.user);
  const flag = (r: Req, name: string, dflt: boolean): boolean => (r.query.get(name) ?? String(dflt)).toLowerCase() === "true";

  router.add("GET", `${prefix}/user/assignable/search`, (r) => {
    const c = ctx(r);
    const projectKey = r.query.get("project");
    const issueKey = r.query.get("issueKey") ?? r.query.get("issueId");
    let key: string;
    if (projectKey) key = visibleProject(c, projectKey).key;
    else if (issueKey) key = sim.store.visibleIssue(r.user, issueKey).projectKey;
    else throw jiraError(400, "One of 'project', 'issueKey' or 'issueId' is required.");
    const q = ((cloud ? r.query.get("query") : r.query.get("username")) ?? "").trim().toLowerCase();
    const accountId = cloud ? r.query.get("accountId") : null;
    const { startAt, maxResults } = page(r, cloud ? 1000 : 100);
    const users = sim.store.state.users
      .filter((u) => u.active && sim.store.canBrowse(u, key))
      .filter((u) => (accountId ? u.accountId === accountId : matches(u, q, cloud)))
      .slice(startAt, startAt + maxResults);
    return { status: 200, body: users.map((u) => renderUser(c, u)) };
  });

  router.add("GET", `${prefix}/user/search`, (r) => {
    const c = ctx(r);
    const { startAt, maxResults } = page(r, 1000);
    let users: SimUser[];
    if (cloud) {
      const q = r.query.get("query");
      const accountId = r.query.get("accountId");
      if (q === null && accountId === null) throw jiraError(400, "One of 'query' or 'accountId' must be provided.");
      users = sim.store.state.users.filter((u) => (accountId !== null ? u.accountId === accountId : matches(u, (q ?? "").trim().toLowerCase(), true)));
    } else {
      const q = r.query.get("username");
      if (q === null || q.trim() === "") throw jiraError(400, "The username query parameter was not provided");
      const active = flag(r, "includeActive", true);
      const inactive = flag(r, "includeInactive", false);
      users = sim.store.state.users.filter((u) => (u.active ? active : inactive) && matches(u, q.trim().toLowerCase(), false));
    }
    return { status: 200, body: users.slice(startAt, startAt + maxResults).map((u) => renderUser(c, u)) };
  });
}
