// The sync driver: runs one engine run to its end. It loads the remembered state and journal, starts the
// engine, reads the notes the engine selects (not the whole vault; unchanged ones go in by fingerprint and are
// read only when the engine asks with `readNotes`) while the run's first requests are out, hands them in when
// the engine asks (`notes`, the input's `notesLater`), and otherwise only carries bytes: requests through the
// Jira transport (which adds auth, retries 429/5xx with backoff and limits requests in flight), guarded edits through the vault port (a note that
// changed since the engine read it is reported back as stale, never overwritten), the journal to its file
// before any create, and time zone offsets from Intl. The same driver runs in Obsidian and headless.
// The engine may answer synchronously (in-thread: the command line, tests) or by promise (in a Web Worker in
// Obsidian, `offThread`): every call is awaited, one at a time, in the same order. Off the main thread the state
// and journal go to the engine as the store's raw texts and the new state comes back as text, so the main thread
// never parses or stringifies a large state; when no worker can be had the engine runs in-thread.
import type { JiraTransport } from "../jira/client";
import type { AutomationInput } from "../automation/run-input";
import { type JsonFileStore, pickJson } from "../state/state-store";
import { readNotes, readSelectedNotes } from "../vault/read-selected";
import type { EditOutcome, SelectedNotes, VaultPort } from "../vault/vault";
import type { EngineAction, EngineEdit, EngineRequest, OffThreadEngine, ReviewedComment, RunInput, RunMode, RunReport, SyncConfig, SyncEngineFromStored, SyncEngineLike, WorkerSyncEngine } from "./types";
import { zoneOffsetMinutes } from "./zone-offset";

export interface SyncDriverDeps {
  /** Creates the engine for one run (`(input) => new core.SyncEngine(input)`). */
  engine: (input: RunInput) => SyncEngineLike;
  /**
   * Creates the engine from the state's stored texts instead (`SyncEngine.fromStored`), used in-thread whenever
   * the store can hand them over (`loadTexts`): the state is then read once, by the core.
   */
  engineFromStored?: SyncEngineFromStored;
  /**
   * Starts the engine off the main thread (Obsidian: a Web Worker) when the store can hand over raw texts
   * (`loadTexts`/`saveText`); it answers null when no worker can be had, and then `engine` runs in-thread.
   */
  offThread?: OffThreadEngine;
  transport: Pick<JiraTransport, "send">;
  vault: VaultPort;
  store: JsonFileStore;
  /** Current time, ms since the epoch. */
  now: () => number;
  /** A fresh id for this run's creation tokens. */
  runId: () => string;
  /** Progress, after every batch. */
  onProgress?: (progress: SyncProgress) => void;
  /**
   * Lets the app breathe between engine calls (Obsidian: a fresh task, so typing and drawing go on during a
   * long sync); absent on the command line. The notes go to the engine in batches with a breath between.
   */
  breathe?: () => Promise<void>;
}

/** Notes handed to the engine per call when the driver breathes between calls. */
export const NOTE_BATCH = 250;

export interface SyncProgress {
  requests: number;
  edits: number;
}

export interface SyncOptions {
  config: SyncConfig;
  siteUrl: string;
  deployment: "cloud" | "datacenter";
  mode?: RunMode;
  dryRun?: boolean;
  defaultIssueType?: string;
  /** The automation rules' input (automation on); absent: rules do not run. */
  automation?: AutomationInput | null;
  /** Comments the user reviewed, posted to their issues in this run (docs/assist.md, change summaries). */
  comments?: ReviewedComment[];
}

