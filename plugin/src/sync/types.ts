// The shapes that cross the wasm boundary for a sync run (see the core's `src/sync/engine/`). Plain JSON,
// camelCase; the core validates what it receives, so these types only help the shell's own code.
import type { NoteSelection } from "../vault/note-selection";

/** The core's sync configuration (fields, statuses, sites, folder and file name templates). */
export type SyncConfig = Record<string, unknown> & { sites?: { baseUrl: string; projects?: { key: string; folder?: string }[]; jql?: string }[] };

export type RunMode = { kind: "sync" } | { kind: "pull" } | { kind: "full" } | { kind: "notes"; paths: string[] };

export interface RunInput {
  config: SyncConfig;
  siteUrl: string;
  deployment: "cloud" | "datacenter";
  state: unknown;
  journal: unknown;
  /** Notes known up front; the driver passes none and adds the selected ones with `addNotes`. */
  notes: { path: string; content: string; fingerprint?: string }[];
  /** Notes by fingerprint only (see the core's `NoteRef`); the driver adds them with `addNoteRefs`. */
  noteRefs?: { path: string; fingerprint: string }[];
  now: string;
  runId: string;
  mode: RunMode;
  dryRun: boolean;
  defaultIssueType?: string;
}

export interface EngineRequest {
  id: number;
  method: "GET" | "POST" | "PUT" | "DELETE";
  path: string;
  query?: Record<string, string>;
  body?: unknown;
}

export interface EngineEdit {
  path: string;
  expected: string | null;
  content: string;
}

export type EngineAction =
  | { kind: "requests"; requests: EngineRequest[] }
  | { kind: "edits"; edits: EngineEdit[] }
  | { kind: "saveJournal"; journal: unknown }
  | { kind: "zoneOffsets"; timeZone: string; instants: string[] }
  /** Read these notes (given before by fingerprint only) and hand them in with `handleNotes`. */
  | { kind: "readNotes"; paths: string[] }
  | { kind: "done" };

export type LogLevel = "info" | "warning" | "conflict" | "error";

export interface LogEntry {
  level: LogLevel;
  path?: string;
  key?: string;
  message: string;
}

export interface RunCounts {
  fetched: number;
  notesUpdated: number;
  notesCreated: number;
  issuesUpdated: number;
  transitions: number;
  issuesCreated: number;
  deleted: number;
  conflicts: number;
  errors: number;
  /** Worklog counts (time tracking). */
  worklogsCreated?: number;
  worklogsUpdated?: number;
  worklogsDeleted?: number;
  worklogLines?: number;
  requests: number;
}

export interface RunReport {
  state: unknown;
  journal: unknown;
  entries: LogEntry[];
  counts: RunCounts;
  fatal?: string;
  /** 0 clean, 1 finished with conflicts or errors, 2 could not run. */
  exitCode: 0 | 1 | 2;
}

/** The engine as the driver uses it: the wasm `SyncEngine`, or a fake in tests. */
export interface SyncEngineLike {
  /** Which notes can take part; asked once, before the first `poll`. */
  noteSelection(): NoteSelection;
  /** The selected notes, before the first `poll` (`fingerprint`: of `content`, when the driver computed it). */
  addNotes(notes: { path: string; content: string; fingerprint?: string }[]): void;
  /** Selected notes the driver did not read, by the fingerprint of their text; before the first `poll`. */
  addNoteRefs(refs: { path: string; fingerprint: string }[]): void;
  /** Answers `readNotes`: the notes asked for with their text now (a note that no longer exists left out). */
  handleNotes(notes: { path: string; content: string; fingerprint?: string }[]): void;
  poll(): EngineAction;
  /** `date`: the response's HTTP `Date` header, verbatim (Jira's clock). */
  handleResponse(response: { id: number; status: number; body: unknown; error?: string; date?: string }): void;
  handleEdit(path: string, outcome: { kind: "applied" } | { kind: "stale"; current: string | null }): void;
  journalSaved(): void;
  handleZoneOffsets(minutes: Int32Array): void;
  finish(): RunReport;
  free?(): void;
}
