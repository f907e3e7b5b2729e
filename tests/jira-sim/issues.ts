/**
 * Issue operations with their side effects: create (key allocated per project, initial workflow status),
 * edit (fields + update operations, changelog, `updated` moves), transition, delete and move to another
 * project (new key; the old key keeps resolving). Every successful write is committed to the store.
 */
import { isObj, str } from "./util";
import { diffIssues } from "./changelog";
import { fieldErrors, jiraError, HttpError } from "./errors";
import { FieldErrors, patchIssue } from "./fieldinput";
import type { SimIssue } from "./model";
import type { Ctx } from "./render";
import { applyStatus, screenInput, transitionTarget, workflowOf } from "./workflows";


/** Validates a create body; returns the new issue (not yet stored) or throws 400 with field errors. */
export function buildIssue(c: Ctx, body: unknown): SimIssue {
  const errs = new FieldErrors();
  const b = isObj(body) ? body : {};
  const fields = isObj(b.fields) ? b.fields : {};
  const pref = isObj(fields.project) ? fields.project : undefined;
  const project = pref ? c.store.project(str(pref.key ?? pref.id)) : undefined;
  if (!project || !c.store.canBrowse(c.viewer, project.key)) errs.add("project", "Specify a valid project ID or key");
  if (fields.issuetype === undefined) errs.add("issuetype", "Specify an issue type");
  if (fields.summary === undefined && !(isObj(b.update) && "summary" in b.update)) errs.add("summary", "You must specify a summary of the issue.");
  if (errs.any || !project) throw fieldErrors(errs.errors);
  const wf = c.store.state.workflows.find((w) => w.id === project.workflowId);
  const now = c.store.clock.tick();
  const blank: SimIssue = {
    id: "",
    key: "",
    projectKey: project.key,
    oldKeys: [],
    summary: "",
    description: null,
    issueTypeId: "",
    statusId: wf?.initialStatus ?? "10000",
    priorityId: "3",
    assignee: null,
    reporter: c.viewer.accountId,
    creator: c.viewer.accountId,
    labels: [],
    parentId: null,
    originalEstimate: null,
    remainingEstimate: null,
    created: now,
    updated: now,
    statusCategoryChanged: now,
    resolutionDate: null,
    custom: {},
  };
  const issue = patchIssue(c, blank, fields, b.update, errs, true);
  const type = c.store.state.issueTypes.find((t) => t.id === issue.issueTypeId);
  if (type && !project.issueTypeIds.includes(type.id)) errs.add("issuetype", "The issue type selected is invalid.");
  if (type?.subtask && !issue.parentId) errs.add("parent", "Parent issue is required for a sub-task.");
  for (const field of project.requiredOnCreate?.[issue.issueTypeId] ?? []) {
    const v = issue.custom[field];
    const name = c.store.state.fields.find((f) => f.id === field)?.name ?? field;
    if (v === undefined || v === null || v === "") errs.add(field, `${name} is required.`);
  }
  if (errs.any) throw fieldErrors(errs.errors);
  if (issue.originalEstimate !== null && issue.remainingEstimate === null) issue.remainingEstimate = issue.originalEstimate;
  return issue;
}

export function storeNewIssue(c: Ctx, issue: SimIssue): SimIssue {
  const project = c.store.project(issue.projectKey);
  if (!project) throw jiraError(400, "Project vanished");
  issue.id = c.store.allocIssueId();
  issue.key = c.store.allocKey(project);
  c.store.addIssue(issue);
  return issue;
}

export function createIssue(c: Ctx, body: unknown): SimIssue {
  const issue = storeNewIssue(c, buildIssue(c, body));
  c.store.committed([issue.id]);
  return issue;
}

/** Copies `next` into the stored `issue`, records history and moves `updated`; returns true if anything changed. */
export function commitChange(c: Ctx, issue: SimIssue, next: SimIssue, at?: number): boolean {
  const items = diffIssues(c, issue, next);
  if (items.length === 0) return false;
  const now = at ?? c.store.clock.tick();
  next.updated = now;
  Object.assign(issue, next);
  c.store.addHistory(issue, c.viewer.accountId, items, now);
  c.store.committed([issue.id]);
  return true;
}

export function editIssue(c: Ctx, issue: SimIssue, body: unknown): void {
  const b = isObj(body) ? body : {};
  if (!isObj(b.fields) && !isObj(b.update)) throw jiraError(400, "No fields or update provided.");
  const errs = new FieldErrors();
  const next = patchIssue(c, issue, b.fields, b.update, errs, false);
  if (errs.any) throw fieldErrors(errs.errors);
  if (next.originalEstimate !== issue.originalEstimate && next.remainingEstimate === issue.remainingEstimate && issue.remainingEstimate === null)
    next.remainingEstimate = next.originalEstimate;
  commitChange(c, issue, next);
}

export function transitionIssue(c: Ctx, issue: SimIssue, body: unknown): void {
  const b = isObj(body) ? body : {};
  const tr = isObj(b.transition) ? b.transition : undefined;
  if (!tr || tr.id === undefined) throw fieldErrors({ transition: "Transition id must be specified." });
  const t = transitionTarget(c, issue, tr.id);
  const screen = screenInput(c, t, b.fields, b.update);
  const errs = new FieldErrors();
  const next = patchIssue(c, issue, screen.fields, screen.update, errs, false);
  if (errs.any) throw fieldErrors(errs.errors);
  const now = c.store.clock.tick();
  applyStatus(c, next, t.to, now);
  if (screen.resolutionId !== undefined) next.resolutionId = screen.resolutionId;
  commitChange(c, issue, next, now);
}

export function deleteIssue(c: Ctx, issue: SimIssue, deleteSubtasks: boolean): void {
  const subtasks = c.store.children(issue.id).filter((ch) => c.store.state.issueTypes.find((t) => t.id === ch.issueTypeId)?.subtask);
  if (subtasks.length && !deleteSubtasks)
    throw jiraError(400, "The issue has subtasks. Set 'deleteSubtasks' to true to delete them as well.");
  const ids = [issue.id, ...subtasks.map((s) => s.id)];
  for (const s of subtasks) c.store.removeIssue(s);
  c.store.removeIssue(issue);
  c.store.committed(ids);
}

/** Moves an issue to another project: new key, old key still resolves; status reset if not in the target workflow. */
export function moveIssue(c: Ctx, issue: SimIssue, projectKey: string): SimIssue {
  const target = c.store.project(projectKey);
  if (!target) throw jiraError(400, `Project '${projectKey}' does not exist.`);
  if (target.key === issue.projectKey) return issue;
  const before = structuredClone(issue);
  const now = c.store.clock.tick();
  c.store.rekey(issue, target);
  const wf = workflowOf(c, issue);
  if (!wf.statuses.includes(issue.statusId)) applyStatus(c, issue, wf.initialStatus, now);
  issue.updated = now;
  c.store.addHistory(issue, c.viewer.accountId, diffIssues(c, before, issue), now);
  c.store.committed([issue.id]);
  return issue;
}

export function isHttpError(e: unknown): e is HttpError {
  return e instanceof HttpError;
}
