/**
 * Validation and conversion of incoming field values (create/edit/transition bodies) into the stored form,
 * with Jira's error messages keyed by field id. ADF is required for description and text-area custom fields
 * in Cloud; Data Center takes wiki strings. Labels may not contain spaces; single-line text takes strings.
 */
import { isObj, str } from "./util";
import { adfError } from "./adf";
import { epicLinked, type Ctx } from "./render";
import type { SimIssue } from "./model";
import { parseDuration } from "./time";

export class FieldErrors {
  errors: Record<string, string> = {};
  add(field: string, msg: string): void {
    this.errors[field] ??= msg;
  }
  get any(): boolean {
    return Object.keys(this.errors).length > 0;
  }
}

const cannotSet = (f: string): string => `Field '${f}' cannot be set. It is not on the appropriate screen, or unknown.`;

/** Fields a client may write through create/edit. */
export const WRITABLE = new Set(["summary", "description", "issuetype", "priority", "assignee", "reporter", "labels", "parent", "fixVersions", "timetracking", "project"]);

function richText(c: Ctx, field: string, v: unknown, errs: FieldErrors): unknown {
  if (v === null) return null;
  if (c.mode === "datacenter") {
    if (typeof v !== "string") errs.add(field, "Operation value must be a string");
    return v;
  }
  if (typeof v === "string") {
    errs.add(field, "Operation value must be an Atlassian Document (see the Atlassian Document Format)");
    return undefined;
  }
  const problem = adfError(v);
  if (problem) {
    errs.add(field, `Operation value must be an Atlassian Document (see the Atlassian Document Format): ${problem}`);
    return undefined;
  }
  return v;
}

/**
 * A user reference (`{accountId}` on Cloud, `{name}` or `{key}` on Data Center, names matched case-insensitively
 * as Jira's usernames are) → the stored account id; `null` clears. Unknown users are refused with Jira's words;
 * a deactivated user is refused in any user field, and the assignee must be assignable in the issue's project
 * (active and allowed to browse it), as in Jira.
 */
function userRef(c: Ctx, field: string, v: unknown, errs: FieldErrors, assignIn?: string): string | null | undefined {
  if (v === null) return null;
  if (!isObj(v)) {
    errs.add(field, c.mode === "cloud" ? "expected Object containing an 'accountId'" : "expected Object");
    return undefined;
  }
  const users = c.store.state.users;
  const name = typeof v.name === "string" ? v.name.toLowerCase() : undefined;
  const u = c.mode === "cloud"
    ? users.find((x) => x.accountId === v.accountId)
    : users.find((x) => (name !== undefined && x.name.toLowerCase() === name) || (v.key !== undefined && x.key === v.key));
  if (!u) {
    if (c.mode === "cloud" && v.accountId === undefined) errs.add(field, "expected 'accountId' property to be a string");
    else errs.add(field, c.mode === "cloud" ? `User with accountId '${String(v.accountId)}' does not exist` : `User '${String(v.name ?? v.key)}' does not exist.`);
    return undefined;
  }
  const shown = c.mode === "cloud" ? u.accountId : u.name;
  if (assignIn !== undefined && (!u.active || !c.store.canBrowse(u, assignIn))) {
    errs.add(field, `User '${shown}' cannot be assigned issues.`);
    return undefined;
  }
  if (!u.active) {
    errs.add(field, `User '${shown}' is not active.`);
    return undefined;
  }
  return u.accountId;
}

/**
 * Converts `value` for field `field` and applies it to `target` (a partial issue). Errors go to `errs`.
 * `projectKey` is the issue's project (for parent checks).
 */
