// The automation commands (docs/automation.md): "Preview automation" runs the sync as a dry run with the rules
// note's rules and lists every firing (rule, issue, each action with its exact values) in a modal, writing
// nothing and remembering nothing; "Run automation now" runs a sync, in which the rules run when automation is
// on. Logic lives in ../sync/sync-service.ts (previewAutomation); this file only wires Obsidian. Rule and Jira
// texts reach the modal only as text (createEl), never as HTML.
import { type App, Modal, Notice, type Plugin } from "obsidian";
import type { FiringReport } from "../automation/run-input";
import type { SettingsStore } from "../data/plugin-data";
import type { SyncController } from "./sync-controller";

export interface AutomationCommandDeps {
  app: App;
  settings: SettingsStore;
  controller: SyncController;
}

/** Registers "Preview automation" and "Run automation now". */
export function registerAutomationCommands(plugin: Plugin, deps: AutomationCommandDeps): void {
  plugin.addCommand({ id: "preview-automation", name: "Preview automation", callback: () => void preview(deps) });
  plugin.addCommand({
    id: "run-automation-now",
    name: "Run automation now",
    callback: () => {
      if (!deps.settings.get().automation.enabled) {
        new Notice("Automation is off. Turn it on in the plugin settings, or preview what it would do first.");
        return;
      }
      void deps.controller.run({ kind: "sync" }, "user");
    },
  });
}

async function preview(deps: AutomationCommandDeps): Promise<void> {
  const notice = new Notice("Previewing automation…", 0);
  try {
    const result = await deps.controller.service.previewAutomation();
    notice.hide();
    if (typeof result === "string") {
      new Notice(`Automation preview did not run: ${result}`);
      return;
    }
    new AutomationPreviewModal(deps.app, deps.settings.get().automation.rulesPath, result.firings, result.problems).open();
  } catch (e) {
    notice.hide();
    new Notice(`Automation preview failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The firings a sync would make now, rule by rule, and the rules' problems. */
export class AutomationPreviewModal extends Modal {
  constructor(
    app: App,
    private readonly rulesPath: string,
    private readonly firings: readonly FiringReport[],
    private readonly problems: readonly string[],
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle("Automation preview");
    contentEl.createEl("p", { text: `Rules from ${this.rulesPath}. Nothing was written; firings are not remembered.` });
    if (this.firings.length === 0) contentEl.createEl("p", { text: "No rule would fire now." });
    for (const firing of this.firings) {
      const block = contentEl.createDiv({ cls: "jira-vault-sync-firing" });
      block.createEl("h4", { text: `${firing.rule} → ${firing.key}` });
      const list = block.createEl("ul");
      for (const action of firing.actions) list.createEl("li", { text: action });
    }
    if (this.problems.length > 0) {
      contentEl.createEl("h4", { text: "Problems" });
      const list = contentEl.createEl("ul");
      for (const problem of this.problems) list.createEl("li", { text: problem });
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
