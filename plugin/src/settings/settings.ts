// The plugin's settings: their type, defaults, validation of the Jira site URL and project list, and a
// migration-tolerant reader that turns whatever data.json holds (older versions, hand edits, nothing)
// into valid settings, falling back to the default for each missing or malformed field. Also each site's
// stable id (what its token is kept under), the projects each site listed, and whether a sync has a scope.
import { type AssistSettings, DEFAULT_ASSIST_SETTINGS, readAssistSettings } from "../assist/assist-settings";
import { parseProjectKeys } from "../jira/keys";
import { DEFAULT_AUTOMATION_SETTINGS, readAutomationSettings, type AutomationSettings } from "../automation/settings";
import { DEFAULT_SYNC_SETTINGS, readSyncSettings, type SyncSettings } from "./sync-settings";
import { DEFAULT_TIME_SUGGESTION_SETTINGS, readTimeSuggestionSettings, type TimeSuggestionSettings } from "../time-suggestions/settings";

export type Deployment = "cloud" | "datacenter";

/** What the user configures. Secrets are not stored here: the token lives in the secret store. */
export interface Settings {
  /** Jira site, e.g. `https://example.atlassian.net`, without a trailing slash. Empty = not set. */
  siteUrl: string;
  /**
   * The primary site's stable id (`siteIdFor`): its token's secret id is derived from it, so correcting the
   * URL keeps the token. Empty until the site has an address.
   */
  siteId: string;
  /** Jira Cloud (email + API token, REST v3) or Data Center / Server (personal access token, REST v2). */
  deployment: Deployment;
  /** The Atlassian account email (Cloud only). Empty = not set. */
  email: string;
  /** Show Jira keys in note text as status badges (reading view and live preview). */
  inlineBadges: boolean;
  /** Comma-separated project keys to recognise, and to sync. Empty = any project (nothing is synced). */
  projectKeys: string;
  /** The two-way sync: scope, mappings, schedule. */
  sync: SyncSettings;
  /** Further Jira sites besides the one above, each synced in turn (their tokens are in the secret store too). */
  additionalSites: SiteSettings[];
  /** The projects each site (by site id) let the user browse, as listed by "Test connection". */
  siteProjects: Record<string, KnownProject[]>;
  /** The vault folder report notes are written to ("Generate report…"); charts go to its `assets` folder. */
  reportsFolder: string;
  /** The vault health report note ("Check vault health"), rewritten on every check. */
  healthReportPath: string;
  /** Automation rules (docs/automation.md): whether they run with the sync, the rules note, the per-rule daily cap. */
  automation: AutomationSettings;
  /** Teams for the reports, one per line: `Name: member, member` (display names or account ids; see report/teams.ts). */
  reportTeams: string;
  /** Assistance with a language model (docs/assist.md); off by default. */
  assist: AssistSettings;
  /** Time suggestions from editing activity (docs/assist.md); off by default. */
  timeSuggestions: TimeSuggestionSettings;
}

// The automation settings live with automation (automation/settings.ts); the settings tab reads them from here too.
export { type AutomationSettings, DEFAULT_AUTOMATION_SETTINGS, MAX_DAILY_CAP, readAutomationSettings, readDailyCap, readNotePath, readRulesPath } from "../automation/settings";

/** A project a site lists (`fetchBrowsableProjects`): its key and name. */
export interface KnownProject {
  key: string;
  name: string;
}

