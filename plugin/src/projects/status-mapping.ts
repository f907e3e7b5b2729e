// Mapping a Jira status no mapping covers to a vault state in one step (the modal "Map unmapped statuses…"):
// the status is added to the mapping of that state, in the core's StatusMapping shape. The settings keep an
// empty list for "the defaults", so the first mapping starts from the effective table (the defaults).

/** The core's status mapping shape. */
export interface StatusMapping {
  state: string;
  jiraStatuses: string[];
  preferred?: string;
}

function isMapping(value: unknown): value is StatusMapping {
  const m = value as StatusMapping | null;
  return m !== null && typeof m === "object" && typeof m.state === "string" && Array.isArray(m.jiraStatuses);
}

/** The status table in effect: the stored one, or the defaults when it is empty. */
export function effectiveStatuses(stored: readonly unknown[], defaults: readonly unknown[]): StatusMapping[] {
  return (stored.length > 0 ? stored : defaults).filter(isMapping).map((m) => ({ ...m, jiraStatuses: [...m.jiraStatuses] }));
}

/** The vault states of a table, in its order. */
export function statesOf(table: readonly StatusMapping[]): string[] {
  return [...new Set(table.map((m) => m.state))];
}

/**
 * `table` with `status` mapped to `state`: added to that state's mapping (a new mapping at the end when the state
 * is new). A status some mapping already lists (trimmed, case-insensitively) leaves the table as it is.
 */
export function mapStatus(table: readonly StatusMapping[], status: string, state: string): StatusMapping[] {
  const out = table.map((m) => ({ ...m, jiraStatuses: [...m.jiraStatuses] }));
  const key = status.trim().toLowerCase();
  if (key === "" || state.trim() === "" || out.some((m) => m.jiraStatuses.some((s) => s.trim().toLowerCase() === key))) return out;
  const target = out.find((m) => m.state === state);
  if (target) target.jiraStatuses.push(status.trim());
  else out.push({ state: state.trim(), jiraStatuses: [status.trim()] });
  return out;
}
