// The "Time tracking" section of the settings tab: worklog sync on or off, where entries live (the worklog
// section heading, the daily notes folder and file name format), Jira's working hours per day and days per
// week, and how worklog writes behave. Each value is checked as typed; an invalid one is shown, not saved.
import { type Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type TimeTrackingSettings } from "../settings/sync-settings";
import { type SyncRow, type SyncSection } from "./sync-settings-rows";
import { addValidatedText } from "./validated-text";

async function saveTime(store: SettingsStore, patch: Partial<TimeTrackingSettings>): Promise<void> {
  const sync = store.get().sync;
  await store.update({ sync: { ...sync, timeTracking: { ...sync.timeTracking, ...patch } } });
}

type Check = (value: string) => { patch: Partial<TimeTrackingSettings> } | { problem: string };

function textRow(store: SettingsStore, name: string, desc: string, current: (t: TimeTrackingSettings) => string, check: Check): SyncRow {
  return {
    name,
    desc,
    render: (setting: Setting) => {
      setting.setName(name).setDesc(desc);
      addValidatedText(setting, {
        value: current(store.get().sync.timeTracking),
        commit: async (value) => {
          const result = check(value);
          if ("problem" in result) return [result.problem];
          await saveTime(store, result.patch);
          return [];
        },
      });
    },
  };
}

type Flag = "enabled" | "deleteRemote" | "everyone";

function toggleRow(store: SettingsStore, key: Flag, name: string, desc: string): SyncRow {
  return {
    name,
    desc,
    render: (setting: Setting) => {
      setting.setName(name).setDesc(desc);
      setting.addToggle((toggle) => toggle.setValue(store.get().sync.timeTracking[key]).onChange((value) => saveTime(store, { [key]: value })));
    },
  };
}

function numberCheck(key: "hoursPerDay" | "daysPerWeek", max: number, example: string): Check {
  return (value) => {
    const n = Number(value.trim());
    return value.trim() !== "" && Number.isFinite(n) && n > 0 && n <= max ? { patch: { [key]: n } } : { problem: `Enter a number above 0 and at most ${max}, such as ${example}.` };
  };
}

/** The time tracking section. */
export function timeTrackingSection(store: SettingsStore): SyncSection {
  return {
    heading: "Time tracking",
    rows: [
      toggleRow(store, "enabled", "Sync worklogs", "Sync the worklog section of issue notes and time blocks in daily notes with Jira worklogs."),
      textRow(store, "Worklog heading", "The heading of the worklog section in an issue's note.", (t) => t.sectionHeading, (v) =>
        v.trim() === "" ? { problem: "Enter a heading, such as Worklog." } : { patch: { sectionHeading: v.trim() } },
      ),
      textRow(store, "Daily notes folder", "Where your daily notes are (/ for the vault root). Empty: the folder and format of Obsidian's Daily notes settings, when that core plugin is on.", (t) => t.dailyFolder, (v) => ({
        patch: { dailyFolder: v.trim() === "/" ? "/" : v.trim().replace(/^\/+|\/+$/g, "") },
      })),
      textRow(store, "Daily note format", "The date format of daily note names, as in the daily notes settings.", (t) => t.dailyFormat, (v) =>
        /YYYY|YY/.test(v) && /M/.test(v) && /D/.test(v) ? { patch: { dailyFormat: v.trim() } } : { problem: "Use a date format with year, month and day, such as YYYY-MM-DD." },
      ),
      textRow(store, "Hours per day", "Jira's working hours per day (1d in durations).", (t) => String(t.hoursPerDay), numberCheck("hoursPerDay", 24, "8")),
      textRow(store, "Days per week", "Jira's working days per week (1w in durations).", (t) => String(t.daysPerWeek), numberCheck("daysPerWeek", 7, "5")),
      textRow(store, "Start of duration-only entries", "The start time given to entries written as a duration, such as 1h 30m.", (t) => t.defaultStart, (v) =>
        /^([01]\d|2[0-3]):[0-5]\d$/.test(v.trim()) ? { patch: { defaultStart: v.trim() } } : { problem: "Enter a time as HH:MM, such as 09:00." },
      ),
      {
        name: "Remaining estimate",
        desc: "How the remaining estimate changes when time is logged.",
        render: (setting: Setting) => {
          setting.setName("Remaining estimate").setDesc("How the remaining estimate changes when time is logged.");
          setting.addDropdown((dropdown) =>
            dropdown
              .addOptions({ auto: "Reduce it by the time logged", leave: "Leave it as it is" })
              .setValue(store.get().sync.timeTracking.adjustEstimate)
              .onChange((value) => saveTime(store, { adjustEstimate: value === "leave" ? "leave" : "auto" })),
          );
        },
      },
      toggleRow(store, "deleteRemote", "Delete worklogs removed from notes", "Off: a line you remove is listed in the sync log and the worklog stays in Jira."),
      toggleRow(store, "everyone", "Everyone's worklogs", "Also write other people's worklogs into issue notes (with their names)."),
    ],
  };
}
