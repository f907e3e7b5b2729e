// The report commands: "Generate report…" (a modal for the kind and parameters; writes the note in the
// reports folder and opens it) and "Refresh report" (the open report note, from its front matter). The
// site's sync state and history are read through the adapter store; the note and its charts are written
// through the vault port, never over a user's note. Logic lives in ../report; this file only wires Obsidian.
import { loadActivityText } from "../activity/activity-record";
import { type App, Modal, Notice, normalizePath, type Plugin, Setting } from "obsidian";
import type { Core } from "../core/core";
import { defaultReportPath, loadSiteHistoryText, paramsOfNote, type ReportParams, type ReportRequest, renderReport, reportKinds, teamProblems, writeRenderedReport } from "../report/reports";
import { teamNames } from "../report/teams";
import type { Settings } from "../settings/settings";
import { toSyncConfig } from "../settings/sync-settings";
import { loadWithText } from "../state/state-store";
import { stateFileNames } from "../sync/driver";
import type { SyncConfig } from "../sync/types";
import { myselfTimeZone } from "../time/reconcile";
import { isIsoDate, timeTrackingOf } from "../time/time-report";
import { AdapterStore } from "./adapter-store";
import { ObsidianVault } from "./obsidian-vault";

export interface ReportCommandDeps {
  core: () => Core;
  settings: () => Settings;
}

interface ReportContext {
  app: App;
  pluginId: string;
  deps: ReportCommandDeps;
}

/** The relative periods offered in the modal (the core reads these names). */
const PERIODS: [string, string][] = [
  ["last-7-days", "Last 7 days"],
  ["last-week", "Last week"],
  ["last-4-weeks", "Last 4 weeks"],
  ["last-12-weeks", "Last 12 weeks"],
  ["this-month", "This month"],
  ["last-month", "Last month"],
  ["custom", "Dates…"],
];

/** Generates the report for `params` at `path`, writes it and tells the user; resolves to whether it was written. */
async function generate(ctx: ReportContext, params: ReportParams, path: string): Promise<boolean> {
  const notice = new Notice("Generating report…", 0);
  try {
    const settings = ctx.deps.settings();
    const core = ctx.deps.core();
    const store = new AdapterStore(ctx.app.vault.adapter, normalizePath(`${ctx.app.vault.configDir}/plugins/${ctx.pluginId}`));
    const { value, text: stateText } = await loadWithText(store, stateFileNames(settings.siteUrl).state);
    const state = value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
    const { history, text: historyText } = await loadSiteHistoryText(store, settings.siteUrl);
    const activity = await loadActivityText(store, settings.siteUrl);
    const tt = timeTrackingOf(toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig));
    const request: ReportRequest = {
      params,
      notePath: path,
      now: Date.now(),
      state,
      history,
      settings: { hoursPerDay: tt.hoursPerDay, daysPerWeek: tt.daysPerWeek, teams: settings.reportTeams },
      timeZone: myselfTimeZone(state),
      ...(stateText === undefined || value !== state ? {} : { stateText }),
      ...(historyText === undefined ? {} : { historyText }),
      ...(activity === undefined ? {} : { activity }),
    };
    const rendered = renderReport(core, request);
    for (const problem of teamProblems(request)) new Notice(problem);
    const written = await writeRenderedReport(new ObsidianVault(ctx.app), path, rendered, (t) => core.isGeneratedReport(t));
    notice.hide();
    if (written.kind === "refused") {
      new Notice(`Report not written: ${written.reason}.`);
      return false;
    }
    new Notice(written.kind === "unchanged" ? `${path} is up to date.` : `Report written: ${path}`);
    return true;
  } catch (e) {
    notice.hide();
    new Notice(`Report failed: ${e instanceof Error ? e.message : String(e)}`);
    return false;
  }
}

class GenerateReportModal extends Modal {
  private kind = "";
  private period = "last-4-weeks";
  private from = "";
  private to = "";
  private project = "";
  private epic = "";
  private version = "";
  private team = "";

  constructor(private readonly ctx: ReportContext) {
    super(ctx.app);
  }

