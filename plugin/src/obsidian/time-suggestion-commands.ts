// Time suggestions from editing activity in Obsidian (docs/assist.md): while *Suggest time from editing
// activity* is on, the recorder counts editing of linked notes (events from time-suggestion-events.ts) and is
// saved each minute and on unload; each minute (and once the layout is ready) the end-of-day review opens when
// it is due (today after the configured time, or a missed earlier day at the next start); the command
// **Suggest time entries for today** opens it any time. The review window (createEl only) lists each
// suggestion to accept (ticked), edit (duration, comment) or reject (untick); accepted ones are written into
// the notes' worklog sections and go out with the next sync. Logic lives in ../time-suggestions.
import { type App, Modal, Notice, type Plugin } from "obsidian";
import type { Core } from "../core/core";
import type { SettingsStore } from "../data/plugin-data";
import type { Clock } from "../jira/http";
import type { JsonFileStore } from "../state/state-store";
import type { SyncConfig } from "../sync/types";
import { myselfTimeZone } from "../time/reconcile";
import { loadSiteState, timeTrackingOf } from "../time/time-report";
import { ActivityRecorder } from "../time-suggestions/recorder";
import { type AcceptedEntry, daySuggestions, dueDay, localDay, systemTimeZone, type TimeSuggestion, type WorklogPlaces, writeAccepted } from "../time-suggestions/suggest";
import { obsidianDailyNotes } from "./daily-notes";
import { obsidianEditingEvents, obsidianSuggestVault } from "./time-suggestion-events";

export interface TimeSuggestionDeps {
  app: App;
  /** The core once it has started, else null. */
  core: () => Core | null;
  settings: SettingsStore;
  /** The plugin folder's store (the activity file, the sync state for the user's zone). */
  store: JsonFileStore;
  clock: Clock;
  /** The front matter property of the issue key. */
  keyField: () => string;
  /** The effective sync configuration (time tracking: worklog section, daily notes, hours per day). */
  config: () => SyncConfig;
}

const CHECK_MS = 60_000;

function places(deps: TimeSuggestionDeps): WorklogPlaces {
  const tt = timeTrackingOf(deps.config());
  const daily = tt.dailyFolder.trim() === "" ? obsidianDailyNotes(deps.app) : null;
  return {
    keyProperty: deps.keyField(),
    sectionHeading: tt.sectionHeading,
    dailyFolder: daily?.folder ?? tt.dailyFolder,
    dailyFormat: daily?.format ?? tt.dailyFormat,
    hoursPerDay: tt.hoursPerDay,
    daysPerWeek: tt.daysPerWeek,
  };
}

/** The user's zone: the Jira user's (as worklog times are written), else this computer's. */
async function timeZone(deps: TimeSuggestionDeps): Promise<string> {
  return myselfTimeZone(await loadSiteState(deps.store, deps.settings.get().siteUrl)) ?? systemTimeZone();
}