export function applyFieldValue(c: Ctx, target: Partial<SimIssue>, field: string, value: unknown, errs: FieldErrors, projectKey: string): void {
  const st = c.store.state;
  switch (field) {
    case "summary":
      if (typeof value !== "string" || value.trim() === "") errs.add("summary", "You must specify a summary of the issue.");
      else if (value.length > 255) errs.add("summary", "Summary must be less than 255 characters.");
      else if (/[\r\n]/.test(value)) errs.add("summary", "The summary is invalid because it contains newline characters.");
      else target.summary = value;
      return;
    case "description": {
      const v = richText(c, "description", value, errs);
      if (v !== undefined) target.description = v;
      return;
    }
    case "issuetype": {
      const t = isObj(value) ? st.issueTypes.find((x) => x.id === value.id || x.name === value.name) : undefined;
      if (!t) errs.add("issuetype", "Specify an issue type");
      else target.issueTypeId = t.id;
      return;
    }
    case "priority": {
      const p = isObj(value) ? st.priorities.find((x) => x.id === value.id || x.name === value.name) : undefined;
      if (!p) errs.add("priority", `Specify the Priority (id or name) in the proper format`);
      else target.priorityId = p.id;
      return;
    }
    case "assignee": case "reporter": {
      const u = userRef(c, field, value, errs, field === "assignee" ? projectKey : undefined);
      if (u === undefined) return;
      if (field === "assignee") target.assignee = u;
      else if (u === null) errs.add("reporter", "Reporter is required.");
      else target.reporter = u;
      return;
    }
    case "labels":
      if (!Array.isArray(value) || value.some((l) => typeof l !== "string")) errs.add("labels", "Field 'labels' must be an array of strings.");
      else {
        const bad = (value as string[]).find((l) => /\s/.test(l) || l === "");
        if (bad !== undefined) errs.add("labels", `The label '${bad}' contains spaces which is invalid.`);
        else if ((value as string[]).some((l) => l.length > 255)) errs.add("labels", "The label must not exceed 255 characters.");
        else target.labels = [...new Set(value as string[])];
      }
      return;
    case "fixVersions": {
      // Versions of the issue's project, by id or name; `[]` (or null) clears.
      const list = value === null ? [] : value;
      if (!Array.isArray(list)) return errs.add("fixVersions", "Field 'fixVersions' must be an array of versions.");
      const ids: string[] = [];
      for (const item of list) {
        const ref = isObj(item) ? item : {};
        const v = st.versions?.find((x) => x.projectKey === projectKey && (x.id === ref.id || x.name === ref.name));
        if (!v) return errs.add("fixVersions", `Version name '${str(ref.name ?? ref.id)}' is not valid`);
        if (!ids.includes(v.id)) ids.push(v.id);
      }
      target.fixVersionIds = ids;
      return;
    }
    case "parent": {
      if (value === null) {
        target.parentId = null;
        return;
      }
      const ref = isObj(value) ? str(value.key ?? value.id) : "";
      const p = ref ? c.store.issue(ref) : undefined;
      // Jira's hierarchy: a parent is exactly one level above its child (an epic above a standard issue, a
      // standard issue above a sub-task); only an epic may be in another project.
      const level = (id: string | undefined) => st.issueTypes.find((t) => t.id === id)?.hierarchyLevel;
      const childLevel = level(target.issueTypeId);
      if (!p || !c.store.canBrowse(c.viewer, p.projectKey)) errs.add("parent", `Could not find issue by id or key.`);
      else if (p.projectKey !== projectKey && level(p.issueTypeId) !== 1)
        errs.add("parent", "Given parent issue does not belong to appropriate hierarchy.");
      else if (childLevel !== undefined && level(p.issueTypeId) !== childLevel + 1)
        errs.add("parent", "Given parent issue does not belong to appropriate hierarchy.");
      else target.parentId = p.id;
      return;
    }
    case "timetracking": {
      if (!isObj(value)) {
        errs.add("timetracking", "Time tracking must be an object.");
        return;
      }
      for (const [k, prop] of [["originalEstimate", "originalEstimate"], ["remainingEstimate", "remainingEstimate"]] as const) {
        const raw = value[k];
        if (raw === undefined) continue;
        const secs = typeof raw === "string" ? parseDuration(raw) : null;
        if (secs === null) errs.add("timetracking", "Invalid time duration entered.");
        else target[prop] = secs;
      }
      return;
    }
    default:
      break;
  }
  const def = st.fields.find((f) => f.id === field && f.custom);
  if (!def || (def.projects !== undefined && !def.projects.includes(projectKey))) {
    errs.add(field, cannotSet(field));
    return;
  }
  if (def.kind === "epiclink") {
    epicLink(c, target, field, value, errs);
    return;
  }
  const custom = { ...(target.custom ?? {}) };
  if (value === null) custom[field] = null;
  else if (def.kind === "textarea") {
    const v = richText(c, field, value, errs);
    if (v === undefined) return;
    custom[field] = v;
  } else if (def.kind === "text") {
    if (typeof value !== "string") return errs.add(field, "Operation value must be a string");
    if (value.length > 255) return errs.add(field, "Please enter text no longer than 255 characters.");
    if (/[\r\n]/.test(value)) return errs.add(field, "Single-line text fields cannot contain newlines.");
    custom[field] = value;
  } else if (def.kind === "number") {
    if (typeof value !== "number") return errs.add(field, "Operation value must be a number");
    custom[field] = value;
  } else if (def.kind === "user") {
    const u = userRef(c, field, value, errs);
    if (u === undefined) return;
    custom[field] = u;
  } else if (def.kind === "users") {
    if (!Array.isArray(value)) return errs.add(field, "Operation value must be an array of users");
    const ids: string[] = [];
    for (const item of value) {
      const u = userRef(c, field, item, errs);
      if (u === undefined) return;
      if (u !== null && !ids.includes(u)) ids.push(u);
    }
    custom[field] = ids;
  } else if (def.kind === "select") {
    const o = isObj(value) ? def.options?.find((x) => x.id === value.id || x.value === value.value) : undefined;
    if (!o) return errs.add(field, `Option value '${isObj(value) ? str(value.value ?? value.id) : str(value)}' is not valid`);
    custom[field] = o.id;
  }
  target.custom = custom;
}

