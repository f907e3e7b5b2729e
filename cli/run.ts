// The headless sync: parses the command line, reads the vault's plugin settings, and runs the same driver
// and engine as the plugin (FsVault on the vault, FsStore on the plugin folder, fetch + JiraTransport).
// Output goes through the injected `io` (summary on stdout, progress and problems on stderr); the result
// is the exit code: 0 clean, 1 finished with conflicts or per-note errors, 2 could not run. Several
// configured sites run in turn (the worst exit code wins; `--json` then prints an array, one entry per site). It never
// throws and never prints a stack trace or the token (the transport redacts its messages).
import { type ActivityCore, firingEvents, recordActivity } from "../plugin/src/activity/activity-record";
import { automationInput } from "../plugin/src/automation/run-input";
import { type HistoryEngineLike, type HistoryInput, type HistoryReport, runHistory } from "../plugin/src/history/driver";
import { JiraTransport } from "../plugin/src/jira/client";
import { count } from "../plugin/src/text/count";
import { FetchHttpClient, nodeClock } from "./node/http-fetch";
import { FsStore } from "./node/fs-store";
import { FsVault } from "./node/fs-vault";
import { plainTableFile } from "./node/note-index";
import type { EarlyWalk } from "./early-walk";
import { warmUpSync } from "./node/warm-up";
import { scanVaultInWorker, type VaultScan } from "./node/vault-scan";
import { toSyncConfig } from "../plugin/src/settings/sync-settings";
import type { JsonFileStore } from "../plugin/src/state/state-store";
import { runSync, type SyncProgress } from "../plugin/src/sync/driver";
import { IO_CONCURRENCY } from "../plugin/src/vault/bounded-io";
import type { RunInput, RunMode, SyncConfig, SyncEngineFromStored, SyncEngineLike } from "../plugin/src/sync/types";
import { parseCliArgs, USAGE, VERSION } from "./args";
import { type AssistCore } from "../plugin/src/assist/detect-tasks";
import { type EstimateCore } from "../plugin/src/assist/estimate";
import { runAssist } from "./assist";
import type { SuggestCore } from "../plugin/src/assist/suggest-fields";
import type { TimeSuggestCore } from "../plugin/src/time-suggestions/suggest";
import type { SummaryCore } from "../plugin/src/assist/change-summary";
import { type CheckCore, runCheck } from "./check";
import { runAutomation } from "./automation-check";
import type { RulesCore } from "../plugin/src/automation/rules-outline";
import { reportJson, summaryText } from "./format";
import { PROJECT_REFRESH_INTERVAL_MS, projectNotesSummary, type ProjectNotesCore, type ProjectNotesReport, refreshProjectNotes } from "../plugin/src/projects/project-notes";
import { resolveSetup, UsageError } from "./options";
import { type ReportCore, runReport } from "./report";
import { REPORT_USAGE } from "./report-args";

/** The parts of the wasm core the command line needs. */
export interface CliCore extends ReportCore, CheckCore, RulesCore, AssistCore, EstimateCore, SuggestCore, SummaryCore, TimeSuggestCore {
  defaultSyncConfig(): unknown;
  parseNote(text: string, path?: string | null): unknown;
  createEngine(input: RunInput): SyncEngineLike;
  /** The engine from the state's stored texts (`SyncEngine.fromStored`); absent: `createEngine` with the loaded state. */
  createEngineFromStored?: SyncEngineFromStored;
  /** The core's `recordActivity` (absent: no activity record is kept). */
  recordActivity?: ActivityCore["recordActivity"];
  /** The issue history reader (`HistoryEngine`); absent: no history is kept. */
  createHistoryEngine?(input: HistoryInput): HistoryEngineLike;
  /** Project notes and Bases files (docs/projects.md); absent: none are written. */
  projectNotes?: ProjectNotesCore;
}

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Whether stderr is a terminal (progress is then redrawn in place). */
  stderrIsTty: boolean;
  env: Readonly<Record<string, string | undefined>>;
}

function message(e: unknown): string {
  const text = e instanceof Error ? e.message : String(e);
  return text.split("\n")[0] ?? text;
}

