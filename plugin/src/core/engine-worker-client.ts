// The main thread's side of the sync engine's Web Worker: `EngineWorker.start` creates the worker from the
// script main.js's core carries (a custom section of the wasm, `WORKER_SECTION`, put there by scripts/build.mjs so
// that it is compressed with the core; Obsidian ships one main.js, so the worker comes from a Blob URL), posts it the compiled core and resolves once the worker has instantiated it,
// or with null when there is no worker to be had (no `Worker`, no script — tests and the command line —, a
// platform that refuses the Blob URL or the module): the caller then runs the engine in-thread.
// `engine()` gives a `WorkerSyncEngine` whose every call is a message to the worker and a promise of its answer.
// Calls that answer nothing (`addNotes`, `handleResponse`, `handleEdit`, …) are pipelined: they resolve once
// posted, without a round trip each (a first sync answers ten thousand edits), and the worker runs them in order;
// should one throw, the engine's next call (`poll`, `finish`, …) rejects with that error, so the run fails as it
// would in-thread, one call later. If the worker dies, every pending and later call rejects with the reason and
// `alive` turns false, so the next run goes in-thread.
import type { EngineAnswer as Answer, EngineMessage as Outgoing } from "./engine-host";
import type { HistoryAction, HistoryInput, HistoryReport, RemoteHistoryEngine } from "../history/driver";
import type { EngineAction, RunInput, RunReport, StoredTexts, WorkerSyncEngine } from "../sync/types";
import type { NoteSelection } from "../vault/note-selection";

/** The wasm custom section in which main.js's core carries the worker's script (scripts/build.mjs writes it). */
export const WORKER_SECTION = "jira-vault-sync.engine-worker";

/** The worker script the compiled core `module` carries, or null when it has none (the command line's and the
 * tests' wasm, pkg/'s as wasm-bindgen wrote it) or it cannot be read. */
export function bundledWorkerSource(module: WebAssembly.Module): string | null {
  try {
    const [section] = WebAssembly.Module.customSections(module, WORKER_SECTION);
    return section === undefined ? null : new TextDecoder().decode(section);
  } catch {
    return null;
  }
}


interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

/** The engine's methods that answer nothing: posted without waiting for the worker (see above). */
const PIPELINED = new Set(["addNotes", "addNoteRefs", "handleNotes", "handleResponse", "handleEdit", "journalSaved", "handleZoneOffsets"]);

/** How long the worker may take to start before the run goes in-thread instead. */
const START_TIMEOUT_MS = 10_000;

export class EngineWorker {
  private readonly pending = new Map<number, Pending>();
  private nextId = 0;
  private nextEngine = 0;
  private failure: string | null = null;
  /** The error of a pipelined call, per engine, for its next call to reject with. */
  private readonly deferred = new Map<number, Error>();

  private constructor(private readonly worker: Worker) {
    worker.onmessage = (event: MessageEvent<Answer>) => this.answer(event.data);
    worker.onerror = (event) => this.die(`the sync engine's worker stopped: ${event.message || "error"}`);
    worker.onmessageerror = () => this.die("the sync engine's worker sent a message that could not be read");
  }

  /** Starts a worker running the compiled core `module`; null when none can be had here (see above). */
  static async start(module: WebAssembly.Module, source: string | null = bundledWorkerSource(module)): Promise<EngineWorker | null> {
    if (source === null || typeof Worker === "undefined" || typeof Blob === "undefined" || typeof URL.createObjectURL !== "function") return null;
    let url: string | null = null;
    let worker: Worker | null = null;
    try {
      url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      const created = new Worker(url);
      worker = created;
      const started = await new Promise<boolean>((resolve) => {
        const timer = window.setTimeout(() => resolve(false), START_TIMEOUT_MS);
        const done = (ok: boolean) => {
          window.clearTimeout(timer);
          resolve(ok);
        };
        created.onmessage = (event: MessageEvent<Answer>) => done(event.data.kind === "ready");
        created.onerror = () => done(false);
        created.onmessageerror = () => done(false);
        created.postMessage({ kind: "init", module } satisfies Outgoing);
      });
      if (!started) {
        created.terminate();
        return null;
      }
      return new EngineWorker(created);
    } catch {
      worker?.terminate();
      return null;
    } finally {
      if (url !== null) URL.revokeObjectURL(url);
    }
  }

