// When the sync runs by itself, from the settings: once after the layout is ready (sync on startup), every
// N minutes (an interval re-made whenever the setting changes, cleared on unload), and ~5 s after the last
// edit of a linked note (mode `notes` for that path; the sync's own writes are ignored). Also the status bar
// item, which follows the service (its text and tooltip change only when they differ), opens the sync log
// when clicked and can be hidden in the settings. Until a site and a scope (projects or JQL) are set, a
// scheduled run does not start: the sync log says what is missing, once per problem (no notices).
import { type Plugin, TFile } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { scopeProblem } from "../settings/settings";
import type { RunMode } from "../sync/types";
import { statusBarLabel, statusBarText } from "../sync/status-text";
import { type SyncController } from "./sync-controller";

/** Quiet time after the last edit of a linked note before it is pushed. */
export const CHANGE_DELAY_MS = 5000;

export function registerSchedules(plugin: Plugin, settings: SettingsStore, controller: SyncController): void {
  const { app } = plugin;
  let told: string | null = null;
  const scheduled = (mode: RunMode) => {
    const problem = scopeProblem(settings.get());
    if (problem !== null) {
      if (problem !== told) controller.service.addLog({ level: "warning", message: `Scheduled sync did not run: ${problem}` });
      told = problem;
      return;
    }
    told = null;
    void controller.run(mode, "scheduled");
  };
  app.workspace.onLayoutReady(() => {
    if (settings.get().sync.syncOnStartup) scheduled({ kind: "sync" });
  });

  let interval: number | null = null;
  let minutes = -1;
  const schedule = () => {
    const next = settings.get().sync.intervalMinutes;
    if (next === minutes) return;
    minutes = next;
    if (interval !== null) window.clearInterval(interval);
    interval = null;
    if (next > 0) {
      interval = plugin.registerInterval(window.setInterval(() => scheduled({ kind: "sync" }), next * 60_000));
    }
  };
  // The interval is first set once the layout is ready: `onload` reads no setting at app start-up.
  app.workspace.onLayoutReady(schedule);
  plugin.register(settings.onChange(schedule));

  const timers = new Map<string, number>();
  plugin.register(() => {
    for (const timer of timers.values()) window.clearTimeout(timer);
    timers.clear();
  });
  plugin.registerEvent(
    app.vault.on("modify", (file) => {
      if (!(file instanceof TFile) || file.extension !== "md" || !settings.get().sync.syncOnChange) return;
      if (controller.vault.wroteRecently(file.path)) return;
      const fm = app.metadataCache.getFileCache(file)?.frontmatter;
      if (typeof fm?.[controller.keyField()] !== "string") return;
      const path = file.path;
      const old = timers.get(path);
      if (old !== undefined) window.clearTimeout(old);
      timers.set(
        path,
        window.setTimeout(() => {
          timers.delete(path);
          scheduled({ kind: "notes", paths: [path] });
        }, CHANGE_DELAY_MS),
      );
    }),
  );
}

/** Adds the status bar item (hidden while the "Show sync status" setting is off); clicking it calls `openLog`. */
export function registerStatusBar(plugin: Plugin, controller: SyncController, openLog: () => Promise<void>): void {
  // The item is made, drawn and wired when the layout is ready (nothing to show before: the status of earlier
  // sessions is restored then, see main.ts), so `onload` at app start-up builds no DOM for it (issue #13 goal 3).
  let unloaded = false;
  plugin.register(() => {
    unloaded = true;
  });
  plugin.app.workspace.onLayoutReady(() => {
    if (unloaded) return;
    const el = plugin.addStatusBarItem();
    el.addClass("mod-clickable");
    let text = "";
    let label = "";
    const draw = () => {
      const status = controller.service.status();
      const nextText = statusBarText(status, Date.now());
      const nextLabel = statusBarLabel(status, controller.service.siteSummaries());
      if (nextText !== text) el.setText((text = nextText));
      if (nextLabel !== label) el.setAttr("aria-label", (label = nextLabel));
    };
    const visibility = () => el.toggle(controller.settings.get().sync.showStatusBar);
    draw();
    visibility();
    plugin.register(controller.service.onChange(draw));
    plugin.register(controller.settings.onChange(visibility));
    plugin.registerEvent(plugin.app.metadataCache.on("changed", draw));
    plugin.registerDomEvent(el, "click", () => void openLog());
  });
}
