// JiraTransport: executes the engine's plain requests against one Jira site. It adds authentication
// (Cloud: Basic email:API token; Data Center: Bearer personal access token), JSON headers and
// `X-Atlassian-Token: no-check`, limits how many calls are in flight, retries what is safe to retry
// (see retry.ts) and turns every failure into a `JiraError` with a user-readable message. It never
// throws for a failed call and never puts a token in an error message or log line.
import { type Deployment, validateSiteUrl } from "../settings/settings";
import { type JiraError, type JiraProblem, jiraErrorDetails, problemMessage, redactText } from "./errors";
import { type Clock, type HttpClient, type HttpResponse, lowerCaseHeaders, NetworkError, type Random, systemRandom } from "./http";
import { ConcurrencyLimiter } from "../concurrency/limiter";
import { buildUrl, type JiraRequest } from "./request";
import { DEFAULT_RETRY_POLICY, isRetryable, parseRetryAfter, retryDelayMs, type RetryPolicy } from "./retry";

export type { Deployment };

export type JiraCredentials = { deployment: "cloud"; email: string; apiToken: string } | { deployment: "datacenter"; personalAccessToken: string };

export interface JiraTransportOptions {
  siteUrl: string;
  credentials: JiraCredentials;
  http: HttpClient;
  /** Real time in the app (`windowClock`) and CLI (`nodeClock`); a fake in tests. */
  clock: Clock;
  random?: Random;
  retry?: Partial<RetryPolicy>;
  /** At most this many requests in flight at once (default 4). Waits between retries hold no slot. */
  maxConcurrent?: number;
  /** Per-attempt timeout (default 30 s). */
  timeoutMs?: number;
  /** Receives one line per retry and per failure, already redacted. */
  log?: (line: string) => void;
}

export type JiraResult = { ok: true; status: number; headers: Record<string, string>; body: unknown } | { ok: false; error: JiraError };

export interface SendOptions {
  /** Send no credentials (for probes such as serverInfo, which Jira answers anonymously). */
  anonymous?: boolean;
}

export const DEFAULT_MAX_CONCURRENT = 4;
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The `Authorization` header value for the credentials. */
export function authorizationHeader(credentials: JiraCredentials): string {
  if (credentials.deployment === "datacenter") return `Bearer ${credentials.personalAccessToken}`;
  return `Basic ${base64Utf8(`${credentials.email}:${credentials.apiToken}`)}`;
}