/** Data Center's *Epic Link*: the epic's key (a string), or `null` to unlink. Only epics can be linked to. */
function epicLink(c: Ctx, target: Partial<SimIssue>, field: string, value: unknown, errs: FieldErrors): void {
  if (value === null) {
    target.parentId = null;
    return;
  }
  if (typeof value !== "string") return errs.add(field, "Operation value must be a string");
  const epic = c.store.issue(value);
  if (!epic || !c.store.canBrowse(c.viewer, epic.projectKey)) return errs.add(field, `Issue '${value}' does not exist or you do not have permission to see it.`);
  if (c.store.state.issueTypes.find((t) => t.id === epic.issueTypeId)?.hierarchyLevel !== 1) return errs.add(field, `Issue '${value}' is not an epic.`);
  target.parentId = epic.id;
}

/**
 * Applies a `fields` object and an `update` object (operations set/add/remove/edit) onto a copy of `base`.
 * Returns the patched copy; errors are collected in `errs`. `status` is ignored, as in Jira.
 */
export function patchIssue(c: Ctx, base: SimIssue, fields: unknown, update: unknown, errs: FieldErrors, creating: boolean): SimIssue {
  const next: SimIssue = structuredClone(base);
  const f = isObj(fields) ? fields : {};
  const u = isObj(update) ? update : {};
  for (const [k, v] of Object.entries(f)) {
    if (k === "status" || (k === "project" && creating)) continue;
    if (k in u) {
      errs.add(k, `Field '${k}' cannot be set in both 'fields' and 'update'.`);
      continue;
    }
    if (k === "project" && !creating) {
      errs.add(k, cannotSet(k));
      continue;
    }
    applyFieldValue(c, next, k, v, errs, next.projectKey);
  }
  for (const [k, ops] of Object.entries(u)) {
    if (k === "status") continue;
    if (!Array.isArray(ops)) {
      errs.add(k, "Operations must be an array.");
      continue;
    }
    for (const op of ops) {
      if (!isObj(op)) {
        errs.add(k, "Operation must be an object.");
        continue;
      }
      for (const [verb, val] of Object.entries(op)) {
        if (k === "labels" && (verb === "add" || verb === "remove")) {
          if (typeof val !== "string") errs.add("labels", "Label must be a string.");
          else if (verb === "add") applyFieldValue(c, next, "labels", [...next.labels, val], errs, next.projectKey);
          else next.labels = next.labels.filter((l) => l !== val);
        } else if (verb === "set") applyFieldValue(c, next, k, val, errs, next.projectKey);
        else if (verb === "edit" && k === "timetracking") applyFieldValue(c, next, k, val, errs, next.projectKey);
        else errs.add(k, `Field '${k}' does not support the '${verb}' operation.`);
      }
    }
  }
  // Data Center: `parent` is a sub-task's only; an epic's children are linked through the Epic Link field.
  if (c.mode === "datacenter") {
    const epicField = c.store.state.fields.find((x) => x.kind === "epiclink")?.id;
    if (("parent" in f || "parent" in u) && epicLinked(c, next)) errs.add("parent", cannotSet("parent"));
    if (epicField && (epicField in f || epicField in u) && !epicLinked(c, next)) errs.add(epicField, "Sub-tasks cannot be linked to an epic.");
  }
  return next;
}
