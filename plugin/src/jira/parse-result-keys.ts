// Reads the Jira keys out of the core's `parseNote` result (typed `any` at the wasm boundary), checking
// each field, and summarises them for display. Falls back to the TypeScript matcher when the result has
// no `jiraKeys` array at all (an older core).
import { findJiraKeys } from "./keys";

export interface NoteKey {
  key: string;
  /** 1-based line, when the core reports it. */
  line?: number;
}

/** The keys in a `parseNote` result, filtered by `projects` when given. */
export function keysFromParseResult(result: unknown, text: string, projects: ReadonlySet<string> | null): NoteKey[] {
  const raw = result !== null && typeof result === "object" ? (result as Record<string, unknown>).jiraKeys : undefined;
  let keys: NoteKey[];
  if (Array.isArray(raw)) {
    keys = [];
    for (const item of raw as unknown[]) {
      if (item === null || typeof item !== "object") continue;
      const { key, line } = item as Record<string, unknown>;
      if (typeof key !== "string") continue;
      keys.push(typeof line === "number" ? { key, line } : { key });
    }
  } else {
    keys = findJiraKeys(text).map((m) => ({ key: m.key }));
  }
  if (projects && projects.size > 0) keys = keys.filter((k) => projects.has(k.key.slice(0, k.key.lastIndexOf("-"))));
  return keys;
}

/** One line of text for a notice: distinct keys in first-seen order, with counts above one. */
export function describeKeys(keys: readonly NoteKey[]): string {
  if (keys.length === 0) return "No Jira keys in this note.";
  const counts = new Map<string, number>();
  for (const { key } of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const list = [...counts].map(([key, n]) => (n > 1 ? `${key} (×${n})` : key)).join(", ");
  return `Jira keys in this note: ${list}`;
}
