// Entry point: the Obsidian plugin class. Loads the stored data and wires badges (reading view, header, live
// preview), the settings tab, the badge command and the two-way sync (commands, status bar, sync log view,
// schedules) at once; the Rust core starts only after the workspace layout is ready (CoreHandle), so opening
// the app never waits for the wasm. The stored data is read on first use; the sync log of earlier sessions, the
// status bar's first draw and the sync interval wait for the layout too. Obsidian undoes every registration on
// unload.
import { type Command, debounce, Notice, Plugin } from "obsidian";
import { BadgeSource } from "./badges/badge-source";
import { coreModule, loadCore } from "./core/core";
import { CoreHandle } from "./core/core-handle";
import { startFailureMessage } from "./core/platform-support";
import { PluginDataStore } from "./data/plugin-data";
import { jiraKeyEditorExtension } from "./editor/key-decorations";
import { pluginFolderStore } from "./obsidian/adapter-store";
import { isLivePreview } from "./obsidian/live-preview";
import { headerBadgeProcessor, inlineBadgeProcessor } from "./obsidian/reading-view";
import { refreshBadges } from "./obsidian/refresh";
import { RequestUrlHttpClient, windowClock } from "./obsidian/http-requesturl";
import { ObsidianSecretStore } from "./obsidian/secret-storage";
import { JiraSettingTab } from "./obsidian/settings-tab";
import { showKeysCommand } from "./obsidian/show-keys-command";
import { withStartingNotice } from "./obsidian/starting-notice";
import { registerSyncCommands } from "./obsidian/sync-commands";
import { SyncController } from "./obsidian/sync-controller";
import { registerTransitionQuestions } from "./obsidian/transition-questions";
import { SYNC_LOG_VIEW, SyncLogView } from "./obsidian/sync-log-view";
import { registerSchedules, registerStatusBar } from "./obsidian/sync-schedule";
import { registerHealthCommands } from "./obsidian/health-commands";
import { registerQueryBlocks } from "./obsidian/query-blocks";
import { registerReportCommands } from "./obsidian/report-commands";
import { registerTimeCommands } from "./obsidian/time-commands";
import { registerProjectCommands } from "./obsidian/project-commands";
import { RuleStatsCache } from "./automation/stats";
import { stateFileNames } from "./sync/driver";
import { registerAutomationRules } from "./obsidian/automation-rules";
import { registerAutomationCommands } from "./obsidian/automation-commands";
import { registerEpicFolderCommands } from "./obsidian/epic-folder-commands";
import { registerAssistCommands } from "./obsidian/assist-commands";
import { registerAssistSuggestCommands } from "./obsidian/assist-suggest-commands";
import { registerTimeSuggestions } from "./obsidian/time-suggestion-commands";
import { registerSummaryCommands } from "./obsidian/summary-commands";
import { allSites, knownProjectKeys } from "./settings/settings";
import { toSyncConfig } from "./settings/sync-settings";
import type { SyncConfig } from "./sync/types";

/** How long badge redraws wait for settings or cache changes to settle. */
const REFRESH_DELAY_MS = 300;

export default class JiraVaultSyncPlugin extends Plugin {
  /** The core, started once the layout is ready; `starting.ready` settles then. */
  readonly starting = new CoreHandle(loadCore);
  store: PluginDataStore | null = null;
  sync: SyncController | null = null;

