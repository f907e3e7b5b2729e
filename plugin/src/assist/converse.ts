// One exchange with the model, shared by every assistance request: the core prepares the request, the endpoint
// carries it, the core reads the answer; an answer of the wrong shape gets one repair request.
//
// The response_format fallback: some OpenAI-compatible servers (the llama.cpp server, older vLLM, some hosted
// services) refuse `response_format: {type: "json_schema"}` with a 400 or 422 naming `response_format` or
// `json_schema`. Such an answer is not a failure of the request's content: the request is prepared again with
// the schema in the prompt and sent once more (not counted as the repair), and the endpoint is remembered for the
// session, so later requests to it go with the schema in the prompt from the start. The settings are not changed.
import { type AssistSettings, chatCompletionsUrl, type OutputMode } from "./assist-settings";
import type { Prepared } from "./detect-tasks";
import type { ModelEndpoint, ModelReply } from "./model-endpoint";

export type Outcome<T> = { ok: T } | { problem: { message: string; repairable?: boolean } };

/** Endpoints (by URL) that refused `response_format` in this session. */
const refusesSchema = new Set<string>();

/** Whether `url` refused `response_format` earlier in this session. */
export function refusedResponseFormat(url: string): boolean {
  return refusesSchema.has(url);
}

/** Remembers that `url` refuses `response_format` (for this session). */
export function rememberRefusal(url: string): void {
  refusesSchema.add(url);
}

/** Whether a failed reply is a server refusing structured output: HTTP 400 or 422 naming `response_format` or `json_schema`. */
export function refusesResponseFormat(reply: ModelReply): boolean {
  return !reply.ok && (reply.status === 400 || reply.status === 422) && /response_format|json_schema/i.test(reply.said ?? "");
}

/** The output mode to prepare with: the setting, unless this endpoint refused `response_format` this session. */
export function outputFor(endpoint: ModelEndpoint, setting: OutputMode): OutputMode {
  return setting === "jsonSchema" && refusedResponseFormat(endpoint.url) ? "schemaInPrompt" : setting;
}

/** The output mode of the settings' endpoint for this session (what previews and prepared inputs use). */
export function sessionOutput(settings: Readonly<AssistSettings>): OutputMode {
  return settings.output === "jsonSchema" && refusedResponseFormat(chatCompletionsUrl(settings.baseUrl)) ? "schemaInPrompt" : settings.output;
}

/** What one task's request needs from the core. */
export interface Conversation<T> {
  /** The request for this output mode, or why none can be made. */
  prepare(output: OutputMode): Outcome<Prepared>;
  /** The answer's usable content, or why it is not usable. */
  read(body: string): Outcome<T>;
  /** The repair request after `answer` failed with `problem`. */
  repair(request: unknown, answer: string, problem: string): unknown;
}

export interface Conversed<T> {
  value: T | null;
  /** Why no request was made (the note refused, the window too small), or null. */
  skipped: string | null;
  /** Why the answer is not used, or null. */
  problem: string | null;
  /** Requests sent. */
  requests: number;
  leftOut: [number, number] | null;
  /** The request went with the schema in the prompt because this endpoint refuses `response_format`. */
  schemaInPrompt: boolean;
}

/** Asks the model: prepare, send, read, with the response_format fallback and one repair request. */
export async function converse<T>(endpoint: ModelEndpoint, setting: OutputMode, c: Conversation<T>, signal?: AbortSignal): Promise<Conversed<T>> {
  let output = outputFor(endpoint, setting);
  const out: Conversed<T> = { value: null, skipped: null, problem: null, requests: 0, leftOut: null, schemaInPrompt: output === "schemaInPrompt" && refusedResponseFormat(endpoint.url) };
  let prepared = c.prepare(output);
  if ("problem" in prepared) return { ...out, skipped: prepared.problem.message };
  out.leftOut = prepared.ok.leftOut;
  let request: unknown = prepared.ok.request;
  for (let round = 0; round < 2; ) {
    out.requests++;
    const reply = await endpoint.complete(request, signal);
    if (!reply.ok) {
      if (output === "jsonSchema" && refusesResponseFormat(reply)) {
        rememberRefusal(endpoint.url);
        output = "schemaInPrompt";
        out.schemaInPrompt = true;
        prepared = c.prepare(output);
        if ("problem" in prepared) return { ...out, problem: prepared.problem.message };
        out.leftOut = prepared.ok.leftOut;
        request = prepared.ok.request;
        continue;
      }
      return { ...out, problem: reply.problem };
    }
    const read = c.read(reply.body);
    if ("ok" in read) return { ...out, value: read.ok };
    if (read.problem.repairable !== true || round === 1) return { ...out, problem: round === 1 ? `${read.problem.message} (after one repair request)` : read.problem.message };
    request = c.repair(request, messageText(reply.body), read.problem.message);
    round++;
  }
  return out;
}

/** The message text of a response body, for quoting it back in the repair request. */
function messageText(body: string): string {
  try {
    const content = (JSON.parse(body) as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
    return typeof content === "string" ? content : body;
  } catch {
    return body;
  }
}
