// Turns the command line, the vault's plugin data (data.json, read with the plugin's tolerant reader) and
// the environment into what one headless run needs: settings, credentials and the plugin folder. Flags
// override data.json; the token comes from the environment only (never from a file): JIRA_API_TOKEN_<HOST>
// for a site, else JIRA_API_TOKEN. Every problem is a
// one-line message for the user; nothing here sends a request.
import { readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { readPluginData } from "../plugin/src/data/plugin-data";
import type { JiraCredentials } from "../plugin/src/jira/client";
import {
  allSites,
  normalizeSiteUrl,
  type Settings,
  settingsForSite,
  type SiteSettings,
  validateEmail,
  validateProjectKeys,
  validateSites,
  validateSiteUrl,
} from "../plugin/src/settings/settings";
import type { CliArgs } from "./args";
import { pluginDirOf } from "./plugin-dir";

export const TOKEN_ENV = "JIRA_API_TOKEN";

export interface SiteRun {
  /** The settings as this site's run sees them (`settingsForSite`). */
  settings: Settings;
  /** Its credentials, or a sentence saying why it cannot run. */
  credentials: JiraCredentials | string;
}

export interface RunSetup {
  /** All configured sites (flags applied): their config is built from this. */
  settings: Settings;
  /** The sites to run, in turn. */
  sites: SiteRun[];
  /** The plugin's folder: data.json, the sync state and the journal. */
  pluginDir: string;
}

export class UsageError extends Error {}

/**
 * The vault's plugin folder and the plugin settings stored there (the defaults when there is no data.json).
 * Throws `fail(message)` when `vault` is not a folder or data.json cannot be read as JSON.
 */
export async function loadVaultSettings(vault: string, configDir: string, fail: (message: string) => Error): Promise<{ pluginDir: string; settings: Settings }> {
  const isDir = await stat(vault).then(
    (st) => st.isDirectory(),
    () => false,
  );
  if (!isDir) throw fail(`Not a folder: ${vault} (--vault takes the vault's folder).`);
  const pluginDir = pluginDirOf(vault, configDir);
  const file = join(pluginDir, "data.json");
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    if ((e as { code?: unknown }).code === "ENOENT") return { pluginDir, settings: readPluginData({}).settings };
    throw fail(`Cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`);
  }
  try {
    return { pluginDir, settings: readPluginData(JSON.parse(text) as unknown).settings };
  } catch {
    throw fail(`${file} is not valid JSON.`);
  }
}

/** The environment variable holding one site's token: `JIRA_API_TOKEN_<HOST>`, host upper-cased, other characters `_`. */
export function siteTokenEnv(siteUrl: string): string {
  let host = siteUrl;
  try {
    host = new URL(siteUrl).host;
  } catch {
    // Not a URL: use the text as it is.
  }
  return `${TOKEN_ENV}_${host.toUpperCase().replace(/[^A-Z0-9]/g, "_")}`;
}

/** The settings with `sites` as the primary site (the first) and the additional ones (the rest). */
function withSites(settings: Settings, sites: SiteSettings[]): Settings {
  const [first, ...rest] = sites;
  if (first === undefined) return settings;
  const { id: siteId, siteUrl, deployment, email, projectKeys, jql } = first;
  return { ...settings, siteId, siteUrl, deployment, email, projectKeys, sync: { ...settings.sync, jql }, additionalSites: rest };
}

/** One site's credentials from the environment, or a sentence saying what is missing. */
export function credentialsOf(site: SiteSettings, env: Readonly<Record<string, string | undefined>>, many: boolean): JiraCredentials | string {
  const named = siteTokenEnv(site.siteUrl);
  const token = env[named]?.trim() || (env[TOKEN_ENV]?.trim() ?? "");
  if (token === "") {
    return many
      ? `neither ${named} nor ${TOKEN_ENV} is set: export the site's Jira API token (or Data Center personal access token).`
      : `${TOKEN_ENV} is not set: export your Jira API token (or Data Center personal access token).`;
  }
  if (site.deployment === "datacenter") return { deployment: "datacenter", personalAccessToken: token };
  if (site.email === "") return "No account email for Jira Cloud: set it in the plugin settings or pass --email.";
  return { deployment: "cloud", email: site.email, apiToken: token };
}

/**
 * Reads settings and credentials for a run; throws `UsageError` with a one-line message when it cannot. Every
 * configured site runs unless `--site` picks one (an unknown URL replaces the primary site's, as before);
 * `--email`, `--deployment` and `--project` apply to the picked (or only) site. With one site a missing token
 * or email is a usage error; with several, that site's entry carries the problem and the others still run.
 */
export async function resolveSetup(args: CliArgs, env: Readonly<Record<string, string | undefined>>): Promise<RunSetup> {
  const { pluginDir, settings: stored } = await loadVaultSettings(args.vault, args.configDir, (m) => new UsageError(m));
  const sites = allSites(stored);
  if (sites.length === 0) sites.push(settingsSite(stored));
  let picked = 0;
  if (args.site !== undefined) {
    const problem = validateSiteUrl(args.site);
    if (problem !== null) throw new UsageError(`--site ${args.site}: ${problem}`);
    const url = normalizeSiteUrl(args.site);
    const found = sites.findIndex((s) => s.siteUrl.toLowerCase() === url.toLowerCase());
    if (found >= 0) picked = found;
    else sites[0] = { ...(sites[0] ?? settingsSite(stored)), siteUrl: url };
  } else if (sites.length > 1 && (args.email !== undefined || args.deployment !== undefined || args.projects.length > 0)) {
    throw new UsageError("Several Jira sites are configured: pass --site URL to pick the one --email, --deployment or --project apply to.");
  }
  const site = sites[picked] ?? settingsSite(stored);
  if (args.email !== undefined) {
    const problem = validateEmail(args.email);
    if (problem !== null) throw new UsageError(`--email: ${problem}`);
    site.email = args.email.trim();
  }
  if (args.deployment !== undefined) site.deployment = args.deployment;
  if (args.projects.length > 0) {
    const keys = args.projects.join(",");
    const problem = validateProjectKeys(keys);
    if (problem !== null) throw new UsageError(`--project: ${problem}`);
    site.projectKeys = keys;
  }
  if (site.siteUrl === "") throw new UsageError("No Jira site: set it in the plugin settings or pass --site URL.");
  const settings = withSites(stored, sites);
  const clash = validateSites(settings);
  if (clash !== null) throw new UsageError(clash);
  const chosen = args.site !== undefined || sites.length === 1 ? [site] : sites;
  const many = chosen.length > 1;
  const runs = chosen.map((s) => ({ settings: settingsForSite(settings, s), credentials: credentialsOf(s, env, many) }));
  const only = runs[0];
  if (!many && only !== undefined && typeof only.credentials === "string") throw new UsageError(only.credentials);
  return { settings, sites: runs, pluginDir };
}

/** The primary site's fields as a site (its URL may be empty). */
function settingsSite(settings: Settings): SiteSettings {
  return { id: settings.siteId, siteUrl: settings.siteUrl, deployment: settings.deployment, email: settings.email, projectKeys: settings.projectKeys, jql: settings.sync.jql };
}
