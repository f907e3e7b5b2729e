// @vitest-environment happy-dom
// The BUNDLED main.js's sync log and status bar against the obsidian stub and the in-process Jira simulator:
// the log, the last summary and the status bar survive a restart (kept in the plugin folder, not data.json,
// no token in it, written once per run); the log view appends rows instead of rebuilding them on every
// progress event and filters by level and site; the status bar item can be hidden; scheduled runs raise a
// repeated problem once.
import { describe, expect, it, vi } from "vitest";
import { command as commandOf, openPlugin, PLUGIN_ID, siteApp, unloadPlugin, useBundle } from "./harness/bundle-session";
import { type FakeApp, Notice, type Plugin, Setting } from "./harness/obsidian-stub";
const HISTORY = `_config/plugins/${PLUGIN_ID}/sync-log.json`;

let app: FakeApp;
let plugin: Plugin | null = null;

interface ServiceHandle {
  busy: boolean;
  saved(): Promise<void>;
  addLog(entry: { level: string; message: string; site?: string }): void;
}

useBundle();

async function start(settings: Record<string, unknown> = {}, token: string | null = "alice-api-token"): Promise<void> {
  ({ app } = await siteApp({ settings, token }));
  await load();
}

/** A fresh plugin instance on the same app (an Obsidian restart). */
async function load(): Promise<void> {
  plugin = await openPlugin(app);
}

const current = () => plugin as Plugin;
const command = (id: string) => commandOf(current(), id);
const service = () => (current() as unknown as { sync: { service: ServiceHandle } }).sync.service;
const statusBar = () => current().statusBarItems[0]!;
const idle = () => vi.waitFor(() => expect(service().busy).toBe(false), { timeout: 15_000 });

async function openLog(): Promise<HTMLElement> {
  await command("show-sync-log").callback!();
  return (app.workspace.viewLeaves[0]!.view as { contentEl: HTMLElement }).contentEl;
}

const rowTexts = (root: HTMLElement) => [...root.querySelectorAll(".jvs-log-entry")].map((r) => r.querySelector(".jvs-log-message")!.textContent);

function choose(select: HTMLSelectElement, value: string): void {
  select.value = value;
  select.dispatchEvent(new Event("change"));
}

