// The field mapping form as data, free of Obsidian: rows in the core's own JSON shape (`FieldMapping`:
// `{ jira, note, direction }`), read tolerantly from whatever the settings hold, and the edits the form offers
// (add, remove, move, pick a field, set the note property or direction), each returning a new list that the
// core then validates (`validateSyncConfig`). Also the field choices the picker shows (the core's system
// fields, named as the site names them, and the site's custom fields with their types) and the grouping of
// the core's problems by row (`fields[2].note` → row 2). Status rows are in status-form.ts.
import type { JiraFieldInfo } from "../jira/fields";

export type Direction = "both" | "pull" | "push";

/** A Jira field: a system field by the core's name (`summary`, `dueDate`, …) or a custom field by name. */
export type JiraFieldRef = string | { custom: string };

/** The note side: the body or a front matter property. */
export type NoteTargetJson = "body" | { frontmatter: string };

/** One field mapping, as the core reads it. */
export interface FieldMappingJson {
  jira: JiraFieldRef;
  note: NoteTargetJson;
  direction: Direction;
}

/** A system field the core can sync: its core name, Jira's field id, and the name used when the site is unknown. */
export interface SystemField {
  core: string;
  jiraId: string;
  name: string;
  /** Jira does not let the sync change it: a mapping may only pull. */
  readOnly: boolean;
}

const sys = (core: string, jiraId: string, name: string, readOnly = false): SystemField => ({ core, jiraId, name, readOnly });

/** The core's system fields (src/sync/config.rs `JiraField`), in the order the picker lists them. */
export const SYSTEM_FIELDS: readonly SystemField[] = [
  sys("key", "issuekey", "Key", true),
  sys("summary", "summary", "Summary"),
  sys("description", "description", "Description"),
  sys("status", "status", "Status"),
  sys("assignee", "assignee", "Assignee"),
  sys("reporter", "reporter", "Reporter", true),
  sys("priority", "priority", "Priority"),
  sys("labels", "labels", "Labels"),
  sys("components", "components", "Components"),
  sys("fixVersions", "fixVersions", "Fix versions"),
  sys("dueDate", "duedate", "Due date"),
  sys("parent", "parent", "Parent"),
  sys("issueType", "issuetype", "Issue type"),
  sys("created", "created", "Created", true),
  sys("updated", "updated", "Updated", true),
  sys("resolution", "resolution", "Resolution", true),
  sys("originalEstimate", "timeoriginalestimate", "Original estimate"),
  sys("remainingEstimate", "timeestimate", "Remaining estimate"),
  sys("timeSpent", "timespent", "Time spent", true),
];

const DIRECTIONS: readonly Direction[] = ["both", "pull", "push"];

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Reads one stored mapping; unknown shapes become an empty custom field or property, for the core to flag. */
export function readFieldMapping(raw: unknown): FieldMappingJson {
  const obj = record(raw) ?? {};
  const custom = record(obj.jira)?.custom;
  const jira: JiraFieldRef = typeof obj.jira === "string" ? obj.jira : { custom: typeof custom === "string" ? custom : "" };
  const key = record(obj.note)?.frontmatter;
  const note: NoteTargetJson = obj.note === "body" ? "body" : { frontmatter: typeof key === "string" ? key : "" };
  const direction = DIRECTIONS.find((d) => d === obj.direction) ?? "both";
  return { jira, note, direction };
}

export function readFieldMappings(raw: readonly unknown[]): FieldMappingJson[] {
  return raw.map(readFieldMapping);
}

/** The picker's value of a field: `system:summary` or `custom:Severity`. */
export function fieldChoice(jira: JiraFieldRef): string {
  return typeof jira === "string" ? `system:${jira}` : `custom:${jira.custom}`;
}

/** The field a picker value stands for. */
export function fieldFromChoice(choice: string): JiraFieldRef {
  return choice.startsWith("custom:") ? { custom: choice.slice("custom:".length) } : choice.replace(/^system:/, "");
}

export function systemField(jira: JiraFieldRef): SystemField | undefined {
  return typeof jira === "string" ? SYSTEM_FIELDS.find((f) => f.core === jira) : undefined;
}

/** One entry of the field picker. */
export interface FieldOption {
  value: string;
  /** The name Jira shows. */
  label: string;
  /** The type from the site's field list; empty when unknown. */
  type: string;
  custom: boolean;
  /** A mapped custom field the site's list does not have (kept so nothing is lost). */
  missing: boolean;
}

/**
 * The picker's entries: the core's system fields (named as the site names them when its list is known), then
 * the site's custom fields by name (each name once), then custom fields the rows map that the site lacks.
 * `site` is null when the site's list could not be read.
 */
export function fieldOptions(site: readonly JiraFieldInfo[] | null, rows: readonly FieldMappingJson[]): FieldOption[] {
  const byId = new Map((site ?? []).map((f) => [f.id, f]));
  const options: FieldOption[] = SYSTEM_FIELDS.map((f) => {
    const known = byId.get(f.jiraId);
    return { value: `system:${f.core}`, label: known?.name ?? f.name, type: known?.type ?? "", custom: false, missing: false };
  });
  const names = new Set<string>();
  const customs = (site ?? []).filter((f) => f.custom).sort((a, b) => a.name.localeCompare(b.name));
  for (const f of customs) {
    if (names.has(f.name)) continue;
    names.add(f.name);
    options.push({ value: `custom:${f.name}`, label: f.name, type: f.type, custom: true, missing: false });
  }
  for (const row of rows) {
    if (typeof row.jira === "string" || row.jira.custom === "" || names.has(row.jira.custom)) continue;
    names.add(row.jira.custom);
    options.push({ value: fieldChoice(row.jira), label: row.jira.custom, type: "", custom: true, missing: site !== null });
  }
  return options;
}

