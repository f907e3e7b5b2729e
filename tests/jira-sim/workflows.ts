/**
 * Workflows as graphs: the transitions available from an issue's current status (only those whose `from`
 * contains it, or global ones), rendering of `GET /transitions` (with `expand=transitions.fields`, the
 * fields of a transition's screen), transition screens (a transition with a screen takes only the screen's
 * fields and refuses to run without its required ones, `resolution` first of all), and performing a
 * transition (status, status-category change date, resolution and its date). Setting `status` through an
 * edit is ignored elsewhere.
 */
import { HttpError, jiraError } from "./errors";
import type { SimIssue, SimTransition, SimWorkflow } from "./model";
import type { Ctx } from "./render";
import { apiBase, renderStatus, resolutionsOf } from "./render";
import { isObj, str } from "./util";

export function workflowOf(c: Ctx, issue: SimIssue): SimWorkflow {
  const p = c.store.project(issue.projectKey);
  const wf = c.store.state.workflows.find((w) => w.id === p?.workflowId);
  if (!wf) throw jiraError(500, "Workflow missing for project");
  return wf;
}

export function availableTransitions(c: Ctx, issue: SimIssue): SimTransition[] {
  return workflowOf(c, issue).transitions.filter((t) => t.from.length === 0 || t.from.includes(issue.statusId));
}

/** `FieldMetadata` of one field of a transition screen. */
function screenFieldMeta(c: Ctx, field: string, required: boolean): Record<string, unknown> {
  const def = c.store.state.fields.find((f) => f.id === field);
  const meta: Record<string, unknown> = { required, schema: def?.schema ?? { type: "string" }, name: def?.name ?? field, key: field, operations: ["set"] };
  if (field === "resolution") meta.allowedValues = resolutionsOf(c).map((r) => ({ self: `${apiBase(c)}/resolution/${r.id}`, id: r.id, name: r.name, description: r.description }));
  else if (def?.options) meta.allowedValues = def.options.map((o) => ({ self: `${apiBase(c)}/customFieldOption/${o.id}`, value: o.value, id: o.id }));
  return meta;
}

export function renderTransitions(c: Ctx, issue: SimIssue, onlyId?: string, withFields = false): { expand: string; transitions: Record<string, unknown>[] } {
  const list = availableTransitions(c, issue).filter((t) => onlyId === undefined || t.id === onlyId);
  return {
    expand: "transitions",
    transitions: list.map((t) => {
      const r: Record<string, unknown> = {
        id: t.id,
        name: t.name,
        to: renderStatus(c, c.store.state.statuses.find((s) => s.id === t.to)),
        hasScreen: (t.screen?.length ?? 0) > 0,
        isGlobal: t.from.length === 0,
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        isLooped: false,
      };
      if (withFields) r.fields = Object.fromEntries((t.screen ?? []).map((s) => [s.field, screenFieldMeta(c, s.field, s.required)]));
      return r;
    }),
  };
}

/**
 * The screen part of a transition request: takes `resolution` (from `fields` or an `update` set) out of the
 * body when the transition's screen has it, checks the screen's required fields and returns the chosen
 * resolution id (undefined = none given) with the rest of the body. Fields off the screen stay in the body
 * and are refused by the field validation ("cannot be set"), as Jira does.
 */
export function screenInput(c: Ctx, t: SimTransition, fields: unknown, update: unknown): { resolutionId: string | undefined; fields: Record<string, unknown>; update: Record<string, unknown> } {
  const f = isObj(fields) ? { ...fields } : {};
  const u = isObj(update) ? { ...update } : {};
  const screen = t.screen ?? [];
  let resolution: unknown = undefined;
  if (screen.some((s) => s.field === "resolution")) {
    if ("resolution" in f) {
      resolution = f.resolution;
      delete f.resolution;
    } else if (Array.isArray(u.resolution)) {
      const op: unknown = u.resolution[0];
      resolution = isObj(op) ? op.set : undefined;
      delete u.resolution;
    }
  }
  for (const s of screen) {
    if (!s.required) continue;
    const given = s.field === "resolution" ? resolution : (f[s.field] ?? (Array.isArray(u[s.field]) ? (u[s.field] as unknown[])[0] : undefined));
    if (given !== undefined && given !== null) continue;
    const name = c.store.state.fields.find((x) => x.id === s.field)?.name ?? s.field;
    // Jira's answer for a required screen field left out of a transition request.
    throw jiraError(400, `Field ${name} is required.`);
  }
  if (resolution === undefined || resolution === null) return { resolutionId: undefined, fields: f, update: u };
  const wanted = isObj(resolution) ? resolution : {};
  const r = resolutionsOf(c).find((x) => x.id === str(wanted.id) || x.name === wanted.name);
  if (!r) throw new HttpError(400, { errorMessages: [], errors: { resolution: `Resolution '${str(wanted.name ?? wanted.id)}' is not valid.` } });
  return { resolutionId: r.id, fields: f, update: u };
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
  if (after?.category !== "done" && issue.resolutionId !== undefined) issue.resolutionId = null;
}
