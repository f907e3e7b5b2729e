// "Test connection": asks Jira who the configured account is (`myself`) and what the server is
// (`serverInfo`), and reports either the user, time zone and server, or the one problem to fix. A wrong
// deployment type is detected cheaply: an `*.atlassian.net` site set to Data Center; when `myself`
// fails with 401 or 404, an anonymous `/rest/api/2/serverInfo` (both kinds answer it) whose
// deploymentType contradicts the setting; and a serverInfo that contradicts it after `myself` worked.
import { type Deployment, type JiraTransport } from "./client";
import { type JiraProblem } from "./errors";

export type ConnectionResult =
  | {
      ok: true;
      user: string;
      email: string | null;
      timeZone: string | null;
      /** Cloud account id, or Data Center user name. */
      accountId: string | null;
      serverTitle: string | null;
      deploymentType: string | null;
      version: string | null;
    }
  | { ok: false; problem: JiraProblem | "wrong-deployment" | "missing-settings"; message: string };

export function apiPrefix(deployment: Deployment): string {
  return deployment === "cloud" ? "/rest/api/3" : "/rest/api/2";
}

function str(obj: Record<string, unknown>, key: string): string | null {
  const v = obj[key];
  return typeof v === "string" && v !== "" ? v : null;
}

function record(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
}

const WRONG_CLOUD = "This looks like a Jira Data Center or Server site, but the deployment type is set to Cloud. Choose Data Center and use a personal access token.";
const WRONG_DC = "This looks like a Jira Cloud site, but the deployment type is set to Data Center. Choose Cloud and use your email and an API token.";

function isCloudHost(siteUrl: string): boolean {
  try {
    return /\.(atlassian\.net|jira\.com)$/i.test(new URL(siteUrl).hostname);
  } catch {
    return false;
  }
}

/** Runs the check with the transport's site, credentials and deployment type. */
export async function testConnection(transport: JiraTransport): Promise<ConnectionResult> {
  const deployment = transport.deployment;
  const prefix = apiPrefix(deployment);
  const me = await transport.send({ method: "GET", path: `${prefix}/myself` });
  if (!me.ok) {
    if (me.error.problem === "unauthorized" || me.error.problem === "not-found") {
      if (deployment === "datacenter" && isCloudHost(transport.siteUrl)) return { ok: false, problem: "wrong-deployment", message: WRONG_DC };
      const probe = await transport.send({ method: "GET", path: "/rest/api/2/serverInfo" }, { anonymous: true });
      const actual = probe.ok ? str(record(probe.body), "deploymentType") : null;
      if (actual !== null && deployment === "cloud" && actual !== "Cloud") return { ok: false, problem: "wrong-deployment", message: WRONG_CLOUD };
      if (actual === "Cloud" && deployment === "datacenter") return { ok: false, problem: "wrong-deployment", message: WRONG_DC };
    }
    return { ok: false, problem: me.error.problem, message: me.error.message };
  }
  const user = record(me.body);
  const info = await transport.send({ method: "GET", path: `${prefix}/serverInfo` });
  const server = info.ok ? record(info.body) : {};
  const deploymentType = str(server, "deploymentType");
  if (deployment === "datacenter" && deploymentType === "Cloud") return { ok: false, problem: "wrong-deployment", message: WRONG_DC };
  if (deployment === "cloud" && deploymentType !== null && deploymentType !== "Cloud") return { ok: false, problem: "wrong-deployment", message: WRONG_CLOUD };
  return {
    ok: true,
    user: str(user, "displayName") ?? str(user, "name") ?? "(unnamed user)",
    email: str(user, "emailAddress"),
    timeZone: str(user, "timeZone"),
    accountId: str(user, deployment === "cloud" ? "accountId" : "name"),
    serverTitle: str(server, "serverTitle"),
    deploymentType,
    version: str(server, "version"),
  };
}

/** One line for the settings tab. */
export function describeConnection(result: ConnectionResult): string {
  if (!result.ok) return result.message;
  const parts = [`Connected as ${result.user}`];
  if (result.email !== null) parts[0] += ` (${result.email})`;
  if (result.timeZone !== null) parts.push(`time zone ${result.timeZone}`);
  const server = [result.serverTitle, result.deploymentType, result.version].filter((p): p is string => p !== null);
  if (server.length > 0) parts.push(server.join(" "));
  return `${parts.join(", ")}.`;
}
