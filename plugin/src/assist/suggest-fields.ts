// "Suggest priority, estimate and assignee" (docs/assist.md): for one issue note, the history's and owner map's
// suggestions always (no model, no network), then, when an endpoint is given (assistance on) and the privacy
// filter lets the note through, the model's, with the *LLM Context* the user curated sent as context and one
// repair request for an unusable answer. The core builds and checks everything; this file carries requests and
// turns both answers into proposals, one per front matter property, that the user accepts field by field.
// Nothing is written here but the accepted proposals, into a front matter object the caller hands in
// (Obsidian's processFrontMatter, or a plain object in tests and the command line).
import { type AssistSettings, parseOwners } from "./assist-settings";
import type { Prepared, SiteHints } from "./detect-tasks";
import type { Estimate } from "./estimate";
import type { ModelEndpoint } from "./model-endpoint";
import { converse, type Outcome, sessionOutput } from "./converse";
import { type FieldMappingJson, readFieldMappings } from "../settings/mapping-form";
import { loadSiteHistoryText } from "../report/reports";
import type { JsonFileStore } from "../state/state-store";

/** The core exports this flow uses. */
export interface SuggestCore {
  assistSuggestBaseline(history: Uint8Array, input: unknown): unknown;
  assistPrepareSuggest(history: Uint8Array, input: unknown): unknown;
  assistReadSuggestAnswer(input: unknown, body: string): unknown;
  assistRepairRequest(request: unknown, answer: string, problem: string): unknown;
}

/** The core's `SuggestInput`. */
export interface SuggestInput {
  path: string;
  text: string;
  key: string;
  hints: SiteHints;
  privacy: { allowedFolders: string[]; privateKeys: string[] };
  model: { model: string; contextWindow: number; output: AssistSettings["output"] };
  contextKey: string;
  suggestionsKey: string;
}

type Person = { accountId: string; displayName: string; by: string };
interface Pick {
  value: string;
  by: string;
  reason: string;
}

/** The core's `Baseline`. */
export interface Baseline {
  summary: string;
  priority: Pick | null;
  assignee: Person | null;
  assigneeReason: string;
  estimate: Estimate | null;
}

/** The core's `ModelSuggestion`. */
export interface ModelSuggestion {
  priority: Pick | null;
  estimate: Pick | null;
  assignee: Person | null;
  assigneeReason: string;
  nextSteps: string[];
  warnings: string[];
}

export interface SuggestResult {
  baseline: Baseline;
  model: ModelSuggestion | null;
  /** Why the model was not asked, or null. */
  skipped: string | null;
  /** Why the model's answer is not used, or null. */
  problem: string | null;
  /** Requests sent (0, 1, or 2 with the repair). */
  requests: number;
  leftOut: [number, number] | null;
  /** The schema went in the prompt because the server refuses `response_format` (converse.ts). */
  schemaInPrompt: boolean;
}

/** The front matter properties the suggestions go to: the ones the field mappings name, else these defaults. */
export interface SuggestProperties {
  priority: string;
  estimate: string;
  assignee: string;
  context: string;
  suggestions: string;
}

const DEFAULT_PROPERTIES: SuggestProperties = { priority: "priority", estimate: "estimate", assignee: "assignee", context: "ai_context", suggestions: "ai_recommendations" };

/** The properties mapped to Priority, Original estimate, Assignee and the custom fields *LLM Context* and *Model Suggestions*. */
export function suggestProperties(mappings: readonly unknown[]): SuggestProperties {
  const fields: FieldMappingJson[] = readFieldMappings(mappings);
  const mapped = (match: (jira: FieldMappingJson["jira"]) => boolean, fallback: string): string => {
    const found = fields.find((f) => match(f.jira) && f.note !== "body" && f.note.frontmatter !== "");
    return found === undefined || found.note === "body" ? fallback : found.note.frontmatter;
  };
  const custom = (name: string) => (jira: FieldMappingJson["jira"]) => typeof jira !== "string" && jira.custom.trim().toLowerCase() === name.toLowerCase();
  return {
    priority: mapped((j) => j === "priority", DEFAULT_PROPERTIES.priority),
    estimate: mapped((j) => j === "originalEstimate", DEFAULT_PROPERTIES.estimate),
    assignee: mapped((j) => j === "assignee", DEFAULT_PROPERTIES.assignee),
    context: mapped(custom("LLM Context"), DEFAULT_PROPERTIES.context),
    suggestions: mapped(custom("Model Suggestions"), DEFAULT_PROPERTIES.suggestions),
  };
}

/** The core's input for the current settings. */
export function suggestInput(settings: Readonly<AssistSettings>, note: { path: string; text: string; key: string; hints: SiteHints }, properties: SuggestProperties): SuggestInput {
  return {
    ...note,
    hints: { owners: parseOwners(settings.owners), ...note.hints },
    privacy: { allowedFolders: settings.allowedFolders, privateKeys: settings.privateKeys },
    model: { model: settings.model, contextWindow: settings.contextWindow, output: sessionOutput(settings) },
    contextKey: properties.context,
    suggestionsKey: properties.suggestions,
  };
}