/** A site's id in file names: its URL without the scheme, runs of other characters as `-`, lower case. */
export function siteFileId(siteUrl: string): string {
  return siteUrl
    .replace(/^https?:\/\//, "")
    .replace(/[^A-Za-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .toLowerCase();
}

/** The file names of a site's state and journal (in the plugin's folder). */
export function stateFileNames(siteUrl: string): { state: string; journal: string } {
  const id = siteFileId(siteUrl);
  return { state: `sync-state-${id}.json`, journal: `sync-journal-${id}.json` };
}

/** Runs one sync to its end and returns the report. State and journal are saved unless it is a dry run. */
export async function runSync(deps: SyncDriverDeps, options: SyncOptions): Promise<RunReport> {
  const files = stateFileNames(options.siteUrl);
  const dryRun = options.dryRun === true;
  const base: Omit<RunInput, "state" | "journal"> = {
    config: options.config,
    siteUrl: options.siteUrl,
    deployment: options.deployment,
    notes: [],
    notesLater: true,
    now: new Date(deps.now()).toISOString(),
    runId: deps.runId(),
    mode: options.mode ?? { kind: "sync" },
    dryRun,
    defaultIssueType: options.defaultIssueType ?? "Task",
    ...(options.automation ? { automation: options.automation } : {}),
    ...(options.comments && options.comments.length > 0 ? { comments: options.comments } : {}),
  };
  const engine = await startEngine(deps, base, files);
  const progress: SyncProgress = { requests: 0, edits: 0 };
  try {
    // Only the notes that can take part are read (the engine says which); the rest of the vault costs nothing.
    // They are read while the run's set-up and pull search are out, and handed in when the run asks for them; a
    // run that stops before that never asks (its reading is then left to end on its own, its failure unheard).
    const reading = readSelectedNotes(deps.vault, await engine.noteSelection());
    reading.catch(() => undefined);
    for (;;) {
      await deps.breathe?.();
      const action: EngineAction = await engine.poll();
      if (action.kind === "done") break;
      if (action.kind === "notes") await handOver(deps, engine, await reading);
      else await perform(deps, engine, action, progress, dryRun ? null : files.journal);
      deps.onProgress?.({ ...progress });
    }
    await deps.breathe?.();
    const report = await engine.finish();
    await deps.breathe?.();
    if (!dryRun) {
      if (report.stateText !== undefined && deps.store.saveText !== undefined) await deps.store.saveText(files.state, report.stateText);
      else await deps.store.save(files.state, report.state);
      await deps.store.save(files.journal, report.journal);
    }
    return report;
  } finally {
    await engine.free?.();
  }
}

/** Hands the selected notes to the engine: in batches with a breath between when the app must keep drawing. */
async function handOver(deps: SyncDriverDeps, engine: SyncEngineLike | WorkerSyncEngine, { notes, refs }: SelectedNotes): Promise<void> {
  const batch = deps.breathe === undefined ? Math.max(notes.length, 1) : NOTE_BATCH;
  for (let i = 0; i < notes.length; i += batch) {
    if (i > 0) await deps.breathe?.();
    await engine.addNotes(notes.slice(i, i + batch));
  }
  if (refs.length > 0) await engine.addNoteRefs(refs);
}

/**
 * The run's engine: off the main thread from the stored texts when the deps and the store allow it and a worker
 * is there, else in-thread: from the state's stored texts when the deps and the store allow it, else from the
 * loaded values (a missing or unreadable state or journal starts empty).
 */
async function startEngine(deps: SyncDriverDeps, base: Omit<RunInput, "state" | "journal">, files: { state: string; journal: string }): Promise<SyncEngineLike | WorkerSyncEngine> {
  const { store } = deps;
  if (deps.offThread !== undefined && store.loadTexts !== undefined && store.saveText !== undefined) {
    const [state, journal] = await Promise.all([store.loadTexts(files.state), store.loadTexts(files.journal)]);
    const engine = await deps.offThread(base, state, journal);
    if (engine !== null) return engine;
    if (deps.engineFromStored !== undefined) return deps.engineFromStored({ ...base, journal: pickJson(journal.main, journal.tmp) ?? {} }, state);
    return deps.engine({ ...base, state: pickJson(state.main, state.tmp) ?? {}, journal: pickJson(journal.main, journal.tmp) ?? {} });
  }
  if (deps.engineFromStored !== undefined && store.loadTexts !== undefined) {
    const [state, journal] = await Promise.all([store.loadTexts(files.state), store.load(files.journal)]);
    return deps.engineFromStored({ ...base, journal: journal ?? {} }, state);
  }
  const [state, journal] = await Promise.all([store.load(files.state), store.load(files.journal)]);
  return deps.engine({ ...base, state: state ?? {}, journal: journal ?? {} });
}

async function perform(deps: SyncDriverDeps, engine: SyncEngineLike | WorkerSyncEngine, action: Exclude<EngineAction, { kind: "done" | "notes" }>, progress: SyncProgress, journalFile: string | null): Promise<void> {
  switch (action.kind) {
    case "requests": {
      const answers = await sendRequests(deps.transport, action.requests);
      for (const answer of answers) await engine.handleResponse(answer);
      progress.requests += answers.length;
      return;
    }
    case "edits":
      for (const edit of action.edits) {
        const outcome = await applyEdit(deps.vault, edit);
        await engine.handleEdit(edit.path, outcome.applied ? { kind: "applied" } : { kind: "stale", current: outcome.current });
        progress.edits += 1;
      }
      return;
    case "saveJournal":
      if (journalFile !== null) await deps.store.save(journalFile, action.journal);
      await engine.journalSaved();
      return;
    case "zoneOffsets":
      await engine.handleZoneOffsets(Int32Array.from(action.instants.map((i) => zoneOffsetMinutes(action.timeZone, i))));
      return;
    case "readNotes":
      await engine.handleNotes(await readNotes(deps.vault, action.paths));
      return;
  }
}

/** One engine edit through the vault port: a create, a guarded replace, or a guarded move. */
async function applyEdit(vault: VaultPort, edit: EngineEdit): Promise<EditOutcome> {
  if (edit.moveTo !== undefined && edit.expected !== null) {
    // A port that cannot move notes leaves the note where it is (the engine reports it).
    return vault.moveIfUnchanged ? vault.moveIfUnchanged(edit.path, edit.moveTo, edit.expected) : { applied: false, current: null };
  }
  return edit.expected === null ? vault.createIfAbsent(edit.path, edit.content) : vault.replaceIfUnchanged(edit.path, edit.expected, edit.content);
}

/** An engine's answer to one request. */
export interface EngineResponse {
  id: number;
  status: number;
  body: unknown;
  error?: string;
  date?: string;
}

/** Sends a batch of engine requests concurrently and returns the answers in request order. */
export async function sendRequests(transport: Pick<JiraTransport, "send">, requests: readonly EngineRequest[]): Promise<EngineResponse[]> {
  return Promise.all(
    requests.map(async (r): Promise<EngineResponse> => {
      const result = await transport.send({ method: r.method, path: r.path, query: r.query, body: r.body });
      // `date` is Jira's clock, which the engine keeps its positions on (never the machine's).
      return result.ok
        ? { id: r.id, status: result.status, body: result.body, date: result.headers.date }
        : { id: r.id, status: result.error.status, body: result.error.body ?? null, error: result.error.message };
    }),
  );
}
