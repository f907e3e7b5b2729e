// The sync log view: the last run's summary per site, filters (level, and site when the log names several),
// then the service's log, newest first, one row per entry with time, level, site, the note (a link that opens
// it), the issue key and the message. Built with createEl only (all text from Jira and notes is untrusted).
// Invariant: on a service change only what changed is touched: rows for new entries are prepended, rows of
// entries the log dropped are removed, the summary is redrawn only when it differs; a progress event alone
// costs no DOM work. Changing a filter redraws the list. (Entry numbers only grow while the view is open: the
// service restores an earlier session's log in onload, before a view can open.)
import { ItemView, type WorkspaceLeaf } from "obsidian";
import { type SyncLogEntry, type SyncService } from "../sync/sync-service";
import { dateTimeText } from "../sync/status-text";
import type { LogLevel } from "../sync/types";

export const SYNC_LOG_VIEW = "jira-vault-sync-log";

const LEVEL_FILTERS: Record<string, string> = { all: "All levels", error: "Errors", warning: "Warnings", conflict: "Conflicts", info: "Info" };

const host = (url: string) => url.replace(/^https?:\/\//, "");

/** The entry's local time with seconds, its date in front when it is not today's. */
function rowTime(at: number): string {
  const time = new Date(at).toLocaleTimeString();
  const day = dateTimeText(at).slice(0, 10);
  return day === dateTimeText(Date.now()).slice(0, 10) ? time : `${day} ${time}`;
}

export class SyncLogView extends ItemView {
  private stop: (() => void) | null = null;
  private summaryEl: HTMLElement | null = null;
  private siteSelect: HTMLSelectElement | null = null;
  private listEl: HTMLElement | null = null;
  private emptyEl: HTMLElement | null = null;
  /** Rendered rows, newest first. */
  private rows: { seq: number; el: HTMLElement }[] = [];
  /** The highest entry number looked at (rendered or filtered out). */
  private lastSeq = -1;
  private summaryKey = "";
  /** The first and last entry numbers of the log at the last update ("" before any). */
  private logKey = "";
  /** The sites the filter lists (null: not drawn yet). */
  private sitesKey: string | null = null;
  private level: "all" | LogLevel = "all";
  private site = "all";

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
    this.stop = this.service.onChange(() => this.update());
    this.draw();
    return Promise.resolve();
  }

  override onClose(): Promise<void> {
    this.stop?.();
    this.stop = null;
    return Promise.resolve();
  }

  /** Builds the view from scratch. */
  draw(): void {
    const root = this.contentEl;
    root.empty();
    root.addClass("jvs-sync-log");
    this.summaryEl = root.createDiv({ cls: "jvs-log-summary" });
    const filters = root.createDiv({ cls: "jvs-log-filters" });
    const levelSelect = filters.createEl("select", { cls: "dropdown jvs-log-level-filter", attr: { "aria-label": "Show entries of level" } });
    for (const [value, label] of Object.entries(LEVEL_FILTERS)) levelSelect.createEl("option", { text: label, value });
    levelSelect.value = this.level;
    levelSelect.addEventListener("change", () => {
      this.level = levelSelect.value as "all" | LogLevel;
      this.redrawList();
    });
    this.siteSelect = filters.createEl("select", { cls: "dropdown jvs-log-site-filter", attr: { "aria-label": "Show entries of site" } });
    this.siteSelect.addEventListener("change", () => {
      this.site = this.siteSelect?.value ?? "all";
      this.redrawList();
    });
    this.emptyEl = root.createEl("p", { cls: "jvs-log-empty" });
    this.emptyEl.hide();
    this.listEl = root.createDiv({ cls: "jvs-log-list" });
    this.summaryKey = "";
    this.sitesKey = null;
    this.redrawList();
  }

  /** Applies a service change: new rows, dropped rows, summary and site list when they changed. */
  update(): void {
    if (this.listEl === null) return;
    this.drawSummary();
    const entries = this.service.log();
    const logKey = `${entries[0]?.seq ?? ""}:${entries.at(-1)?.seq ?? ""}`;
    // A progress event: the log is as it was.
    if (logKey === this.logKey) return;
    this.logKey = logKey;
    if (this.drawSiteOptions()) {
      this.redrawList();
      return;
    }
    const oldest = entries[0]?.seq ?? Number.POSITIVE_INFINITY;
    while (this.rows.length > 0 && (this.rows[this.rows.length - 1] as { seq: number }).seq < oldest) this.rows.pop()?.el.remove();
    const fresh = entries.filter((e) => e.seq > this.lastSeq);
    if (fresh.length > 0) {
      this.lastSeq = (fresh[fresh.length - 1] as SyncLogEntry).seq;
      for (const entry of fresh) {
        if (!this.matches(entry)) continue;
        const el = this.row(entry);
        this.listEl.prepend(el);
        this.rows.unshift({ seq: entry.seq, el });
      }
    }
    this.drawEmpty(entries.length);
  }

  private redrawList(): void {
    if (this.listEl === null) return;
    this.listEl.empty();
    this.rows = [];
    this.lastSeq = -1;
    this.logKey = "-";
    this.update();
  }

  private matches(entry: SyncLogEntry): boolean {
    return (this.level === "all" || entry.level === this.level) && (this.site === "all" || entry.site === this.site);
  }

  private drawEmpty(total: number): void {
    const text = total === 0 ? "No sync has run yet." : this.rows.length === 0 ? "No entries match the filters." : "";
    if (this.emptyEl === null || this.emptyEl.textContent === text) return;
    this.emptyEl.setText(text);
    this.emptyEl.toggle(text !== "");
  }

  private drawSummary(): void {
    const sites = this.service.siteSummaries();
    const urls = Object.keys(sites).sort();
    const key = JSON.stringify(urls.map((u) => [u, sites[u]]));
    if (this.summaryEl === null || key === this.summaryKey) return;
    this.summaryKey = key;
    this.summaryEl.empty();
    for (const url of urls) {
      const site = sites[url];
      if (site === undefined) continue;
      const line = this.summaryEl.createDiv({ cls: "jvs-log-site-summary" });
      line.createSpan({ cls: "jvs-log-time", text: `Last run ${rowTime(site.at)}` });
      if (urls.length > 1) line.createSpan({ cls: "jvs-log-site", text: host(url) });
      line.createSpan({ cls: "jvs-log-message", text: site.summary });
    }
  }

  /**
   * The site filter lists the sites the log names; it shows only when there are several. Returns true when
   * the chosen site left the log (the filter falls back to all sites and the list must be redrawn).
   */
  private drawSiteOptions(): boolean {
    const select = this.siteSelect;
    if (select === null) return false;
    const sites = [...new Set(this.service.log().flatMap((e) => (e.site === undefined ? [] : [e.site])))].sort();
    const key = sites.join("\n");
    if (key === this.sitesKey) return false;
    this.sitesKey = key;
    select.empty();
    select.createEl("option", { text: "All sites", value: "all" });
    for (const site of sites) select.createEl("option", { text: host(site), value: site });
    const reset = this.site !== "all" && !sites.includes(this.site);
    if (reset) this.site = "all";
    select.value = this.site;
    select.toggle(sites.length > 1);
    return reset;
  }

  private row(entry: SyncLogEntry): HTMLElement {
    const row = createDiv({ cls: ["jvs-log-entry", `jvs-log-${entry.level}`] });
    row.createSpan({ cls: "jvs-log-time", text: rowTime(entry.time) });
    row.createSpan({ cls: "jvs-log-level", text: entry.level });
    if (entry.site !== undefined) row.createSpan({ cls: "jvs-log-site", text: host(entry.site) });
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
    return row;
  }
}
