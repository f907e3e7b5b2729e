// Obsidian's Daily notes settings fill in the time tracking daily folder and format when the plugin's own
// folder setting is empty; the plugin's own setting wins; a disabled or odd core plugin changes nothing.
import type { App } from "obsidian";
import { describe, expect, it } from "vitest";
import { obsidianDailyNotes, withObsidianDailyNotes } from "../src/obsidian/daily-notes";
import { readSettings } from "../src/settings/settings";

function app(plugin: unknown): App {
  return { internalPlugins: { getPluginById: (id: string) => (id === "daily-notes" ? plugin : null) } } as unknown as App;
}

describe("daily notes from Obsidian's settings", () => {
  it("reads the core plugin's folder and format, the vault root as /", () => {
    expect(obsidianDailyNotes(app({ enabled: true, instance: { options: { folder: "/Journal/", format: "DD.MM.YYYY" } } }))).toEqual({ folder: "Journal", format: "DD.MM.YYYY" });
    expect(obsidianDailyNotes(app({ enabled: true, instance: { options: {} } }))).toEqual({ folder: "/", format: "YYYY-MM-DD" });
    expect(obsidianDailyNotes(app({ enabled: false, instance: { options: { folder: "Journal" } } }))).toBeNull();
    expect(obsidianDailyNotes({} as App)).toBeNull();
  });

  it("fills in only an empty folder setting", () => {
    const daily = app({ enabled: true, instance: { options: { folder: "Journal", format: "YYYY-MM-DD" } } });
    const empty = readSettings({});
    expect(withObsidianDailyNotes(empty, daily).sync.timeTracking.dailyFolder).toBe("Journal");
    const own = readSettings({ sync: { timeTracking: { dailyFolder: "Days", dailyFormat: "YYYYMMDD" } } });
    expect(withObsidianDailyNotes(own, daily).sync.timeTracking).toMatchObject({ dailyFolder: "Days", dailyFormat: "YYYYMMDD" });
  });
});
