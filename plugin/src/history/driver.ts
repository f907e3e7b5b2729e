// The history driver: runs one read of a site's issue history (the core's `HistoryRun`, see `src/history/`)
// to its end. It loads the kept history and the sync state (for the Jira user's zone, in which JQL dates are
// read), then only carries bytes: requests through the Jira transport, zone offsets from Intl. The history is
// saved through the state store (atomic writes, beside the sync state, never in notes) only when the read
// succeeded; a failed read leaves the kept file as it was. The same driver runs in Obsidian and headless.
// In Obsidian the engine runs in the sync's Web Worker (`offThread`): the kept history and the sync state go
// there as the store's raw texts and the new history comes back as the JSON text the store writes, so the main
// thread never parses the state or builds, parses or stringifies a history of thousands of issues. Every engine
// call is awaited, so an in-thread engine (answering at once) and a worker's (answering by promise) run alike.
import type { JiraTransport } from "../jira/client";
import type { JsonFileStore } from "../state/state-store";
import { sendRequests, siteFileId, stateFileNames } from "../sync/driver";
import type { EngineRequest, StoredTexts, SyncConfig } from "../sync/types";
import { zoneOffsetMinutes } from "../sync/zone-offset";

/** What the core's `HistoryEngine` takes. */
export interface HistoryInput {
  config: SyncConfig;
  siteUrl: string;
  deployment: "cloud" | "datacenter";
  timeZone?: string;
  history: unknown;
  rebuild: boolean;
}

export type HistoryAction = { kind: "requests"; requests: EngineRequest[] } | { kind: "zoneOffsets"; timeZone: string; instants: string[] } | { kind: "done" };

/** The core's history report (`src/history/run.rs`); `history` is the site's `SiteHistory`. */
export interface HistoryReport {
  /** The new history; null when the read ran off the main thread (then `historyText` holds it). */
  history: ({ issues?: Record<string, unknown>; watermark?: string } & Record<string, unknown>) | null;
  /** The new history as the JSON text the store writes, from a read off the main thread. */
  historyText?: string;
  fatal?: string;
  full: boolean;
  issues: number;
  changes: number;
  requests: number;
  diagnostics?: string[];
  /** One line for the sync log. */
  summary: string;
}

/** The engine's surface (the wasm `HistoryEngine`, or a fake). */
export interface HistoryEngineLike {
  poll(): HistoryAction;
  handleResponse(response: { id: number; status: number; body: unknown; error?: string; date?: string }): void;
  handleZoneOffsets(minutes: Int32Array): void;
  finish(): HistoryReport;
  free?(): void;
}

/** The history engine in a worker: the same calls, each answered by promise. */
export interface RemoteHistoryEngine {
  poll(): Promise<HistoryAction>;
  handleResponse(response: { id: number; status: number; body: unknown; error?: string; date?: string }): Promise<void>;
  handleZoneOffsets(minutes: Int32Array): Promise<void>;
  /** The report, with `history` null and the new history in `historyText`. */
  finish(): Promise<HistoryReport>;
  free(): Promise<void>;
}

/**
 * Starts the history engine off the main thread from the kept history's and the sync state's raw texts (the
 * worker picks each as `pickJson` does and reads the zone from the state); null when no worker can be had.
 */
export type OffThreadHistory = (input: Omit<HistoryInput, "history" | "timeZone">, history: StoredTexts, state: StoredTexts) => Promise<RemoteHistoryEngine | null>;

export interface HistoryDriverDeps {
  engine: (input: HistoryInput) => HistoryEngineLike;
  /** Runs the engine off the main thread when the store can hand over raw texts; else (or null) in-thread. */
  offThread?: OffThreadHistory;
  transport: Pick<JiraTransport, "send">;
  store: JsonFileStore;
  /** Requests sent so far, after every batch. */
  onProgress?: (requests: number) => void;
  /** Lets the app breathe between engine calls (Obsidian); absent on the command line. */
  breathe?: () => Promise<void>;
}

export interface HistoryOptions {
  config: SyncConfig;
  siteUrl: string;
  deployment: "cloud" | "datacenter";
  /** Read everything again instead of what changed since the last read. */
  rebuild?: boolean;
}

/** The file a site's history is kept in (in the plugin's folder, beside `sync-state-<id>.json`). */
export function historyFileName(siteUrl: string): string {
  return `history-${siteFileId(siteUrl)}.json`;
}

/** The Jira user's zone from a saved sync state (`myself.timeZone`), if known. */
export function zoneOf(state: unknown): string | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const myself = (state as { myself?: unknown }).myself;
  if (typeof myself !== "object" || myself === null) return undefined;
  const zone = (myself as { timeZone?: unknown }).timeZone;
  return typeof zone === "string" && zone !== "" ? zone : undefined;
}

/** Reads the site's history (incrementally unless `rebuild`) and saves it when the read succeeded. */
export async function runHistory(deps: HistoryDriverDeps, options: HistoryOptions): Promise<HistoryReport> {
  const file = historyFileName(options.siteUrl);
  const stateFile = stateFileNames(options.siteUrl).state;
  const base = { config: options.config, siteUrl: options.siteUrl, deployment: options.deployment, rebuild: options.rebuild === true };
  const { store } = deps;
  let engine: HistoryEngineLike | RemoteHistoryEngine | null = null;
  if (deps.offThread !== undefined && store.loadTexts !== undefined && store.saveText !== undefined) {
    const [history, state] = await Promise.all([store.loadTexts(file), store.loadTexts(stateFile)]);
    engine = await deps.offThread(base, history, state);
  }
  if (engine === null) {
    const [kept, state] = await Promise.all([store.load(file), store.load(stateFile)]);
    const timeZone = zoneOf(state);
    engine = deps.engine({ ...base, ...(timeZone === undefined ? {} : { timeZone }), history: kept ?? {} });
  }
  let sent = 0;
  try {
    for (;;) {
      await deps.breathe?.();
      const action = await engine.poll();
      if (action.kind === "done") break;
      if (action.kind === "requests") {
        for (const answer of await sendRequests(deps.transport, action.requests)) await engine.handleResponse(answer);
        sent += action.requests.length;
        deps.onProgress?.(sent);
      } else {
        await engine.handleZoneOffsets(Int32Array.from(action.instants.map((i) => zoneOffsetMinutes(action.timeZone, i))));
      }
    }
    const report = await engine.finish();
    if (report.fatal === undefined) {
      if (report.historyText !== undefined && store.saveText !== undefined) await store.saveText(file, report.historyText);
      else await store.save(file, report.history ?? {});
    }
    return report;
  } finally {
    await engine.free?.();
  }
}
