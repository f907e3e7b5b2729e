// The model connection: one chat-completions call to an OpenAI-compatible server. `ModelEndpoint` is the
// interface the assistance flow talks to; `HttpModelEndpoint` carries a request over the same `HttpClient`
// ports as the Jira transport (Obsidian's requestUrl in the app, Node's fetch in the command line, fakes in
// tests) with a timeout, cancellation and retries. A chat completion changes nothing on the server, so every 429,
// 5xx and lost connection may be retried (the Jira transport retries only idempotent methods on 5xx); waits
// follow `Retry-After`, else capped exponential backoff with full jitter (jira/retry.ts).
//
// `modelEndpoint` is the only way the plugin gets an endpoint, and it gives none while assistance is off: no
// request can leave then. The API key goes only into the Authorization header and never into a message.
import { type Clock, type HttpClient, NetworkError, type Random, systemRandom } from "../jira/http";
import { parseRetryAfter, retryDelayMs, type RetryPolicy } from "../jira/retry";
import { type AssistSettings, chatCompletionsUrl, validateModelUrl } from "./assist-settings";

/**
 * What one call gave: the response body of a 2xx answer, or the exact failure in one sentence (with the HTTP
 * status and the server's own message when it answered).
 */
export type ModelReply = { ok: true; body: string } | { ok: false; problem: string; status?: number; said?: string };

/** Sends one chat-completions request body (as the core built it) and returns the answer's body. */
export interface ModelEndpoint {
  /** Where requests go (shown in previews). */
  readonly url: string;
  complete(body: unknown, signal?: AbortSignal): Promise<ModelReply>;
}

export const MODEL_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({ maxAttempts: 3, baseDelayMs: 1000, maxDelayMs: 10_000, maxRetryAfterMs: 30_000 });

/** A local model on a laptop can take minutes for a long note. */
export const MODEL_TIMEOUT_MS = 180_000;

export interface EndpointOptions {
  url: string;
  apiKey: string | null;
  http: HttpClient;
  clock: Clock;
  random?: Random;
  timeoutMs?: number;
  policy?: RetryPolicy;
}

function retryable(status: number): boolean {
  return status === 0 || status === 429 || status >= 500;
}

/** The server's own error message in a JSON error body (`{error: {message}}` or `{error: "…"}`), if any. */
function serverMessage(text: string): string | null {
  try {
    const parsed = JSON.parse(text) as { error?: unknown; message?: unknown };
    const error = parsed.error;
    if (typeof error === "string") return error;
    if (error !== null && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") return (error as { message: string }).message;
    if (typeof parsed.message === "string") return parsed.message;
  } catch {
    // Not JSON: the caller quotes the start of the text.
  }
  return null;
}

function statusProblem(status: number, text: string): string {
  const said = serverMessage(text) ?? text.trim().replace(/\s+/g, " ").slice(0, 200);
  const detail = said === "" ? "" : `: ${said}`;
  if (status === 401 || status === 403) return `The model server refused the request (HTTP ${status}); check the API key${detail}`;
  if (status === 404) return `The model server has no such model or address (HTTP 404); check the base URL and the model name${detail}`;
  return `The model server answered HTTP ${status}${detail}`;
}

class Cancelled extends Error {}

export class HttpModelEndpoint implements ModelEndpoint {
  readonly url: string;
  constructor(private readonly options: EndpointOptions) {
    this.url = options.url;
  }

  async complete(body: unknown, signal?: AbortSignal): Promise<ModelReply> {
    const { http, clock, apiKey } = this.options;
    const policy = this.options.policy ?? MODEL_RETRY_POLICY;
    const random = this.options.random ?? systemRandom;
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (apiKey !== null && apiKey !== "") headers.authorization = `Bearer ${apiKey}`;
    const text = JSON.stringify(body);
    let problem = "";
    let answered: { status: number; said: string } | null = null;
    try {
      for (let attempt = 1; attempt <= policy.maxAttempts; attempt++) {
        if (signal?.aborted === true) throw new Cancelled();
        let status = 0;
        let retryAfter: number | null = null;
        try {
          const call = http.execute({ method: "POST", url: this.url, headers, body: text, timeoutMs: this.options.timeoutMs ?? MODEL_TIMEOUT_MS });
          const response = await (signal === undefined ? call : Promise.race([call, aborted(signal)]));
          if (response.status >= 200 && response.status < 300) return { ok: true, body: response.text };
          status = response.status;
          retryAfter = parseRetryAfter(response.headers["retry-after"], clock.now());
          problem = statusProblem(status, response.text);
          answered = { status, said: serverMessage(response.text) ?? response.text.slice(0, 2000) };
        } catch (e) {
          if (e instanceof Cancelled) throw e;
          answered = null;
          problem = e instanceof NetworkError ? `No answer from the model server (${e.kind}): ${e.message}` : `The model request failed: ${e instanceof Error ? e.message : String(e)}`;
        }
        if (!retryable(status) || attempt === policy.maxAttempts) break;
        await clock.sleep(retryDelayMs(policy, attempt, retryAfter, random.next()));
      }
    } catch (e) {
      if (e instanceof Cancelled) return { ok: false, problem: "Cancelled." };
      throw e;
    }
    return answered === null ? { ok: false, problem } : { ok: false, problem, ...answered };
  }
}

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => {
    if (signal.aborted) reject(new Cancelled());
    signal.addEventListener("abort", () => reject(new Cancelled()), { once: true });
  });
}

/**
 * The endpoint the settings describe, or why there is none: assistance off (always checked first, so nothing is
 * sent then), no model named, or an address that is not allowed.
 */
export function modelEndpoint(settings: Readonly<AssistSettings>, deps: { http: HttpClient; clock: Clock; apiKey: string | null; random?: Random }): ModelEndpoint | string {
  if (!settings.enabled) return "Assistance is off, so nothing is sent to a model. Turn it on under Assistance in the plugin settings.";
  if (settings.model === "") return "Choose a model under Assistance in the plugin settings.";
  const bad = validateModelUrl(settings.baseUrl);
  if (bad !== null) return bad;
  return new HttpModelEndpoint({ url: chatCompletionsUrl(settings.baseUrl), apiKey: deps.apiKey, http: deps.http, clock: deps.clock, random: deps.random });
}