describe("bundled main.js: a sync log that remembers", () => {
  it("keeps the log, the last summary and the status bar across a restart, in the plugin folder, once per run", async () => {
    await start();
    await command("sync-now").callback!();
    await service().saved();
    const writes = app.vault.adapter.calls.filter((c) => c === `write ${HISTORY}.tmp`);
    expect(writes).toHaveLength(1);
    const text = app.vault.adapter.files.get(HISTORY)!;
    expect(text).toContain("Sync finished: 21 notes created.");
    expect(text).not.toContain("alice-api-token");
    expect(JSON.stringify(app.data)).not.toContain("Sync finished");
    const before = statusBar().textContent;
    expect(before).toMatch(/^Jira: synced \d\d:\d\d$/);

    unloadPlugin(current());
    await load();
    // Right after start, before any run: the bar and the log are as they were.
    expect(statusBar().textContent).toBe(before);
    expect(statusBar().getAttribute("aria-label")).toContain("Sync finished: 21 notes created.");
    const root = await openLog();
    expect(rowTexts(root)[0]).toBe("Sync finished: 21 notes created.");
    expect(root.querySelector(".jvs-log-summary")!.textContent).toContain("Sync finished: 21 notes created.");
  });

  it("at app start-up reads nothing until the layout is ready; a sync asked for before waits for the core and the earlier log", async () => {
    const intervals: number[] = [];
    vi.spyOn(window, "setInterval").mockImplementation(((_fn: () => void, ms: number) => intervals.push(ms)) as unknown as typeof window.setInterval);
    await start({ sync: { intervalMinutes: 15 } });
    await command("sync-now").callback!();
    await service().saved();
    intervals.length = 0;

    // An Obsidian restart: onload registers everything and returns without reading the log or the settings.
    unloadPlugin(current());
    app.workspace.layoutReady = false;
    const reads = vi.spyOn(app.vault.adapter, "read");
    await load();
    expect(reads).not.toHaveBeenCalled();
    // The status bar item is made once the layout is ready (nothing to show before).
    expect(current().statusBarItems).toHaveLength(0);
    expect(intervals).toEqual([]);
    // The user syncs before the layout is ready: the run waits for it, then for the core and the restored log.
    const early = command("sync-now").callback!() as Promise<unknown>;
    await new Promise((resolve) => window.setTimeout(resolve, 50));
    expect(service().busy).toBe(false);
    app.workspace.fireLayoutReady();
    expect(intervals).toEqual([15 * 60_000]);
    await early;
    expect(reads).toHaveBeenCalledWith(HISTORY);
    await idle();
    await service().saved();
    expect(statusBar().textContent).toMatch(/^Jira: synced \d\d:\d\d$/);
    const root = await openLog();
    // Newest first: the early run, then the earlier session's (which the early run did not overwrite).
    expect(rowTexts(root).slice(0, 2)).toEqual(["Sync finished: nothing to change.", "Sync finished: 21 notes created."]);
    const saved = app.vault.adapter.files.get(HISTORY)!;
    expect(saved).toContain("Sync finished: 21 notes created.");
    expect((JSON.parse(saved) as { runs: number }).runs).toBe(2);
  });

  it("appends a row per new entry instead of rebuilding the list on every progress event", async () => {
    await start();
    await command("sync-now").callback!();
    const root = await openLog();
    const rowsBefore = root.querySelectorAll(".jvs-log-entry").length;
    expect(rowsBefore).toBeGreaterThan(0);
    const first = root.querySelector(".jvs-log-entry");
    const added: Node[] = [];
    const removed: Node[] = [];
    const take = (records: MutationRecord[]) => {
      for (const r of records) {
        added.push(...r.addedNodes);
        removed.push(...r.removedNodes);
      }
    };
    const observer = new MutationObserver(take);
    observer.observe(root, { childList: true, subtree: true });
    const flush = () => take(observer.takeRecords());
    const isRow = (n: Node) => n.nodeType === Node.ELEMENT_NODE && (n as Element).classList.contains("jvs-log-entry");
    // A second sync: many progress events, one new entry ("nothing to change").
    await command("sync-now").callback!();
    await idle();
    flush();
    expect(added.filter(isRow)).toHaveLength(1);
    expect(removed.filter(isRow)).toHaveLength(0);
    // Besides the row, only the "last run" summary line is redrawn (once, at the end of the run).
    const summary = root.querySelector(".jvs-log-summary")!;
    expect(added.filter((n) => !isRow(n) && !summary.contains(n))).toEqual([]);
    expect(added.filter((n) => !isRow(n)).length).toBeLessThanOrEqual(4);
    expect(root.querySelector(".jvs-log-entry")!.textContent).toContain("Sync finished: nothing to change.");
    expect(root.querySelectorAll(".jvs-log-entry")[1]).toBe(first);
    // One entry added between runs: one row, nothing else touched.
    added.length = 0;
    removed.length = 0;
    service().addLog({ level: "info", message: "Conflict resolved: kept the note's values." });
    flush();
    expect(added.filter(isRow)).toHaveLength(1);
    expect(added).toHaveLength(1);
    expect(removed).toHaveLength(0);
    observer.disconnect();
  });

  it("filters the log by level and by site", async () => {
    await start();
    await command("sync-now").callback!();
    const root = await openLog();
    expect(root.querySelector(".jvs-log-site-filter")!.hasAttribute("data-test-hidden")).toBe(true);
    service().addLog({ level: "error", site: "https://a.example", message: "A failed" });
    service().addLog({ level: "warning", site: "https://b.example", message: "B warned" });
    service().addLog({ level: "error", site: "https://b.example", message: "B failed" });
    const level = root.querySelector<HTMLSelectElement>(".jvs-log-level-filter")!;
    const site = root.querySelector<HTMLSelectElement>(".jvs-log-site-filter")!;
    expect([...level.options].map((o) => o.textContent)).toEqual(["All levels", "Errors", "Warnings", "Conflicts", "Info"]);
    expect(site.hasAttribute("data-test-hidden")).toBe(false);
    expect([...site.options].map((o) => o.textContent)).toEqual(["All sites", "a.example", "b.example"]);
    choose(level, "error");
    expect(rowTexts(root)).toEqual(["B failed", "A failed"]);
    choose(site, "https://b.example");
    expect(rowTexts(root)).toEqual(["B failed"]);
    // New entries respect the filters.
    service().addLog({ level: "error", site: "https://a.example", message: "A failed again" });
    service().addLog({ level: "error", site: "https://b.example", message: "B failed again" });
    expect(rowTexts(root)).toEqual(["B failed again", "B failed"]);
    choose(level, "all");
    expect(rowTexts(root)).toEqual(["B failed again", "B failed", "B warned"]);
    choose(level, "conflict");
    expect(rowTexts(root)).toEqual([]);
    expect(root.querySelector(".jvs-log-empty")!.textContent).toBe("No entries match the filters.");
  });

  it("hides the status bar item when the setting is off", async () => {
    await start({ sync: { showStatusBar: false } });
    expect(statusBar().hasAttribute("data-test-hidden")).toBe(true);
    Setting.all = [];
    current().settingTabs[0]!.display();
    const row = Setting.all.find((s) => s.nameEl.textContent === "Show sync status")!;
    await row.toggles[0]!.changed?.(true);
    expect(statusBar().hasAttribute("data-test-hidden")).toBe(false);
    expect((app.data as { settings: { sync: { showStatusBar: boolean } } }).settings.sync.showStatusBar).toBe(true);
    await row.toggles[0]!.changed?.(false);
    expect(statusBar().hasAttribute("data-test-hidden")).toBe(true);
  });

  it("raises a problem of scheduled runs once; user-started runs still report", async () => {
    const intervals: (() => void)[] = [];
    vi.spyOn(window, "setInterval").mockImplementation(((fn: () => void) => {
      intervals.push(fn);
      return intervals.length;
    }) as unknown as typeof window.setInterval);
    await start({ sync: { intervalMinutes: 15 } }, null);
    const tick = async () => {
      intervals[0]!();
      await idle();
    };
    await tick();
    await tick();
    await tick();
    expect(Notice.messages).toEqual(["Jira sync did not run: Enter an API token."]);
    await command("sync-now").callback!();
    expect(Notice.messages).toHaveLength(2);
    await tick();
    expect(Notice.messages).toHaveLength(3);
    await tick();
    expect(Notice.messages).toHaveLength(3);
    // Every run is still in the log.
    const root = await openLog();
    expect(rowTexts(root).filter((t) => t === "Sync did not start: Enter an API token.")).toHaveLength(6);
  });
});
