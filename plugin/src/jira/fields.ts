// The site's field list (`GET /rest/api/3/field` on Cloud, `/rest/api/2/field` on Data Center), read through
// the plugin's transport, for the mapping form: each field's id, the name Jira shows, whether it is custom,
// and a short type label from `schema.type`, `schema.items` and `schema.custom`. Malformed entries are
// skipped; a failed call gives the transport's user-readable message.
import { type JiraTransport } from "./client";
import { apiPrefix } from "./test-connection";

/** One field of the site as the mapping form needs it. */
export interface JiraFieldInfo {
  /** `summary`, `duedate`, `customfield_10050`, … */
  id: string;
  /** The name Jira shows, e.g. `Severity`. */
  name: string;
  custom: boolean;
  /** A short type label, e.g. `string`, `array of string`, `option (select)`; empty when Jira gives none. */
  type: string;
}

export type Fetched<T> = { ok: true; value: T } | { ok: false; message: string };

function record(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

/** `schema.type`, with the item type of arrays and the short name of a custom field's plugin. */
export function fieldTypeLabel(schema: unknown): string {
  const s = record(schema);
  if (s === null || typeof s.type !== "string") return "";
  const base = s.type === "array" && typeof s.items === "string" ? `array of ${s.items}` : s.type;
  const plugin = typeof s.custom === "string" ? s.custom.slice(s.custom.lastIndexOf(":") + 1) : "";
  return plugin === "" ? base : `${base} (${plugin})`;
}

/** Parses a `/field` response body; entries without an id or name are skipped. */
export function parseFields(body: unknown): JiraFieldInfo[] {
  if (!Array.isArray(body)) return [];
  const out: JiraFieldInfo[] = [];
  for (const item of body as unknown[]) {
    const f = record(item);
    if (f === null || typeof f.id !== "string" || typeof f.name !== "string" || f.name.trim() === "") continue;
    out.push({ id: f.id, name: f.name, custom: f.custom === true || f.id.startsWith("customfield_"), type: fieldTypeLabel(f.schema) });
  }
  return out;
}

/** Every field of the transport's site. */
export async function fetchFields(transport: JiraTransport): Promise<Fetched<JiraFieldInfo[]>> {
  const result = await transport.send({ method: "GET", path: `${apiPrefix(transport.deployment)}/field` });
  if (!result.ok) return { ok: false, message: result.error.message };
  if (!Array.isArray(result.body)) return { ok: false, message: "Jira's field list was not a list." };
  return { ok: true, value: parseFields(result.body) };
}
