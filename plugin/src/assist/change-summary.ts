// "Summarise my changes as an issue comment" (docs/assist.md, issue #17 item 4): a draft comment saying what changed in a
// linked note's body since the sync last saw it. The base is the body kept in the site's sync state; the core
// compares it with the note now and writes a deterministic summary (tasks done, new tasks, sections, lines).
// When an endpoint is given (assistance on) and the privacy filter lets the note through, the model writes
// the summary instead from the filtered diff, with the response_format fallback and one repair request
// (converse.ts); when it cannot, the deterministic draft stands. Nothing is posted here: the caller shows the
// draft for review, and a reviewed comment goes out through the sync's comment path (`ReviewedComment`).
import type { AssistSettings } from "./assist-settings";
import { converse, type Outcome, sessionOutput } from "./converse";
import type { Prepared } from "./detect-tasks";
import type { ModelEndpoint } from "./model-endpoint";
import { stateFileNames } from "../sync/driver";
import type { Recipient, ReviewedComment } from "../sync/types";
import { type JsonFileStore, loadWithText } from "../state/state-store";

/** The core exports this flow uses. */
export interface SummaryCore {
  assistChangeSummary(state: Uint8Array, input: unknown): unknown;
  assistPrepareSummary(input: unknown): unknown;
  assistReadSummaryAnswer(body: string): unknown;
  assistRepairRequest(request: unknown, answer: string, problem: string): unknown;
}

/** The core's `SummaryInput`. */
export interface SummaryInput {
  path: string;
  text: string;
  key: string;
  base?: string | null;
  privacy: { allowedFolders: string[]; privateKeys: string[] };
  model: { model: string; contextWindow: number; output: AssistSettings["output"] };
}

/** The core's `ChangeSummary`. */
export interface ChangeSummary {
  unchanged: boolean;
  sectionsAdded: string[];
  sectionsRemoved: string[];
  sectionsChanged: string[];
  tasksChecked: string[];
  tasksReopened: string[];
  tasksAdded: string[];
  tasksRemoved: string[];
  linesAdded: number;
  linesRemoved: number;
  markdown: string;
}

export interface SummaryDraft {
  key: string;
  /** The comment as drafted (intro line and bullets); empty when there is nothing to summarise. */
  text: string;
  /** Who wrote the bullets. */
  by: "model" | "comparison";
  /** Why there is no draft (never synced with its body, nothing changed), or null. */
  nothing: string | null;
  /** Why the model was not asked, or null. */
  skipped: string | null;
  /** Why the model's answer is not used, or null. */
  problem: string | null;
  requests: number;
  /** Diff rows left out for lack of room. */
  leftOut: [number, number] | null;
  schemaInPrompt: boolean;
  warnings: string[];
}

/** The line before the summary (the `summarise` rule action's default says the same). */
export function summaryIntro(key: string): string {
  return `What changed in the note of ${key}:`;
}

/** The core's input for the current settings. */
export function summaryInput(settings: Readonly<AssistSettings>, note: { path: string; text: string; key: string }): SummaryInput {
  return {
    ...note,
    privacy: { allowedFolders: settings.allowedFolders, privateKeys: settings.privateKeys },
    model: { model: settings.model, contextWindow: settings.contextWindow, output: sessionOutput(settings) },
  };
}

/** The site's sync state file as bytes for the core (empty when the site was never synced). */
export async function stateBytes(store: JsonFileStore, siteUrl: string): Promise<Uint8Array> {
  const { value, text } = await loadWithText(store, stateFileNames(siteUrl).state);
  const json = text ?? (value === null || value === undefined ? "" : JSON.stringify(value));
  return new TextEncoder().encode(json);
}

/** The summarise-changes request for *Show what will be sent* (nothing is sent). */
export function previewSummary(core: SummaryCore, state: Uint8Array, input: SummaryInput): Outcome<Prepared> {
  const { base } = core.assistChangeSummary(state, input) as { base: string | null };
  return core.assistPrepareSummary({ ...input, base }) as Outcome<Prepared>;
}

/** Drafts the summary; `endpoint` is a string (why there is none) when assistance is off or not set up. */
export async function summaryDraft(core: SummaryCore, endpoint: ModelEndpoint | string, state: Uint8Array, input: SummaryInput, signal?: AbortSignal): Promise<SummaryDraft> {
  const { base, summary } = core.assistChangeSummary(state, input) as { base: string | null; summary: ChangeSummary | null };
  const draft: SummaryDraft = { key: input.key, text: "", by: "comparison", nothing: null, skipped: null, problem: null, requests: 0, leftOut: null, schemaInPrompt: false, warnings: [] };
  if (summary === null) return { ...draft, nothing: `${input.key} has not been synced with its note's body yet, so there is nothing to compare with.` };
  if (summary.unchanged) return { ...draft, nothing: `The note's body has not changed since the last sync of ${input.key}.` };
  const intro = summaryIntro(input.key);
  const plain = { ...draft, text: `${intro}\n${summary.markdown}` };
  if (typeof endpoint === "string") return { ...plain, skipped: endpoint };
  const withBase = { ...input, base };
  const asked = await converse(endpoint, input.model.output, {
    prepare: (output) => core.assistPrepareSummary({ ...withBase, model: { ...withBase.model, output } }) as Outcome<Prepared>,
    read: (body) => core.assistReadSummaryAnswer(body) as Outcome<{ text: string; warnings: string[] }>,
    repair: (request, answer, problem) => core.assistRepairRequest(request, answer, problem),
  }, signal);
  const { skipped, problem, requests, leftOut, schemaInPrompt } = asked;
  const out = { ...plain, skipped, problem, requests, leftOut, schemaInPrompt };
  if (asked.value === null) return out;
  return { ...out, text: `${intro}\n${asked.value.text}`, by: "model", warnings: asked.value.warnings };
}

/** The recipients a review chose: the roles, then named users (account ids on Cloud, user names on Data Center). */
export function recipients(roles: { reporter: boolean; assignee: boolean; watchers: boolean }, users: readonly string[]): Recipient[] {
  const out: Recipient[] = [];
  if (roles.reporter) out.push("reporter");
  if (roles.assignee) out.push("assignee");
  if (roles.watchers) out.push("watchers");
  for (const u of users) if (u.trim() !== "" && !out.some((r) => typeof r === "object" && r.user === u.trim())) out.push({ user: u.trim() });
  return out;
}

/** The comment to post, or why not (an empty text). */
export function reviewedComment(key: string, text: string, mention: Recipient[]): ReviewedComment | string {
  const trimmed = text.trim();
  if (trimmed === "") return "The comment is empty, so nothing was posted.";
  return { key, text: trimmed, mention };
}
