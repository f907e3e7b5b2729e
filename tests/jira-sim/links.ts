/**
 * Issue links: the site's link types (Jira's four defaults), creating and deleting links between issues with
 * the change history Jira writes for them, and their rendering.
 *
 * Direction, as Jira stores it: a link has an `inwardIssue` and an `outwardIssue` as the create request names
 * them; the inward issue *does* the type's outward phrase to the outward one (`Blocks`: inward A, outward B —
 * "A blocks B"). Seen from A the link shows `outwardIssue: B` (A blocks B); seen from B it shows
 * `inwardIssue: A` (B is blocked by A). Creating or deleting a link records a `Link` item in the history of both
 * issues ("This issue blocks B" / "This issue is blocked by A") and moves both issues' `updated`.
 */
import { fieldErrors, jiraError, HttpError } from "./errors";
import type { SimIssue, SimLink } from "./model";
import { apiBase, renderIssueRef, type Ctx } from "./render";
import { isObj, str } from "./util";

/** A link type: its name and the two phrases (Jira's default types). */
export interface SimLinkType {
  id: string;
  name: SimLink["type"];
  inward: string;
  outward: string;
}

/** The link types every simulated site has: Jira's defaults. */
export const LINK_TYPES: readonly SimLinkType[] = [
  { id: "10000", name: "Blocks", inward: "is blocked by", outward: "blocks" },
  { id: "10001", name: "Cloners", inward: "is cloned by", outward: "clones" },
  { id: "10002", name: "Duplicate", inward: "is duplicated by", outward: "duplicates" },
  { id: "10003", name: "Relates", inward: "relates to", outward: "relates to" },
];

/** The link type named `name` (every stored link names one of `LINK_TYPES`). */
export function linkType(name: string): SimLinkType {
  return LINK_TYPES.find((t) => t.name === name) ?? (LINK_TYPES[3] as SimLinkType);
}

export function renderLinkType(c: Ctx, t: SimLinkType): Record<string, unknown> {
  return { id: t.id, name: t.name, inward: t.inward, outward: t.outward, self: `${apiBase(c)}/issueLinkType/${t.id}` };
}

/** One link as `issuelinks` shows it from `issue`'s side (the other issue as `outwardIssue` or `inwardIssue`). */
export function renderLinkFrom(c: Ctx, l: SimLink, issue: SimIssue): Record<string, unknown> {
  const outward = l.inwardIssueId === issue.id;
  const other = c.store.issue(outward ? l.outwardIssueId : l.inwardIssueId);
  const ref = other ? renderIssueRef(c, other) : null;
  return { id: l.id, self: `${apiBase(c)}/issueLink/${l.id}`, type: renderLinkType(c, linkType(l.type)), ...(outward ? { outwardIssue: ref } : { inwardIssue: ref }) };
}

/** `GET /issueLink/{id}`: both issues. */
export function renderLink(c: Ctx, l: SimLink): Record<string, unknown> {
  const inward = c.store.issue(l.inwardIssueId);
  const outward = c.store.issue(l.outwardIssueId);
  return {
    id: l.id,
    self: `${apiBase(c)}/issueLink/${l.id}`,
    type: renderLinkType(c, linkType(l.type)),
    ...(inward ? { inwardIssue: renderIssueRef(c, inward) } : {}),
    ...(outward ? { outwardIssue: renderIssueRef(c, outward) } : {}),
  };
}

/** The link with `id` whose issues the viewer may both browse, or Jira's 404. */
export function visibleLink(c: Ctx, id: string): SimLink {
  const l = c.store.state.links.find((x) => x.id === id);
  const seen = (issueId: string | undefined): boolean => {
    const i = issueId === undefined ? undefined : c.store.issue(issueId);
    return i !== undefined && c.store.canBrowse(c.viewer, i.projectKey);
  };
  if (!l || !seen(l.inwardIssueId) || !seen(l.outwardIssueId)) throw jiraError(404, `No issue link with id '${id}' exists.`);
  return l;
}

/** The issue a link request names (`{key}` or `{id}`), or Jira's 404. */
function linkedIssue(c: Ctx, ref: unknown, field: string): SimIssue {
  const idOrKey = isObj(ref) ? str(ref.key ?? ref.id) : "";
  if (idOrKey === "") throw fieldErrors({ [field]: `The ${field} must be specified.` });
  try {
    return c.store.visibleIssue(c.viewer, idOrKey);
  } catch (e) {
    if (e instanceof HttpError) throw jiraError(404, `Issue Does Not Exist`);
    throw e;
  }
}

/** Records a `Link` history item on both issues and moves their `updated`. */
function recordLink(c: Ctx, l: SimLink, added: boolean): void {
  const t = linkType(l.type);
  const inward = c.store.issue(l.inwardIssueId);
  const outward = c.store.issue(l.outwardIssueId);
  if (!inward || !outward) return;
  const now = c.store.clock.tick();
  const item = (other: SimIssue, phrase: string) => {
    const text = `This issue ${phrase} ${other.key}`;
    return { field: "Link", fieldtype: "jira", from: added ? null : other.key, fromString: added ? null : text, to: added ? other.key : null, toString: added ? text : null };
  };
  for (const [issue, other, phrase] of [[inward, outward, t.outward], [outward, inward, t.inward]] as const) {
    issue.updated = now;
    c.store.addHistory(issue, c.viewer.accountId, [item(other, phrase)], now);
  }
  c.store.committed([inward.id, outward.id]);
}

/** `POST /issueLink`: links two issues (an identical existing link is kept, not doubled, as Jira does). */
export function createLink(c: Ctx, body: unknown): void {
  if (!isObj(body)) throw jiraError(400, "The request body is required.");
  const type = isObj(body.type) ? body.type : undefined;
  const t = type ? LINK_TYPES.find((x) => x.name === str(type.name) || x.id === str(type.id)) : undefined;
  if (!t) throw jiraError(404, `No issue link type with name '${type ? str(type.name ?? type.id) : ""}' found.`);
  const inward = linkedIssue(c, body.inwardIssue, "inwardIssue");
  const outward = linkedIssue(c, body.outwardIssue, "outwardIssue");
  if (inward.id === outward.id) throw jiraError(400, "You cannot link an issue to itself.");
  const links = c.store.state.links;
  if (links.some((l) => l.type === t.name && l.inwardIssueId === inward.id && l.outwardIssueId === outward.id)) return;
  const l: SimLink = { id: String(c.store.state.nextId.link++), type: t.name, inwardIssueId: inward.id, outwardIssueId: outward.id };
  links.push(l);
  recordLink(c, l, true);
}

/** `DELETE /issueLink/{id}`. */
export function deleteLink(c: Ctx, id: string): void {
  const l = visibleLink(c, id);
  c.store.state.links = c.store.state.links.filter((x) => x !== l);
  recordLink(c, l, false);
}