function base64Utf8(text: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function secretsOf(credentials: JiraCredentials): string[] {
  const auth = authorizationHeader(credentials);
  const token = credentials.deployment === "cloud" ? credentials.apiToken : credentials.personalAccessToken;
  return [token, auth, auth.replace(/^\S+\s/, "")];
}

export class JiraTransport {
  private readonly policy: RetryPolicy;
  private readonly limiter: ConcurrencyLimiter;
  private readonly clock: Clock;
  private readonly random: Random;
  private readonly secrets: string[];

  constructor(private readonly options: JiraTransportOptions) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.limiter = new ConcurrencyLimiter(options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
    this.clock = options.clock;
    this.random = options.random ?? systemRandom;
    this.secrets = secretsOf(options.credentials);
  }

  get siteUrl(): string {
    return this.options.siteUrl;
  }

  get deployment(): Deployment {
    return this.options.credentials.deployment;
  }

  /** Executes `request`, retrying as the policy allows. Resolves with the JSON body or a `JiraError`. */
  async send(request: JiraRequest, options: SendOptions = {}): Promise<JiraResult> {
    const label = `${request.method} ${request.path}`;
    const site = this.options.siteUrl;
    if (site.trim() === "" || validateSiteUrl(site) !== null) return { ok: false, error: this.error("bad-url", 0, label, [], 0) };
    let url: string;
    try {
      url = buildUrl(site, request.path, request.query);
    } catch {
      return { ok: false, error: this.error("bad-url", 0, label, [], 0) };
    }
    const headers = this.headers(request, options.anonymous === true);
    const body = request.body === undefined ? undefined : JSON.stringify(request.body);
    const timeoutMs = this.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

    for (let attempt = 1; ; attempt++) {
      let response: HttpResponse | null = null;
      let networkError: NetworkError | null = null;
      try {
        const raw = await this.limiter.run(() => this.options.http.execute({ method: request.method, url, headers, body, timeoutMs }));
        response = { ...raw, headers: lowerCaseHeaders(raw.headers) }; // whatever the client did
      } catch (e) {
        networkError = e instanceof NetworkError ? e : new NetworkError("other", e instanceof Error ? e.message : String(e));
      }
      const status = response?.status ?? 0;
      if (response !== null && status >= 200 && status < 300) return this.success(response, label, attempt);

      if (attempt < this.policy.maxAttempts && isRetryable(request.method, status)) {
        const retryAfter = parseRetryAfter(response?.headers["retry-after"], this.clock.now());
        const wait = retryDelayMs(this.policy, attempt, retryAfter, this.random.next());
        const why = response !== null ? String(status) : `network error (${networkError?.kind ?? "other"})`;
        this.log(`${label} → ${why}; retry ${attempt} of ${this.policy.maxAttempts - 1} in ${wait} ms`);
        await this.clock.sleep(wait);
        continue;
      }
      const error = response !== null ? this.classify(response, label, attempt) : this.networkFailure(networkError!, label, attempt);
      this.log(`${label} failed after ${attempt} attempt(s): ${error.message}`);
      return { ok: false, error };
    }
  }

  private headers(request: JiraRequest, anonymous: boolean): Record<string, string> {
    const merged = new Map<string, [string, string]>();
    const put = (name: string, value: string) => merged.set(name.toLowerCase(), [name, value]);
    put("Accept", "application/json");
    put("X-Atlassian-Token", "no-check");
    if (request.body !== undefined) put("Content-Type", "application/json");
    for (const [name, value] of Object.entries(request.headers ?? {})) {
      if (name.toLowerCase() !== "authorization") put(name, value);
    }
    if (!anonymous) put("Authorization", authorizationHeader(this.options.credentials));
    return Object.fromEntries([...merged.values()]);
  }

  private success(response: HttpResponse, label: string, attempts: number): JiraResult {
    if (response.text.trim() === "") return { ok: true, status: response.status, headers: response.headers, body: null };
    if (looksLikeHtml(response)) return { ok: false, error: this.error("not-json", response.status, label, [], attempts) };
    try {
      return { ok: true, status: response.status, headers: response.headers, body: JSON.parse(response.text) as unknown };
    } catch {
      return { ok: false, error: this.error("invalid-json", response.status, label, [], attempts) };
    }
  }

  private classify(response: HttpResponse, label: string, attempts: number): JiraError {
    const { status, text } = response;
    const details = jiraErrorDetails(text);
    let problem: JiraProblem;
    if (status === 401) problem = "unauthorized";
    else if (status === 403) problem = /XSRF/i.test(text) ? "xsrf" : "forbidden";
    else if (status === 404) problem = "not-found";
    else if (status === 429) problem = "rate-limited";
    else if (status >= 500) problem = "server";
    else if (looksLikeHtml(response)) problem = "not-json";
    else problem = "rejected";
    const error = this.error(problem, status, label, details, attempts);
    const body = jsonObject(redactText(text, this.secrets));
    return body === undefined ? error : { ...error, body };
  }

  private networkFailure(error: NetworkError, label: string, attempts: number): JiraError {
    const problem: JiraProblem = error.kind === "dns" || error.kind === "refused" || error.kind === "timeout" ? error.kind : "network";
    return this.error(problem, 0, label, [], attempts);
  }

  private error(problem: JiraProblem, status: number, request: string, details: string[], attempts: number): JiraError {
    const clean = details.map((d) => redactText(d, this.secrets));
    const message = redactText(problemMessage(problem, this.options.siteUrl, status, clean, this.deployment), this.secrets);
    return { problem, message, status, request, details: clean, attempts };
  }

  private log(line: string): void {
    this.options.log?.(redactText(line, this.secrets));
  }
}

function looksLikeHtml(response: HttpResponse): boolean {
  const type = response.headers["content-type"] ?? "";
  if (/html|xml/i.test(type)) return true;
  return /^\s*</.test(response.text);
}

/** `text` parsed when it is a JSON object (Jira's error shape), else undefined. */
function jsonObject(text: string): object | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
