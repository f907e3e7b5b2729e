// The "Automation" section of the settings tab (docs/automation.md): whether rules run with each sync (off by
// default), the rules note (Open automation rules creates it with example rules when it is missing), and how
// many times a day one rule may fire before it pauses itself, and the digest note `digest` actions write to. Each value is checked as typed; an invalid one is
// shown, not saved.
import { type Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type AutomationSettings, DEFAULT_AUTOMATION_SETTINGS, MAX_DAILY_CAP, readDailyCap, readNotePath, readRulesPath } from "../settings/settings";
import { type SyncSection } from "./sync-settings-rows";
import { addValidatedText } from "./validated-text";

export const AUTOMATION_HEADING = "Automation";
export const AUTOMATION_ENABLED_NAME = "Run automation rules";
export const RULES_NOTE_NAME = "Rules note";
export const DAILY_CAP_NAME = "Daily limit per rule";
export const DIGEST_NOTE_NAME = "Automation digest note";
const DIGEST_NOTE_DESC = "The note that digest actions add a line to, under a heading for the day (newest day last). Created when missing.";

async function saveAutomation(store: SettingsStore, patch: Partial<AutomationSettings>): Promise<void> {
  await store.update({ automation: { ...store.get().automation, ...patch } });
}

/** The automation section. */
export function automationSection(store: SettingsStore): SyncSection {
  return {
    heading: AUTOMATION_HEADING,
    rows: [
      {
        name: AUTOMATION_ENABLED_NAME,
        desc: "Run the rules of the rules note with each sync. Off: no rule runs, and rule cards still show.",
        render: (setting: Setting) => {
          setting.setName(AUTOMATION_ENABLED_NAME).setDesc("Run the rules of the rules note with each sync. Off: no rule runs, and rule cards still show.");
          setting.addToggle((toggle) => toggle.setValue(store.get().automation.enabled).onChange((value) => saveAutomation(store, { enabled: value })));
        },
      },
      {
        name: RULES_NOTE_NAME,
        desc: "The note that holds the rules. When it is missing, the command that opens it creates it with example rules, all switched off.",
        render: (setting: Setting) => {
          setting.setName(RULES_NOTE_NAME).setDesc("The note that holds the rules. When it is missing, the command that opens it creates it with example rules, all switched off.");
          addValidatedText(setting, {
            value: store.get().automation.rulesPath,
            placeholder: DEFAULT_AUTOMATION_SETTINGS.rulesPath,
            commit: async (value) => {
              const path = value.trim().replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
              if (path === "" || path.split("/").some((p) => p === ".." || p === "." || p === "")) return ["Enter a note path inside the vault, such as Jira/Automation.md."];
              await saveAutomation(store, { rulesPath: readRulesPath(path) });
              return [];
            },
          });
        },
      },
      {
        name: DAILY_CAP_NAME,
        desc: "How many times one rule may fire in a day; past it, the rule pauses itself until the next day with a warning.",
        render: (setting: Setting) => {
          setting.setName(DAILY_CAP_NAME).setDesc("How many times one rule may fire in a day; past it, the rule pauses itself until the next day with a warning.");
          addValidatedText(setting, {
            value: String(store.get().automation.dailyCap),
            commit: async (value) => {
              const cap = readDailyCap(value);
              if (cap === null) return [`Enter a whole number from 1 to ${MAX_DAILY_CAP}, such as ${DEFAULT_AUTOMATION_SETTINGS.dailyCap}.`];
              await saveAutomation(store, { dailyCap: cap });
              return [];
            },
          });
        },
      },
      {
        name: DIGEST_NOTE_NAME,
        desc: DIGEST_NOTE_DESC,
        render: (setting: Setting) => {
          setting.setName(DIGEST_NOTE_NAME).setDesc(DIGEST_NOTE_DESC);
          addValidatedText(setting, {
            value: store.get().automation.digestPath,
            placeholder: DEFAULT_AUTOMATION_SETTINGS.digestPath,
            commit: async (value) => {
              const path = readNotePath(value);
              if (path === null) return ["Enter a note path inside the vault, such as Jira/Automation digest.md."];
              await saveAutomation(store, { digestPath: path });
              return [];
            },
          });
        },
      },
    ],
  };
}
