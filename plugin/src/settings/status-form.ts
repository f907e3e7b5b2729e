// The status mapping form as data, free of Obsidian: rows in the core's `StatusMapping` shape
// (`{ state, jiraStatuses, preferred? }`: one note state and the Jira statuses that mean it), read tolerantly,
// and the edits the form offers: add, remove, move, rename a state, list its statuses, and give one Jira
// status (as a project's workflow lists it) to a state or to none. Status names match as the core matches
// them: trimmed, case-insensitive.
import type { JiraStatusInfo } from "../jira/statuses";

export interface StatusMappingJson {
  state: string;
  jiraStatuses: string[];
  preferred?: string;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** The key a status name is matched by (the core's `status_match_key`). */
export function statusKey(name: string): string {
  return name.trim().toLowerCase();
}

/** Reads one stored mapping; missing parts become empty, for the core to flag. */
export function readStatusMapping(raw: unknown): StatusMappingJson {
  const obj = record(raw) ?? {};
  const statuses = Array.isArray(obj.jiraStatuses) ? (obj.jiraStatuses as unknown[]).filter((s): s is string => typeof s === "string") : [];
  const out: StatusMappingJson = { state: typeof obj.state === "string" ? obj.state : "", jiraStatuses: statuses };
  if (typeof obj.preferred === "string") out.preferred = obj.preferred;
  return out;
}

export function readStatusMappings(raw: readonly unknown[]): StatusMappingJson[] {
  return raw.map(readStatusMapping);
}

/** Drops `preferred` when it is no longer one of the row's statuses. */
function tidy(row: StatusMappingJson): StatusMappingJson {
  if (row.preferred === undefined || row.jiraStatuses.some((s) => statusKey(s) === statusKey(row.preferred ?? ""))) return row;
  const { preferred: _dropped, ...rest } = row;
  return rest;
}

/** A new state at the end, named `new_state` (or `new_state_2`, …), listing `statuses`. */
export function addState(rows: readonly StatusMappingJson[], statuses: string[] = []): StatusMappingJson[] {
  const taken = new Set(rows.map((r) => r.state.trim()));
  let state = "new_state";
  for (let n = 2; taken.has(state); n++) state = `new_state_${n}`;
  return [...rows, { state, jiraStatuses: statuses }];
}

export function renameState(rows: readonly StatusMappingJson[], index: number, state: string): StatusMappingJson[] {
  return rows.map((r, i) => (i === index ? { ...r, state } : r));
}

/** Parses a comma-separated list of status names as typed: trimmed, empty entries dropped. */
export function parseStatusList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
}

export function setStatuses(rows: readonly StatusMappingJson[], index: number, statuses: string[]): StatusMappingJson[] {
  return rows.map((r, i) => (i === index ? tidy({ ...r, jiraStatuses: statuses }) : r));
}

/** The status a note in row `index`'s state is pushed as; empty = the first listed. */
export function setPreferred(rows: readonly StatusMappingJson[], index: number, preferred: string): StatusMappingJson[] {
  return rows.map((r, i) => {
    if (i !== index) return r;
    const { preferred: _old, ...rest } = r;
    return preferred === "" ? rest : tidy({ ...rest, preferred });
  });
}

/** The index of the row whose state `status` maps to, or −1. */
export function stateOf(rows: readonly StatusMappingJson[], status: string): number {
  const key = statusKey(status);
  return rows.findIndex((r) => r.jiraStatuses.some((s) => statusKey(s) === key));
}

/** Jira status `status` now maps to row `index`'s state (−1: to no state); it leaves any other row. */
export function assignStatus(rows: readonly StatusMappingJson[], status: string, index: number): StatusMappingJson[] {
  const key = statusKey(status);
  return rows.map((r, i) => {
    const kept = r.jiraStatuses.filter((s) => statusKey(s) !== key);
    const had = kept.length !== r.jiraStatuses.length;
    if (i === index) return had ? r : { ...r, jiraStatuses: [...r.jiraStatuses, status.trim()] };
    return had ? tidy({ ...r, jiraStatuses: kept }) : r;
  });
}

/** One project's statuses with the state each maps to (the row index, −1 for none). */
export interface ProjectStatusRow {
  status: JiraStatusInfo;
  row: number;
}

export function projectStatusRows(rows: readonly StatusMappingJson[], statuses: readonly JiraStatusInfo[]): ProjectStatusRow[] {
  return statuses.map((status) => ({ status, row: stateOf(rows, status.name) }));
}
