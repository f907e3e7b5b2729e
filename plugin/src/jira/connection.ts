// From settings and the secret store to a ready transport: picks the credentials for the deployment
// type, reports what is missing in plain words, and runs "Test connection". Shared by the settings tab
// and, later, the sync command; the HTTP client and clock are passed in (requestUrl in the app).
import { tokenSecretId, type SecretStore } from "../settings/secret-store";
import { type Settings, validateSiteUrl } from "../settings/settings";
import { type JiraCredentials, JiraTransport, type JiraTransportOptions } from "./client";
import { type Clock, type HttpClient } from "./http";
import { type ConnectionResult, testConnection } from "./test-connection";

export interface ConnectionEnv {
  pluginId: string;
  secrets: SecretStore;
  http: HttpClient;
  clock: Clock;
  log?: (line: string) => void;
}

/** The token for the configured site (kept under its stable id), or null. */
export function storedToken(env: Pick<ConnectionEnv, "pluginId" | "secrets">, settings: Readonly<Settings>): string | null {
  const id = tokenSecretId(env.pluginId, settings.siteId);
  return id === null ? null : env.secrets.get(id);
}

/** The credentials the settings describe, or a sentence saying what is missing. */
export function credentialsFor(settings: Readonly<Settings>, token: string | null): JiraCredentials | string {
  if (settings.siteUrl === "") return "Enter the Jira site URL first.";
  const siteProblem = validateSiteUrl(settings.siteUrl);
  if (siteProblem !== null) return siteProblem;
  if (settings.deployment === "cloud") {
    if (settings.email === "") return "Enter the email address of your Atlassian account.";
    if (token === null || token === "") return "Enter an API token.";
    return { deployment: "cloud", email: settings.email, apiToken: token };
  }
  if (token === null || token === "") return "Enter a personal access token.";
  return { deployment: "datacenter", personalAccessToken: token };
}

/** A transport for the configured site, or a sentence saying what is missing. */
export function transportFor(env: ConnectionEnv, settings: Readonly<Settings>, extra: Partial<JiraTransportOptions> = {}): JiraTransport | string {
  const credentials = credentialsFor(settings, storedToken(env, settings));
  if (typeof credentials === "string") return credentials;
  return new JiraTransport({ siteUrl: settings.siteUrl, credentials, http: env.http, clock: env.clock, log: env.log, ...extra });
}

/** "Test connection" for the current settings. Fails fast (one attempt) so the button answers quickly. */
export async function checkConnection(env: ConnectionEnv, settings: Readonly<Settings>): Promise<ConnectionResult> {
  const transport = transportFor(env, settings, { retry: { maxAttempts: 2, maxRetryAfterMs: 5000 }, timeoutMs: 20_000 });
  if (typeof transport === "string") return { ok: false, problem: "missing-settings", message: transport };
  return testConnection(transport);
}
