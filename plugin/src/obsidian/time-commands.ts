// The time-tracking commands: "Reconcile time" (a modal of totals and problems with one-click local
// fixes, edits through `app.vault.process`) and "Time report" (a modal for the period and note path;
// writes the generated note through the vault port, never over a user's note, then opens it). Logic lives
// in ../time; this file only wires Obsidian.
import { type App, Modal, Notice, normalizePath, type Plugin, Setting, TFile } from "obsidian";
import type { Core } from "../core/core";
import type { Settings } from "../settings/settings";
import { toSyncConfig } from "../settings/sync-settings";
import type { SyncConfig } from "../sync/types";
import { applyFix, fixPath, myselfTimeZone, type Problem, type Reconciliation, reconcileInZone, reconcileInput } from "../time/reconcile";
import { DEFAULT_REPORT_PATH, isIsoDate, loadSiteState, monthPeriod, myselfId, timeTrackingOf, writeReportNote } from "../time/time-report";
import { AdapterStore } from "./adapter-store";
import { cachedNotes, ObsidianVault } from "./obsidian-vault";
import { renderReconciliation } from "./reconcile-view";

export interface TimeCommandDeps {
  core: () => Core;
  settings: () => Settings;
  /** Runs a sync, when the plugin has a sync service. */
  sync?: () => Promise<void>;
}

interface TimeContext {
  app: App;
  pluginId: string;
  deps: TimeCommandDeps;
}

function config(ctx: TimeContext): SyncConfig {
  const settings = ctx.deps.settings();
  return toSyncConfig(settings, settings.sync, ctx.deps.core().defaultSyncConfig() as SyncConfig);
}

async function state(ctx: TimeContext): Promise<Record<string, unknown>> {
  const dir = normalizePath(`${ctx.app.vault.configDir}/plugins/${ctx.pluginId}`);
  return loadSiteState(new AdapterStore(ctx.app.vault.adapter, dir), ctx.deps.settings().siteUrl);
}

async function reconcile(ctx: TimeContext): Promise<Reconciliation> {
  const notes = await cachedNotes(ctx.app);
  const s = await state(ctx);
  return reconcileInZone(ctx.deps.core(), reconcileInput(notes, s, timeTrackingOf(config(ctx)), myselfId(s)), myselfTimeZone(s));
}

class ReconcileModal extends Modal {
  constructor(private readonly ctx: TimeContext) {
    super(ctx.app);
  }

  override onOpen(): void {
    this.setTitle("Reconcile time");
    void this.refresh();
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private async refresh(): Promise<void> {
    this.contentEl.empty();
    this.contentEl.createEl("p", { text: "Reading notes…" });
    try {
      const result = await reconcile(this.ctx);
      const sync = this.ctx.deps.sync;
      renderReconciliation(this.contentEl, result, {
        fix: (p) => void this.fix(p),
        open: (path, line) => void this.ctx.app.workspace.openLinkText(path, "", false, { eState: { line: line - 1 } }),
        ...(sync === undefined ? {} : { sync: () => void sync().then(() => this.refresh()) }),
      });
    } catch (e) {
      this.contentEl.empty();
      this.contentEl.createEl("p", { text: `Could not reconcile: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private async fix(p: Problem): Promise<void> {
    const path = fixPath(p);
    const file = path === null ? null : this.ctx.app.vault.getAbstractFileByPath(normalizePath(path));
    if (!(file instanceof TFile)) {
      new Notice(`Note not found: ${path ?? ""}`);
      return;
    }
    const core = this.ctx.deps.core();
    const heading = timeTrackingOf(config(this.ctx)).sectionHeading;
    let applied = false;
    await this.ctx.app.vault.process(file, (text) => {
      const next = applyFix(p, text, heading, (t, h, l) => core.insertWorklogLine(t, h, l));
      applied = next !== null;
      return next ?? text;
    });
    if (!applied) new Notice("The note changed since it was read; nothing was edited.");
    await this.refresh();
  }
}

class TimeReportModal extends Modal {
  private period = monthPeriod(new Date());
  private path = DEFAULT_REPORT_PATH;

  constructor(private readonly ctx: TimeContext) {
    super(ctx.app);
  }

  override onOpen(): void {
    this.setTitle("Time report");
    new Setting(this.contentEl).setName("From").setDesc("First day, for example 2024-03-01.").addText((t) => t.setValue(this.period.from).onChange((v) => (this.period.from = v.trim())));
    new Setting(this.contentEl).setName("To").setDesc("Last day, included.").addText((t) => t.setValue(this.period.to).onChange((v) => (this.period.to = v.trim())));
    new Setting(this.contentEl).setName("Note").setDesc("Replaced on every run; a note there that is not a generated report is never overwritten.").addText((t) => t.setValue(this.path).onChange((v) => (this.path = v.trim())));
    new Setting(this.contentEl).addButton((b) => b.setButtonText("Write report").setCta().onClick(() => void this.write()));
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private async write(): Promise<void> {
    const { from, to } = this.period;
    if (!isIsoDate(from) || !isIsoDate(to) || to < from) {
      new Notice("Enter the period as two dates like 2024-03-01, the second not before the first.");
      return;
    }
    try {
      const tt = timeTrackingOf(config(this.ctx));
      const core = this.ctx.deps.core();
      const markdown = core.timeReportFromState(await state(this.ctx), { from, to, hoursPerDay: tt.hoursPerDay, daysPerWeek: tt.daysPerWeek });
      const path = normalizePath(this.path === "" ? DEFAULT_REPORT_PATH : this.path);
      const written = await writeReportNote(new ObsidianVault(this.ctx.app), path, markdown, (t) => core.isGeneratedReport(t));
      if (written.kind === "refused") {
        new Notice(`Time report not written: ${written.reason}.`);
        return;
      }
      this.close();
      await this.ctx.app.workspace.openLinkText(path, "", false);
    } catch (e) {
      new Notice(`Time report failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** Registers "Reconcile time" and "Time report" on the plugin. */
export function registerTimeCommands(plugin: Plugin, deps: TimeCommandDeps): void {
  const ctx: TimeContext = { app: plugin.app, pluginId: plugin.manifest.id, deps };
  plugin.addCommand({ id: "reconcile-time", name: "Reconcile time", callback: () => new ReconcileModal(ctx).open() });
  plugin.addCommand({ id: "time-report", name: "Time report", callback: () => new TimeReportModal(ctx).open() });
}
