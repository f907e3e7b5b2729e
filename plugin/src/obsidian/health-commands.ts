// "Check vault health" (docs/health.md): runs the checks on the notes the sync reads (through Obsidian's
// metadata cache, as the sync does) and each site's sync state, rewrites the report note (settings: "Health
// report note", default Jira/Vault health.md) and shows the findings in a modal. A finding with a safe fix gets a
// "Fix" button; a move asks first and is the sync's own move (`ObsidianVault.moveIfUnchanged`: the destination
// folder made, then Obsidian's file manager, so links to the note are updated; nothing is moved onto a note). With
// the epic folder layout on, the core's fix for a child note is its epic's folder, as *Arrange notes by epic*
// moves it. Logic lives in ../health; this file only wires Obsidian. Jira's words reach the modal only as text
// (createEl).
import { type App, Modal, Notice, normalizePath, type Plugin, Setting } from "obsidian";
import type { Core } from "../core/core";
import { checkVaultHealth, type HealthFinding, type MoveFix, writeHealthReport } from "../health/health-check";
import type { Settings } from "../settings/settings";
import { toSyncConfig } from "../settings/sync-settings";
import type { SyncConfig } from "../sync/types";
import { AdapterStore } from "./adapter-store";
import { ConfirmModal } from "./confirm-modal";
import { ObsidianVault } from "./obsidian-vault";

export interface HealthCommandDeps {
  core: () => Core;
  settings: () => Settings;
}

interface HealthContext {
  app: App;
  pluginId: string;
  deps: HealthCommandDeps;
}

/** Runs the checks, writes the report note and opens the findings. */
async function checkHealth(ctx: HealthContext): Promise<void> {
  const notice = new Notice("Checking vault health…", 0);
  try {
    const settings = ctx.deps.settings();
    const core = ctx.deps.core();
    const config = toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig);
    const store = new AdapterStore(ctx.app.vault.adapter, normalizePath(`${ctx.app.vault.configDir}/plugins/${ctx.pluginId}`));
    const vault = new ObsidianVault(ctx.app);
    const findings = await checkVaultHealth(core, vault, store, config);
    const path = normalizePath(settings.healthReportPath);
    const written = await writeHealthReport(core, vault, path, findings, Date.now());
    notice.hide();
    if (written.kind === "refused") new Notice(`Health report not written: ${written.reason}.`);
    new HealthModal(ctx, findings, written.kind === "refused" ? null : path).open();
  } catch (e) {
    notice.hide();
    new Notice(`Vault health check failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Moves a note as the sync does (links follow, the destination folder is made); a problem, or null when moved. */
async function applyMove(app: App, fix: MoveFix): Promise<string | null> {
  const vault = new ObsidianVault(app);
  const text = await vault.read(fix.from);
  if (text === null) return `${fix.from} is no longer there.`;
  const moved = await vault.moveIfUnchanged(fix.from, fix.to, text);
  if (moved.applied) return null;
  if (moved.current === null) return `${fix.from} is no longer there.`;
  return moved.current === text ? `${fix.to} already exists; nothing was moved.` : `${fix.from} changed meanwhile; nothing was moved. Check again.`;
}

export class HealthModal extends Modal {
  constructor(
    private readonly ctx: HealthContext,
    private readonly findings: HealthFinding[],
    private readonly reportPath: string | null,
  ) {
    super(ctx.app);
  }

  override onOpen(): void {
    this.setTitle("Vault health");
    const { contentEl } = this;
    const n = this.findings.length;
    contentEl.createEl("p", { text: n === 0 ? "Nothing found: the synced notes agree with Jira and the settings." : `${n} finding${n === 1 ? "" : "s"}.` });
    if (this.reportPath !== null) {
      const path = this.reportPath;
      new Setting(contentEl).setName("Report note").setDesc(path).addButton((b) =>
        b.setButtonText("Open report").onClick(async () => {
          this.close();
          await this.ctx.app.workspace.openLinkText(path, "", false);
        }),
      );
    }
    for (const finding of this.findings) this.row(finding);
  }

  override onClose(): void {
    this.contentEl.empty();
  }

  private row(finding: HealthFinding): void {
    const where = finding.paths.length === 0 ? "Settings" : finding.paths.join(", ");
    const at = finding.line !== undefined && finding.column !== undefined ? ` (line ${finding.line}, column ${finding.column})` : "";
    const setting = new Setting(this.contentEl).setName(`${finding.severity === "error" ? "Error" : "Warning"}: ${where}${at}`).setDesc(finding.message);
    setting.settingEl.addClass("jira-vault-sync-health-finding");
    const fix = finding.fix;
    if (fix === undefined) return;
    setting.addButton((b) =>
      b.setButtonText("Fix").onClick(() => {
        new ConfirmModal(this.ctx.app, {
          title: "Move note",
          message: `Move ${fix.from} to ${fix.to}? Links to it are updated.`,
          action: "Move note",
          onConfirm: async () => {
            try {
              const problem = await applyMove(this.ctx.app, fix);
              if (problem !== null) {
                new Notice(problem);
                return;
              }
              new Notice(`Moved to ${fix.to}.`);
              b.setDisabled(true).setButtonText("Fixed");
            } catch (e) {
              new Notice(`Could not move ${fix.from}: ${e instanceof Error ? e.message : String(e)}`);
            }
          },
        }).open();
      }),
    );
  }
}

/** Registers "Check vault health" on the plugin. */
export function registerHealthCommands(plugin: Plugin, deps: HealthCommandDeps): void {
  const ctx: HealthContext = { app: plugin.app, pluginId: plugin.manifest.id, deps };
  plugin.addCommand({ id: "check-vault-health", name: "Check vault health", callback: () => void checkHealth(ctx) });
}
