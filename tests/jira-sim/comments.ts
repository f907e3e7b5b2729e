/**
 * Comments, watchers and notifications: adding and listing an issue's comments (ADF on Cloud, wiki-markup
 * strings on Data Center; a comment updates the issue's `updated` like Jira's), the watchers (the reporter and
 * the assignee, as Jira adds them by default), and `POST /issue/{key}/notify`, which records who would be
 * notified (recipients resolved: reporter, assignee, watchers, named users) instead of sending mail.
 */
import { adfError } from "./adf";
import { jiraError } from "./errors";
import type { SimComment, SimIssue, SimNotification, SimUser } from "./model";
import { apiBase, renderUser, type Ctx } from "./render";
import { jiraTimestamp } from "./time";
import { isObj } from "./util";

export function commentsOf(c: Ctx, issue: SimIssue): SimComment[] {
  return (c.store.state.comments ?? []).filter((k) => k.issueId === issue.id);
}

export function renderComment(c: Ctx, k: SimComment): Record<string, unknown> {
  return {
    self: `${apiBase(c)}/issue/${k.issueId}/comment/${k.id}`,
    id: k.id,
    author: renderUser(c, c.store.user(k.author)),
    body: k.body,
    updateAuthor: renderUser(c, c.store.user(k.author)),
    created: jiraTimestamp(k.created),
    updated: jiraTimestamp(k.updated),
  };
}

export function addComment(c: Ctx, issue: SimIssue, body: unknown): SimComment {
  const b = isObj(body) ? body : {};
  if (b.body === undefined || b.body === null) throw jiraError(400, "Comment body can not be empty!", { comment: "Comment body can not be empty!" });
  if (c.mode === "cloud") {
    const problem = typeof b.body === "string" ? "expected an Atlassian Document" : adfError(b.body);
    if (problem) throw jiraError(400, `Comment body must be an Atlassian Document: ${problem}`, { comment: problem });
  } else if (typeof b.body !== "string" || b.body.trim() === "") throw jiraError(400, "Comment body can not be empty!", { comment: "Comment body can not be empty!" });
  const now = c.store.clock.tick();
  const comments = (c.store.state.comments ??= []);
  const k: SimComment = { id: String(10000 + comments.length), issueId: issue.id, author: c.viewer.accountId, body: b.body, created: now, updated: now };
  comments.push(k);
  issue.updated = now;
  c.store.committed([issue.id]);
  return k;
}

export function watchersOf(c: Ctx, issue: SimIssue): SimUser[] {
  const ids = [issue.reporter, issue.assignee].filter((x, i, all): x is string => typeof x === "string" && all.indexOf(x) === i);
  return ids.map((id) => c.store.user(id)).filter((u): u is SimUser => u !== undefined);
}

export function renderWatchers(c: Ctx, issue: SimIssue): Record<string, unknown> {
  const watchers = watchersOf(c, issue);
  return {
    self: `${apiBase(c)}/issue/${issue.key}/watchers`,
    isWatching: watchers.some((u) => u.accountId === c.viewer.accountId),
    watchCount: watchers.length,
    watchers: watchers.map((u) => renderUser(c, u)),
  };
}

/** Records a notification; a body that is not an object, or names an unknown user, is a 400 like Jira's. */
export function notify(c: Ctx, issue: SimIssue, body: unknown): SimNotification {
  if (!isObj(body)) throw jiraError(400, "Request body is required.");
  const text = (v: unknown): string => (typeof v === "string" ? v : "");
  const to = isObj(body.to) ? body.to : { watchers: true };
  const recipients = new Set<string>();
  if (to.reporter === true) recipients.add(issue.reporter);
  if (to.assignee === true && issue.assignee) recipients.add(issue.assignee);
  if (to.watchers === true) for (const u of watchersOf(c, issue)) recipients.add(u.accountId);
  for (const u of Array.isArray(to.users) ? to.users : []) {
    const ref = isObj(u) ? (c.mode === "cloud" ? u.accountId : u.name) : undefined;
    const user = c.store.state.users.find((x) => (c.mode === "cloud" ? x.accountId : x.name) === ref);
    if (!user) throw jiraError(400, `The user ${String(ref)} does not exist.`);
    recipients.add(user.accountId);
  }
  if (recipients.size === 0) throw jiraError(400, "Notification recipients were not specified.");
  const n: SimNotification = { issueId: issue.id, from: c.viewer.accountId, subject: text(body.subject), textBody: text(body.textBody), recipients: [...recipients].sort(), at: c.store.clock.now() };
  (c.store.state.notifications ??= []).push(n);
  return n;
}