/** One Jira site: where it is, how to sign in (the token is in the secret store) and what to sync. */
export interface SiteSettings {
  /** Stable id, as `Settings.siteId` (empty until the site has an address). */
  id: string;
  siteUrl: string;
  deployment: Deployment;
  email: string;
  /** Comma-separated project keys; a project belongs to one site only. */
  projectKeys: string;
  /** An extra JQL filter ANDed with the projects (empty = none). */
  jql: string;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = Object.freeze({
  siteUrl: "",
  siteId: "",
  deployment: "cloud",
  email: "",
  inlineBadges: true,
  projectKeys: "",
  sync: DEFAULT_SYNC_SETTINGS,
  additionalSites: [],
  siteProjects: {},
  reportsFolder: "Reports",
  healthReportPath: "Jira/Vault health.md",
  automation: DEFAULT_AUTOMATION_SETTINGS,
  reportTeams: "",
  assist: DEFAULT_ASSIST_SETTINGS,
  timeSuggestions: DEFAULT_TIME_SUGGESTION_SETTINGS,
});

const LOOPBACK_HOSTS = new Set(["localhost", "[::1]"]);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(?:\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Checks a Jira site URL as typed. Returns an error message in sentence case, or null when valid.
 * An empty value is valid (the site is simply not set). `https://` is required, except plain `http://`
 * to a loopback address (local test servers).
 */
export function validateSiteUrl(input: string): string | null {
  const value = input.trim();
  if (value === "") return null;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return "Enter a full address, such as https://example.atlassian.net.";
  }
  if (url.protocol === "http:" && !isLoopback(url.hostname)) {
    return "Use https://. Plain http:// is only allowed for localhost.";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "Use an https:// address.";
  if (url.username !== "" || url.password !== "") return "Leave the user name and password out of the address.";
  if (url.search !== "" || url.hash !== "") return "Remove the query and fragment from the address.";
  return null;
}

/** The canonical form of a valid site URL: trimmed, no trailing slash. Call only on valid input. */
export function normalizeSiteUrl(input: string): string {
  const value = input.trim();
  if (value === "") return "";
  const url = new URL(value);
  return `${url.protocol}//${url.host}${url.pathname}`.replace(/\/+$/, "");
}

/** Checks an account email as typed. Returns an error message, or null when valid (or empty). */
export function validateEmail(input: string): string | null {
  const value = input.trim();
  if (value === "" || /^[^\s@]+@[^\s@]+$/.test(value)) return null;
  return "Enter the email address of your Atlassian account, such as name@example.com.";
}

/** Checks the project list as typed. Returns an error message, or null when valid. */
export function validateProjectKeys(input: string): string | null {
  const { invalid } = parseProjectKeys(input);
  if (invalid.length === 0) return null;
  return `Not a project key: ${invalid.join(", ")}. Project keys look like OPS or WEB2.`;
}

/** The project keys as a set (every site's), or null for "any project" (the primary site lists none). */
export function projectFilter(settings: Readonly<Settings>): ReadonlySet<string> | null {
  const { projects } = parseProjectKeys(settings.projectKeys);
  if (projects.length === 0) return null;
  return new Set([...projects, ...settings.additionalSites.flatMap((s) => parseProjectKeys(s.projectKeys).projects)]);
}

/** Every project key listed by any site, primary first. */
export function allProjectKeys(settings: Readonly<Settings>): string[] {
  return [settings.projectKeys, ...settings.additionalSites.map((s) => s.projectKeys)].flatMap((keys) => parseProjectKeys(keys).projects);
}

/**
 * The site an issue key (or a bare project key) belongs to: the site listing its project, else the primary
 * site (the first site with an address when the primary has none). Empty when no site is set.
 */
export function siteUrlForKey(settings: Readonly<Settings>, key: string): string {
  const project = (key.split("-")[0] ?? "").toUpperCase();
  const owner = settings.additionalSites.find((s) => s.siteUrl !== "" && parseProjectKeys(s.projectKeys).projects.includes(project));
  if (owner !== undefined && !parseProjectKeys(settings.projectKeys).projects.includes(project)) return owner.siteUrl;
  return allSites(settings)[0]?.siteUrl ?? "";
}

/** Reads settings from stored data of unknown shape; every missing or invalid field gets its default. */
export function readSettings(raw: unknown): Settings {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const settings: Settings = { ...DEFAULT_SETTINGS };
  if (typeof obj.siteUrl === "string" && validateSiteUrl(obj.siteUrl) === null) {
    settings.siteUrl = normalizeSiteUrl(obj.siteUrl);
  }
  if (obj.deployment === "cloud" || obj.deployment === "datacenter") settings.deployment = obj.deployment;
  if (typeof obj.email === "string" && validateEmail(obj.email) === null) settings.email = obj.email.trim();
  if (typeof obj.inlineBadges === "boolean") settings.inlineBadges = obj.inlineBadges;
  if (typeof obj.projectKeys === "string") settings.projectKeys = obj.projectKeys;
  settings.sync = readSyncSettings(obj.sync);
  settings.additionalSites = readAdditionalSites(obj.additionalSites, settings.siteUrl);
  assignSiteIds(settings, typeof obj.siteId === "string" ? obj.siteId : "");
  settings.siteProjects = readSiteProjects(obj.siteProjects, settings);
  if (typeof obj.reportsFolder === "string") settings.reportsFolder = readReportsFolder(obj.reportsFolder);
  if (typeof obj.reportTeams === "string") settings.reportTeams = obj.reportTeams;
  // Older data has no health report path and keeps the default.
  if (typeof obj.healthReportPath === "string") settings.healthReportPath = readHealthReportPath(obj.healthReportPath);
  // Older data has no automation settings: automation stays off with the default rules note and cap.
  settings.automation = readAutomationSettings(obj.automation);
  // Older data has no assistance settings: off, with the defaults.
  settings.assist = readAssistSettings(obj.assist);
  // Older data has no time suggestion settings: off (nothing recorded), with the defaults.
  settings.timeSuggestions = readTimeSuggestionSettings(obj.timeSuggestions);
  return settings;
}

/** A reports folder as typed: slashes trimmed; empty, absolute-looking or `..` paths give the default. */
export function readReportsFolder(raw: string): string {
  const folder = raw.trim().replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  if (folder === "" || folder.split("/").some((p) => p === ".." || p === "." || p === "")) return DEFAULT_SETTINGS.reportsFolder;
  return folder;
}

/** A health report path as typed: slashes trimmed, `.md` added; empty or `..` paths give the default. */
export function readHealthReportPath(raw: string): string {
  const path = raw.trim().replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  if (path === "" || path.split("/").some((p) => p === ".." || p === "." || p === "")) return DEFAULT_SETTINGS.healthReportPath;
  return path.endsWith(".md") ? path : `${path}.md`;
}

const SITE_ID = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The id a site gets when it first has an address: its host and path as lower-case letters, digits and single
 * dashes. This is exactly what earlier versions derived the token's secret id from on every read, so a stored
 * token stays readable; unlike then, the id is kept when the address changes later.
 */
export function siteIdFor(siteUrl: string): string {
  let key = siteUrl.trim();
  try {
    const url = new URL(key);
    key = `${url.host}${url.pathname}`;
  } catch {
    // Not a URL: slug the text as it is.
  }
  return key
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * Gives every site with an address an id, unique among the sites: a stored id is kept (the first of two equal
 * ones wins); a site without one (new, or saved by an older version) gets `siteIdFor` its address, with `-2`,
 * `-3`… when another site holds that id already. Sites without an address keep an empty id.
 */
function assignSiteIds(settings: Settings, storedPrimary: string): void {
  const taken = new Set<string>();
  const keep = (id: string) => (SITE_ID.test(id) && !taken.has(id) ? (taken.add(id), id) : "");
  settings.siteId = keep(storedPrimary);
  for (const site of settings.additionalSites) site.id = keep(site.id);
  const fresh = (url: string): string => {
    if (url === "") return "";
    const base = siteIdFor(url) || "site";
    let id = base;
    for (let n = 2; taken.has(id); n++) id = `${base}-${n}`;
    taken.add(id);
    return id;
  };
  if (settings.siteId === "") settings.siteId = fresh(settings.siteUrl);
  for (const site of settings.additionalSites) if (site.id === "") site.id = fresh(site.siteUrl);
}

/** Reads the known projects per site id; entries of sites no longer configured are dropped. */
function readSiteProjects(raw: unknown, settings: Readonly<Settings>): Record<string, KnownProject[]> {
  const out: Record<string, KnownProject[]> = {};
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  const ids = new Set([settings.siteId, ...settings.additionalSites.map((s) => s.id)].filter((id) => id !== ""));
  for (const [id, list] of Object.entries(raw as Record<string, unknown>)) {
    if (!ids.has(id) || !Array.isArray(list)) continue;
    out[id] = (list as unknown[]).flatMap((p) => {
      const o = p !== null && typeof p === "object" ? (p as Record<string, unknown>) : {};
      return typeof o.key === "string" && typeof o.name === "string" ? [{ key: o.key, name: o.name }] : [];
    });
  }
  return out;
}

/** The id of the site at `siteUrl` (primary or additional), or null when no site has that address. */
export function siteIdOf(settings: Readonly<Settings>, siteUrl: string): string | null {
  const want = siteUrl.trim().replace(/\/+$/, "").toLowerCase();
  if (want === "") return null;
  if (settings.siteUrl.toLowerCase() === want) return settings.siteId || null;
  return settings.additionalSites.find((s) => s.siteUrl.toLowerCase() === want)?.id || null;
}

/** The projects "Test connection" last listed for the site at `siteUrl` (empty when never listed). */
export function knownProjects(settings: Readonly<Settings>, siteUrl: string): readonly KnownProject[] {
  const id = siteIdOf(settings, siteUrl);
  return id === null ? [] : (settings.siteProjects[id] ?? []);
}

/** The keys of `knownProjects`: the projects the site is known to have. */
export function knownProjectKeys(settings: Readonly<Settings>, siteUrl: string): string[] {
  return knownProjects(settings, siteUrl).map((p) => p.key);
}

/**
 * Why no sync can run yet, in one sentence naming what to set, or null when at least one site has an address and
 * a scope (project keys or a JQL filter). A site without a scope among others that have one is left to the run,
 * which skips it and names it.
 */
export function scopeProblem(settings: Readonly<Settings>): string | null {
  const sites = allSites(settings);
  if (sites.length === 0) return "Enter the Jira site URL in the plugin settings first.";
  const scoped = sites.some((s) => parseProjectKeys(s.projectKeys).projects.length > 0 || s.jql.trim() !== "");
  if (scoped) return null;
  return "Choose what to sync first: pick projects (or enter a JQL filter) under Sync scope in the plugin settings.";
}

/**
 * Reads the additional sites tolerantly: entries without a URL string or with an invalid one, and repeats of a
 * URL (the primary's included), are dropped. An empty URL is kept: a site added but not set yet (not synced).
 */
export function readAdditionalSites(raw: unknown, primaryUrl: string): SiteSettings[] {
  if (!Array.isArray(raw)) return [];
  const seen = new Set<string>(primaryUrl === "" ? [] : [primaryUrl.toLowerCase()]);
  const out: SiteSettings[] = [];
  for (const item of raw as unknown[]) {
    if (item === null || typeof item !== "object") continue;
    const o = item as Record<string, unknown>;
    if (typeof o.siteUrl !== "string" || validateSiteUrl(o.siteUrl) !== null) continue;
    const siteUrl = normalizeSiteUrl(o.siteUrl);
    if (siteUrl !== "" && seen.has(siteUrl.toLowerCase())) continue;
    if (siteUrl !== "") seen.add(siteUrl.toLowerCase());
    out.push({
      id: typeof o.id === "string" ? o.id : "",
      siteUrl,
      deployment: o.deployment === "datacenter" ? "datacenter" : "cloud",
      email: typeof o.email === "string" && validateEmail(o.email) === null ? o.email.trim() : "",
      projectKeys: typeof o.projectKeys === "string" ? o.projectKeys : "",
      jql: typeof o.jql === "string" ? o.jql : "",
    });
  }
  return out;
}

/** The primary site (when its URL is set) followed by the additional ones. */
export function allSites(settings: Readonly<Settings>): SiteSettings[] {
  const primary: SiteSettings[] =
    settings.siteUrl === ""
      ? []
      : [{ id: settings.siteId, siteUrl: settings.siteUrl, deployment: settings.deployment, email: settings.email, projectKeys: settings.projectKeys, jql: settings.sync.jql }];
  return [...primary, ...settings.additionalSites.filter((s) => s.siteUrl !== "")];
}

/** The settings as seen by one site's run or connection test: the site's fields in place of the primary's. */
export function settingsForSite(settings: Readonly<Settings>, site: Readonly<SiteSettings>): Settings {
  return {
    ...settings,
    siteUrl: site.siteUrl,
    siteId: site.id,
    deployment: site.deployment,
    email: site.email,
    projectKeys: site.projectKeys,
    sync: { ...settings.sync, jql: site.jql },
    additionalSites: [],
  };
}

/**
 * Checks the sites together: every URL valid (an empty one is a site not set yet, left out), no URL twice, no project key listed by two sites (a
 * note's key belongs to the site that has its project). Returns the first problem in sentence case, or null.
 */
export function validateSites(settings: Readonly<Settings>): string | null {
  const urls = new Map<string, number>();
  const owners = new Map<string, string>();
  const sites = allSites(settings);
  for (const site of settings.additionalSites) {
    const problem = validateSiteUrl(site.siteUrl);
    if (problem !== null) return `${site.siteUrl}: ${problem}`;
  }
  for (const site of sites) {
    const url = site.siteUrl.trim().replace(/\/+$/, "").toLowerCase();
    if (urls.has(url)) return `The site ${site.siteUrl} is listed twice.`;
    urls.set(url, 1);
    for (const key of parseProjectKeys(site.projectKeys).projects) {
      const owner = owners.get(key);
      if (owner !== undefined) return `Project ${key} is listed for both ${owner} and ${site.siteUrl}. A project belongs to one site.`;
      owners.set(key, site.siteUrl);
    }
  }
  return null;
}
