/**
 * Workflows as graphs: the transitions available from an issue's current status (only those whose `from`
 * contains it, or global ones), rendering of `GET /transitions`, and performing a transition (status,
 * status-category change date, resolution date). Setting `status` through an edit is ignored elsewhere.
 */
import { jiraError } from "./errors";
import type { SimIssue, SimTransition, SimWorkflow } from "./model";
import type { Ctx } from "./render";
import { renderStatus } from "./render";

export function workflowOf(c: Ctx, issue: SimIssue): SimWorkflow {
  const p = c.store.project(issue.projectKey);
  const wf = c.store.state.workflows.find((w) => w.id === p?.workflowId);
  if (!wf) throw jiraError(500, "Workflow missing for project");
  return wf;
}

export function availableTransitions(c: Ctx, issue: SimIssue): SimTransition[] {
  return workflowOf(c, issue).transitions.filter((t) => t.from.length === 0 || t.from.includes(issue.statusId));
}

export function renderTransitions(c: Ctx, issue: SimIssue, onlyId?: string): { expand: string; transitions: Record<string, unknown>[] } {
  const list = availableTransitions(c, issue).filter((t) => onlyId === undefined || t.id === onlyId);
  return {
    expand: "transitions",
    transitions: list.map((t) => ({
      id: t.id,
      name: t.name,
      to: renderStatus(c, c.store.state.statuses.find((s) => s.id === t.to)),
      hasScreen: false,
      isGlobal: t.from.length === 0,
      isInitial: false,
      isAvailable: true,
      isConditional: false,
      isLooped: false,
    })),
  };
}

/** Applies transition `id` to `issue` (mutates a copy's status fields); throws 400 when not available. */
export function transitionTarget(c: Ctx, issue: SimIssue, id: unknown): SimTransition {
  const t = availableTransitions(c, issue).find((x) => x.id === String(id));
  if (!t) throw jiraError(400, `Transition id '${String(id)}' is not valid for this issue.`);
  return t;
}

export function applyStatus(c: Ctx, issue: SimIssue, statusId: string, at: number): void {
  const st = c.store.state.statuses;
  const before = st.find((s) => s.id === issue.statusId);
  const after = st.find((s) => s.id === statusId);
  issue.statusId = statusId;
  if (before?.category !== after?.category) issue.statusCategoryChanged = at;
  issue.resolutionDate = after?.category === "done" ? (issue.resolutionDate ?? at) : null;
}
