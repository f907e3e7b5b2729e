// The settings rows of automation (docs/automation.md): on/off, the rules note, the daily cap per rule. Each row
// saves through `readAutomationSettings`, so what is stored is always what a sync would read.
import type { Setting } from "obsidian";
import type { SettingsStore } from "../data/plugin-data";
import { DEFAULT_AUTOMATION_SETTINGS, readAutomationSettings, type AutomationSettings } from "../automation/settings";

export const AUTOMATION_HEADING = "Automation";

/** One row: its name, description and how to render its control. */
export interface AutomationRow {
  name: string;
  desc: string;
  render: (setting: Setting) => void;
}

/** The automation rows, in order. */
export function automationRows(store: SettingsStore): AutomationRow[] {
  const save = (change: Partial<AutomationSettings>): Promise<void> => store.update({ automation: readAutomationSettings({ ...store.get().automation, ...change }) });
  return [
    {
      name: "Run automation rules",
      desc: "Evaluate the rules of the rules note in every sync and carry out their actions. Off by default; \"Preview automation\" shows what would fire.",
      render: (setting) => {
        setting.addToggle((t) =>
          t.setValue(store.get().automation.enabled).onChange((enabled) => {
            void save({ enabled });
          }),
        );
      },
    },
    {
      name: "Rules note",
      desc: "The note holding the rules, one jira-rule block each.",
      render: (setting) => {
        setting.addText((t) =>
          t
            .setPlaceholder(DEFAULT_AUTOMATION_SETTINGS.rulesPath)
            .setValue(store.get().automation.rulesPath)
            .onChange((rulesPath) => {
              void save({ rulesPath });
            }),
        );
      },
    },
    {
      name: "Daily limit per rule",
      desc: "A rule that fires this many times in one day pauses itself until the next day, with a warning in the sync log.",
      render: (setting) => {
        setting.addText((t) =>
          t
            .setPlaceholder(String(DEFAULT_AUTOMATION_SETTINGS.dailyCap))
            .setValue(String(store.get().automation.dailyCap))
            .onChange((value) => {
              void save({ dailyCap: Number(value.trim()) });
            }),
        );
      },
    },
  ];
}
