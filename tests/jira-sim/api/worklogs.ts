/**
 * Worklog operations over HTTP for both flavours: per-issue list/get/add/update/delete (with adjustEstimate
 * query parameters) and the instance-wide feeds `/worklog/updated`, `/worklog/deleted`, `/worklog/list`.
 */
import { jiraError } from "../errors";
import { apiBase, renderWorklog, type Ctx } from "../render";
import type { Req, Router } from "../router";
import type { Sim } from "../sim";
import { addWorklog, changedWorklogs, deleteWorklog, findWorklog, listWorklogs, updateWorklog } from "../worklogs";

export function registerWorklogs(router: Router, sim: Sim, prefix: string): void {
  const ctx = (r: Req): Ctx => sim.ctx(r.user);
  const issueOf = (r: Req): ReturnType<Sim["store"]["visibleIssue"]> => sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");

  router.add("GET", `${prefix}/issue/{issueIdOrKey}/worklog`, (r) => {
    const c = ctx(r);
    const i = issueOf(r);
    const startAt = Number(r.query.get("startAt") ?? 0);
    const max = Number(r.query.get("maxResults") ?? 5000);
    if (!Number.isInteger(startAt) || startAt < 0 || !Number.isInteger(max) || max < 0) throw jiraError(400, "Invalid paging parameters.");
    const after = r.query.get("startedAfter");
    const before = r.query.get("startedBefore");
    const all = sim.store
      .worklogsOf(i.id)
      .filter((w) => (after === null || w.started >= Number(after)) && (before === null || w.started < Number(before)))
      .sort((a, b) => a.started - b.started || Number(a.id) - Number(b.id));
    return { status: 200, body: { startAt, maxResults: max, total: all.length, worklogs: all.slice(startAt, startAt + max).map((w) => renderWorklog(c, w)) } };
  });

  router.add("POST", `${prefix}/issue/{issueIdOrKey}/worklog`, (r) => ({ status: 201, body: renderWorklog(ctx(r), addWorklog(ctx(r), issueOf(r), r.body, r.query)) }));

  router.add("GET", `${prefix}/issue/{issueIdOrKey}/worklog/{id}`, (r) => {
    const i = issueOf(r);
    return { status: 200, body: renderWorklog(ctx(r), findWorklog(ctx(r), i, r.params.id ?? "")) };
  });

  router.add("PUT", `${prefix}/issue/{issueIdOrKey}/worklog/{id}`, (r) => {
    const i = issueOf(r);
    const w = findWorklog(ctx(r), i, r.params.id ?? "");
    return { status: 200, body: renderWorklog(ctx(r), updateWorklog(ctx(r), i, w, r.body, r.query)) };
  });

  router.add("DELETE", `${prefix}/issue/{issueIdOrKey}/worklog/{id}`, (r) => {
    const i = issueOf(r);
    deleteWorklog(ctx(r), i, findWorklog(ctx(r), i, r.params.id ?? ""), r.query);
    return { status: 204 };
  });

  router.add("GET", `${prefix}/worklog/updated`, (r) => ({ status: 200, body: changedWorklogs(ctx(r), "updated", r.query.get("since"), `${apiBase(ctx(r))}/worklog/updated`) }));
  router.add("GET", `${prefix}/worklog/deleted`, (r) => ({ status: 200, body: changedWorklogs(ctx(r), "deleted", r.query.get("since"), `${apiBase(ctx(r))}/worklog/deleted`) }));
  router.add("POST", `${prefix}/worklog/list`, (r) => ({ status: 200, body: listWorklogs(ctx(r), r.body).map((w) => renderWorklog(ctx(r), w)) }));
}
