// The sync part of the settings (stored in data.json under `settings.sync`) and how it becomes the core's
// declarative SyncConfig. The site and its projects come from the connection settings (siteUrl,
// deployment, projectKeys); field and status mappings are the core's own JSON shapes, edited as data and
// validated by the core (`validateSyncConfig`), never evaluated. Empty mapping lists mean "the defaults".
import { parseProjectKeys } from "../jira/keys";
import type { SyncConfig } from "../sync/types";
import type { Settings } from "./settings";

export interface SyncSettings {
  /** An extra JQL filter ANDed with the projects (empty = none). */
  jql: string;
  /** Folder of a project's notes; `{PROJECT}` is the project key. */
  folderTemplate: string;
  /** File name of a new note (without .md); `{key}`, `{summary}`, `{project}`, `{type}`. */
  fileNameTemplate: string;
  /** Field mappings in the core's shape; empty = the product defaults. */
  fields: unknown[];
  /** Status mappings in the core's shape; empty = the product defaults. */
  statuses: unknown[];
  /** Sync once when Obsidian starts. */
  syncOnStartup: boolean;
  /** Sync every N minutes (0 = off). */
  intervalMinutes: number;
  /** Push a note a few seconds after it was edited. */
  syncOnChange: boolean;
  /** Issue type of issues created from notes that name none. */
  defaultIssueType: string;
  /** Both sides changed a field differently: mark the note (the user resolves), or let one side win. */
  conflictPolicy: ConflictPolicy;
}

export type ConflictPolicy = "mark" | "preferJira" | "preferNote";

export const DEFAULT_SYNC_SETTINGS: Readonly<SyncSettings> = Object.freeze({
  jql: "",
  folderTemplate: "Jira/{PROJECT}/",
  fileNameTemplate: "{key} {summary}",
  fields: [],
  statuses: [],
  syncOnStartup: false,
  intervalMinutes: 0,
  syncOnChange: false,
  defaultIssueType: "Task",
  conflictPolicy: "mark",
});

/** Reads stored sync settings of unknown shape; each missing or malformed field gets its default. */
export function readSyncSettings(raw: unknown): SyncSettings {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const s: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, fields: [], statuses: [] };
  const text = (k: "jql" | "folderTemplate" | "fileNameTemplate" | "defaultIssueType") => {
    if (typeof obj[k] === "string") s[k] = obj[k];
  };
  text("jql");
  text("folderTemplate");
  text("fileNameTemplate");
  text("defaultIssueType");
  if (Array.isArray(obj.fields)) s.fields = obj.fields as unknown[];
  if (Array.isArray(obj.statuses)) s.statuses = obj.statuses as unknown[];
  if (typeof obj.syncOnStartup === "boolean") s.syncOnStartup = obj.syncOnStartup;
  if (typeof obj.syncOnChange === "boolean") s.syncOnChange = obj.syncOnChange;
  if (typeof obj.intervalMinutes === "number" && Number.isFinite(obj.intervalMinutes) && obj.intervalMinutes >= 0) {
    s.intervalMinutes = Math.floor(obj.intervalMinutes);
  }
  if (obj.conflictPolicy === "mark" || obj.conflictPolicy === "preferJira" || obj.conflictPolicy === "preferNote") {
    s.conflictPolicy = obj.conflictPolicy;
  }
  if (s.defaultIssueType.trim() === "") s.defaultIssueType = DEFAULT_SYNC_SETTINGS.defaultIssueType;
  return s;
}

/** The core's SyncConfig for these settings; `defaults` is the core's `defaultSyncConfig()`. */
export function toSyncConfig(settings: Readonly<Settings>, sync: Readonly<SyncSettings>, defaults: SyncConfig): SyncConfig {
  const primary = { siteUrl: settings.siteUrl, projectKeys: settings.projectKeys, jql: sync.jql };
  const extra = (settings.additionalSites ?? []).filter((s) => s.siteUrl !== "");
  const sites = settings.siteUrl === "" && extra.length > 0 ? extra : [primary, ...extra];
  return {
    ...defaults,
    fields: sync.fields.length > 0 ? sync.fields : defaults.fields,
    statuses: sync.statuses.length > 0 ? sync.statuses : defaults.statuses,
    folderTemplate: sync.folderTemplate,
    fileNameTemplate: sync.fileNameTemplate,
    conflictPolicy: sync.conflictPolicy,
    sites: sites.map((site) => {
      const { projects } = parseProjectKeys(site.projectKeys);
      const jql = site.jql.trim();
      return { baseUrl: site.siteUrl, projects: projects.map((key) => ({ key })), ...(jql === "" ? {} : { jql }) };
    }),
  };
}
