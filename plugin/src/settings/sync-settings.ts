// The sync part of the settings (stored in data.json under `settings.sync`) and how it becomes the core's
// declarative SyncConfig. The site and its projects come from the connection settings (siteUrl,
// deployment, projectKeys); field and status mappings are the core's own JSON shapes, edited as data and
// validated by the core (`validateSyncConfig`), never evaluated. Empty mapping lists mean "the defaults".
import { parseProjectKeys } from "../jira/keys";
import { DEFAULT_ISSUE_LINKS, readIssueLinks, type IssueLinkSettings } from "../links/issue-link-settings";
import { readTransitionDefaults, type TransitionDefaults } from "../projects/transition-defaults";
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
  /** Show the sync status item in the status bar. */
  showStatusBar: boolean;
  /** Issue type of issues created from notes that name none. */
  defaultIssueType: string;
  /** Both sides changed a field differently: mark the note (the user resolves), or let one side win. */
  conflictPolicy: ConflictPolicy;
  /** Worklog sync (off by default); passed to the core as `timeTracking`. */
  timeTracking: TimeTrackingSettings;
  /** Values for transition screen fields per project (`{OPS: {resolution: "Done"}}`); passed to the core as is. */
  transitionDefaults: TransitionDefaults;
  /** After each sync, refresh the project notes and write missing Bases files (docs/projects.md). */
  projectNotes: boolean;
  /** How a parent is written in a note: a wiki-link to its note, or the plain key (the core's `parentStyle`). */
  parentStyle: ParentStyle;
  /** Issue links as note properties (the core's `issueLinks`). */
  issueLinks: IssueLinkSettings;
  /** Write a generated *Child issues* section into each parent's note (the core's `childIssues`). */
  childIssues: boolean;
  /** The user set `childIssues` with its toggle (a stored value without this flag is the old default, off). */
  childIssuesChosen: boolean;
  /** Child notes in their epic's folder (the core's `epicFolders`; docs/epic-folders.md). Off by default. */
  epicFolders: boolean;
}

/** How a parent is written in a note (reading accepts both). */
export type ParentStyle = "link" | "key";

/** Time tracking settings, in the core's `TimeTracking` shape. */
export interface TimeTrackingSettings {
  enabled: boolean;
  /** Heading of the worklog section in an issue's note. */
  sectionHeading: string;
  /** Folder of daily notes ("" = daily notes are not read). */
  dailyFolder: string;
  /** Daily note file name format (as in Obsidian's daily notes settings). */
  dailyFormat: string;
  hoursPerDay: number;
  daysPerWeek: number;
  /** `adjustEstimate` of worklog writes. */
  adjustEstimate: "auto" | "leave";
  /** Delete the Jira worklog when its line is removed from the note. */
  deleteRemote: boolean;
  /** Write other users' worklogs into notes too. */
  everyone: boolean;
  /** Start time (HH:MM) of entries written as a duration only. */
  defaultStart: string;
}

export const DEFAULT_TIME_TRACKING: Readonly<TimeTrackingSettings> = Object.freeze({
  enabled: false,
  sectionHeading: "Worklog",
  dailyFolder: "",
  dailyFormat: "YYYY-MM-DD",
  hoursPerDay: 8,
  daysPerWeek: 5,
  adjustEstimate: "auto",
  deleteRemote: false,
  everyone: false,
  defaultStart: "09:00",
});

/** Reads stored time tracking settings; each missing or malformed field gets its default. */
export function readTimeTracking(raw: unknown): TimeTrackingSettings {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const t: TimeTrackingSettings = { ...DEFAULT_TIME_TRACKING };
  for (const k of ["enabled", "deleteRemote", "everyone"] as const) if (typeof obj[k] === "boolean") t[k] = obj[k];
  for (const k of ["sectionHeading", "dailyFolder", "dailyFormat", "defaultStart"] as const) if (typeof obj[k] === "string") t[k] = obj[k];
  if (typeof obj.hoursPerDay === "number" && obj.hoursPerDay > 0 && obj.hoursPerDay <= 24) t.hoursPerDay = obj.hoursPerDay;
  if (typeof obj.daysPerWeek === "number" && obj.daysPerWeek > 0 && obj.daysPerWeek <= 7) t.daysPerWeek = obj.daysPerWeek;
  if (obj.adjustEstimate === "auto" || obj.adjustEstimate === "leave") t.adjustEstimate = obj.adjustEstimate;
  return t;
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
  showStatusBar: true,
  defaultIssueType: "Task",
  conflictPolicy: "mark",
  timeTracking: DEFAULT_TIME_TRACKING,
  transitionDefaults: {},
  projectNotes: true,
  parentStyle: "link",
  issueLinks: DEFAULT_ISSUE_LINKS,
  childIssues: true,
  childIssuesChosen: false,
  epicFolders: false,
});

/** Reads stored sync settings of unknown shape; each missing or malformed field gets its default. */
export function readSyncSettings(raw: unknown): SyncSettings {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const s: SyncSettings = { ...DEFAULT_SYNC_SETTINGS, fields: [], statuses: [], timeTracking: readTimeTracking(obj.timeTracking), transitionDefaults: readTransitionDefaults(obj.transitionDefaults) };
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
  if (typeof obj.showStatusBar === "boolean") s.showStatusBar = obj.showStatusBar;
  if (typeof obj.projectNotes === "boolean") s.projectNotes = obj.projectNotes;
  // Saved settings without it (older versions) keep the flat layout they had.
  if (typeof obj.epicFolders === "boolean") s.epicFolders = obj.epicFolders;
  if (typeof obj.intervalMinutes === "number" && Number.isFinite(obj.intervalMinutes) && obj.intervalMinutes >= 0) {
    s.intervalMinutes = Math.floor(obj.intervalMinutes);
  }
  if (obj.conflictPolicy === "mark" || obj.conflictPolicy === "preferJira" || obj.conflictPolicy === "preferNote") {
    s.conflictPolicy = obj.conflictPolicy;
  }
  // Migration: sync settings saved before the parent style existed wrote plain keys and keep them; new setups
  // (nothing saved yet) get wiki-links.
  if (obj.parentStyle === "link" || obj.parentStyle === "key") s.parentStyle = obj.parentStyle;
  else if (raw !== null && typeof raw === "object") s.parentStyle = "key";
  // Migration: sync settings saved before link properties existed keep them off; new setups get them on.
  s.issueLinks = readIssueLinks(obj.issueLinks, raw !== null && typeof raw === "object");
  // Migration: the child issues section is on unless the user turned it off with its toggle. A `false` stored
  // without `childIssuesChosen` is the old default (off until turned on), not a choice: it becomes on.
  if (obj.childIssuesChosen === true && typeof obj.childIssues === "boolean") {
    s.childIssues = obj.childIssues;
    s.childIssuesChosen = true;
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
    timeTracking: { ...sync.timeTracking },
    transitionDefaults: sync.transitionDefaults,
    parentStyle: sync.parentStyle,
    issueLinks: { enabled: sync.issueLinks.enabled, renames: { ...sync.issueLinks.renames } },
    childIssues: sync.childIssues,
    epicFolders: sync.epicFolders,
    sites: sites.map((site) => {
      const { projects } = parseProjectKeys(site.projectKeys);
      const jql = site.jql.trim();
      return { baseUrl: site.siteUrl, projects: projects.map((key) => ({ key })), ...(jql === "" ? {} : { jql }) };
    }),
  };
}
