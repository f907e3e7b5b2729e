// What can go wrong talking to Jira, as a closed union with one user-readable sentence per case, and
// the redaction applied to anything that might be shown or logged. Messages name the site and the
// status, never headers, tokens or response bodies beyond Jira's own short error texts.

export type JiraProblem =
  | "bad-url"
  | "dns"
  | "refused"
  | "network"
  | "timeout"
  | "unauthorized"
  | "forbidden"
  | "xsrf"
  | "not-found"
  | "rate-limited"
  | "server"
  | "not-json"
  | "invalid-json"
  | "rejected";

/** A failed Jira call. `status` is 0 when no response arrived. */
export interface JiraError {
  problem: JiraProblem;
  message: string;
  status: number;
  /** Method and path (no query, no host) of the failed call, for logs. */
  request: string;
  /** Jira's own error texts (`errorMessages`, `errors`), when the response carried them. */
  details: string[];
  attempts: number;
  /** Jira's JSON error body (redacted), when the response carried a JSON object: field errors by field id,
   *  a bulk create's per-element errors. The sync engine reads them; nothing shows them whole. */
  body?: unknown;
}

const HEADER_SECRETS = new Set(["authorization", "cookie", "set-cookie", "proxy-authorization"]);

/** A copy of `headers` with credentials replaced by `[redacted]`, whatever the case of their names. */
export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = HEADER_SECRETS.has(name.toLowerCase()) ? "[redacted]" : value;
  return out;
}

/** Removes any occurrence of the given secrets (and `Basic`/`Bearer` credentials) from a text. */
export function redactText(text: string, secrets: readonly string[]): string {
  let out = text.replace(/\b(Basic|Bearer)\s+[A-Za-z0-9+/=._~-]+/g, "$1 [redacted]");
  for (const secret of secrets) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  return out;
}

/** Jira's error body: `{"errorMessages": [...], "errors": {field: text}}`; anything else gives []. */
export function jiraErrorDetails(text: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return [];
  }
  if (parsed === null || typeof parsed !== "object") return [];
  const body = parsed as { errorMessages?: unknown; errors?: unknown; message?: unknown };
  const out: string[] = [];
  if (Array.isArray(body.errorMessages)) for (const m of body.errorMessages) if (typeof m === "string") out.push(m);
  if (body.errors !== null && typeof body.errors === "object") {
    for (const [field, m] of Object.entries(body.errors as Record<string, unknown>)) if (typeof m === "string") out.push(`${field}: ${m}`);
  }
  if (out.length === 0 && typeof body.message === "string") out.push(body.message);
  return out.map((m) => (m.length > 300 ? `${m.slice(0, 300)}…` : m));
}

/** The sentence shown to the user for a problem. */
export function problemMessage(problem: JiraProblem, site: string, status: number, details: readonly string[], deployment: "cloud" | "datacenter" = "cloud"): string {
  const host = hostOf(site);
  const detail = details.length > 0 ? ` Jira says: ${details.join(" ")}` : "";
  switch (problem) {
    case "bad-url":
      return `The Jira site URL is not valid: ${site === "" ? "it is empty" : site}.`;
    case "dns":
      return `Could not find ${host}. Check the Jira site URL and your internet connection.`;
    case "refused":
      return `${host} refused the connection. Check the Jira site URL (and port).`;
    case "network":
      return `The connection to ${host} failed before Jira answered. Check your internet connection.`;
    case "timeout":
      return `${host} did not answer in time. Try again later.`;
    case "unauthorized":
      return deployment === "cloud"
        ? "Jira rejected the credentials (401). Check the email and API token."
        : "Jira rejected the credentials (401). Check the personal access token.";
    case "forbidden":
      return `Jira refused access (403): this account lacks permission for that.${detail}`;
    case "xsrf":
      return `Jira refused the request as a cross-site request (403 XSRF check failed).`;
    case "not-found":
      return `Jira answered 404 Not Found. Check the Jira site URL and the deployment type (Cloud or Data Center).${detail}`;
    case "rate-limited":
      return `Jira kept answering 429 Too Many Requests. Wait a few minutes and try again.`;
    case "server":
      return `Jira had a server error (${status}). Try again later.`;
    case "not-json":
      return `${host} answered with a web page instead of Jira data (a login page, proxy or single sign-on?). Check the Jira site URL.`;
    case "invalid-json":
      return `Jira's answer could not be read (invalid JSON, status ${status}).`;
    case "rejected":
      return `Jira rejected the request (${status}).${detail}`;
  }
}

function hostOf(site: string): string {
  try {
    return new URL(site).host;
  } catch {
    return "the Jira site";
  }
}
