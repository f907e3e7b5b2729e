// The ports the Jira connection layer runs on: an HTTP client that executes one request (Obsidian's
// requestUrl in the app, Node's fetch in the CLI, fakes in tests), a clock and a random source. Nothing
// here imports Obsidian or Node, so the layer runs on mobile, on desktop and headless.

/** One HTTP request as the client sees it: an absolute URL, final headers, a text body. */
export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** Give up after this many milliseconds (the client throws `NetworkError` with kind "timeout"). */
  timeoutMs: number;
}

/** A response of any status. Header names are lower-cased. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}

/** Executes one request. Never throws on an HTTP status; throws `NetworkError` when no response came. */
export interface HttpClient {
  execute(request: HttpRequest): Promise<HttpResponse>;
}

/** Why no response arrived. */
export type NetworkErrorKind = "dns" | "refused" | "reset" | "timeout" | "tls" | "other";

/** The connection failed before a response arrived. Its message never holds request headers. */
export class NetworkError extends Error {
  override readonly name = "NetworkError";
  constructor(
    readonly kind: NetworkErrorKind,
    message: string,
  ) {
    super(message);
  }
}

/** Classifies a low-level error text or code (Node's `ECONNREFUSED`, Chromium's `net::ERR_…`). */
export function networkErrorKind(text: string): NetworkErrorKind {
  if (/ENOTFOUND|EAI_AGAIN|ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|getaddrinfo/i.test(text)) return "dns";
  if (/ECONNREFUSED|ERR_CONNECTION_REFUSED/i.test(text)) return "refused";
  if (/ETIMEDOUT|ERR_TIMED_OUT|ERR_CONNECTION_TIMED_OUT|timeout|aborted due to timeout/i.test(text)) return "timeout";
  if (/CERT|SSL|TLS|ERR_CERT/i.test(text)) return "tls";
  if (/ECONNRESET|UND_ERR_SOCKET|socket hang up|ERR_CONNECTION_RESET|ERR_EMPTY_RESPONSE|ERR_CONNECTION_CLOSED|other side closed/i.test(text)) {
    return "reset";
  }
  return "other";
}

/** Lower-cases header names (HTTP header names are case-insensitive). */
export function lowerCaseHeaders(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}

/** Time, injectable so that tests can measure and skip waits. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** A number in [0, 1), injectable for deterministic jitter. */
export interface Random {
  next(): number;
}

export const systemRandom: Random = { next: () => Math.random() };
