// The shapes that cross the wasm boundary for a sync run (see the core's `src/sync/engine/`). Plain JSON,
// camelCase; the core validates what it receives, so these types only help the shell's own code.
import type { AutomationInput, FiringReport, RuleNotice } from "../automation/run-input";
import type { NoteSelection } from "../vault/note-selection";
import type { ScreenQuestion } from "../transition-fields/screen-questions";

/** The core's sync configuration (fields, statuses, sites, folder and file name templates). */
export type SyncConfig = Record<string, unknown> & { sites?: { baseUrl: string; projects?: { key: string; folder?: string }[]; jql?: string }[] };

/** `arrange`: a full sync that also moves epic children's notes into their epic's folder (docs/epic-folders.md). */
export type RunMode = { kind: "sync" } | { kind: "pull" } | { kind: "full" } | { kind: "arrange" } | { kind: "notes"; paths: string[] };

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
  /**
   * The driver hands the notes in when the run asks (`{kind: "notes"}`) instead of before the first `poll`, so the
   * run's first requests (set-up, the pull search) go out while the vault is still being read.
   */
  notesLater?: boolean;
  now: string;
  runId: string;
  mode: RunMode;
  dryRun: boolean;
  defaultIssueType?: string;
  /** The automation rules' input, when automation is on (see automation/run-input.ts). */
  automation?: AutomationInput;
  /** Comments the user reviewed, posted to their issues (by key) through the rules' comment path. */
  comments?: ReviewedComment[];
}

/** Who a comment mentions: the issue's reporter, assignee or watchers, or a user (account id on Cloud, user name on Data Center). */
export type Recipient = "reporter" | "assignee" | "watchers" | { user: string };

/** A comment the user reviewed (the core's `PendingComment` without its issue id). */
export interface ReviewedComment {
  key: string;
  text: string;
  mention: Recipient[];
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
  /** A move (a rule's `move-note`): the note goes to this path, its text unchanged (see `VaultPort.moveIfUnchanged`). */
  moveTo?: string;
}

export type EngineAction =
  | { kind: "requests"; requests: EngineRequest[] }
  | { kind: "edits"; edits: EngineEdit[] }
  | { kind: "saveJournal"; journal: unknown }
  | { kind: "zoneOffsets"; timeZone: string; instants: string[] }
  /** Read these notes (given before by fingerprint only) and hand them in with `handleNotes`. */
  | { kind: "readNotes"; paths: string[] }
  /** Hand in the selected notes now (`addNotes`, `addNoteRefs`), then poll again; only with `notesLater`. */
  | { kind: "notes" }
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

/** A JSON file's stored texts as the store holds them (`name` and its temp copy `name.tmp`; null: missing). */
export interface StoredTexts {
  main: string | null;
  tmp: string | null;
}

/** What the badge cache needs of one linked issue of a state (see `linked-issues.ts`). */
export interface LinkedIssue {
  key: string;
  status: string;
  /** Jira's `updated`, or "" when unknown. */
  updated: string;
  /** The value of the note field the summary maps to, when it maps to one and the value is a string. */
  summary: string | null;
}

/** A note the epic folder layout moved (the core's `MovedNote`). */
export interface MovedNote {
  key: string;
  from: string;
  to: string;
}

export interface RunReport {
  /** The new state; null when the run kept it as text off the main thread (then `stateText` holds it). */
  state: unknown;
  /** The new state as the JSON text the store saves (a run off the main thread: the shell never parses it). */
  stateText?: string;
  /** The state's linked issues for the badge cache, when `state` is not held as an object. */
  linkedIssues?: LinkedIssue[];
  journal: unknown;
  entries: LogEntry[];
  counts: RunCounts;
  fatal?: string;
  /** The rules that fired (or would, in a dry run), each action with its exact values. */
  firings?: FiringReport[];
  /** The rules' `notice` actions the run carried out, for Obsidian to show. */
  notices?: RuleNotice[];
  /** Status changes stopped by transition screen fields without defaults, for Obsidian to ask about. */
  screenQuestions?: ScreenQuestion[];
  /** Notes the epic folder layout moved (or would move, in a dry run). */
  moves?: MovedNote[];
  /** 0 clean, 1 finished with conflicts or errors, 2 could not run. */
  exitCode: 0 | 1 | 2;
}

/** The engine as the driver uses it in-thread: the wasm `SyncEngine`, or a fake in tests. */
export interface SyncEngineLike {
  /** Which notes can take part; asked once, before the first `poll`. */
  noteSelection(): NoteSelection;
  /**
   * The selected notes, before the first `poll` or (with `notesLater`) after the `poll` that asked for them
   * (`fingerprint`: of `content`, when the driver computed it).
   */
  addNotes(notes: { path: string; content: string; fingerprint?: string }[]): void;
  /** Selected notes the driver did not read, by the fingerprint of their text; when `addNotes` may be called. */
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

/**
 * The same engine in a Web Worker (`core/engine-worker-client.ts`): every call a message and a promise of its
 * answer. The driver awaits every call of either kind, one at a time, in the same order.
 */
export type WorkerSyncEngine = {
  [K in keyof SyncEngineLike]-?: (...args: Parameters<NonNullable<SyncEngineLike[K]>>) => Promise<ReturnType<NonNullable<SyncEngineLike[K]>>>;
};

/**
 * Starts an engine in-thread from the input without its state and the state's stored texts (the core's
 * `SyncEngine.fromStored`: it picks the file or its temp copy as `pickJson` does and reads the picked text
 * itself), so the state is neither parsed into objects nor stringified again on its way in.
 */
export type SyncEngineFromStored = (input: Omit<RunInput, "state">, state: StoredTexts) => SyncEngineLike;

/**
 * Starts an engine off the main thread from the state's and journal's stored texts, which it picks and parses
 * itself (as `pickJson` does), so the main thread never parses or stringifies the state. Null when no worker can
 * be had here (no `Worker`, the worker failed to start): the driver then runs the engine in-thread.
 */
export type OffThreadEngine = (input: Omit<RunInput, "state" | "journal">, state: StoredTexts, journal: StoredTexts) => Promise<WorkerSyncEngine | null>;