  /** False once the worker has died (or was stopped): runs then go in-thread. */
  get alive(): boolean {
    return this.failure === null;
  }

  /** Stops the worker; pending calls reject. */
  terminate(): void {
    this.worker.terminate();
    this.die("the sync engine's worker was stopped");
  }

  /** Starts an engine in the worker from the stored state and journal texts (see `EngineHost`). */
  async engine(input: Omit<RunInput, "state" | "journal">, state: StoredTexts, journal: StoredTexts): Promise<WorkerSyncEngine> {
    const engine = this.nextEngine++;
    const call = (method: string, args: unknown[]): Promise<unknown> => this.call(engine, method, args);
    await call("start", [input, state, journal]);
    return remoteEngine((method, args) => {
      // A dead worker holds nothing: freeing there is a no-op, and must not hide the run's own error.
      if (method === "free") {
        this.deferred.delete(engine);
        return this.alive ? call(method, args) : Promise.resolve();
      }
      const failed = this.deferred.get(engine);
      if (failed !== undefined) {
        this.deferred.delete(engine);
        return Promise.reject(failed);
      }
      if (!PIPELINED.has(method)) return call(method, args);
      call(method, args).catch((e: unknown) => {
        if (!this.deferred.has(engine)) this.deferred.set(engine, e instanceof Error ? e : new Error(String(e)));
      });
      return Promise.resolve();
    });
  }

  /**
   * Starts a history engine in the worker from the kept history's and the sync state's texts (see `EngineHost`).
   * Its calls are not pipelined: a history read makes few, each waiting for its page anyway.
   */
  async historyEngine(input: Omit<HistoryInput, "history" | "timeZone">, history: StoredTexts, state: StoredTexts): Promise<RemoteHistoryEngine> {
    const engine = this.nextEngine++;
    const call = <T>(method: string, args: unknown[] = []): Promise<T> => this.call(engine, method, args) as Promise<T>;
    await call("startHistory", [input, history, state]);
    return {
      poll: () => call<HistoryAction>("poll"),
      handleResponse: (response) => call<void>("handleResponse", [response]),
      handleZoneOffsets: (minutes) => call<void>("handleZoneOffsets", [minutes]),
      finish: () => call<HistoryReport>("finish"),
      // A dead worker holds nothing: freeing there is a no-op, and must not hide the read's own error.
      free: () => (this.alive ? call<void>("free") : Promise.resolve()),
    };
  }

  private call(engine: number, method: string, args: unknown[]): Promise<unknown> {
    if (this.failure !== null) return Promise.reject(new Error(this.failure));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      try {
        this.worker.postMessage({ kind: "call", id, engine, method, args } satisfies Outgoing);
      } catch (e) {
        this.pending.delete(id);
        reject(e instanceof Error ? e : new Error(String(e)));
      }
    });
  }

  private answer(data: Answer): void {
    if (data.kind !== "result" && data.kind !== "error") return;
    const pending = this.pending.get(data.id);
    if (pending === undefined) return;
    this.pending.delete(data.id);
    if (data.kind === "result") pending.resolve(data.value);
    else pending.reject(new Error(data.message));
  }

  private die(reason: string): void {
    this.failure ??= reason;
    for (const p of this.pending.values()) p.reject(new Error(reason));
    this.pending.clear();
  }
}

/** The engine whose every call is `call(method, args)` (a message to the worker's `EngineHost`), answered later. */
export function remoteEngine(call: (method: string, args: unknown[]) => Promise<unknown>): WorkerSyncEngine {
  const to =
    <T>(method: string) =>
    (...args: unknown[]): Promise<T> =>
      call(method, args) as Promise<T>;
  return {
    noteSelection: to<NoteSelection>("noteSelection"),
    addNotes: to<void>("addNotes"),
    addNoteRefs: to<void>("addNoteRefs"),
    handleNotes: to<void>("handleNotes"),
    poll: to<EngineAction>("poll"),
    handleResponse: to<void>("handleResponse"),
    handleEdit: to<void>("handleEdit"),
    journalSaved: to<void>("journalSaved"),
    handleZoneOffsets: to<void>("handleZoneOffsets"),
    finish: to<RunReport>("finish"),
    free: to<void>("free"),
  };
}
