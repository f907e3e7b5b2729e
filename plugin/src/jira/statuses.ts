// A project's workflow statuses (`GET /rest/api/{3|2}/project/{key}/statuses`, which lists them per issue
// type), flattened to one entry per status name in Jira's order, for the status mapping form.
import { type JiraTransport } from "./client";
import { type Fetched } from "./fields";
import { apiPrefix } from "./test-connection";

/** One status of a project's workflows. */
export interface JiraStatusInfo {
  name: string;
  /** The status category's name (`To Do`, `In Progress`, `Done`), empty when Jira gives none. */
  category: string;
}

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** Parses the response body: the statuses of every issue type, each name once (first seen wins). */
export function parseProjectStatuses(body: unknown): JiraStatusInfo[] {
  const seen = new Set<string>();
  const out: JiraStatusInfo[] = [];
  for (const type of Array.isArray(body) ? (body as unknown[]) : []) {
    const statuses = record(type)?.statuses;
    for (const item of Array.isArray(statuses) ? (statuses as unknown[]) : []) {
      const s = record(item);
      if (s === null || typeof s.name !== "string" || s.name.trim() === "") continue;
      const key = s.name.trim().toLowerCase();
      if (seen.has(key)) continue;
      seen.add(key);
      const category = record(s.statusCategory)?.name;
      out.push({ name: s.name, category: typeof category === "string" ? category : "" });
    }
  }
  return out;
}

/** The statuses of project `key` on the transport's site. */
export async function fetchProjectStatuses(transport: JiraTransport, key: string): Promise<Fetched<JiraStatusInfo[]>> {
  const path = `${apiPrefix(transport.deployment)}/project/${encodeURIComponent(key)}/statuses`;
  const result = await transport.send({ method: "GET", path });
  if (!result.ok) return { ok: false, message: result.error.message };
  if (!Array.isArray(result.body)) return { ok: false, message: `Jira's status list of ${key} was not a list.` };
  return { ok: true, value: parseProjectStatuses(result.body) };
}
