// The sync service: the one place runs start from (commands, schedules, note changes). Invariants: at most
// one run at a time; a request made while a run is going is queued (one queued run at most: later requests
// merge into it, note paths united) and starts when the current run ends. It builds the run's options from
// the settings (`toSyncConfig`), keeps the last report, a bounded time-stamped log (newest last; see
// `sync-history.ts` for the bounds and the redaction of secrets), the last summary per site, a status for the
// status bar, and after every run fills the badge cache from the report's state. With a `history` store the
// log, the summaries and the status counts survive restarts (`restore()` on start, one save after each run and
// coalesced saves for entries added between runs; progress events never save). With several Jira sites
// (`allSites`), a run syncs each in turn with its own prepared deps (its transport and token), the same vault
// and the full config; a site that cannot be prepared is skipped and logged by name while the others run; the
// reports are combined (`combineReports`). No Obsidian imports: the app wiring passes the driver deps in.
import type { CachedIssue, IssueCache, StatusCategory } from "../cache/issue-cache";
import { allSites, settingsForSite, type Settings, siteUrlForKey } from "../settings/settings";
import { toSyncConfig } from "../settings/sync-settings";
import type { JsonFileStore } from "../state/state-store";
import type { HistoryOptions, HistoryReport } from "../history/driver";
import { PROJECT_REFRESH_INTERVAL_MS, projectNotesSummary, type ProjectNotesOptions, type ProjectNotesReport, type UnmappedStatus } from "../projects/project-notes";
import { count } from "../text/count";
import { linkedIssues } from "./linked-issues";
import { type ActivityCore, firingEvents, recordActivity } from "../activity/activity-record";
import { automationInput, type FiringReport } from "../automation/run-input";
import type { TransitionDefaults } from "../projects/transition-defaults";
import { mergeDefaults } from "../transition-fields/screen-questions";
import { runSync, type SyncDriverDeps, type SyncOptions, type SyncProgress } from "./driver";
import { boundLog, HISTORY_FILE, HistorySaver, readHistory, redactSecrets, type SiteSummary, type SyncHistoryData, type SyncLogEntry } from "./sync-history";
import type { MovedNote, ReviewedComment, RunMode, RunReport, SyncConfig } from "./types";

export { LOG_LIMIT, RUN_LIMIT, type SiteSummary, type SyncLogEntry } from "./sync-history";

/** Who asked for a run: the user (commands) or a schedule (startup, interval, note change). */
export type RunOrigin = "user" | "scheduled";

export interface SyncStatus {
  syncing: boolean;
  /** Progress of the current run. */
  progress: SyncProgress | null;
  /** When the last run finished (ms since the epoch), if any ran. */
  lastSyncAt: number | null;
  /** Notes waiting for the user to resolve a conflict. */
  conflicts: number;
  /** Errors of the last run (or its refusal). */
  errors: number;
}

/** What became of a request. */
export type RunOutcome =
  | { kind: "done"; report: RunReport; origin: RunOrigin; /** Sites that did not run, each "<url>: <why>". */ skipped?: string[] }
  | { kind: "refused"; reason: string; origin: RunOrigin };

export interface SyncServiceDeps {
  settings: () => Readonly<Settings>;
  /** The core's `defaultSyncConfig()`. */
  defaults: () => SyncConfig;
  /** Driver deps for one run, or a sentence saying what is missing (no site, no token…). */
  prepare: (settings: Readonly<Settings>) => Omit<SyncDriverDeps, "onProgress"> | string;
  now: () => number;
  /** The badge cache to fill after each run. */
  cache?: IssueCache;
  /** Notes currently flagged `sync_conflict` (the vault's truth); defaults to the last report's count. */
  pendingConflicts?: () => number;
  /** Runs a function (the driver) — the default just calls it; tests may wrap it. */
  run?: typeof runSync;
  /** Where the log, the last summaries and the status counts are kept across restarts (the plugin folder). */
  history?: JsonFileStore;
  /** Secrets to keep out of the log (the sites' tokens), matched verbatim on top of the generic patterns. */
  secrets?: () => readonly string[];
  /**
   * Updates a site's issue history after its sync succeeded (`runHistory` with the engine wired in); absent:
   * no history is kept. Its summary line, and its error when it fails, go to the log.
   */
  readHistory?: (prepared: Omit<SyncDriverDeps, "onProgress">, options: HistoryOptions) => Promise<HistoryReport>;
  /** Refreshes the site's project notes and Bases files (after a sync when the setting is on, and on command). */
  refreshProjects?: (prepared: Omit<SyncDriverDeps, "onProgress">, options: ProjectNotesOptions) => Promise<ProjectNotesReport>;
  /** The core's `recordActivity`: a run's rule firings go into the site's activity record; absent: none kept. */
  activity?: ActivityCore;
}