function newRunId(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 36 ** 4).toString(36)}`;
}

/**
 * Runs the command line; resolves to the exit code. `early`: the vault walk the launcher started from these
 * arguments (early-walk.ts), taken when it walks this run's vault and note index; absent, the walk starts here.
 */
export async function runCli(argv: readonly string[], io: CliIo, core: CliCore, early?: EarlyWalk | null): Promise<number> {
  const parsed = parseCliArgs(argv);
  if (parsed.kind === "help") {
    io.stdout(parsed.topic === "report" ? REPORT_USAGE : USAGE);
    return 0;
  }
  if (parsed.kind === "version") {
    io.stdout(`jira-vault-sync ${VERSION}\n`);
    return 0;
  }
  if (parsed.kind === "report") return runReport(parsed.args, io, core);
  if (parsed.kind === "check") return runCheck(parsed.argv, io, core);
  if (parsed.kind === "automation") return runAutomation(parsed.argv, io, core);
  if (parsed.kind === "assist") return runAssist(parsed.argv, io, core);
  if (parsed.kind === "error") {
    io.stderr(`jira-vault-sync: ${parsed.message}\nRun jira-vault-sync --help for usage.\n`);
    return 2;
  }
  const args = parsed.args;
  try {
    const setup = await resolveSetup(args, io.env);
    if (args.arrange && !setup.settings.sync.epicFolders) {
      io.stderr("jira-vault-sync: --arrange needs the epic folder layout: set sync.epicFolders to true in the vault's plugin settings (or turn on \"Child notes in their epic's folder\" in Obsidian).\n");
      return 2;
    }
    // The vault is walked in a worker thread (which also compares the walk with the note index's plain table)
    // while this one instantiates the core and starts the engine; the launcher has usually started it already.
    const plain = plainTableFile(setup.pluginDir);
    const ahead = early != null && early.vault === args.vault && early.plainFile === plain.file ? early.scan : null;
    if (ahead === null) early?.stop();
    let walking: Promise<VaultScan | null> | null = ahead ?? scanVaultInWorker(args.vault, plain).catch(() => null);
    const config = toSyncConfig(setup.settings, setup.settings.sync, core.defaultSyncConfig() as SyncConfig);
    const mode: RunMode = args.arrange ? { kind: "arrange" } : args.full ? { kind: "full" } : args.pull ? { kind: "pull" } : { kind: "sync" };
    const many = setup.sites.length > 1;
    let worst = 0;
    const json: unknown[] = [];
    for (const { settings, credentials } of setup.sites) {
      if (many) io.stderr(`${settings.siteUrl}\n`);
      if (typeof credentials === "string") {
        io.stderr(`jira-vault-sync: ${settings.siteUrl} skipped: ${credentials}\n`);
        if (args.json) json.push({ site: settings.siteUrl, exitCode: 2, skipped: credentials });
        worst = 2;
        continue;
      }
      const transport = new JiraTransport({ siteUrl: settings.siteUrl, credentials, http: new FetchHttpClient(), clock: nodeClock });
      let last = "";
      const onProgress = (p: SyncProgress): void => {
        last = `syncing… ${count(p.requests, "request")}, ${count(p.edits, "edit")}`;
        if (io.stderrIsTty) io.stderr(`\r${last}\u001b[K`);
      };
      const store = new FsStore(setup.pluginDir);
      // The note index lives beside the state, so later runs read only notes that changed or can take part;
      // a dry run uses it but writes nothing.
      const index: JsonFileStore = args.dryRun ? { load: (name) => store.load(name), save: () => Promise.resolve() } : store;
      const vault = new FsVault(args.vault, IO_CONCURRENCY, index);
      vault.prefetch(walking ?? undefined, warmUpSync);
      walking = null;
      // Automation rules run with the sync when the settings turn them on (docs/automation.md); a pull runs none.
      const automation = mode.kind === "pull" ? null : await automationInput({ vault, store }, settings.automation, settings.siteUrl, Date.now());
      const report = await runSync(
        { engine: (input) => core.createEngine(input), engineFromStored: core.createEngineFromStored?.bind(core), transport, vault, store, now: () => Date.now(), runId: newRunId, onProgress },
        { config, siteUrl: settings.siteUrl, deployment: settings.deployment, mode, dryRun: args.dryRun, defaultIssueType: settings.sync.defaultIssueType, automation },
      );
      if (last !== "") io.stderr(io.stderrIsTty ? "\n" : `${last}\n`);
      let code: number = report.fatal !== undefined ? 2 : report.exitCode;
      if (report.fatal !== undefined) io.stderr(`jira-vault-sync: ${many ? `${settings.siteUrl}: ` : ""}${report.fatal.split("\n")[0] ?? ""}\n`);
      // The run's rule firings go into the site's activity record in the state folder (docs/metrics.md).
      if (!args.dryRun && (report.firings ?? []).length > 0 && core.recordActivity !== undefined) {
        const now = Date.now();
        const diagnostic = await recordActivity(store, { recordActivity: core.recordActivity.bind(core) }, settings.siteUrl, firingEvents(report.firings ?? [], now), now);
        if (diagnostic !== null) io.stderr(`jira-vault-sync: automation activity: ${diagnostic}\n`);
      }
      // After a successful sync, the site's issue history (docs/history.md); a dry run writes nothing.
      let history: HistoryReport | null = null;
      const createHistoryEngine = core.createHistoryEngine?.bind(core);
      if (report.fatal === undefined && !args.dryRun && createHistoryEngine !== undefined) {
        history = await runHistory(
          { engine: createHistoryEngine, transport, store, onProgress: (n) => io.stderrIsTty && io.stderr(`\rreading history… ${count(n, "request")}\u001b[K`) },
          { config, siteUrl: settings.siteUrl, deployment: settings.deployment, rebuild: args.rebuildHistory },
        );
        if (io.stderrIsTty) io.stderr("\r\u001b[K");
        if (history.fatal !== undefined) {
          io.stderr(`jira-vault-sync: ${many ? `${settings.siteUrl}: ` : ""}${history.summary}\n`);
          code = Math.max(code, 1);
        }
      }
      // Then the project notes and Bases files, when the setting is on (docs/projects.md).
      let projects: ProjectNotesReport | null = null;
      if (report.fatal === undefined && settings.sync.projectNotes && core.projectNotes !== undefined) {
        projects = await refreshProjectNotes({ core: core.projectNotes, transport, vault, store }, { config, siteUrl: settings.siteUrl, deployment: settings.deployment, dryRun: args.dryRun, minIntervalMs: PROJECT_REFRESH_INTERVAL_MS, now: Date.now() });
        for (const problem of projects.problems) io.stderr(`jira-vault-sync: project notes: ${problem}\n`);
      }
      const projectsText = projects === null ? "" : projectNotesSummary(projects);
      const projectsJson = projects === null || projects.skipped === true ? {} : { projects: { written: projects.written, bases: projects.bases, basesKept: projects.basesKept, unmapped: projects.unmapped, problems: projects.problems } };
      worst = Math.max(worst, code);
      const historyJson = history === null ? {} : { history: { full: history.full, issues: history.issues, changes: history.changes, requests: history.requests, kept: Object.keys(history.history?.issues ?? {}).length, ...(history.fatal === undefined ? {} : { fatal: history.fatal }) } };
      if (args.json) {
        const entry = { ...(JSON.parse(reportJson(report, args.dryRun)) as object), ...historyJson, ...projectsJson };
        if (many) json.push({ site: settings.siteUrl, ...entry });
        else io.stdout(`${JSON.stringify(entry, null, 2)}\n`);
      } else if (report.fatal === undefined) {
        io.stdout(`${many ? `${settings.siteUrl}\n` : ""}${summaryText(report, args.dryRun)}${history !== null && history.fatal === undefined ? `${history.summary}\n` : ""}${projectsText === "" ? "" : `${projectsText}\n`}`);
      }
    }
    if (args.json && many) io.stdout(`${JSON.stringify(json, null, 2)}\n`);
    return worst;
  } catch (e) {
    io.stderr(`jira-vault-sync: ${e instanceof UsageError ? e.message : `could not run: ${message(e)}`}\n`);
    return 2;
  }
}