class TimeReviewModal extends Modal {
  constructor(
    app: App,
    private readonly day: string,
    private readonly suggestions: TimeSuggestion[],
    private readonly write: (entries: AcceptedEntry[]) => Promise<string[]>,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.setTitle(`Time suggestions for ${this.day}`);
    const { contentEl } = this;
    if (this.suggestions.length === 0) {
      contentEl.createEl("p", { text: "Nothing to suggest: no editing of linked notes beyond the time already logged." });
      return;
    }
    contentEl.createEl("p", { text: "From your editing of linked notes, less the time already logged. Accepted entries go into each note's worklog section." });
    const rows = this.suggestions.map((s) => {
      const row = contentEl.createDiv({ cls: "jvs-time-suggestion" });
      const label = row.createEl("label");
      const accept = label.createEl("input", { type: "checkbox" });
      accept.checked = true;
      label.createSpan({ text: ` ${s.key}: ${s.duration}` });
      row.createDiv({ cls: "setting-item-description", text: `${s.path} · edited ${s.activeMinutes} min, logged ${s.loggedMinutes} min` });
      const duration = row.createEl("input", { type: "text", value: s.duration, attr: { "aria-label": "Duration" } });
      const comment = row.createEl("input", { type: "text", placeholder: "Comment (optional)", attr: { "aria-label": "Comment" } });
      return { s, accept, duration, comment };
    });
    const problems = contentEl.createDiv({ cls: "jvs-setting-error" });
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    buttons.createEl("button", { text: "Cancel" }).addEventListener("click", () => this.close());
    const write = buttons.createEl("button", { cls: "mod-cta", text: "Write accepted to notes" });
    write.addEventListener("click", () => {
      const entries = rows.filter((r) => r.accept.checked).map((r) => ({ key: r.s.key, path: r.s.path, duration: r.duration.value, comment: r.comment.value }));
      if (entries.length === 0) {
        this.close();
        return;
      }
      void this.write(entries).then((found) => {
        problems.empty();
        if (found.length === 0) this.close();
        for (const p of found) problems.createDiv({ text: p });
      });
    });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** Opens the review of `day` (`quiet`: not when there is nothing to suggest). */
async function review(deps: TimeSuggestionDeps, recorder: ActivityRecorder, core: Core, day: string, zone: string, quiet: boolean): Promise<void> {
  await recorder.flush();
  const record = await recorder.activity();
  const where = places(deps);
  const vault = obsidianSuggestVault(deps.app, deps.keyField);
  const round = deps.settings.get().timeSuggestions.roundMinutes;
  const found = await daySuggestions(core, vault, record.spans, day, where, round, zone);
  if (quiet && found.suggestions.length === 0) return;
  new TimeReviewModal(deps.app, day, found.suggestions, async (entries) => {
    const { written, problems } = await writeAccepted(core, vault, day, entries, where);
    if (problems.length > 0 && written === 0) return problems;
    const syncing = timeTrackingOf(deps.config()).enabled ? "the sync takes them to the site" : "time tracking is off in the sync settings, so they stay in the notes";
    new Notice(`Wrote ${written} worklog line${written === 1 ? "" : "s"}; ${syncing}.`);
    return problems;
  }).open();
}

/** Registers recording, the end-of-day review and **Suggest time entries for today** (call once from main.ts). */
export function registerTimeSuggestions(plugin: Plugin, deps: TimeSuggestionDeps): void {
  const recorder = new ActivityRecorder(deps.store, deps.clock, () => deps.settings.get().timeSuggestions);
  const events = obsidianEditingEvents(deps.app, deps.keyField);
  let stop: (() => void) | null = null;
  let interval: number | null = null;
  const check = async () => {
    await recorder.flush();
    const core = deps.core();
    const s = deps.settings.get().timeSuggestions;
    if (core === null || !s.enabled) return;
    const zone = await timeZone(deps);
    const record = await recorder.activity();
    const day = dueDay(deps.clock.now(), zone, s.endOfDay, record.shownDay, record.spans);
    if (day === null) return;
    await recorder.markShown(day);
    await review(deps, recorder, core, day, zone, true);
  };
  const follow = () => {
    const on = deps.settings.get().timeSuggestions.enabled;
    if (on && stop === null) {
      stop = events.subscribe(recorder);
      interval = window.setInterval(() => void check().catch((e: unknown) => console.error("Jira Vault Sync: time suggestions", e)), CHECK_MS);
      void check().catch(() => undefined);
    } else if (!on && stop !== null) {
      stop();
      stop = null;
      if (interval !== null) window.clearInterval(interval);
      interval = null;
    }
  };
  // Nothing is read or subscribed before the layout is ready (onload reads no setting at app start-up).
  deps.app.workspace.onLayoutReady(follow);
  plugin.register(deps.settings.onChange(follow));
  plugin.register(() => {
    stop?.();
    if (interval !== null) window.clearInterval(interval);
    void recorder.flush();
  });
  plugin.addCommand({
    id: "suggest-time-entries",
    name: "Suggest time entries for today",
    callback: () => {
      const core = deps.core();
      if (core === null) {
        new Notice("The plugin is still starting; try again in a moment.");
        return;
      }
      if (!deps.settings.get().timeSuggestions.enabled) {
        new Notice("Time suggestions are off: turn them on in the settings (nothing is recorded while they are off).");
        return;
      }
      void timeZone(deps)
        .then((zone) => review(deps, recorder, core, localDay(deps.clock.now(), zone), zone, false))
        .catch((e: unknown) => new Notice(`Could not suggest time: ${e instanceof Error ? e.message : String(e)}`));
    },
  });
}
