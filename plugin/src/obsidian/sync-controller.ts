// The sync as the app runs it: the SyncService over the Obsidian adapters (TrackingVault, an AdapterStore
// in the plugin's folder, the requestUrl transport with the token from secret storage), plus what the user
// sees of a run: a progress notice for user-started runs that take over a second, replaced by a summary
// notice at the end. Scheduled runs stay quiet unless they fail or report errors, and then say so once per
// distinct problem (`RunNotices`). The log, the last summaries and the status counts are kept in the plugin
// folder (`sync-log.json`, see `sync-history.ts`) and restored on start (`restore()`). A run without site,
// email (Cloud) or token is refused with a notice saying what is missing; with several sites, each runs in
// turn with its own transport and token, and a site that cannot run is named in a notice while the others run.
// The engine runs in a Web Worker (started at the first run with the compiled core, kept until unload), so a
// large state never holds the main thread; so does the history read after each sync (`runHistory`'s
// `offThread`). Where no worker can be had, they run in-thread between breaths.
import { type App, Notice, type TAbstractFile, TFile } from "obsidian";
import { type Core } from "../core/core";
import { type CoreHandle } from "../core/core-handle";
import { EngineWorker } from "../core/engine-worker-client";
import { type PluginDataStore, type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv, storedToken, transportFor } from "../jira/connection";
import { type OffThreadHistory, runHistory } from "../history/driver";
import { toSyncConfig } from "../settings/sync-settings";
import { withObsidianDailyNotes } from "./daily-notes";
import { storedBytes } from "../state/state-store";
import { RunNotices } from "../sync/run-notices";
import { type RunOrigin, type RunOutcome, SyncService } from "../sync/sync-service";
import { progressText } from "../sync/status-text";
import type { OffThreadEngine, ReviewedComment, RunInput, RunMode, SyncConfig } from "../sync/types";
import { nextTask } from "../core/next-task";
import { refreshProjectNotes } from "../projects/project-notes";
import { type AdapterStore, pluginFolderStore } from "./adapter-store";
import { TrackingVault } from "./sync-vault";
import type { TransitionDefaults } from "../projects/transition-defaults";
import type { ScreenQuestion } from "../transition-fields/screen-questions";

/** How long a user-started run goes before a progress notice shows. */
const PROGRESS_NOTICE_DELAY_MS = 1000;

export class SyncController {
  readonly service: SyncService;
  readonly vault: TrackingVault;
  readonly store: AdapterStore;
  readonly settings: SettingsStore;
  private runIds = 0;
  /** The engine's worker: started at the first run; null inside when none can be had (runs go in-thread). */
  private worker: Promise<EngineWorker | null> | null = null;
  /** The conflict count as last counted; null when a note changed since. */
  private conflicted: Set<string> | null = null;
  private readonly notices = new RunNotices();
  /** Tokens runs have used, kept out of the log verbatim. */
  private readonly tokens = new Set<string>();
  /** Asks the user for transition screen fields after a user's run (set by `registerTransitionQuestions`). */
  onScreenQuestions: ((questions: ScreenQuestion[]) => void) | null = null;

