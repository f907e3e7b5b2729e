// Shared helpers of the end-to-end tests: Jira's REST API as a user of the simulator (to read back what
// the sync wrote, or to edit an issue "as someone else"), finding a note by its key, and editing a note's
// front matter the way a user would, with the core's lossless `updateFrontmatter`.
import { expect } from "vitest";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import type { JiraTransport } from "../../plugin/src/jira/client";
import { tmpName } from "../../plugin/src/state/state-store";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { loadCoreSync, type World } from "./harness";

export type SimUser = "alice" | "bob" | "carol";

/** The fields of an issue the tests look at (the rest stays unknown). */
export interface IssueFields {
  summary: string;
  status: { name: string };
  description: unknown;
  [field: string]: unknown;
}

function authHeader(w: World, user: SimUser): string {
  if (w.mode === "datacenter") return `Bearer ${user}-personal-access-token`;
  return `Basic ${btoa(`${user}@example.com:${user}-api-token`)}`;
}

/** The REST prefix of the world's deployment. */
export function api(w: World): string {
  return w.mode === "datacenter" ? "/rest/api/2" : "/rest/api/3";
}

/** One REST call as `user` (default alice); returns the status and the parsed body. */
export async function rest(w: World, method: string, path: string, body?: unknown, user: SimUser = "alice"): Promise<{ status: number; body: unknown }> {
  const res = await new FetchHttpClient().execute({
    method,
    url: `${w.sim.url}${api(w)}${path}`,
    headers: { Authorization: authHeader(w, user), "Content-Type": "application/json", Accept: "application/json", "X-Atlassian-Token": "no-check" },
    body: body === undefined ? undefined : JSON.stringify(body),
    timeoutMs: 5000,
  });
  const text = res.text;
  return { status: res.status, body: text === "" ? null : (JSON.parse(text) as unknown) };
}

/** An issue's fields as alice sees them. */
export async function issueFields(w: World, key: string): Promise<IssueFields> {
  const r = await rest(w, "GET", `/issue/${key}`);
  expect(r.status).toBe(200);
  return (r.body as { fields: IssueFields }).fields;
}

/** An issue's description as Markdown (ADF on Cloud, wiki on Data Center), trimmed. */
export async function descriptionMarkdown(w: World, key: string): Promise<string> {
  const d = (await issueFields(w, key)).description;
  if (d === null || d === undefined) return "";
  const core = loadCoreSync();
  return (typeof d === "string" ? core.wikiToMarkdown(d) : core.adfToMarkdown(d)).trim();
}

/** Edits an issue's fields as `user` (bob by default: someone else than the sync's user). */
export async function editIssue(w: World, key: string, fields: Record<string, unknown>, user: SimUser = "bob"): Promise<void> {
  const r = await rest(w, "PUT", `/issue/${key}`, { fields }, user);
  expect(r.status, JSON.stringify(r.body)).toBe(204);
}

/** A description value for the deployment, from Markdown. */
export function description(w: World, markdown: string): unknown {
  const core = loadCoreSync();
  return w.mode === "datacenter" ? core.markdownToWiki(markdown) : core.markdownToAdf(markdown);
}

/** Paths of every note carrying `jira_key: key`. */
export function notesOf(w: World, key: string): string[] {
  return Object.entries(w.vault.files())
    .filter(([, text]) => new RegExp(`^jira_key: ${key}$`, "m").test(text))
    .map(([path]) => path);
}

/** The one note of `key` (fails unless there is exactly one): its path and text. */
export function noteOf(w: World, key: string): { path: string; text: string } {
  const paths = notesOf(w, key);
  expect(paths, `notes of ${key}`).toHaveLength(1);
  const path = paths[0] ?? "";
  return { path, text: w.vault.files()[path] ?? "" };
}

/** A user's front matter edit (`null` removes a key). */
export function editFrontmatter(w: World, path: string, changes: Record<string, unknown>): void {
  const text = w.vault.files()[path];
  expect(text, path).toBeDefined();
  w.vault.set(path, loadCoreSync().updateFrontmatter(text ?? "", changes));
}

/** A note's front matter, parsed by the core. */
export function frontmatter(text: string): Record<string, unknown> {
  const parsed = loadCoreSync().parseNote(text) as { frontmatter?: Record<string, unknown> | null };
  return parsed.frontmatter ?? {};
}

/** The text below the front matter. */
export function bodyOf(text: string): string {
  const m = /^---\n[\s\S]*?\n---\n/.exec(text);
  return m ? text.slice(m[0].length) : text;
}

/** `text` with its body (below the front matter) replaced. */
export function withBody(text: string, body: string): string {
  return text.slice(0, text.length - bodyOf(text).length) + body;
}

/** Entries of a given level. */
export function entries(report: { entries: { level: string; path?: string; key?: string; message: string }[] }, level: string) {
  return report.entries.filter((e) => e.level === level);
}

/** The part of the Jira transport a run uses. */
export type Send = Pick<JiraTransport, "send">;

/** A transport that dies (throws) once `k` requests got their answers: the run ends without saving state. */
export function dyingAfter(k: number): (inner: Send) => Send {
  let answered = 0;
  return (inner) => ({
    async send(request, options) {
      if (answered >= k) throw new Error(`killed before request ${answered + 1}`);
      const result = await inner.send(request, options);
      answered += 1;
      if (answered >= k) throw new Error(`killed after request ${answered}`);
      return result;
    },
  });
}

/**
 * A restore point of the whole world: the simulator's issues, the vault's files and the sync's state files
 * (with their temporary siblings). Calling the returned function puts all three back as they were and clears
 * the simulator's request log, so one sync can be replayed many times (e.g. killed after each request).
 */
export function restorePoint(w: World): () => void {
  const names = Object.values(stateFileNames(w.sim.url)).flatMap((n) => [n, tmpName(n)]);
  const snap = { sim: structuredClone(w.sim.sim.store.state), files: w.vault.files(), raw: Object.fromEntries(names.map((n) => [n, w.store.raw(n)])) };
  return () => {
    w.sim.sim.store.replace(structuredClone(snap.sim));
    w.sim.sim.index.rebuild();
    w.sim.admin.clearLog();
    for (const path of Object.keys(w.vault.files())) w.vault.remove(path);
    for (const [path, text] of Object.entries(snap.files)) w.vault.set(path, text);
    for (const [name, text] of Object.entries(snap.raw)) w.store.setRaw(name, text);
  };
}
