// Helpers for end-to-end tests: read Jira's state straight from the simulator's store (summary, plain-text
// description, status name, labels) and make remote edits through the simulator's REST API as Bob, so they
// go through the same validation, changelog and `updated` bookkeeping as any other client.
import { Buffer } from "node:buffer";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import type { SimHandle } from "../jira-sim/server";

export interface JiraView {
  key: string;
  summary: string;
  description: string;
  status: string;
  labels: string[];
}

/** The plain text of an ADF document (paragraph texts joined by blank lines) or a wiki string. */
export function plainText(doc: unknown): string {
  if (doc === null || doc === undefined) return "";
  if (typeof doc === "string") return doc;
  const out: string[] = [];
  const walk = (node: unknown): string => {
    if (typeof node !== "object" || node === null) return "";
    const n = node as { type?: string; text?: string; content?: unknown[] };
    if (n.type === "text") return n.text ?? "";
    return (n.content ?? []).map(walk).join("");
  };
  for (const block of (doc as { content?: unknown[] }).content ?? []) out.push(walk(block));
  return out.join("\n\n");
}

/** Every issue of `project` as seen in Jira, sorted by key. */
export function jiraIssues(sim: SimHandle, project = "OPS"): JiraView[] {
  const state = sim.sim.store.state;
  const statusName = (id: string): string => state.statuses.find((s) => s.id === id)?.name ?? id;
  return state.issues
    .filter((i) => i.projectKey === project)
    .map((i) => ({ key: i.key, summary: i.summary, description: plainText(i.description), status: statusName(i.statusId), labels: [...i.labels].sort() }))
    .sort((a, b) => a.key.localeCompare(b.key, "en", { numeric: true }));
}

/** One issue by key. */
export function jiraIssue(sim: SimHandle, key: string): JiraView | undefined {
  return jiraIssues(sim, key.split("-")[0]).find((i) => i.key === key);
}

const BOB = `Basic ${Buffer.from("bob@example.com:bob-api-token").toString("base64")}`;

const http = new FetchHttpClient();

async function call(sim: SimHandle, method: string, path: string, body?: unknown): Promise<unknown> {
  const res = await http.execute({
    method,
    url: `${sim.url}/rest/api/3/${path}`,
    headers: { Authorization: BOB, "Content-Type": "application/json", Accept: "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: 5000,
  });
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status}: ${res.text}`);
  return res.text === "" ? null : JSON.parse(res.text);
}

/** An ADF document of one paragraph per blank-line separated block. */
export function adf(text: string): unknown {
  return { type: "doc", version: 1, content: text.split("\n\n").map((p) => ({ type: "paragraph", content: [{ type: "text", text: p }] })) };
}

/** A remote edit by Bob. */
export async function remoteEdit(sim: SimHandle, key: string, fields: { summary?: string; description?: string; labels?: string[] }): Promise<void> {
  const f: Record<string, unknown> = {};
  if (fields.summary !== undefined) f.summary = fields.summary;
  if (fields.description !== undefined) f.description = adf(fields.description);
  if (fields.labels !== undefined) f.labels = fields.labels;
  await call(sim, "PUT", `issue/${key}`, { fields: f });
}

/** A remote transition by Bob, by transition id. */
export async function remoteTransition(sim: SimHandle, key: string, transitionId: string): Promise<void> {
  await call(sim, "POST", `issue/${key}/transitions`, { transition: { id: transitionId } });
}

/** Requests of the simulator's log whose path ends with `suffix` (and, if given, with that method). */
export function requestsTo(sim: SimHandle, suffix: string, method?: string): number {
  return sim.admin.log().filter((e) => e.path.endsWith(suffix) && (method === undefined || e.method === method)).length;
}