  constructor(
    private readonly app: App,
    pluginId: string,
    private readonly data: PluginDataStore,
    private readonly core: Core,
    env: ConnectionEnv,
    /** The core's start (the plugin starts it after the layout is ready): `current` is null until it is there. */
    private readonly startup: Pick<CoreHandle, "ready" | "current"> = { ready: Promise.resolve(core), current: core },
    /** The compiled core for the engine's worker (`coreModule`); null: no worker, the engine runs in-thread. */
    private readonly engineModule: () => WebAssembly.Module | null = () => null,
  ) {
    this.vault = new TrackingVault(app, () => Date.now());
    this.store = pluginFolderStore(app, pluginId);
    this.settings = data.settings;
    this.service = new SyncService({
      settings: () => withObsidianDailyNotes(data.settings.get(), app),
      defaults: () => core.defaultSyncConfig() as SyncConfig,
      prepare: (settings) => {
        const transport = transportFor(env, settings);
        if (typeof transport === "string") return transport;
        const token = storedToken(env, settings);
        if (token !== null && token !== "") this.tokens.add(token);
        return {
          engine: (input: RunInput) => new core.SyncEngine(input),
          engineFromStored: (input, state) => core.SyncEngine.fromStored(input, storedBytes(state.main), storedBytes(state.tmp)),
          transport,
          vault: this.vault,
          store: this.store,
          now: () => Date.now(),
          runId: () => `${Date.now().toString(36)}${(this.runIds++).toString(36)}`,
          breathe: nextTask,
          offThread: this.offThread,
        };
      },
      now: () => Date.now(),
      cache: data.issues,
      pendingConflicts: () => this.conflictCount(),
      history: this.store,
      secrets: () => [...this.tokens],
      readHistory: (prepared, options) =>
        runHistory({ engine: (input) => new core.HistoryEngine(input), offThread: this.offThreadHistory, transport: prepared.transport, store: prepared.store, breathe: nextTask }, options),
      refreshProjects: (prepared, options) => refreshProjectNotes({ core, transport: prepared.transport, vault: prepared.vault, store: prepared.store }, options),
      activity: core,
    });
  }

  /** Starts a run's engine in the worker (starting the worker first); null when there is none to be had. */
  private readonly offThread: OffThreadEngine = async (input, state, journal) => {
    const worker = await this.engineWorker();
    return worker === null ? null : worker.engine(input, state, journal);
  };

  /** Starts a history read's engine in the same worker; null when there is none to be had. */
  private readonly offThreadHistory: OffThreadHistory = async (input, history, state) => {
    const worker = await this.engineWorker();
    return worker === null ? null : worker.historyEngine(input, history, state);
  };

  /** The engine's worker, started at the first call; null when none can be had or it has died. */
  private async engineWorker(): Promise<EngineWorker | null> {
    const module = this.engineModule();
    if (module === null) return null;
    this.worker ??= EngineWorker.start(module);
    const worker = await this.worker;
    return worker === null || !worker.alive ? null : worker;
  }

  /** Stops the engine's worker (plugin unload). */
  dispose(): void {
    const worker = this.worker;
    this.worker = Promise.resolve(null);
    void worker?.then((w) => w?.terminate());
  }

  /** The restore of the earlier sessions' log, once started; `isRestored` once it has settled. */
  private restored: Promise<void> | null = null;
  private isRestored = false;

  /**
   * Loads the log, the last summaries and the status counts an earlier session kept (once: later calls share
   * the first). The plugin starts it once the layout is ready; a run asked for before waits for it.
   */
  restore(): Promise<void> {
    // A log that cannot be read leaves the log of this session alone (as SyncService.restore does).
    this.restored ??= this.service.restore().then(
      () => {
        this.isRestored = true;
      },
      () => {
        this.isRestored = true;
      },
    );
    return this.restored;
  }

  /** The effective sync configuration of the current settings. */
  config(): SyncConfig {
    const settings = this.data.settings.get();
    return toSyncConfig(settings, settings.sync, this.core.defaultSyncConfig() as SyncConfig);
  }

  /** The front matter key holding the issue key (the `key` mapping's, else `jira_key`). */
  keyField(): string {
    // Before the core has started, the default key property (the after-edit push of a note edited in the first
    // moments is then left to the next sync).
    if (this.startup.current === null) return "jira_key";
    const fields = Array.isArray(this.config().fields) ? (this.config().fields as { jira?: unknown; note?: unknown }[]) : [];
    const note = fields.find((f) => f.jira === "key")?.note;
    if (note !== null && typeof note === "object" && typeof (note as { frontmatter?: unknown }).frontmatter === "string") return (note as { frontmatter: string }).frontmatter;
    return "jira_key";
  }

