// The "Time suggestions" section of the settings tab (docs/assist.md): recording of editing activity on or
// off (off by default), the idle cut-off, the rounding step and the end-of-day time. Each value is checked as
// typed; an invalid one is shown, not saved.
import { type SettingsStore } from "../data/plugin-data";
import { readClockTime, type TimeSuggestionSettings } from "../time-suggestions/settings";
import { settingRow, type SyncRow, type SyncSection } from "./sync-settings-rows";
import { addValidatedText } from "./validated-text";

async function save(store: SettingsStore, patch: Partial<TimeSuggestionSettings>): Promise<void> {
  await store.update({ timeSuggestions: { ...store.get().timeSuggestions, ...patch } });
}

function minutesRow(store: SettingsStore, key: "idleMinutes" | "roundMinutes", name: string, desc: string, max: number): SyncRow {
  return settingRow(name, desc, (setting) =>
    addValidatedText(setting, {
      value: String(store.get().timeSuggestions[key]),
      commit: async (value) => {
        const n = /^\s*\d{1,3}\s*$/.test(value) ? Number(value.trim()) : NaN;
        if (!(n >= 1 && n <= max)) return [`Enter a whole number of minutes from 1 to ${max}.`];
        await save(store, { [key]: n });
        return [];
      },
    }),
  );
}

/** The time suggestions section. */
export function timeSuggestionSection(store: SettingsStore): SyncSection {
  return {
    heading: "Time suggestions",
    rows: [
      settingRow("Suggest time from editing activity", "Records the minutes you actively edit notes linked to issues, in a file in the plugin folder only (never in notes, never sent), and suggests worklog entries at the end of the day. Off: nothing is recorded.", (setting) => {
        setting.addToggle((toggle) => toggle.setValue(store.get().timeSuggestions.enabled).onChange((enabled) => void save(store, { enabled })));
      }),
      minutesRow(store, "idleMinutes", "Idle cut-off", "Minutes without an edit after which time stops counting.", 120),
      minutesRow(store, "roundMinutes", "Round to", "Suggestions are multiples of this many minutes; less than half of it is not suggested.", 240),
      settingRow("End of the day", "Local time after which the day's suggestions are shown (or at the next start when missed).", (setting) =>
        addValidatedText(setting, {
          value: store.get().timeSuggestions.endOfDay,
          placeholder: "17:30",
          commit: async (value) => {
            const time = readClockTime(value);
            if (time === null) return ["Enter a time such as 17:30."];
            await save(store, { endOfDay: time });
            return [];
          },
        }),
      ),
    ],
  };
}
