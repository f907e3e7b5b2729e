// "Detect tasks in this note": the rules' candidates always, then (when an endpoint is given, i.e. assistance is
// on, and the privacy filter lets the note through) the model's candidates for the note's prose. The core builds
// every request and validates every answer; this file only carries them. An answer the core cannot use gets one
// repair request; a second failure is reported and nothing of it is used.
import { type AssistSettings, parseOwners } from "./assist-settings";
import type { ModelEndpoint } from "./model-endpoint";

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

type Outcome<T> = { ok: T } | { problem: { message: string; repairable?: boolean } };

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
}

/** The core's input for the current settings. */
export function prepareInput(settings: Readonly<AssistSettings>, detect: DetectInput): PrepareInput {
  return {
    detect: { ...detect, hints: { owners: parseOwners(settings.owners), ...detect.hints } },
    privacy: { allowedFolders: settings.allowedFolders, privateKeys: settings.privateKeys },
    model: { model: settings.model, contextWindow: settings.contextWindow, output: settings.output },
  };
}

/** The request that would be sent for this note, or why none would. Sends nothing. */
export function preview(core: AssistCore, input: PrepareInput): Outcome<Prepared> {
  return core.assistPrepareDetect(input) as Outcome<Prepared>;
}

/** Runs detection; `endpoint` is a string (why there is none) when assistance is off or not set up. */
export async function detectTasks(core: AssistCore, endpoint: ModelEndpoint | string, input: PrepareInput, signal?: AbortSignal): Promise<DetectResult> {
  const rules = core.assistDetectRules(input.detect) as Candidate[];
  const result: DetectResult = { rules, model: [], warnings: [], skipped: null, problem: null, requests: 0, leftOut: null };
  if (typeof endpoint === "string") return { ...result, skipped: endpoint };
  const prepared = preview(core, input);
  if ("problem" in prepared) return { ...result, skipped: prepared.problem.message };
  result.leftOut = prepared.ok.leftOut;
  let request: unknown = prepared.ok.request;
  for (let round = 0; round < 2; round++) {
    result.requests++;
    const reply = await endpoint.complete(request, signal);
    if (!reply.ok) return { ...result, problem: reply.problem };
    const read = core.assistReadDetectAnswer({ prepare: input, body: reply.body }) as Outcome<{ candidates: Candidate[]; warnings: string[] }>;
    if ("ok" in read) return { ...result, model: read.ok.candidates, warnings: read.ok.warnings };
    if (read.problem.repairable !== true || round === 1) {
      return { ...result, problem: round === 1 ? `${read.problem.message} (after one repair request)` : read.problem.message };
    }
    request = core.assistRepairRequest(request, answerText(reply.body), read.problem.message);
  }
  return result;
}

/** The message text of a response body, for quoting it back in the repair request. */
function answerText(body: string): string {
  try {
    const parsed = JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] };
    const content = parsed.choices?.[0]?.message?.content;
    return typeof content === "string" ? content : body;
  } catch {
    return body;
  }
}
