// What the badge cache needs of a sync state: its linked issues (detached ones left out) with their status,
// `updated` and the value of the note field the summary maps to. Read tolerantly: anything not shaped as
// expected is skipped or read as "". Computed where the state object is: in the shell after an in-thread run,
// in the engine's worker after a run off the main thread (so the shell never parses the whole state).
import type { LinkedIssue, SyncConfig } from "./types";

/** The linked issues of a state, with the summary read from the field `summaryNoteField(config)` names. */
export function linkedIssues(state: unknown, config: SyncConfig): LinkedIssue[] {
  const issues = state !== null && typeof state === "object" ? (state as { issues?: unknown }).issues : undefined;
  if (issues === null || typeof issues !== "object") return [];
  const summaryField = summaryNoteField(config);
  const out: LinkedIssue[] = [];
  for (const raw of Object.values(issues as Record<string, unknown>)) {
    if (raw === null || typeof raw !== "object") continue;
    const i = raw as Record<string, unknown>;
    if (typeof i.key !== "string" || i.key === "" || i.detached === true) continue;
    const values = i.values !== null && typeof i.values === "object" ? (i.values as Record<string, unknown>) : {};
    const summary = summaryField === null ? undefined : values[summaryField];
    out.push({
      key: i.key,
      status: typeof i.status === "string" ? i.status : "",
      updated: typeof i.updated === "string" ? i.updated : "",
      summary: typeof summary === "string" ? summary : null,
    });
  }
  return out;
}

/** The front matter key the summary maps to ("body" when it maps to the body), if any. */
export function summaryNoteField(config: SyncConfig): string | null {
  const fields = Array.isArray(config.fields) ? (config.fields as { jira?: unknown; note?: unknown }[]) : [];
  const m = fields.find((f) => f.jira === "summary");
  const note = m?.note;
  if (note === "body") return "body";
  if (note !== null && typeof note === "object" && typeof (note as { frontmatter?: unknown }).frontmatter === "string") {
    return (note as { frontmatter: string }).frontmatter;
  }
  return null;
}
