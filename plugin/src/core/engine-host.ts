// The sync engine's side of the worker protocol, free of any worker API so it runs (and is tested) anywhere:
// `EngineHost.call` takes one call message and returns its result. `start` picks the state and journal from the
// store's raw texts exactly as `pickJson` does (the file, else a complete temp copy, else empty) and starts a
// wasm `SyncEngine` (with `syncFromStored`, the worker's, the state's texts go to `SyncEngine.fromStored`
// unparsed and the core picks the same way); `finish` hands the new state back as the JSON text the store writes
// (`toJsonText`) together with its linked issues for the badge cache, so the main thread never builds, parses or
// stringifies the state.
// Every other method is the engine's own, forwarded. Engines are numbered by the caller; several may be open.
// The history engine runs here too (`startHistory`): it starts from the kept history's raw texts and the zone
// in the sync state's, and its `finish` hands the new history back as the text the store writes.
// `serveEngine` is the worker's whole message loop over a scope (the worker's `self`, or a fake in tests).
import { type HistoryEngineLike, type HistoryInput, type HistoryReport, zoneOf } from "../history/driver";
import { pickJson, toJsonText } from "../state/state-store";
import { linkedIssues } from "../sync/linked-issues";
import type { RunInput, RunReport, StoredTexts, SyncEngineFromStored, SyncEngineLike } from "../sync/types";

/** A call to the engine numbered `engine`: `start(input, state, journal)` or one of `SyncEngineLike`'s methods. */
export interface EngineCall {
  engine: number;
  method: string;
  args: unknown[];
}

/** The methods a call may name besides `start`, `finish` and `free`, per kind of engine. */
const FORWARDED = {
  sync: new Set(["noteSelection", "addNotes", "addNoteRefs", "handleNotes", "poll", "handleResponse", "handleEdit", "journalSaved", "handleZoneOffsets"]),
  history: new Set(["poll", "handleResponse", "handleZoneOffsets"]),
};

/** The in-thread engines a host starts: the sync's (`new core.SyncEngine`) and the history's (`new core.HistoryEngine`). */
export interface EngineFactories {
  sync: (input: RunInput) => SyncEngineLike;
  /** The sync's from the state's stored texts (`SyncEngine.fromStored`); absent: `sync` with the picked state. */
  syncFromStored?: SyncEngineFromStored;
  history?: (input: HistoryInput) => HistoryEngineLike;
}

type OpenEngine = { kind: "sync"; engine: SyncEngineLike; input: Omit<RunInput, "state" | "journal"> } | { kind: "history"; engine: HistoryEngineLike };

export class EngineHost {
  private readonly engines = new Map<number, OpenEngine>();
  private readonly factories: EngineFactories;

  /** `create`: the in-thread engines, or the sync's alone (`(input) => new core.SyncEngine(input)`). */
  constructor(create: ((input: RunInput) => SyncEngineLike) | EngineFactories) {
    this.factories = typeof create === "function" ? { sync: create } : create;
  }

  /** Runs one call; throws what the engine throws, or on an unknown engine or method. */
  async call({ engine: id, method, args }: EngineCall): Promise<unknown> {
    if (method === "start") {
      const [input, state, journal] = args as [Omit<RunInput, "state" | "journal">, StoredTexts, StoredTexts];
      if (this.engines.has(id)) throw new Error(`engine ${id} is already started`);
      const journalValue = pickJson(journal.main, journal.tmp) ?? {};
      const { syncFromStored } = this.factories;
      const engine = syncFromStored !== undefined ? syncFromStored({ ...input, journal: journalValue }, state) : this.factories.sync({ ...input, state: pickJson(state.main, state.tmp) ?? {}, journal: journalValue });
      this.engines.set(id, { kind: "sync", engine, input });
      return undefined;
    }
    if (method === "startHistory") {
      const [input, history, state] = args as [Omit<HistoryInput, "history" | "timeZone">, StoredTexts, StoredTexts];
      if (this.engines.has(id)) throw new Error(`engine ${id} is already started`);
      if (this.factories.history === undefined) throw new Error("this worker runs no history engine");
      const timeZone = zoneOf(pickJson(state.main, state.tmp));
      const engine = this.factories.history({ ...input, ...(timeZone === undefined ? {} : { timeZone }), history: pickJson(history.main, history.tmp) ?? {} });
      this.engines.set(id, { kind: "history", engine });
      return undefined;
    }
    const open = this.engines.get(id);
    if (open === undefined) throw new Error(`no engine ${id}`);
    if (method === "free") {
      this.engines.delete(id);
      open.engine.free?.();
      return undefined;
    }
    if (method === "finish" && open.kind === "history") {
      const report: HistoryReport = open.engine.finish();
      return { ...report, history: null, historyText: toJsonText(report.history ?? {}) } satisfies HistoryReport;
    }
    if (method === "finish" && open.kind === "sync") {
      const report: RunReport = open.engine.finish();
      return { ...report, state: null, stateText: toJsonText(report.state), linkedIssues: linkedIssues(report.state, open.input.config) } satisfies RunReport;
    }
    if (!FORWARDED[open.kind].has(method)) throw new Error(`unknown engine method ${method}`);
    const fn = (open.engine as unknown as Record<string, (...a: unknown[]) => unknown>)[method];
    if (fn === undefined) throw new Error(`unknown engine method ${method}`);
    return await fn.apply(open.engine, args);
  }
}

/** What the worker receives: the compiled core first, then calls. */
export type EngineMessage = { kind: "init"; module: WebAssembly.Module } | ({ kind: "call"; id: number } & EngineCall);

/** What the worker answers. */
export type EngineAnswer = { kind: "ready" } | { kind: "failed"; message: string } | { kind: "result"; id: number; value: unknown } | { kind: "error"; id: number; message: string };

/** The part of a worker's global scope the loop uses. */
export interface EngineScope {
  onmessage: ((event: MessageEvent<EngineMessage>) => void) | null;
  postMessage(message: EngineAnswer): void;
}

/**
 * Serves the protocol on `scope`: `{kind: "init", module}` → `start(module)` gives the in-thread engine factories
 * (instantiating the core), answered `{kind: "ready"}` or `{kind: "failed", message}`; then every
 * `{kind: "call", id, …}` is answered `{kind: "result", id, value}` or `{kind: "error", id, message}`, one call
 * after another in the order they came.
 */
export function serveEngine(scope: EngineScope, start: (module: WebAssembly.Module) => Promise<((input: RunInput) => SyncEngineLike) | EngineFactories>): void {
  let host: EngineHost | null = null;
  let queue: Promise<void> = Promise.resolve();
  const message = (e: unknown): string => (e instanceof Error ? e.message : String(e));
  const handle = async (data: EngineMessage): Promise<void> => {
    if (data.kind === "init") {
      try {
        host = new EngineHost(await start(data.module));
        scope.postMessage({ kind: "ready" });
      } catch (e) {
        scope.postMessage({ kind: "failed", message: message(e) });
      }
      return;
    }
    try {
      if (host === null) throw new Error("the sync engine's worker has not started");
      const value = await host.call(data);
      scope.postMessage({ kind: "result", id: data.id, value });
    } catch (e) {
      scope.postMessage({ kind: "error", id: data.id, message: message(e) });
    }
  };
  scope.onmessage = (event) => {
    queue = queue.then(() => handle(event.data));
  };
}
