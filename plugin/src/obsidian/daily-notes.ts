// Obsidian's own Daily notes settings (folder and date format), used by time tracking when the plugin's
// "Daily notes folder" setting is empty, so daily notes work without configuring them twice. The core
// plugin's options are not part of Obsidian's public API: they are read defensively, and anything missing or
// odd means "no daily notes".
import type { App } from "obsidian";
import type { Settings } from "../settings/settings";

interface DailyNotesPlugin {
  enabled?: boolean;
  instance?: { options?: { folder?: unknown; format?: unknown } };
}

interface InternalPlugins {
  getPluginById?(id: string): DailyNotesPlugin | null | undefined;
}

/** The Daily notes core plugin's folder (`/` for the vault root) and format, when the plugin is on. */
export function obsidianDailyNotes(app: App): { folder: string; format: string } | null {
  const internal = (app as unknown as { internalPlugins?: InternalPlugins }).internalPlugins;
  const plugin = internal?.getPluginById?.("daily-notes");
  if (plugin?.enabled !== true) return null;
  const options = plugin.instance?.options ?? {};
  const folder = typeof options.folder === "string" ? options.folder.trim().replace(/^\/+|\/+$/g, "") : "";
  const format = typeof options.format === "string" && options.format.trim() !== "" ? options.format.trim() : "YYYY-MM-DD";
  return { folder: folder === "" ? "/" : folder, format };
}

/** `settings` with the daily notes folder and format taken from Obsidian when the plugin's own folder is empty. */
export function withObsidianDailyNotes(settings: Settings, app: App): Settings {
  const tt = settings.sync.timeTracking;
  if (tt.dailyFolder.trim() !== "") return settings;
  const daily = obsidianDailyNotes(app);
  if (daily === null) return settings;
  return { ...settings, sync: { ...settings.sync, timeTracking: { ...tt, dailyFolder: daily.folder, dailyFormat: daily.format } } };
}
