// The command "Arrange notes by epic" (docs/epic-folders.md): for a vault switching *Child notes in their epic's
// folder* on, a dry run in the `arrange` mode lists every note that would move into its epic's folder in a modal;
// its button runs the arranging sync, in which each move is guarded (the note moves only while it holds the text
// the sync read and nothing is at the target; Obsidian's file manager moves it, so links follow). Logic lives in
// ../sync/sync-service.ts (previewArrange); this file only wires Obsidian. Paths reach the modal as text only.
import { type App, Modal, Notice, type Plugin, Setting } from "obsidian";
import type { SettingsStore } from "../data/plugin-data";
import type { MovedNote } from "../sync/types";
import type { SyncController } from "./sync-controller";

export interface EpicFolderCommandDeps {
  app: App;
  settings: SettingsStore;
  controller: SyncController;
}

/** Registers "Arrange notes by epic". */
export function registerEpicFolderCommands(plugin: Plugin, deps: EpicFolderCommandDeps): void {
  plugin.addCommand({ id: "arrange-notes-by-epic", name: "Arrange notes by epic", callback: () => void arrange(deps) });
}

async function arrange(deps: EpicFolderCommandDeps): Promise<void> {
  if (!deps.settings.get().sync.epicFolders) {
    new Notice("The epic folder layout is off. Turn it on in the plugin settings first.");
    return;
  }
  const notice = new Notice("Looking for notes to arrange…", 0);
  try {
    const result = await deps.controller.service.previewArrange();
    notice.hide();
    if (typeof result === "string") {
      new Notice(`Arranging did not run: ${result}`);
      return;
    }
    const run = () => void deps.controller.run({ kind: "arrange" }, "user");
    new ArrangePreviewModal(deps.app, result.moves, result.problems, run).open();
  } catch (e) {
    notice.hide();
    new Notice(`Arranging failed: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** The moves an arranging sync would make now, and the problems the dry run met; its button makes them. */
export class ArrangePreviewModal extends Modal {
  constructor(
    app: App,
    private readonly moves: readonly MovedNote[],
    private readonly problems: readonly string[],
    private readonly onMove: () => void,
  ) {
    super(app);
  }

  override onOpen(): void {
    const { contentEl } = this;
    this.setTitle("Arrange notes by epic");
    if (this.moves.length === 0) contentEl.createEl("p", { text: "Every child note is in its epic's folder already. Nothing to move." });
    else contentEl.createEl("p", { text: `${this.moves.length} ${this.moves.length === 1 ? "note moves" : "notes move"} into the folder of their epic. Nothing was moved yet.` });
    const list = contentEl.createEl("ul");
    for (const m of this.moves) {
      const item = list.createEl("li");
      item.createEl("strong", { text: m.key });
      item.appendText(`: ${m.from} → ${m.to}`);
    }
    if (this.problems.length > 0) {
      contentEl.createEl("h4", { text: "Problems" });
      const problems = contentEl.createEl("ul");
      for (const problem of this.problems) problems.createEl("li", { text: problem });
    }
    const buttons = new Setting(contentEl).addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()));
    if (this.moves.length > 0) {
      buttons.addButton((b) =>
        b
          .setButtonText(this.moves.length === 1 ? "Move 1 note" : `Move ${this.moves.length} notes`)
          .setCta()
          .onClick(() => {
            this.close();
            this.onMove();
          }),
      );
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}
