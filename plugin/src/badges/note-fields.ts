// The note properties the header badge reads, taken from the sync's field mappings rather than fixed names:
// the property holding the issue key (the `key` mapping's, else `jira_key`, as the core reads it), the one
// holding the status and the one holding the summary; and the Jira status a note's state stands for, from the
// status mappings. Pure: works on the SyncConfig's JSON (`fields`, `statuses`), validated by the core.

/** The front matter properties of an issue's note. */
export interface NoteFields {
  /** Holds the issue key. */
  key: string;
  /** Holds the note's state (a status mapping's `state`), or null when status is not mapped to front matter. */
  status: string | null;
  /** Holds the summary, or null when summary is not mapped to front matter. */
  summary: string | null;
}

/** The key property the core falls back to when no `key` mapping names one. */
export const DEFAULT_KEY_PROPERTY = "jira_key";

interface FieldLike {
  jira?: unknown;
  note?: unknown;
}

interface StatusLike {
  state?: unknown;
  jiraStatuses?: unknown;
  preferred?: unknown;
}

function frontmatterOf(fields: readonly FieldLike[], jira: string): string | null {
  const note = fields.find((f) => f.jira === jira)?.note;
  if (note === null || typeof note !== "object") return null;
  const name = (note as { frontmatter?: unknown }).frontmatter;
  return typeof name === "string" && name.trim() !== "" ? name : null;
}

/** The note properties of a SyncConfig (`config.fields`). */
export function noteFields(config: Readonly<Record<string, unknown>>): NoteFields {
  const fields = Array.isArray(config.fields) ? (config.fields as FieldLike[]).filter((f) => f !== null && typeof f === "object") : [];
  return {
    key: frontmatterOf(fields, "key") ?? DEFAULT_KEY_PROPERTY,
    status: frontmatterOf(fields, "status"),
    summary: frontmatterOf(fields, "summary"),
  };
}

/**
 * The Jira status a note state maps to (`config.statuses`, state matched case-insensitively): the mapping's
 * `preferred` status, else its first. A state no mapping names is returned as written (it may be a Jira
 * status name typed by hand); an empty state gives undefined.
 */
export function jiraStatusOfState(config: Readonly<Record<string, unknown>>, state: string | undefined): string | undefined {
  const wanted = state?.trim() ?? "";
  if (wanted === "") return undefined;
  const statuses = Array.isArray(config.statuses) ? (config.statuses as StatusLike[]).filter((s) => s !== null && typeof s === "object") : [];
  const mapping = statuses.find((s) => typeof s.state === "string" && s.state.trim().toLowerCase() === wanted.toLowerCase());
  if (mapping === undefined) return wanted;
  if (typeof mapping.preferred === "string" && mapping.preferred.trim() !== "") return mapping.preferred.trim();
  const first: unknown = Array.isArray(mapping.jiraStatuses) ? (mapping.jiraStatuses as unknown[])[0] : undefined;
  return typeof first === "string" && first.trim() !== "" ? first.trim() : wanted;
}
