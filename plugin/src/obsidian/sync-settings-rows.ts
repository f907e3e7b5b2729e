// The sync part of the settings tab: the scope's text rows (JQL filter, and what sync does with the scope:
// folder and file name templates; the tab puts them under the project picker), new issues and conflicts
// (default issue type, conflict policy), schedule (startup, interval, after editing) and the field and status
// mappings (forms, in mapping-rows.ts); resetting the mappings asks first.
// Every value is checked with the core's `validateSyncConfig` on the configuration it would produce and is
// saved only when the core finds no error; problems show inline. Rows render into a given Setting so the
// declarative definitions and display() share them.
import { type Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type ConflictPolicy, DEFAULT_SYNC_SETTINGS, type SyncSettings, toSyncConfig } from "../settings/sync-settings";
import type { SyncConfig } from "../sync/types";
import { type ConnectionEnv } from "../jira/connection";
import { type MessageCore } from "../assist/test-model";
import { assistSection } from "./assist-settings-rows";
import { timeSuggestionSection } from "./time-suggestion-rows";
import { type Confirm } from "./confirm-modal";
import { hierarchySection } from "./link-settings-rows";
import { mappingRows } from "./mapping-rows";
import { timeTrackingSection } from "./time-settings-rows";
import { workflowSection } from "./workflow-rows";
import { addValidatedText } from "./validated-text";

/** The two core calls the rows need. */
export interface ConfigCore {
  defaultSyncConfig(): unknown;
  validateSyncConfig(config: unknown): unknown;
}

export interface SyncRow {
  name: string;
  desc: string;
  render: (setting: Setting) => void;
}

export interface SyncSection {
  heading: string;
  rows: SyncRow[];
}

/** A row named `name` with the description `desc`; `render` adds its control after the name is set. */
export function settingRow(name: string, desc: string, render: (setting: Setting) => void): SyncRow {
  return {
    name,
    desc,
    render: (setting) => {
      setting.setName(name).setDesc(desc);
      render(setting);
    },
  };
}

interface Problem {
  severity?: string;
  path?: string;
  message?: string;
}