/** The kept history file of `siteUrl` as bytes for the core (empty when none was read yet: no history suggestions). */
export async function historyBytes(store: JsonFileStore, siteUrl: string): Promise<Uint8Array> {
  const { text } = await loadSiteHistoryText(store, siteUrl);
  return new TextEncoder().encode(text ?? "");
}


/** The request that would be sent, or why none would. Sends nothing. */
export function previewSuggest(core: SuggestCore, history: Uint8Array, input: SuggestInput): Outcome<Prepared> {
  return core.assistPrepareSuggest(history, input) as Outcome<Prepared>;
}

/** Runs the suggestions; `endpoint` is a string (why there is none) when assistance is off or not set up. */
export async function suggestFields(core: SuggestCore, endpoint: ModelEndpoint | string, history: Uint8Array, input: SuggestInput, signal?: AbortSignal): Promise<SuggestResult> {
  const baseline = core.assistSuggestBaseline(history, input) as Baseline;
  const result: SuggestResult = { baseline, model: null, skipped: null, problem: null, requests: 0, leftOut: null, schemaInPrompt: false };
  if (typeof endpoint === "string") return { ...result, skipped: endpoint };
  const asked = await converse(endpoint, input.model.output, {
    prepare: (output) => previewSuggest(core, history, { ...input, model: { ...input.model, output } }),
    read: (body) => core.assistReadSuggestAnswer(input, body) as Outcome<ModelSuggestion>,
    repair: (request, answer, problem) => core.assistRepairRequest(request, answer, problem),
  }, signal);
  const { skipped, problem, requests, leftOut, schemaInPrompt } = asked;
  return { ...result, model: asked.value, skipped, problem, requests, leftOut, schemaInPrompt };
}

/** One field the review window offers: the property, its value now, the suggestion and why. */
export interface Proposal {
  property: string;
  label: string;
  before: string;
  after: string;
  why: string;
  /** Where the value came from: the model's answer or the site's history (the activity record keeps it). */
  offered: "model" | "history";
}

function shown(value: unknown): string {
  if (value === undefined || value === null) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/** `1d 4h` from the history's estimate and its range. */
function historyWhy(e: Estimate): string {
  return `from ${e.similar.length} similar done issue${e.similar.length === 1 ? "" : "s"} (${e.similar.map((s) => s.key).join(", ")}), range ${+(e.low / 3600).toFixed(1)}h–${+(e.high / 3600).toFixed(1)}h`;
}

/**
 * The proposals: the model's value where it gave a usable one (its reason shown), else the history's; a field
 * whose suggestion equals the note's value is not offered. `date` (YYYY-MM-DD) and `model` label the
 * *Model Suggestions* text, written only with the model's next steps.
 */
export function proposals(result: SuggestResult, frontmatter: Readonly<Record<string, unknown>>, props: SuggestProperties, date: string, model: string): Proposal[] {
  const b = result.baseline;
  const m = result.model;
  const out: Proposal[] = [];
  const offer = (property: string, label: string, after: string | null, why: string, offered: Proposal["offered"]): void => {
    const before = shown(frontmatter[property]);
    if (after !== null && after !== "" && after.trim() !== before.trim()) out.push({ property, label, before, after, why, offered });
  };
  const priority = m?.priority ?? b.priority;
  const priorityBy = priority?.by === "model" ? "model" : "history";
  offer(props.priority, "Priority", priority?.value ?? null, priority === null ? "" : priority.by === "model" ? "suggested by the model" : priority.reason, priorityBy);
  if (m?.estimate != null) offer(props.estimate, "Estimate", m.estimate.value, `the model: ${m.estimate.reason || "no reason given"}${b.estimate === null ? "" : `; history said ${b.estimate.jira}`}`, "model");
  else if (b.estimate !== null) offer(props.estimate, "Estimate", b.estimate.jira, historyWhy(b.estimate), "history");
  const owner = b.assignee?.by === "owner" ? b.assignee : null;
  const person = owner ?? m?.assignee ?? b.assignee;
  const fromHistory = person === owner || person === b.assignee;
  const personWhy = person === null ? "" : fromHistory ? b.assigneeReason : `the model: ${m?.assigneeReason || "no reason given"}`;
  offer(props.assignee, "Assignee", person?.displayName ?? null, personWhy, fromHistory ? "history" : "model");
  if (m !== null && m.nextSteps.length > 0) {
    const text = [`Suggested ${date} by ${model}:`, ...m.nextSteps.map((s) => `- ${s}`)].join("\n");
    offer(props.suggestions, "Model suggestions", text, "the model's next steps", "model");
  }
  return out;
}

/** Writes the accepted proposals into a front matter object (Obsidian's processFrontMatter hands one in). */
export function applyProposals(frontmatter: Record<string, unknown>, accepted: readonly Proposal[]): void {
  for (const p of accepted) frontmatter[p.property] = p.after;
}
