// The history driver: runs one read of a site's issue history (the core's `HistoryRun`, see `src/history/`)
// to its end. It loads the kept history and the sync state (for the Jira user's zone, in which JQL dates are
// read), then only carries bytes: requests through the Jira transport, zone offsets from Intl. The history is
// saved through the state store (atomic writes, beside the sync state, never in notes) only when the read
// succeeded; a failed read leaves the kept file as it was. The same driver runs in Obsidian and headless.
import type { JiraTransport } from "../jira/client";
import type { JsonFileStore } from "../state/state-store";
import { sendRequests, siteFileId, stateFileNames } from "../sync/driver";
import type { EngineRequest, SyncConfig } from "../sync/types";
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
  history: { issues?: Record<string, unknown>; watermark?: string } & Record<string, unknown>;
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

export interface HistoryDriverDeps {
  engine: (input: HistoryInput) => HistoryEngineLike;
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
function zoneOf(state: unknown): string | undefined {
  if (typeof state !== "object" || state === null) return undefined;
  const myself = (state as { myself?: unknown }).myself;
  if (typeof myself !== "object" || myself === null) return undefined;
  const zone = (myself as { timeZone?: unknown }).timeZone;
  return typeof zone === "string" && zone !== "" ? zone : undefined;
}

/** Reads the site's history (incrementally unless `rebuild`) and saves it when the read succeeded. */
export async function runHistory(deps: HistoryDriverDeps, options: HistoryOptions): Promise<HistoryReport> {
  const file = historyFileName(options.siteUrl);
  const [kept, state] = await Promise.all([deps.store.load(file), deps.store.load(stateFileNames(options.siteUrl).state)]);
  const timeZone = zoneOf(state);
  const input: HistoryInput = {
    config: options.config,
    siteUrl: options.siteUrl,
    deployment: options.deployment,
    ...(timeZone === undefined ? {} : { timeZone }),
    history: kept ?? {},
    rebuild: options.rebuild === true,
  };
  const engine = deps.engine(input);
  let sent = 0;
  try {
    for (;;) {
      await deps.breathe?.();
      const action = engine.poll();
      if (action.kind === "done") break;
      if (action.kind === "requests") {
        for (const answer of await sendRequests(deps.transport, action.requests)) engine.handleResponse(answer);
        sent += action.requests.length;
        deps.onProgress?.(sent);
      } else {
        engine.handleZoneOffsets(Int32Array.from(action.instants.map((i) => zoneOffsetMinutes(action.timeZone, i))));
      }
    }
    const report = engine.finish();
    if (report.fatal === undefined) await deps.store.save(file, report.history);
    return report;
  } finally {
    engine.free?.();
  }
}