  override onOpen(): void {
    this.setTitle("Generate report");
    const kinds = reportKinds(this.ctx.deps.core());
    this.kind = kinds[0]?.id ?? "";
    new Setting(this.contentEl).setName("Report").addDropdown((d) => {
      d.addOptions(Object.fromEntries(kinds.map((k) => [k.id, k.title])));
      d.setValue(this.kind).onChange((v) => (this.kind = v));
    });
    const dates: Setting[] = [];
    new Setting(this.contentEl).setName("Period").addDropdown((d) => {
      d.addOptions(Object.fromEntries(PERIODS));
      d.setValue(this.period).onChange((v) => {
        this.period = v;
        for (const s of dates) s.settingEl.toggle(v === "custom");
      });
    });
    dates.push(new Setting(this.contentEl).setName("From").setDesc("First day, for example 2024-03-01.").addText((t) => t.onChange((v) => (this.from = v.trim()))));
    dates.push(new Setting(this.contentEl).setName("To").setDesc("Last day, included.").addText((t) => t.onChange((v) => (this.to = v.trim()))));
    for (const s of dates) s.settingEl.toggle(false);
    new Setting(this.contentEl).setName("Project").setDesc("A project key; empty for every synced project.").addText((t) => t.setPlaceholder("OPS").onChange((v) => (this.project = v.trim())));
    new Setting(this.contentEl).setName("Epic").setDesc("Only the issues of this epic (key); optional.").addText((t) => t.onChange((v) => (this.epic = v.trim())));
    new Setting(this.contentEl).setName("Fix version").setDesc("Optional: only the issues with this fix version, by its name.").addText((t) => t.onChange((v) => (this.version = v.trim())));
    const teams = teamNames(this.ctx.deps.settings().reportTeams);
    if (teams.length > 0) {
      new Setting(this.contentEl).setName("Team").setDesc("Only this team's people; teams are set in this plugin's settings.").addDropdown((d) => {
        const options: Record<string, string> = { "": "Everyone" };
        for (const t of teams) options[t] = t;
        d.addOptions(options);
        d.setValue("").onChange((v) => (this.team = v));
      });
    }
    new Setting(this.contentEl).addButton((b) => b.setButtonText("Generate").setCta().onClick(() => void this.write()));
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private async write(): Promise<void> {
    const kind = reportKinds(this.ctx.deps.core()).find((k) => k.id === this.kind);
    if (kind === undefined) return;
    const custom = this.period === "custom";
    if (custom && (!isIsoDate(this.from) || !isIsoDate(this.to) || this.to < this.from)) {
      new Notice("Enter the period as two dates like 2024-03-01, the second not before the first.");
      return;
    }
    const params: ReportParams = {
      kind: kind.id,
      ...(this.project === "" ? {} : { project: this.project }),
      ...(this.epic === "" ? {} : { epic: this.epic }),
      ...(this.version === "" ? {} : { version: this.version }),
      ...(this.team === "" ? {} : { team: this.team }),
      ...(custom ? { from: this.from, to: this.to } : { period: this.period }),
    };
    const path = normalizePath(defaultReportPath(this.ctx.deps.settings().reportsFolder, kind, params));
    if (await generate(this.ctx, params, path)) {
      this.close();
      await this.ctx.app.workspace.openLinkText(path, "", false);
    }
  }
}

/** Refreshes the open report note from its front matter. */
async function refresh(ctx: ReportContext): Promise<void> {
  const file = ctx.app.workspace.getActiveFile();
  if (file === null || file.extension !== "md") {
    new Notice("Open a report note to refresh it.");
    return;
  }
  let params: ReportParams;
  try {
    params = paramsOfNote(ctx.deps.core(), await ctx.app.vault.read(file));
  } catch (e) {
    new Notice(`Not refreshed: ${e instanceof Error ? e.message : String(e)}.`);
    return;
  }
  await generate(ctx, params, file.path);
}

/** Registers "Generate report…" and "Refresh report" on the plugin. */
export function registerReportCommands(plugin: Plugin, deps: ReportCommandDeps): void {
  const ctx: ReportContext = { app: plugin.app, pluginId: plugin.manifest.id, deps };
  plugin.addCommand({ id: "generate-report", name: "Generate report…", callback: () => new GenerateReportModal(ctx).open() });
  plugin.addCommand({ id: "refresh-report", name: "Refresh report", callback: () => void refresh(ctx) });
}
