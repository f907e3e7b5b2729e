/**
 * Comment, watcher and notification operations over HTTP for both flavours (see ../comments.ts).
 */
import { addComment, commentsOf, notify, renderComment, renderWatchers } from "../comments";
import type { Ctx } from "../render";
import type { Req, Router } from "../router";
import type { Sim } from "../sim";

export function registerComments(router: Router, sim: Sim, prefix: string): void {
  const ctx = (r: Req): Ctx => sim.ctx(r.user);
  const issueOf = (r: Req): ReturnType<Sim["store"]["visibleIssue"]> => sim.store.visibleIssue(r.user, r.params.issueIdOrKey ?? "");

  router.add("GET", `${prefix}/issue/{issueIdOrKey}/comment`, (r) => {
    const c = ctx(r);
    const all = commentsOf(c, issueOf(r));
    const startAt = Math.max(0, Number(r.query.get("startAt") ?? 0) || 0);
    const max = Math.min(Math.max(1, Number(r.query.get("maxResults") ?? 50) || 50), 5000);
    return { status: 200, body: { startAt, maxResults: max, total: all.length, comments: all.slice(startAt, startAt + max).map((k) => renderComment(c, k)) } };
  });
  router.add("POST", `${prefix}/issue/{issueIdOrKey}/comment`, (r) => ({ status: 201, body: renderComment(ctx(r), addComment(ctx(r), issueOf(r), r.body)) }));
  router.add("GET", `${prefix}/issue/{issueIdOrKey}/watchers`, (r) => ({ status: 200, body: renderWatchers(ctx(r), issueOf(r)) }));
  router.add("POST", `${prefix}/issue/{issueIdOrKey}/notify`, (r) => {
    notify(ctx(r), issueOf(r), r.body);
    return { status: 204 };
  });
}
