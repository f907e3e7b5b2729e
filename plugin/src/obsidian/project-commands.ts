// The project commands (issue #15, docs/projects.md): "Refresh project notes" (the project notes and Bases
// files of every site now, without a sync) and "Map unmapped statuses…" (a modal listing the Jira statuses no
// status mapping covers, found at the last refresh; one click maps one to a vault state and saves the
// settings). Logic lives in ../projects; this file only wires Obsidian.
import { type App, Modal, Notice, type Plugin, Setting } from "obsidian";
import type { SettingsStore } from "../data/plugin-data";
import { effectiveStatuses, mapStatus, statesOf } from "../projects/status-mapping";
import type { UnmappedStatus } from "../projects/project-notes";
import type { SyncService } from "../sync/sync-service";

export interface ProjectCommandDeps {
  app: App;
  service: SyncService;
  settings: SettingsStore;
  /** The core's default status table (the effective one while the settings keep none). */
  defaultStatuses: () => readonly unknown[];
}

class MapStatusesModal extends Modal {
  constructor(
    private readonly deps: ProjectCommandDeps,
    private readonly unmapped: readonly UnmappedStatus[],
  ) {
    super(deps.app);
  }

  override onOpen(): void {
    this.titleEl.setText("Map unmapped statuses");
    this.contentEl.createEl("p", { text: "These statuses map to no vault state. Pick a state for one and map it: the status mapping in the settings is saved at once." });
    const table = () => effectiveStatuses(this.deps.settings.get().sync.statuses, this.deps.defaultStatuses());
    for (const u of this.unmapped) {
      let state = statesOf(table())[0] ?? "";
      const row = new Setting(this.contentEl).setName(u.status).setDesc(`${u.project}: ${u.issueTypes.join(", ")}`);
      row.addDropdown((d) => {
        for (const s of statesOf(table())) d.addOption(s, s);
        d.setValue(state).onChange((v) => (state = v));
      });
      row.addButton((b) =>
        b.setButtonText("Map").onClick(async () => {
          const sync = this.deps.settings.get().sync;
          await this.deps.settings.update({ sync: { ...sync, statuses: mapStatus(table(), u.status, state) } });
          row.setDesc(`${u.project}: mapped to ${state}`);
          row.setDisabled(true);
        }),
      );
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** Registers the two commands (call once from main.ts). */
export function registerProjectCommands(plugin: Plugin, deps: ProjectCommandDeps): void {
  plugin.addCommand({
    id: "refresh-project-notes",
    name: "Refresh project notes",
    callback: async () => {
      const lines = await deps.service.refreshProjectNotes();
      new Notice(lines.filter((l) => l !== "").join("\n") || "Project notes are up to date.");
    },
  });
  plugin.addCommand({
    id: "map-unmapped-statuses",
    name: "Map unmapped statuses…",
    callback: async () => {
      if (deps.service.unmappedStatuses().length === 0) await deps.service.refreshProjectNotes();
      const unmapped = deps.service.unmappedStatuses();
      if (unmapped.length === 0) new Notice("Every status of the synced projects maps to a vault state.");
      else new MapStatusesModal(deps, unmapped).open();
    },
  });
}
