// Turns the command line, the vault's plugin data (data.json, read with the plugin's tolerant reader) and
// the environment into what one headless run needs: settings, credentials and the plugin folder. Flags
// override data.json; the token comes from JIRA_API_TOKEN only (never from a file). Every problem is a
// one-line message for the user; nothing here sends a request.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { readPluginData } from "../data/plugin-data";
import type { JiraCredentials } from "../jira/client";
import { normalizeSiteUrl, type Settings, validateEmail, validateProjectKeys, validateSiteUrl } from "../settings/settings";
import type { CliArgs } from "./args";

/** The plugin's id: its folder under `<vault>/<configDir>/plugins/`. */
export const PLUGIN_ID = "jira-vault-sync";

export const TOKEN_ENV = "JIRA_API_TOKEN";

export interface RunSetup {
  settings: Settings;
  credentials: JiraCredentials;
  /** The plugin's folder: data.json, the sync state and the journal. */
  pluginDir: string;
}

export class UsageError extends Error {}

/** The plugin folder of a vault. */
export function pluginDirOf(vault: string, configDir: string): string {
  return join(vault, configDir, "plugins", PLUGIN_ID);
}

async function readDataJson(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return {};
    throw new UsageError(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new UsageError(`${file} is not valid JSON.`);
  }
}

/** Reads settings and credentials for a run; throws `UsageError` with a one-line message when it cannot. */
export async function resolveSetup(args: CliArgs, env: Readonly<Record<string, string | undefined>>): Promise<RunSetup> {
  const isDir = await stat(args.vault).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (!isDir) throw new UsageError(`Not a folder: ${args.vault} (--vault takes the vault's folder).`);
  const pluginDir = pluginDirOf(args.vault, args.configDir);
  const settings = readPluginData(await readDataJson(join(pluginDir, "data.json"))).settings;
  if (args.site !== undefined) {
    const problem = validateSiteUrl(args.site);
    if (problem !== null) throw new UsageError(`--site ${args.site}: ${problem}`);
    settings.siteUrl = normalizeSiteUrl(args.site);
  }
  if (args.email !== undefined) {
    const problem = validateEmail(args.email);
    if (problem !== null) throw new UsageError(`--email: ${problem}`);
    settings.email = args.email.trim();
  }
  if (args.deployment !== undefined) settings.deployment = args.deployment;
  if (args.projects.length > 0) {
    const keys = args.projects.join(",");
    const problem = validateProjectKeys(keys);
    if (problem !== null) throw new UsageError(`--project: ${problem}`);
    settings.projectKeys = keys;
  }
  if (settings.siteUrl === "") throw new UsageError("No Jira site: set it in the plugin settings or pass --site URL.");
  const token = env[TOKEN_ENV]?.trim() ?? "";
  if (token === "") throw new UsageError(`${TOKEN_ENV} is not set: export your Jira API token (or Data Center personal access token).`);
  let credentials: JiraCredentials;
  if (settings.deployment === "datacenter") {
    credentials = { deployment: "datacenter", personalAccessToken: token };
  } else {
    if (settings.email === "") throw new UsageError("No account email for Jira Cloud: set it in the plugin settings or pass --email.");
    credentials = { deployment: "cloud", email: settings.email, apiToken: token };
  }
  return { settings, credentials, pluginDir };
}
