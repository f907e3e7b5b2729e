// The sync log view: the service's log, newest first, one row per entry with time, level, the note (a link
// that opens it), the issue key and the message. Built with createEl only (all text from Jira and notes is
// untrusted); redrawn whenever the log changes while the view is open.
import { ItemView, type WorkspaceLeaf } from "obsidian";
import { type SyncService } from "../sync/sync-service";

export const SYNC_LOG_VIEW = "jira-vault-sync-log";

export class SyncLogView extends ItemView {
  private stop: (() => void) | null = null;

  constructor(
    leaf: WorkspaceLeaf,
    private readonly service: SyncService,
  ) {
    super(leaf);
  }

  getViewType(): string {
    return SYNC_LOG_VIEW;
  }

  getDisplayText(): string {
    return "Jira sync log";
  }

  override getIcon(): string {
    return "list";
  }

  override onOpen(): Promise<void> {
    this.stop = this.service.onChange(() => this.draw());
    this.draw();
    return Promise.resolve();
  }

  override onClose(): Promise<void> {
    this.stop?.();
    this.stop = null;
    return Promise.resolve();
  }

  /** Renders the log into the view. */
  draw(): void {
    const root = this.contentEl;
    root.empty();
    root.addClass("jvs-sync-log");
    const entries = [...this.service.log()].reverse();
    if (entries.length === 0) {
      root.createEl("p", { text: "No sync has run yet." });
      return;
    }
    for (const entry of entries) {
      const row = root.createDiv({ cls: ["jvs-log-entry", `jvs-log-${entry.level}`] });
      row.createSpan({ cls: "jvs-log-time", text: new Date(entry.time).toLocaleTimeString() });
      row.createSpan({ cls: "jvs-log-level", text: entry.level });
      if (entry.site !== undefined) row.createSpan({ cls: "jvs-log-site", text: entry.site.replace(/^https?:\/\//, "") });
      if (entry.path !== undefined) {
        const path = entry.path;
        const link = row.createEl("a", { cls: "jvs-log-note", text: path, href: "#" });
        link.addEventListener("click", (e) => {
          e.preventDefault();
          void this.app.workspace.openLinkText(path, "", false);
        });
      }
      if (entry.key !== undefined) row.createSpan({ cls: "jvs-log-key", text: entry.key });
      row.createSpan({ cls: "jvs-log-message", text: entry.message });
    }
  }
}