/** The core's error messages for settings with `patch` applied, limited to paths starting with `prefixes`. */
export function syncProblems(core: ConfigCore, store: SettingsStore, patch: Partial<SyncSettings>, prefixes: string[]): string[] {
  const settings = store.get();
  let problems: unknown;
  try {
    problems = core.validateSyncConfig(toSyncConfig(settings, { ...settings.sync, ...patch }, core.defaultSyncConfig() as SyncConfig));
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
  return (Array.isArray(problems) ? (problems as Problem[]) : [])
    .filter((p) => p.severity === "error" && prefixes.some((prefix) => (p.path ?? "").startsWith(prefix)))
    .map((p) => `${p.path ?? ""}: ${p.message ?? ""}`);
}

async function saveSync(store: SettingsStore, patch: Partial<SyncSettings>): Promise<void> {
  await store.update({ sync: { ...store.get().sync, ...patch } });
}

type TextKey = "jql" | "folderTemplate" | "fileNameTemplate" | "defaultIssueType";

function textRow(core: ConfigCore, store: SettingsStore, key: TextKey, name: string, desc: string, placeholder: string, prefixes: string[]): SyncRow {
  return {
    name,
    desc,
    render: (setting) => {
      setting.setName(name).setDesc(desc);
      addValidatedText(setting, {
        placeholder,
        value: store.get().sync[key],
        commit: async (value) => {
          const problems = key === "defaultIssueType" && value.trim() === "" ? ["Enter an issue type, such as Task."] : syncProblems(core, store, { [key]: value }, prefixes);
          if (problems.length === 0) await saveSync(store, { [key]: key === "jql" ? value.trim() : value });
          return problems;
        },
      });
    },
  };
}

const CONFLICT_POLICIES: Record<ConflictPolicy, string> = {
  mark: "Mark the note and let me resolve",
  preferJira: "Jira's value wins",
  preferNote: "The note's value wins",
};

function conflictPolicyRow(store: SettingsStore): SyncRow {
  const name = "When both sides changed";
  const desc = "A field changed differently in the note and in Jira. Whichever side loses is listed in the sync log.";
  return settingRow(name, desc, (setting) => {
    setting.addDropdown((dropdown) =>
      dropdown
        .addOptions(CONFLICT_POLICIES)
        .setValue(store.get().sync.conflictPolicy)
        .onChange((value) => saveSync(store, { conflictPolicy: value as ConflictPolicy })),
    );
  });
}

function toggleRow(store: SettingsStore, key: "syncOnStartup" | "syncOnChange" | "showStatusBar", name: string, desc: string): SyncRow {
  return settingRow(name, desc, (setting) => {
    setting.addToggle((toggle) => toggle.setValue(store.get().sync[key]).onChange((value) => saveSync(store, { [key]: value })));
  });
}

/** The primary site's scope rows after its projects: the JQL filter, then what sync does with the scope. */
export function scopeRows(core: ConfigCore, store: SettingsStore): SyncRow[] {
  return [
    textRow(core, store, "jql", "JQL filter", "Optional. Narrows the projects' issues, such as assignee = currentUser(); without projects it is the whole scope.", "assignee = currentUser()", ["sites"]),
    textRow(
      core,
      store,
      "folderTemplate",
      "Folder template",
      "Each project's issues become notes in a folder of their own; {PROJECT} is the project key, so OPS goes to Jira/OPS/ by default.",
      DEFAULT_SYNC_SETTINGS.folderTemplate,
      ["folderTemplate"],
    ),
    textRow(
      core,
      store,
      "fileNameTemplate",
      "File name template",
      "A note is named once, when sync creates it: {key}, {summary}, {project}, {type}; by default OPS-12 and the summary.",
      DEFAULT_SYNC_SETTINGS.fileNameTemplate,
      ["fileNameTemplate"],
    ),
  ];
}

/**
 * The sync sections of the settings tab after the scope. `redraw` re-renders the tab (after "Reset to defaults",
 * which `confirm` asks about first; without it the reset is immediate); `connection` lets the mapping forms read
 * the site's fields and statuses.
 */
export function syncSections(core: ConfigCore, store: SettingsStore, redraw: () => void, confirm?: Confirm, connection?: ConnectionEnv): SyncSection[] {
  return [
    {
      heading: "New issues and conflicts",
      rows: [
        textRow(core, store, "defaultIssueType", "Default issue type", "The issue type of issues created from notes that name none.", "Task", []),
        conflictPolicyRow(store),
      ],
    },
    {
      heading: "Schedule",
      rows: [
        toggleRow(store, "syncOnStartup", "Sync on startup", "Sync once when Obsidian starts."),
        {
          name: "Sync interval",
          desc: "Minutes between automatic syncs. Zero turns it off.",
          render: (setting) => {
            setting.setName("Sync interval").setDesc("Minutes between automatic syncs. Zero turns it off.");
            addValidatedText(setting, {
              value: String(store.get().sync.intervalMinutes),
              commit: async (value) => {
                if (!/^\s*\d{1,4}\s*$/.test(value)) return ["Enter a whole number of minutes, such as 15."];
                await saveSync(store, { intervalMinutes: Number(value.trim()) });
                return [];
              },
            });
          },
        },
        toggleRow(store, "syncOnChange", "Push notes after editing", "Push a linked note to Jira a few seconds after you stop editing it."),
        toggleRow(store, "showStatusBar", "Show sync status", "Show the last sync and its errors or conflicts in the status bar."),
      ],
    },
    {
      heading: "Mappings",
      rows: [
        ...mappingRows(core, store, connection),
        {
          name: "Reset mappings",
          desc: "Use the built-in field and status mappings again.",
          render: (setting) => {
            setting.setName("Reset mappings").setDesc("Use the built-in field and status mappings again.");
            setting.addButton((button) =>
              button.setButtonText("Reset to defaults").onClick(async () => {
                const reset = async () => {
                  await saveSync(store, { fields: [], statuses: [] });
                  redraw();
                };
                if (confirm === undefined) await reset();
                else confirm({ title: "Reset mappings", message: "Replace your field and status mappings with the built-in ones? Your own mappings are lost.", action: "Reset mappings", onConfirm: reset });
              }),
            );
          },
        },
      ],
    },
    workflowSection(store),
    hierarchySection(store),
    timeTrackingSection(store),
    timeSuggestionSection(store),
    ...(connection === undefined ? [] : [assistSection(store, connection, core as Partial<MessageCore>)]),
  ];
}
