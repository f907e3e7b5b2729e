// `jira-vault-sync assist time --vault DIR [--day YYYY-MM-DD] [--json]`: the time suggestions of a day (default
// today) from the editing activity the plugin recorded in Obsidian (`time-activity.json` in the plugin folder;
// recording needs Obsidian's editor, so there is none here), less the time already logged in the notes, in the
// user's zone (the Jira user's from the sync state, else this computer's). The notes of an issue are found by
// the sync state's paths and the recorded paths. Writes nothing. Exit codes: 0 done, 2 could not run.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { SyncConfig } from "../plugin/src/sync/types";
import { toSyncConfig } from "../plugin/src/settings/sync-settings";
import { myselfTimeZone } from "../plugin/src/time/reconcile";
import { loadSiteState, timeTrackingOf } from "../plugin/src/time/time-report";
import { ACTIVITY_FILE, readActivity } from "../plugin/src/time-suggestions/recorder";
import { daySuggestions, keyPropertyOf, localDay, type SuggestVault, systemTimeZone, type TimeSuggestCore } from "../plugin/src/time-suggestions/suggest";
import { FsStore } from "./node/fs-store";
import { loadVaultSettings } from "./options";

export interface TimeCore extends TimeSuggestCore {
  defaultSyncConfig(): unknown;
}

/** The notes of a vault folder for the suggestions (read-only: `process` refuses). */
function fsVault(vault: string, state: Record<string, unknown>): SuggestVault {
  const issues = state.issues !== null && typeof state.issues === "object" ? Object.values(state.issues as Record<string, { key?: unknown; path?: unknown; detached?: unknown }>) : [];
  return {
    notesWithKey: (key) => issues.filter((i) => i.key === key && i.detached !== true && typeof i.path === "string").map((i) => i.path as string),
    notesIn: () => [],
    read: (p) => readFile(path.join(vault, p), "utf8").catch(() => null),
    process: () => Promise.resolve(false),
  };
}

/** Paths (vault-relative) of the Markdown notes directly in `folder` (`/`: the vault root). */
async function notesIn(vault: string, folder: string): Promise<string[]> {
  const dir = folder.trim().replace(/^\/+|\/+$/g, "");
  const names = await readdir(path.join(vault, dir)).catch(() => [] as string[]);
  return names.filter((n) => n.endsWith(".md")).map((n) => (dir === "" ? n : `${dir}/${n}`));
}

/** Runs `assist time`; resolves to the exit code. */
export async function runAssistTime(vault: string, configDir: string, day: string | undefined, json: boolean, io: { stdout(t: string): void; stderr(t: string): void }, core: TimeCore): Promise<number> {
  if (day !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(day.trim())) {
    io.stderr("jira-vault-sync assist: --day takes a date such as 2026-12-03.\n");
    return 2;
  }
  const { pluginDir, settings } = await loadVaultSettings(vault, configDir, (m) => new Error(m));
  const store = new FsStore(pluginDir);
  const activity = readActivity(await store.load(ACTIVITY_FILE));
  const state = await loadSiteState(store, settings.siteUrl);
  const zone = myselfTimeZone(state) ?? systemTimeZone();
  const config = toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig);
  const tt = timeTrackingOf(config);
  const places = { keyProperty: keyPropertyOf(config), sectionHeading: tt.sectionHeading, dailyFolder: tt.dailyFolder, dailyFormat: tt.dailyFormat, hoursPerDay: tt.hoursPerDay, daysPerWeek: tt.daysPerWeek };
  const base = fsVault(vault, state);
  const daily = tt.dailyFolder.trim() === "" ? [] : await notesIn(vault, tt.dailyFolder);
  const the = day?.trim() ?? localDay(Date.now(), zone);
  const found = await daySuggestions(core, { ...base, notesIn: () => daily }, activity.spans, the, places, settings.timeSuggestions.roundMinutes, zone);
  if (json) {
    io.stdout(`${JSON.stringify({ day: found.day, timeZone: zone, recorded: activity.spans.length > 0, suggestions: found.suggestions }, null, 2)}\n`);
    return 0;
  }
  if (activity.spans.length === 0) {
    io.stdout("No editing activity recorded. Turn on Suggest time from editing activity in the plugin's settings in Obsidian; recording needs Obsidian's editor.\n");
    return 0;
  }
  if (found.suggestions.length === 0) {
    io.stdout(`No time suggestions for ${found.day} (${zone}).\n`);
    return 0;
  }
  io.stdout(`Time suggestions for ${found.day} (${zone}):\n`);
  for (const s of found.suggestions) io.stdout(`  ${s.key}: ${s.duration} (edited ${s.activeMinutes} min, logged ${s.loggedMinutes} min) → ${s.path}\n`);
  return 0;
}
