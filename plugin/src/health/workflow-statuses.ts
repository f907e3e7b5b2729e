// The statuses of each workflow (`PROJECT/Issue type` → status names) for the vault health checks, as the
// projects feature reads them (`GET /project/{key}/statuses`, docs/projects.md): kept beside the project notes'
// record of each site, so the checks judge a note's state against the real workflow instead of only the
// transitions learned so far. Nothing here asks Jira.
import type { JsonFileStore } from "../state/state-store";

/** `PROJECT/Issue type` → the status names Jira lists for it. */
export type WorkflowStatuses = Record<string, string[]>;

/** The workflows of one `/project/{key}/statuses` answer (an array of issue types, each with its statuses). */
export function workflowStatusesOf(project: string, answer: unknown): WorkflowStatuses {
  const out: WorkflowStatuses = {};
  if (!Array.isArray(answer)) return out;
  for (const type of answer as unknown[]) {
    if (type === null || typeof type !== "object") continue;
    const { name, statuses } = type as { name?: unknown; statuses?: unknown };
    if (typeof name !== "string" || !Array.isArray(statuses)) continue;
    const names = (statuses as unknown[])
      .map((s) => (s !== null && typeof s === "object" ? (s as { name?: unknown }).name : undefined))
      .filter((n): n is string => typeof n === "string" && n !== "");
    out[`${project}/${name}`] = [...new Set(names)];
  }
  return out;
}

/** Reads a kept record's `workflowStatuses` (malformed entries dropped). */
export function readWorkflowStatuses(kept: unknown): WorkflowStatuses {
  const raw = kept !== null && typeof kept === "object" ? (kept as { workflowStatuses?: unknown }).workflowStatuses : undefined;
  const out: WorkflowStatuses = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  for (const [workflow, names] of Object.entries(raw as Record<string, unknown>)) {
    if (Array.isArray(names)) out[workflow] = names.filter((n): n is string => typeof n === "string");
  }
  return out;
}

/** The workflow statuses kept for `siteUrls` in their files (`fileOf(site)`), merged. */
export async function loadWorkflowStatuses(store: JsonFileStore, siteUrls: string[], fileOf: (siteUrl: string) => string): Promise<WorkflowStatuses> {
  const all: WorkflowStatuses = {};
  for (const site of siteUrls) Object.assign(all, readWorkflowStatuses(await store.load(fileOf(site))));
  return all;
}
