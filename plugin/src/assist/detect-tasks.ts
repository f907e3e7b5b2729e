// "Detect tasks in this note": the rules' candidates always, then (when an endpoint is given, i.e. assistance is
// on, and the privacy filter lets the note through) the model's candidates for the note's prose. The core builds
// every request and validates every answer; this file only carries them (converse.ts: one repair request for an
// answer the core cannot use, a second failure reported and nothing of it used; the response_format fallback).
import { type AssistSettings, parseOwners } from "./assist-settings";
import type { ModelEndpoint } from "./model-endpoint";
import { converse, type Outcome, sessionOutput } from "./converse";

/** A task candidate (the core's `Candidate`). */
export interface Candidate {
  summary: string;
  description: string;
  line: number;
  origin: "taskItem" | "marker" | "mention" | "model";
  project: string | null;
  issueType: string;
  priority: string | null;
  assignee: { accountId: string; displayName: string; by: string } | null;
  labels: string[];
  estimate: string | null;
}

export interface SiteHints {
  defaultProject?: string | null;
  issueType?: string;
  priorities?: string[];
  assignable?: { accountId: string; displayName: string }[];
  owners?: { key: string; user: string }[];
  /** The site's project keys (only their keys mark a line as filed); empty: any key. */
  projects?: string[];
}

/** The core's detect, prepare and answer inputs. */
export interface DetectInput {
  path: string;
  text: string;
  lines?: [number, number] | null;
  hints: SiteHints;
}

export interface PrepareInput {
  detect: DetectInput;
  privacy: { allowedFolders: string[]; privateKeys: string[] };
  model: { model: string; contextWindow: number; output: AssistSettings["output"] };
}

/** A prepared request (the core's `Prepared`). */
export interface Prepared {
  request: { model: string; messages: { role: string; content: string }[] };
  template: string;
  tokens: { window: number; prompt: number; answer: number };
  leftOut: [number, number] | null;
  removed: { privateKeys: number; comments: number; secrets: number };
  ruleCandidates: Candidate[];
}


/** The core exports this flow uses. */
export interface AssistCore {
  assistDetectRules(input: unknown): unknown;
  assistPrepareDetect(input: unknown): unknown;
  assistReadDetectAnswer(input: unknown): unknown;
  assistRepairRequest(request: unknown, answer: string, problem: string): unknown;
}

export interface DetectResult {
  /** The rules' candidates. */
  rules: Candidate[];
  /** The model's candidates (lines the rules found left out). */
  model: Candidate[];
  /** Fields dropped or tasks left out of the model's answer. */
  warnings: string[];
  /** Why the model was not asked (assistance off, note not allowed, window too small), or null. */
  skipped: string | null;
  /** Why the model's answer is not used, or null. */
  problem: string | null;
  /** Requests sent to the model (0, 1, or 2 with the repair). */
  requests: number;
  /** Lines left out of the request for lack of room. */
  leftOut: [number, number] | null;
  /** The schema went in the prompt because the server refuses `response_format` (converse.ts). */
  schemaInPrompt: boolean;
}

/** The core's input for the current settings. */
export function prepareInput(settings: Readonly<AssistSettings>, detect: DetectInput): PrepareInput {
  return {
    detect: { ...detect, hints: { owners: parseOwners(settings.owners), ...detect.hints } },
    privacy: { allowedFolders: settings.allowedFolders, privateKeys: settings.privateKeys },
    model: { model: settings.model, contextWindow: settings.contextWindow, output: sessionOutput(settings) },
  };
}

/** The request that would be sent for this note, or why none would. Sends nothing. */
export function preview(core: AssistCore, input: PrepareInput): Outcome<Prepared> {
  return core.assistPrepareDetect(input) as Outcome<Prepared>;
}

/** Runs detection; `endpoint` is a string (why there is none) when assistance is off or not set up. */
export async function detectTasks(core: AssistCore, endpoint: ModelEndpoint | string, input: PrepareInput, signal?: AbortSignal): Promise<DetectResult> {
  const rules = core.assistDetectRules(input.detect) as Candidate[];
  const result: DetectResult = { rules, model: [], warnings: [], skipped: null, problem: null, requests: 0, leftOut: null, schemaInPrompt: false };
  if (typeof endpoint === "string") return { ...result, skipped: endpoint };
  const asked = await converse(endpoint, input.model.output, {
    prepare: (output) => preview(core, { ...input, model: { ...input.model, output } }),
    read: (body) => core.assistReadDetectAnswer({ prepare: input, body }) as Outcome<{ candidates: Candidate[]; warnings: string[] }>,
    repair: (request, answer, problem) => core.assistRepairRequest(request, answer, problem),
  }, signal);
  const { skipped, problem, requests, leftOut, schemaInPrompt } = asked;
  return { ...result, skipped, problem, requests, leftOut, schemaInPrompt, model: asked.value?.candidates ?? [], warnings: asked.value?.warnings ?? [] };
}
