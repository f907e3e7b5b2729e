// The sync's memory across restarts: the log (bounded: the last `RUN_LIMIT` runs and at most `LOG_LIMIT`
// entries, whichever is smaller), the last run's summary per site and the status bar's counts, kept as one
// JSON file (`HISTORY_FILE`) in the plugin folder beside the sync state, never in data.json. Invariants: log
// messages are redacted (`redactSecrets`) before they are kept, so no token or password reaches memory, the
// view or the file (a second line of defence: the transport's own messages are redacted at the source,
// `jira/errors.ts`); reading is tolerant (a missing, older or hand-edited file gives an empty history); saves
// are coalesced (`HistorySaver`: one write at a time, any number of requests during it collapse into one more).
import type { JsonFileStore } from "../state/state-store";
import type { LogLevel } from "./types";

/** The file in the plugin folder that holds the history. */
export const HISTORY_FILE = "sync-log.json";
/** How many log entries are kept at most. */
export const LOG_LIMIT = 500;
/** How many runs' entries are kept at most. */
export const RUN_LIMIT = 50;

/** One line of the sync log. */
export interface SyncLogEntry {
  /** A number that grows with every entry (identifies rows in the log view). */
  seq: number;
  /** The run the entry belongs to (entries logged between runs belong to the run before). */
  run: number;
  /** ms since the epoch. */
  time: number;
  level: LogLevel;
  path?: string;
  key?: string;
  /** The Jira site, when several are configured. */
  site?: string;
  message: string;
}

/** What the last run of one site did. */
export interface SiteSummary {
  /** When it ended (ms since the epoch). */
  at: number;
  /** One line: the run's summary or why it did not run. */
  summary: string;
  errors: number;
  conflicts: number;
}

/** Everything the history file holds. */
export interface SyncHistoryData {
  entries: SyncLogEntry[];
  /** The number of the last run started. */
  runs: number;
  /** When the last run finished (ms since the epoch). */
  lastSyncAt: number | null;
  /** Errors of the last run (or its refusal). */
  errors: number;
  /** Conflicts the last run reported. */
  conflicts: number;
  /** The last run's summary per site URL. */
  sites: Record<string, SiteSummary>;
}

export function emptyHistory(): SyncHistoryData {
  return { entries: [], runs: 0, lastSyncAt: null, errors: 0, conflicts: 0, sites: {} };
}

const LEVELS: readonly LogLevel[] = ["info", "warning", "conflict", "error"];

const isCount = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v) && v >= 0;

function readEntry(raw: unknown): SyncLogEntry | null {
  if (raw === null || typeof raw !== "object") return null;
  const e = raw as Record<string, unknown>;
  if (!isCount(e.seq) || !isCount(e.run) || !isCount(e.time) || !LEVELS.includes(e.level as LogLevel) || typeof e.message !== "string") return null;
  const entry: SyncLogEntry = { seq: e.seq, run: e.run, time: e.time, level: e.level as LogLevel, message: redactSecrets(e.message) };
  for (const k of ["path", "key", "site"] as const) if (typeof e[k] === "string") entry[k] = e[k];
  return entry;
}

function readSite(raw: unknown): SiteSummary | null {
  if (raw === null || typeof raw !== "object") return null;
  const s = raw as Record<string, unknown>;
  if (!isCount(s.at) || typeof s.summary !== "string") return null;
  return { at: s.at, summary: redactSecrets(s.summary), errors: isCount(s.errors) ? s.errors : 0, conflicts: isCount(s.conflicts) ? s.conflicts : 0 };
}

/** Reads a history file of unknown shape; what does not parse is left out. The result is bounded. */
export function readHistory(raw: unknown): SyncHistoryData {
  const h = emptyHistory();
  if (raw === null || typeof raw !== "object") return h;
  const obj = raw as Record<string, unknown>;
  const entries = Array.isArray(obj.entries) ? obj.entries.map(readEntry).filter((e): e is SyncLogEntry => e !== null) : [];
  entries.sort((a, b) => a.seq - b.seq);
  h.runs = Math.max(isCount(obj.runs) ? Math.floor(obj.runs) : 0, ...entries.map((e) => e.run));
  h.entries = boundLog(entries, h.runs);
  if (isCount(obj.lastSyncAt)) h.lastSyncAt = obj.lastSyncAt;
  if (isCount(obj.errors)) h.errors = obj.errors;
  if (isCount(obj.conflicts)) h.conflicts = obj.conflicts;
  if (obj.sites !== null && typeof obj.sites === "object") {
    for (const [url, s] of Object.entries(obj.sites as Record<string, unknown>)) {
      const site = readSite(s);
      if (site !== null) h.sites[url] = site;
    }
  }
  return h;
}

/** The entries to keep (oldest first): those of the last `RUN_LIMIT` runs, then at most the newest `LOG_LIMIT`. */
export function boundLog(entries: readonly SyncLogEntry[], runs: number): SyncLogEntry[] {
  const firstRun = runs - RUN_LIMIT + 1;
  const kept = entries.filter((e) => e.run >= firstRun);
  return kept.length > LOG_LIMIT ? kept.slice(kept.length - LOG_LIMIT) : kept;
}

const SECRET_PATTERNS: readonly [RegExp, string][] = [
  // Authorization header values (a credential has a digit or a base64 sign; "Basic authentication" stays).
  [/\b(authorization)(["']?\s*[:=]\s*["']?)(Basic |Bearer )?[^\s"',;]+/gi, "$1$2$3[redacted]"],
  [/\b(Basic|Bearer) (?=[A-Za-z0-9+/=._~-]*[0-9+/=])[A-Za-z0-9+/=._~-]{8,}/g, "$1 [redacted]"],
  // Credentials inside a URL (https://user:password@host).
  [/(\b[a-z][a-z0-9+.-]*:\/\/)[^\s/@:]+:[^\s/@]+@/gi, "$1[redacted]@"],
  // Secret-looking query or form parameters.
  [/\b(token|access_token|api_?key|apikey|password|passwd|secret|os_password)=[^\s&"']+/gi, "$1=[redacted]"],
  // Atlassian API tokens have a recognisable prefix.
  [/\bATAT[A-Za-z0-9_=-]{16,}/g, "[redacted]"],
];

/** `text` with credentials (authorization values, URL passwords, token parameters, `known` secrets) replaced. */
export function redactSecrets(text: string, known: readonly string[] = []): string {
  let out = text;
  for (const secret of known) if (secret.length >= 4) out = out.split(secret).join("[redacted]");
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * Writes the history through a JsonFileStore without piling up writes: `request()` starts a save when none is
 * going, otherwise marks one more to follow (taking the data as it is then). `flush()` resolves once
 * everything requested so far is written. Failures are swallowed: the history is a convenience, never a reason
 * for a sync to fail.
 */
export class HistorySaver {
  private writing: Promise<void> | null = null;
  private again = false;
  /** Writes done (for tests and diagnostics). */
  writes = 0;

  constructor(
    private readonly store: JsonFileStore,
    private readonly snapshot: () => SyncHistoryData,
  ) {}

  request(): void {
    if (this.writing !== null) {
      this.again = true;
      return;
    }
    this.writing = this.loop().finally(() => (this.writing = null));
  }

  async flush(): Promise<void> {
    while (this.writing !== null) await this.writing;
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      this.writes += 1;
      try {
        await this.store.save(HISTORY_FILE, this.snapshot());
      } catch {
        // A failed save leaves the previous file; the next request tries again.
      }
    } while (this.again);
  }
}