  override async onload(): Promise<void> {
    const { core } = this.starting;
    this.app.workspace.onLayoutReady(() => {
      this.starting.start().catch((e: unknown) => {
        console.error("Jira Vault Sync: the core did not start", e);
        new Notice(startFailureMessage(e));
      });
    });
    // The issue cache lives in the plugin folder's `issue-cache.json` (moved there from data.json on first load).
    const folder = pluginFolderStore(this.app, this.manifest.id);
    const store = new PluginDataStore(await this.loadData(), (data) => this.saveData(data), folder);
    this.store = store;
    const badges = new BadgeSource(store.settings, store.issues, {
      // Badges draw before the core has started: the user's own mappings then (the key property falls back to
      // `jira_key`), the core's defaults once it is there (redrawn below).
      syncConfig: () => {
        const settings = store.settings.get();
        const defaults: unknown = this.starting.current?.defaultSyncConfig() ?? {};
        return toSyncConfig(settings, settings.sync, defaults as SyncConfig);
      },
      // The projects each site listed at *Test connection* are real projects too.
      siteProjects: () => allSites(store.settings.get()).flatMap((site) => knownProjectKeys(store.settings.get(), site.siteUrl)),
    });
    void this.starting.ready.then(() => badges.invalidate(), () => undefined);
    this.register(() => badges.dispose());
    const openUrl = (url: string) => {
      window.open(url);
    };

    this.registerMarkdownPostProcessor(headerBadgeProcessor(this.app, badges, openUrl));
    this.registerMarkdownPostProcessor(inlineBadgeProcessor(badges, openUrl));
    this.registerEditorExtension(
      jiraKeyEditorExtension({
        enabled: () => badges.inlineEnabled(),
        isLivePreview,
        projects: () => badges.projects(),
        model: (key) => badges.model(key),
        generation: () => badges.generation(),
        openUrl,
      }),
    );
    // Typing in the settings saves on every valid keystroke: redraw once things settle.
    const refresh = debounce(() => refreshBadges(this.app), REFRESH_DELAY_MS, true);
    this.register(() => refresh.cancel());
    this.register(badges.onChange(() => refresh()));

    const connection = {
      pluginId: this.manifest.id,
      secrets: new ObsidianSecretStore(this.app.secretStorage),
      http: new RequestUrlHttpClient(),
      clock: windowClock,
    };
    // The tab validates every value with the core: it appears once the core has started (tens of milliseconds
    // after the layout is ready), so it never opens on a core that is still starting.
    void this.starting.ready.then(
      () => this.addSettingTab(new JiraSettingTab(this.app, this, store.settings, connection, core)),
      () => undefined,
    );
    this.addCommand({
      id: "show-jira-keys",
      name: "Show issue keys in current note",
      checkCallback: showKeysCommand(this.app, () => core, () => badges.projects()),
    });

    const sync = new SyncController(this.app, this.manifest.id, store, core, connection, this.starting, coreModule);
    this.sync = sync;
    this.register(() => sync.dispose());
    // The conflict count follows the notes one event at a time (see SyncController.noteChanged).
    this.registerEvent(this.app.vault.on("create", (file) => sync.noteChanged(file)));
    this.registerEvent(this.app.vault.on("modify", (file) => sync.noteChanged(file)));
    this.registerEvent(this.app.vault.on("delete", (file) => sync.noteRemoved(file.path)));
    this.registerEvent(
      this.app.vault.on("rename", (file, oldPath) => {
        sync.noteRemoved(oldPath);
        sync.noteChanged(file);
      }),
    );
    this.registerEvent(this.app.metadataCache.on("changed", (file) => sync.noteChanged(file)));
    // The log and status of earlier sessions, and the badges' issue cache, once the layout is ready (before the
    // status bar's first draw).
    this.app.workspace.onLayoutReady(() => {
      void sync.restore();
      void store.cacheFile?.loaded;
    });
    this.registerView(SYNC_LOG_VIEW, (leaf) => new SyncLogView(leaf, sync.service));
    const openLog = () => this.openSyncLog();
    registerSyncCommands(this, { app: this.app, core, settings: store.settings, controller: sync, openLog, openUrl });
    registerTransitionQuestions(this, { app: this.app, controller: sync, settings: store.settings });
    registerStatusBar(this, sync, openLog);
    registerAutomationCommands(this, { app: this.app, settings: store.settings, controller: sync });
    registerEpicFolderCommands(this, { app: this.app, settings: store.settings, controller: sync });
    registerSchedules(this, store.settings, sync);
    registerProjectCommands(this, { app: this.app, service: sync.service, settings: store.settings, defaultStatuses: () => (core.defaultSyncConfig() as { statuses: unknown[] }).statuses });
    this.registerTimeTracking(store, sync);
    const assistDeps = { app: this.app, core: () => this.starting.core, store: folder, settings: store.settings, connection, sync: async () => void (await sync.run({ kind: "sync" }, "user")) };
    registerAssistCommands(this, assistDeps);
    registerAssistSuggestCommands(this, assistDeps);
    registerTimeSuggestions(this, { app: this.app, core: () => this.starting.current, settings: store.settings, store: folder, clock: windowClock, keyField: () => sync.keyField(), config: () => sync.config() });
    registerSummaryCommands(this, { ...assistDeps, postComments: (paths, comments) => sync.postComments(paths, comments) });
    registerQueryBlocks(this, { app: this.app, pluginId: this.manifest.id, core: this.starting.ready, settings: store.settings, connection, openUrl });
    const ruleStats = new RuleStatsCache(() => Promise.all(allSites(store.settings.get()).map((site) => sync.store.load(stateFileNames(site.siteUrl).state))));
    registerAutomationRules(this, { app: this.app, core: this.starting.ready, coreNow: () => this.starting.core, settings: store.settings, stats: ruleStats.get });
    // Enabled in a running app (the layout was ready, the core is starting now): nothing waits for this plugin's
    // onload then, so it returns with the core ready and the earlier sessions' log restored. At app start-up it
    // has long returned by the time the layout is ready: it reads no setting and no file (issue #13 goal 3).
    if (this.app.workspace.layoutReady) {
      await this.starting.ready.catch(() => undefined);
      await sync.restore();
    }
  }

  /** Every command goes through here: one needing the core while it starts says so (see starting-notice.ts). */
  override addCommand(command: Command): Command {
    return super.addCommand(withStartingNotice(command));
  }

  /** Shows the sync log view, opening it in the right sidebar when it is not open yet. */
  async openSyncLog(): Promise<void> {
    const { workspace } = this.app;
    let leaf = workspace.getLeavesOfType(SYNC_LOG_VIEW)[0] ?? null;
    if (leaf === null) {
      leaf = workspace.getRightLeaf(false);
      if (leaf === null) return;
      await leaf.setViewState({ type: SYNC_LOG_VIEW, active: true });
    }
    await workspace.revealLeaf(leaf);
  }

  /** The time-tracking commands ("Reconcile time", "Time report"). */
  private registerTimeTracking(store: PluginDataStore, sync: SyncController): void {
    registerTimeCommands(this, {
      core: () => this.starting.core,
      settings: () => store.settings.get(),
      sync: async () => {
        await sync.run({ kind: "sync" }, "user");
      },
    });
    registerReportCommands(this, { core: () => this.starting.core, settings: () => store.settings.get() });
    registerHealthCommands(this, { core: () => this.starting.core, settings: () => store.settings.get() });
  }
}