/** A front matter key suggested for a field name: `Fix versions` → `fix_versions`. */
export function suggestedNoteKey(name: string): string {
  const key = name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, "_")
    .replace(/^_+|_+$/g, "");
  return key === "" ? "field" : key;
}

function fieldName(jira: JiraFieldRef): string {
  return typeof jira === "string" ? (systemField(jira)?.name ?? jira) : jira.custom;
}

function usedKeys(rows: readonly FieldMappingJson[], except = -1): Set<string> {
  return new Set(rows.flatMap((r, i) => (i !== except && r.note !== "body" ? [r.note.frontmatter] : [])));
}

function freeKey(base: string, used: ReadonlySet<string>): string {
  if (!used.has(base)) return base;
  for (let n = 2; ; n++) if (!used.has(`${base}_${n}`)) return `${base}_${n}`;
}

/** A new mapping of `jira` (default: the first picker entry not mapped yet) at the end, with a free property. */
export function addField(rows: readonly FieldMappingJson[], options: readonly FieldOption[], jira?: JiraFieldRef): FieldMappingJson[] {
  const mapped = new Set(rows.map((r) => fieldChoice(r.jira)));
  const pick = jira ?? fieldFromChoice(options.find((o) => !mapped.has(o.value))?.value ?? "custom:");
  const readOnly = systemField(pick)?.readOnly === true;
  const label = options.find((o) => o.value === fieldChoice(pick))?.label ?? fieldName(pick);
  return [...rows, { jira: pick, note: { frontmatter: freeKey(suggestedNoteKey(label), usedKeys(rows)) }, direction: readOnly ? "pull" : "both" }];
}

export function removeRow<T>(rows: readonly T[], index: number): T[] {
  return rows.filter((_, i) => i !== index);
}

/** Moves row `index` by `delta` places (−1 up, +1 down); out of range leaves the list as it is. */
export function moveRow<T>(rows: readonly T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (index < 0 || index >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const out = [...rows];
  const [row] = out.splice(index, 1);
  out.splice(to, 0, row as T);
  return out;
}

function replace(rows: readonly FieldMappingJson[], index: number, patch: Partial<FieldMappingJson>): FieldMappingJson[] {
  return rows.map((r, i) => (i === index ? { ...r, ...patch } : r));
}

/**
 * Row `index` maps `jira` instead. A property still named as suggested for the old field (or empty) follows
 * the new field's name; a read-only field is set to pull; a non-description field leaves the note body.
 */
export function setField(rows: readonly FieldMappingJson[], index: number, jira: JiraFieldRef, label = fieldName(jira)): FieldMappingJson[] {
  const row = rows[index];
  if (row === undefined) return [...rows];
  const patch: Partial<FieldMappingJson> = { jira };
  const oldKey = row.note === "body" ? null : row.note.frontmatter;
  if (oldKey === "" || oldKey === suggestedNoteKey(fieldName(row.jira)) || (row.note === "body" && jira !== "description")) {
    patch.note = { frontmatter: freeKey(suggestedNoteKey(label), usedKeys(rows, index)) };
  }
  if (systemField(jira)?.readOnly === true) patch.direction = "pull";
  return replace(rows, index, patch);
}

export function setNote(rows: readonly FieldMappingJson[], index: number, note: NoteTargetJson): FieldMappingJson[] {
  return replace(rows, index, { note });
}

export function setDirection(rows: readonly FieldMappingJson[], index: number, direction: Direction): FieldMappingJson[] {
  return replace(rows, index, { direction });
}

/** A problem as `validateSyncConfig` reports it. */
export interface CoreProblem {
  severity?: string;
  path?: string;
  message?: string;
}

/** Problems of one list grouped by row: `rows[i]` for paths `list[i]…`, `general` for the list as a whole. */
export interface RowProblems {
  rows: Map<number, string[]>;
  general: string[];
  /** Whether any of them is an error (the list must not be saved). */
  errors: boolean;
}

/** The core's problems that concern `list` (`fields` or `statuses`), by row. */
export function problemsByRow(problems: unknown, list: "fields" | "statuses"): RowProblems {
  const out: RowProblems = { rows: new Map(), general: [], errors: false };
  for (const p of Array.isArray(problems) ? (problems as CoreProblem[]) : []) {
    const path = p.path ?? "";
    if (path !== list && !path.startsWith(`${list}[`) && !path.startsWith(`${list}.`)) continue;
    if (p.severity === "error") out.errors = true;
    const message = p.message ?? "";
    const row = /^\w+\[(\d+)\]/.exec(path);
    if (row === null) out.general.push(message);
    else {
      const index = Number(row[1]);
      out.rows.set(index, [...(out.rows.get(index) ?? []), message]);
    }
  }
  return out;
}
