// The headless command line, bundled by scripts/build.mjs into bin/jira-vault-sync-core.cjs (Node, wasm inlined
// and initialised synchronously on first use) and loaded by the launcher (launch.ts, bin/jira-vault-sync.cjs).
// `main` only wires process I/O to `runCli` and exits with its code once the output is flushed.
import process from "node:process";
import * as wasm from "../pkg/jira_vault_sync.js";
import wasmBytes from "../pkg/jira_vault_sync_bg.wasm";
import type { ActivityEvents } from "../plugin/src/activity/activity-record";
import type { HistoryEngineLike, HistoryInput } from "../plugin/src/history/driver";
import { storedBytes } from "../plugin/src/state/state-store";
import type { RunInput, StoredTexts, SyncEngineLike } from "../plugin/src/sync/types";
import type { EarlyWalk } from "./early-walk";
import { runCli } from "./run";

/** The core, instantiated on first use: a sync first starts walking the vault (in a worker), then needs it. */
let instantiated = false;
function core(): typeof wasm {
  if (!instantiated) {
    // The command line's build loads the .wasm as its bytes (esbuild's binary loader).
    wasm.initSync({ module: wasmBytes as unknown as Uint8Array });
    instantiated = true;
  }
  return wasm;
}

/** What the core's file exports to the launcher. */
export interface CoreEntry {
  /** Runs the command line with these arguments (and the walk the launcher started for them) and sets the exit code. */
  main(argv: readonly string[], early: EarlyWalk | null): void;
}

export const main: CoreEntry["main"] = (argv, early) => {
  void runCli(
    argv,
    {
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      stderrIsTty: process.stderr.isTTY === true,
      env: process.env,
    },
    {
      defaultSyncConfig: () => core().defaultSyncConfig() as unknown,
      isGeneratedReport: (text: string): boolean => core().isGeneratedReport(text),
      reportKinds: (): unknown => core().reportKinds(),
      reportParams: (text: string): unknown => core().reportParams(text),
      generateReports: (input: Uint8Array): unknown => core().generateReports(input),
      reportMetrics: (input: unknown): unknown => core().reportMetrics(input),
      healthNoteSelection: (input: Uint8Array): unknown => core().healthNoteSelection(input),
      checkHealth: (input: Uint8Array): unknown => core().checkHealth(input),
      renderHealthReport: (findings: unknown, checked: string): string => core().renderHealthReport(findings, checked),
      checkAutomationRules: (note: string): unknown => core().checkAutomationRules(note),
      setRuleEnabled: (note: string, fenceLine: number, enabled: boolean): string | undefined => core().setRuleEnabled(note, fenceLine, enabled),
      automationExampleRules: (): string => core().automationExampleRules(),
      assistDetectRules: (input: unknown): unknown => core().assistDetectRules(input),
      assistPrepareDetect: (input: unknown): unknown => core().assistPrepareDetect(input),
      assistReadDetectAnswer: (input: unknown): unknown => core().assistReadDetectAnswer(input),
      assistRepairRequest: (request: unknown, answer: string, problem: string): unknown => core().assistRepairRequest(request, answer, problem),
      assistEstimate: (history: Uint8Array, query: unknown): unknown => core().assistEstimate(history, query),
      assistSuggestBaseline: (history: Uint8Array, input: unknown): unknown => core().assistSuggestBaseline(history, input),
      assistPrepareSuggest: (history: Uint8Array, input: unknown): unknown => core().assistPrepareSuggest(history, input),
      assistReadSuggestAnswer: (input: unknown, body: string): unknown => core().assistReadSuggestAnswer(input, body),
      timeSuggestions: (input: unknown): unknown => core().timeSuggestions(input),
      timeSuggestionLine: (day: string, duration: string, comment: string, hoursPerDay: number, daysPerWeek: number): unknown => core().timeSuggestionLine(day, duration, comment, hoursPerDay, daysPerWeek),
      insertWorklogLine: (text: string, heading: string, line: string): string => core().insertWorklogLine(text, heading, line),
      parseDailyNoteDate: (name: string, format: string): string | undefined => core().parseDailyNoteDate(name, format),
      assistChangeSummary: (state: Uint8Array, input: unknown): unknown => core().assistChangeSummary(state, input),
      assistPrepareSummary: (input: unknown): unknown => core().assistPrepareSummary(input),
      assistReadSummaryAnswer: (body: string): unknown => core().assistReadSummaryAnswer(body),
      parseNote: (text: string, path?: string | null): unknown => core().parseNote(text, path ?? undefined),
      recordActivity: (old: string, events: ActivityEvents, now: number): { text: string; diagnostic: string | null } => core().recordActivity(old, events, now) as { text: string; diagnostic: string | null },
      createEngine: (input: RunInput): SyncEngineLike => new (core().SyncEngine)(input) as unknown as SyncEngineLike,
      createEngineFromStored: (input: Omit<RunInput, "state">, state: StoredTexts): SyncEngineLike => core().SyncEngine.fromStored(input, storedBytes(state.main), storedBytes(state.tmp)) as unknown as SyncEngineLike,
      createHistoryEngine: (input: HistoryInput): HistoryEngineLike => new (core().HistoryEngine)(input) as unknown as HistoryEngineLike,
      projectNotes: {
        projectPaths: (config: unknown, siteUrl: string): unknown => core().projectPaths(config, siteUrl),
        projectRequests: (deployment: string, key: string): unknown => core().projectRequests(deployment, key),
        renderProjectNote: (input: unknown): unknown => core().renderProjectNote(input),
        planProjectBase: (input: unknown): unknown => core().planProjectBase(input),
      },
    },
    early,
  ).then((code) => {
    // A walk the run did not take (another vault, or it stopped before syncing) must not hold the process open.
    early?.stop();
    process.exitCode = code;
  });
};