interface Queued {
  mode: RunMode;
  origin: RunOrigin;
  promise: Promise<RunOutcome>;
  resolve: (outcome: RunOutcome) => void;
}

/** Merges two requested modes into one run that does both. */
export function mergeModes(a: RunMode, b: RunMode): RunMode {
  if (a.kind === "notes" && b.kind === "notes") return { kind: "notes", paths: [...new Set([...a.paths, ...b.paths])] };
  if (a.kind === b.kind) return a;
  if (a.kind === "arrange" || b.kind === "arrange") return { kind: "arrange" };
  if (a.kind === "full" || b.kind === "full") return { kind: "full" };
  return { kind: "sync" };
}

/** The closest status category for a Jira status name, using the status map's order when it knows the name. */
export function statusCategory(status: string, config: SyncConfig): StatusCategory {
  const name = status.trim().toLowerCase();
  if (name === "") return "unknown";
  if (/^(to ?do|open|backlog|new|selected for development|reopened)$/.test(name)) return "new";
  if (/^(done|closed|resolved|complete|completed|cancell?ed|won't do)$/.test(name)) return "done";
  const statuses = Array.isArray(config.statuses) ? (config.statuses as { state?: unknown; jiraStatuses?: unknown }[]) : [];
  const mapped = statuses.find((s) => Array.isArray(s.jiraStatuses) && s.jiraStatuses.some((j) => typeof j === "string" && j.toLowerCase() === name));
  if (mapped === undefined) return "unknown";
  const state = typeof mapped.state === "string" ? mapped.state.toLowerCase() : "";
  if (/^(pending|todo|to_do|new|backlog)$/.test(state)) return "new";
  if (/^(completed|done|closed)$/.test(state)) return "done";
  return "indeterminate";
}

export class SyncService {
  private running: Promise<RunOutcome> | null = null;
  private queued: Queued | null = null;
  private progress: SyncProgress | null = null;
  private lastAt: number | null = null;
  private lastErrors = 0;
  private lastConflicts = 0;
  private report: RunReport | null = null;
  private entries: SyncLogEntry[] = [];
  private unmapped: UnmappedStatus[] = [];
  private sites: Record<string, SiteSummary> = {};
  private readonly listeners = new Set<() => void>();
  private runs = 0;
  private seq = 0;
  private readonly saver: HistorySaver | null;
  /** The next run rebuilds the issue history (see `requestHistoryRebuild`). */
  private rebuildHistory = false;
  /** Transition screen answers the next run adds to the transition defaults (see `retryWithAnswers`). */
  private answers: TransitionDefaults | null = null;
  /** Comments the user reviewed that the next run posts (see `postComments`). */
  private comments: ReviewedComment[] = [];

  constructor(private readonly deps: SyncServiceDeps) {
    this.saver = deps.history === undefined ? null : new HistorySaver(deps.history, () => this.history());
  }

  /**
   * Loads the history kept by an earlier session: its entries go before any logged since, and its status
   * counts apply unless a run has finished in this session. A missing or unreadable file changes nothing.
   */
  async restore(): Promise<void> {
    if (this.deps.history === undefined) return;
    let loaded: SyncHistoryData;
    try {
      loaded = readHistory(await this.deps.history.load(HISTORY_FILE));
    } catch {
      return;
    }
    const offset = loaded.runs;
    const seqOffset = loaded.entries.reduce((m, e) => Math.max(m, e.seq + 1), 0);
    const current = this.entries.map((e) => ({ ...e, run: e.run + offset, seq: e.seq + seqOffset }));
    this.runs += offset;
    this.seq += seqOffset;
    this.entries = boundLog([...loaded.entries, ...current], this.runs);
    this.sites = { ...loaded.sites, ...this.sites };
    if (this.lastAt === null && this.report === null) {
      this.lastAt = loaded.lastSyncAt;
      this.lastErrors = loaded.errors;
      this.lastConflicts = loaded.conflicts;
    }
    this.emit();
  }

  /** What the history file holds (a copy). */
  history(): SyncHistoryData {
    return {
      entries: this.entries.map((e) => ({ ...e })),
      runs: this.runs,
      lastSyncAt: this.lastAt,
      errors: this.lastErrors,
      conflicts: this.lastConflicts,
      sites: Object.fromEntries(Object.entries(this.sites).map(([k, v]) => [k, { ...v }])),
    };
  }

  /** The last run's summary per site URL. */
  siteSummaries(): Readonly<Record<string, SiteSummary>> {
    return this.sites;
  }

  /** Resolves once every history save asked for so far is written. */
  async saved(): Promise<void> {
    await this.saver?.flush();
  }

  /** Asks for a run. Starts it now when idle; otherwise queues it (merged with any queued run). */
  request(mode: RunMode, origin: RunOrigin = "user"): Promise<RunOutcome> {
    if (this.running === null) return this.start(mode, origin);
    if (this.queued !== null) {
      this.queued.mode = mergeModes(this.queued.mode, mode);
      if (origin === "user") this.queued.origin = "user";
      return this.queued.promise;
    }
    let resolve: (outcome: RunOutcome) => void = () => undefined;
    const promise = new Promise<RunOutcome>((r) => (resolve = r));
    this.queued = { mode, origin, promise, resolve };
    return promise;
  }

  /**
   * Asks for a sync whose issue history read starts over (every issue in scope read again, issues no longer in
   * scope dropped). Queued like any run; the next run to start takes the request.
   */
  requestHistoryRebuild(origin: RunOrigin = "user"): Promise<RunOutcome> {
    this.rebuildHistory = true;
    return this.request({ kind: "sync" }, origin);
  }

  /**
   * Syncs `paths` again with `answers` (transition screen values the user gave in Obsidian, as transition
   * defaults) added to the settings' defaults for that run only. Queued like any run; the next run to start
   * takes the answers.
   */
  retryWithAnswers(paths: string[], answers: TransitionDefaults): Promise<RunOutcome> {
    this.answers = mergeDefaults(this.answers ?? {}, answers);
    return this.request({ kind: "notes", paths }, "user");
  }

  /**
   * Posts comments the user reviewed (*Summarise my changes as an issue comment*) in a run of `paths`, through the sync's
   * comment path (journalled, never posted twice). Queued like any run; the next run to start takes them.
   */
  postComments(paths: string[], comments: ReviewedComment[]): Promise<RunOutcome> {
    this.comments.push(...comments);
    return this.request({ kind: "notes", paths }, "user");
  }

  /** Whether a run is going. */
  get busy(): boolean {
    return this.running !== null;
  }

  /** The report of the last run that ran. */
  lastReport(): RunReport | null {
    return this.report;
  }

  /** The log, oldest first. */
  log(): readonly SyncLogEntry[] {
    return this.entries;
  }

  status(): SyncStatus {
    return {
      syncing: this.running !== null,
      progress: this.progress === null ? null : { ...this.progress },
      lastSyncAt: this.lastAt,
      conflicts: this.deps.pendingConflicts?.() ?? this.report?.counts.conflicts ?? this.lastConflicts,
      errors: this.lastErrors,
    };
  }

  /** Calls `listener` on every status or log change; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Adds a line to the log (the app adds its own, such as a resolved conflict); its message is redacted. */
  addLog(entry: Omit<SyncLogEntry, "time" | "seq" | "run">): void {
    const message = redactSecrets(entry.message, this.deps.secrets?.() ?? []);
    this.entries.push({ ...entry, message, time: this.deps.now(), seq: this.seq++, run: this.runs });
    this.entries = boundLog(this.entries, this.runs);
    // During a run the history is saved once, when it ends.
    if (this.running === null) this.saver?.request();
    this.emit();
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  private start(mode: RunMode, origin: RunOrigin): Promise<RunOutcome> {
    const run = this.execute(mode, origin).finally(() => {
      this.running = null;
      this.progress = null;
      this.saver?.request();
      const next = this.queued;
      this.queued = null;
      if (next !== null) void this.start(next.mode, next.origin).then(next.resolve);
      this.emit();
    });
    this.running = run;
    return run;
  }

  private async execute(mode: RunMode, origin: RunOrigin): Promise<RunOutcome> {
    const settings = this.deps.settings();
    const sites = allSites(settings);
    const many = sites.length > 1;
    const config = toSyncConfig(settings, settings.sync, this.deps.defaults());
    if (this.answers !== null) config.transitionDefaults = mergeDefaults(settings.sync.transitionDefaults, this.answers);
    this.answers = null;
    const comments = this.comments.splice(0);
    const reports: RunReport[] = [];
    const skipped: string[] = [];
    let errors = 0;
    const rebuild = this.rebuildHistory;
    this.rebuildHistory = false;
    this.runs += 1;
    this.entries = boundLog(this.entries, this.runs);
    const targets = sites.length === 0 ? [settings] : sites.map((site) => settingsForSite(settings, site));
    for (const site of targets) {
      const prepared = this.deps.prepare(site);
      const where = many ? site.siteUrl : undefined;
      if (typeof prepared === "string") {
        errors += 1;
        skipped.push(many ? `${site.siteUrl}: ${prepared}` : prepared);
        this.addLog({ level: "error", site: where, message: many ? `Sync of ${site.siteUrl} skipped: ${prepared}` : `Sync did not start: ${prepared}` });
        this.recordSite(site.siteUrl, `Did not run: ${prepared}`, 1, 0);
        continue;
      }
      this.progress = { requests: 0, edits: 0 };
      this.emit();
      // Rules run in whole syncs only (not a pull, not a push of single notes), when automation is on.
      const automation = mode.kind === "sync" || mode.kind === "full" || mode.kind === "arrange" ? await automationInput(prepared, settings.automation, site.siteUrl, this.deps.now()) : null;
      const options: SyncOptions = { config, siteUrl: site.siteUrl, deployment: site.deployment, mode, defaultIssueType: settings.sync.defaultIssueType, automation };
      const ours = comments.filter((c) => siteUrlForKey(settings, c.key) === site.siteUrl);
      if (ours.length > 0) options.comments = ours;
      const runDeps: SyncDriverDeps = {
        ...prepared,
        onProgress: (p) => {
          this.progress = { ...p };
          this.emit();
        },
      };
      let report: RunReport;
      try {
        report = await (this.deps.run ?? runSync)(runDeps, options);
      } catch (e) {
        const reason = e instanceof Error ? e.message : String(e);
        errors += 1;
        skipped.push(many ? `${site.siteUrl}: ${reason}` : reason);
        this.addLog({ level: "error", site: where, message: many ? `Sync of ${site.siteUrl} failed: ${reason}` : `Sync failed: ${reason}` });
        this.recordSite(site.siteUrl, `Failed: ${reason}`, 1, 0);
        continue;
      }
      reports.push(report);
      errors += report.counts.errors + (report.fatal === undefined ? 0 : 1);
      for (const entry of report.entries) this.addLog({ ...entry, site: where });
      if (report.fatal !== undefined) this.addLog({ level: "error", site: where, message: report.fatal });
      if (many) this.addLog({ level: "info", site: where, message: `${site.siteUrl}: ${summarize(report)}` });
      this.recordSite(site.siteUrl, summarize(report), report.counts.errors + (report.fatal === undefined ? 0 : 1), report.counts.conflicts);
      await this.fillCache(report, config, prepared.breathe);
      await this.recordFirings(prepared.store, site.siteUrl, report, where);
      if (report.fatal === undefined && mode.kind !== "notes") await this.updateHistory(prepared, { config, siteUrl: site.siteUrl, deployment: site.deployment, rebuild }, where);
      if (report.fatal === undefined && mode.kind !== "notes" && settings.sync.projectNotes) {
        await this.updateProjects(prepared, { config, siteUrl: site.siteUrl, deployment: site.deployment, minIntervalMs: PROJECT_REFRESH_INTERVAL_MS, now: this.deps.now() }, where);
      }
    }
    this.lastErrors = errors;
    if (reports.length === 0) return { kind: "refused", reason: skipped.join(" "), origin };
    const report = combineReports(reports);
    this.report = report;
    this.lastAt = this.deps.now();
    this.lastConflicts = report.counts.conflicts;
    this.addLog({ level: "info", message: summarize(report) });
    return { kind: "done", report, origin, ...(skipped.length > 0 ? { skipped } : {}) };
  }

  /**
   * What the automation rules would do now (the command "Preview automation"): a dry run of every site with the
   * rules note's rules, whether automation is on or not. Nothing is written and nothing remembered. Waits for a
   * run in progress first. Resolves to the firings and the log's warnings and errors, or to why nothing ran.
   */
  async previewAutomation(): Promise<{ firings: FiringReport[]; problems: string[] } | string> {
    await this.running?.catch(() => undefined);
    const firings: FiringReport[] = [];
    const problems = await this.dryRunEverySite({ kind: "sync" }, true, (report, problems) => {
      firings.push(...(report.firings ?? []));
      problems.push(...report.entries.filter((e) => e.level !== "info" && e.message.startsWith("automation")).map(entryText));
    });
    return typeof problems === "string" ? problems : { firings, problems };
  }

  /**
   * Where *Arrange notes by epic* would move notes now (the command's preview): a dry run of every site in the
   * `arrange` mode, writing nothing. Waits for a run in progress first. Resolves to the moves and the log's
   * warnings and errors, or to why nothing ran.
   */
  async previewArrange(): Promise<{ moves: MovedNote[]; problems: string[] } | string> {
    await this.running?.catch(() => undefined);
    const moves: MovedNote[] = [];
    const problems = await this.dryRunEverySite({ kind: "arrange" }, false, (report, problems) => {
      moves.push(...(report.moves ?? []));
      problems.push(...report.entries.filter((e) => e.level === "error").map(entryText));
    });
    return typeof problems === "string" ? problems : { moves, problems };
  }

  /**
   * A dry run in `mode` of every configured site (with the rules note's rules, as if automation were on, when
   * `rules`), each report handed to `collect` in site order after its fatal error. Resolves to the problems
   * (sites that could not run, fatal errors, what `collect` added), or to why no site ran at all.
   */
  private async dryRunEverySite(mode: RunMode, rules: boolean, collect: (report: RunReport, problems: string[]) => void): Promise<string[] | string> {
    const settings = this.deps.settings();
    const config = toSyncConfig(settings, settings.sync, this.deps.defaults());
    if (rules && this.answers !== null) {
      config.transitionDefaults = mergeDefaults(settings.sync.transitionDefaults, this.answers);
      this.answers = null;
    }
    const sites = allSites(settings);
    const targets = sites.length === 0 ? [settings] : sites.map((site) => settingsForSite(settings, site));
    const problems: string[] = [];
    let ran = 0;
    for (const site of targets) {
      const prepared = this.deps.prepare(site);
      if (typeof prepared === "string") {
        problems.push(prepared);
        continue;
      }
      ran += 1;
      const automation = rules ? await automationInput(prepared, { ...settings.automation, enabled: true }, site.siteUrl, this.deps.now()) : undefined;
      const options: SyncOptions = { config, siteUrl: site.siteUrl, deployment: site.deployment, mode, dryRun: true, defaultIssueType: settings.sync.defaultIssueType, automation };
      const report = await (this.deps.run ?? runSync)(prepared, options);
      if (report.fatal !== undefined) problems.push(report.fatal);
      collect(report, problems);
    }
    return ran === 0 ? problems.join(" ") : problems;
  }

  /** Statuses no mapping covered at the last project notes refresh (all sites). */
  unmappedStatuses(): readonly UnmappedStatus[] {
    return this.unmapped;
  }

  /**
   * Refreshes the project notes and Bases files of every site now (the command "Refresh project notes"), without
   * a sync; resolves to the log line of each site, or to the reason nothing ran.
   */
  async refreshProjectNotes(): Promise<string[]> {
    const settings = this.deps.settings();
    const config = toSyncConfig(settings, settings.sync, this.deps.defaults());
    if (this.answers !== null) config.transitionDefaults = mergeDefaults(settings.sync.transitionDefaults, this.answers);
    this.answers = null;
    const sites = allSites(settings);
    const targets = sites.length === 0 ? [settings] : sites.map((site) => settingsForSite(settings, site));
    const lines: string[] = [];
    for (const site of targets) {
      const prepared = this.deps.prepare(site);
      if (typeof prepared === "string") {
        lines.push(prepared);
        continue;
      }
      lines.push(await this.updateProjects(prepared, { config, siteUrl: site.siteUrl, deployment: site.deployment, now: this.deps.now() }, targets.length > 1 ? site.siteUrl : undefined));
    }
    return lines;
  }

  /** Project notes and Bases files after a sync; a failure is logged and changes nothing else. */
  private async updateProjects(prepared: Omit<SyncDriverDeps, "onProgress">, options: ProjectNotesOptions, site: string | undefined): Promise<string> {
    const refresh = this.deps.refreshProjects;
    if (refresh === undefined) return "";
    try {
      const report = await refresh(prepared, options);
      if (report.skipped === true) return "";
      this.unmapped = [...this.unmapped.filter((u) => !report.unmapped.some((n) => n.project === u.project)), ...report.unmapped];
      const summary = projectNotesSummary(report);
      if (summary !== "") this.addLog({ level: "info", site, message: summary });
      for (const path of report.basesKept) this.addLog({ level: "info", site, path, message: "Bases file edited by you: left as it is" });
      for (const problem of report.problems) this.addLog({ level: "warning", site, message: `Project notes: ${problem}` });
      return summary === "" ? "Project notes are up to date." : summary;
    } catch (e) {
      const why = `Project notes not refreshed: ${e instanceof Error ? e.message : String(e)}`;
      this.addLog({ level: "error", site, message: why });
      return why;
    }
  }

  /**
   * Reads the site's issue history after its sync; a failure is logged and changes nothing else. A read that
   * found nothing new (the usual scheduled run) logs nothing, so the log keeps one line per quiet sync.
   */
  private async updateHistory(prepared: Omit<SyncDriverDeps, "onProgress">, options: HistoryOptions, site: string | undefined): Promise<void> {
    const read = this.deps.readHistory;
    if (read === undefined) return;
    if (options.rebuild === true) this.addLog({ level: "info", site, message: "Rebuilding the Jira history…" });
    try {
      const history = await read(prepared, options);
      const quiet = history.fatal === undefined && !history.full && history.issues === 0 && (history.diagnostics ?? []).length === 0;
      if (!quiet) this.addLog({ level: history.fatal === undefined ? "info" : "error", site, message: history.summary });
      for (const diagnostic of history.diagnostics ?? []) this.addLog({ level: "warning", site, message: diagnostic });
    } catch (e) {
      this.addLog({ level: "error", site, message: `History not updated: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  private recordSite(url: string, summary: string, errors: number, conflicts: number): void {
    if (url === "") return;
    this.sites[url] = { at: this.deps.now(), summary: redactSecrets(summary, this.deps.secrets?.() ?? []), errors, conflicts };
  }

  /** Adds a run's rule firings, with each action's outcome, to the site's activity record (`activity-record.ts`). */
  private async recordFirings(store: JsonFileStore, siteUrl: string, report: RunReport, site: string | undefined): Promise<void> {
    const core = this.deps.activity;
    if (core === undefined || (report.firings ?? []).length === 0) return;
    try {
      const now = this.deps.now();
      const diagnostic = await recordActivity(store, core, siteUrl, firingEvents(report.firings ?? [], now), now);
      if (diagnostic !== null) this.addLog({ level: "warning", site, message: `Automation activity: ${diagnostic}` });
    } catch (e) {
      this.addLog({ level: "warning", site, message: `Automation activity was not recorded: ${e instanceof Error ? e.message : String(e)}` });
    }
  }

  /**
   * Brings the badge cache up to date with the run's linked issues: one save for the whole run, and with `breathe`
   * (Obsidian) the issues are compared `CACHE_FILL_SLICE` per task, so 10,000 of them never hold the main thread.
   */
  private async fillCache(report: RunReport, config: SyncConfig, breathe?: () => Promise<void>): Promise<void> {
    const cache = this.deps.cache;
    if (cache === undefined) return;
    // A run off the main thread brings its linked issues along (its state stays text here).
    const issues = report.linkedIssues ?? linkedIssues(report.state, config);
    // One save for the whole run: saving per issue rewrote data.json once per issue (quadratic in a first sync).
    const changed: [string, CachedIssue][] = [];
    let compared = 0;
    for (const issue of issues) {
      if (breathe !== undefined && ++compared % CACHE_FILL_SLICE === 0) await breathe();
      const old = cache.get(issue.key);
      const summary = issue.summary ?? old?.summary ?? "";
      const next: CachedIssue = { summary, status: issue.status, statusCategory: statusCategory(issue.status, config) };
      if (issue.updated !== "") next.updated = issue.updated;
      if (old !== undefined && sameCachedIssue(old, next)) continue;
      changed.push([issue.key, next]);
    }
    await cache.setMany(changed);
  }
}

/** Linked issues compared with the badge cache per task (see `fillCache`). */
const CACHE_FILL_SLICE = 2000;

/** Whether two cached issues hold the same values (field by field: a run compares every linked issue). */
function sameCachedIssue(a: CachedIssue, b: CachedIssue): boolean {
  return a.summary === b.summary && a.status === b.status && a.statusCategory === b.statusCategory && a.updated === b.updated;
}

/** One report for runs of several sites: entries in turn, counts summed, the worst exit code, the last state. */
export function combineReports(reports: readonly RunReport[]): RunReport {
  const [first, ...rest] = reports;
  if (first === undefined) throw new Error("combineReports needs at least one report");
  if (rest.length === 0) return first;
  const counts = { ...first.counts };
  for (const r of rest) for (const k of Object.keys(counts) as (keyof typeof counts)[]) counts[k] = (counts[k] ?? 0) + (r.counts[k] ?? 0);
  const fatals = reports.flatMap((r) => (r.fatal === undefined ? [] : [r.fatal]));
  const last = reports[reports.length - 1] ?? first;
  return {
    state: last.state,
    ...(last.stateText === undefined ? {} : { stateText: last.stateText }),
    ...(last.linkedIssues === undefined ? {} : { linkedIssues: last.linkedIssues }),
    journal: last.journal,
    entries: reports.flatMap((r) => r.entries),
    counts,
    ...(reports.some((r) => (r.firings ?? []).length > 0) ? { firings: reports.flatMap((r) => r.firings ?? []) } : {}),
    ...(reports.some((r) => (r.notices ?? []).length > 0) ? { notices: reports.flatMap((r) => r.notices ?? []) } : {}),
    ...(reports.some((r) => (r.screenQuestions ?? []).length > 0) ? { screenQuestions: reports.flatMap((r) => r.screenQuestions ?? []) } : {}),
    ...(reports.some((r) => (r.moves ?? []).length > 0) ? { moves: reports.flatMap((r) => r.moves ?? []) } : {}),
    ...(fatals.length > 0 && fatals.length === reports.length ? { fatal: fatals.join(" ") } : {}),
    exitCode: Math.max(...reports.map((r) => r.exitCode)) as 0 | 1 | 2,
  };
}

/** One line saying what a run did. */
export function summarize(report: RunReport): string {
  if (report.fatal !== undefined) return `Sync could not run: ${report.fatal}`;
  const c = report.counts;
  const parts: string[] = [];
  if (c.notesCreated > 0) parts.push(`${count(c.notesCreated, "note")} created`);
  if (c.notesUpdated > 0) parts.push(`${count(c.notesUpdated, "note")} updated`);
  if (c.issuesCreated > 0) parts.push(`${count(c.issuesCreated, "issue")} created`);
  if (c.issuesUpdated > 0) parts.push(`${count(c.issuesUpdated, "issue")} updated`);
  if (c.transitions > 0) parts.push(count(c.transitions, "transition"));
  if (c.deleted > 0) parts.push(`${c.deleted} deleted`);
  if (c.conflicts > 0) parts.push(count(c.conflicts, "conflict"));
  if (c.errors > 0) parts.push(count(c.errors, "error"));
  return `Sync finished: ${parts.length === 0 ? "nothing to change" : parts.join(", ")}.`;
}

/** A log entry as a preview lists it: its message, after its issue's key when it has one. */
function entryText(e: { key?: string; message: string }): string {
  return e.key === undefined ? e.message : `${e.key}: ${e.message}`;
}