  /**
   * How many notes are flagged `sync_conflict: true`. The status asks on every log entry and progress step, so
   * the vault is walked once (the first time) and the set of flagged notes is then kept up to date note by
   * note from the vault's and the metadata cache's events (`noteChanged`, `noteRemoved`): a first sync that
   * creates 10,000 notes used to walk the whole vault after each of them.
   */
  private conflictCount(): number {
    this.conflicted ??= new Set(this.conflictedPaths());
    return this.conflicted.size;
  }

  /**
   * A note was created or changed, or its metadata was indexed: its flag is read again from the cache, and the
   * sync's vault updates its candidate notes.
   */
  noteChanged(file: TAbstractFile): void {
    this.vault.noteChanged(file);
    if (this.conflicted === null || !(file instanceof TFile) || file.extension !== "md") return;
    if (this.app.metadataCache.getFileCache(file)?.frontmatter?.sync_conflict === true) this.conflicted.add(file.path);
    else this.conflicted.delete(file.path);
  }

  /** A note was deleted, or renamed away from `path`. */
  noteRemoved(path: string): void {
    this.vault.noteRemoved(path);
    this.conflicted?.delete(path);
  }

  /** Paths of the notes flagged `sync_conflict: true`, sorted. */
  conflictedPaths(): string[] {
    return this.app.vault
      .getMarkdownFiles()
      .filter((f) => (this.app.metadataCache.getFileCache(f)?.frontmatter)?.sync_conflict === true)
      .map((f) => f.path)
      .sort();
  }

  /**
   * Runs (or queues) a sync and tells the user about it as described above. With `rebuildHistory`, the issue
   * history read after the sync starts over (the command *Rebuild issue history*).
   */
  async run(mode: RunMode, origin: RunOrigin, rebuildHistory = false): Promise<RunOutcome> {
    return this.runWith(origin, () => (rebuildHistory ? this.service.requestHistoryRebuild(origin) : this.service.request(mode, origin)));
  }

  /** Posts comments the user reviewed in a run of `paths` (see `SyncService.postComments`). */
  async postComments(paths: string[], comments: ReviewedComment[]): Promise<RunOutcome> {
    return this.runWith("user", () => this.service.postComments(paths, comments));
  }

  /** Syncs `paths` again with transition screen answers the user gave (see `SyncService.retryWithAnswers`). */
  async retryWithAnswers(paths: string[], answers: TransitionDefaults): Promise<RunOutcome> {
    return this.runWith("user", () => this.service.retryWithAnswers(paths, answers));
  }

  private async runWith(origin: RunOrigin, request: () => Promise<RunOutcome>): Promise<RunOutcome> {
    let progress: Notice | null = null;
    const timer = origin === "user" ? window.setTimeout(() => (progress = new Notice(progressText(this.service.status()), 0)), PROGRESS_NOTICE_DELAY_MS) : undefined;
    const stop = this.service.onChange(() => {
      const status = this.service.status();
      if (status.progress !== null) progress?.setMessage(progressText(status));
    });
    try {
      // A run asked for while the core is still starting (sync on start-up, a quick command) waits for it.
      if (this.startup.current === null) await this.startup.ready;
      if (!this.isRestored) await this.restore();
      const outcome = await request();
      // A request merged into a queued user run shares its outcome: the user's caller reports it, once.
      if (outcome.origin === origin) for (const message of this.notices.messages(outcome)) new Notice(message);
      // A user's run whose status changes need transition screen fields: asked in Obsidian (never for schedules).
      const questions = outcome.kind === "done" && origin === "user" && outcome.origin === origin ? (outcome.report.screenQuestions ?? []) : [];
      if (questions.length > 0) this.onScreenQuestions?.(questions);
      return outcome;
    } finally {
      window.clearTimeout(timer);
      stop();
      (progress as Notice | null)?.hide();
    }
  }
}
