// Sync-plan benchmark, timed side (run in a fresh Node process by plan.ts, so memory figures are this run's own):
// replays a recorded sync — the engine's input and the simulator's answers — against the wasm `SyncEngine`, with
// no network, vault or store. Timed: starting the engine through `poll()` returning `done`. A build with
// `SyncEngine.fromStored` starts as the plugin's worker and the command line do, from the state file's text (the
// recorded state's JSON text, made before the clock starts, as the store would have read it): its UTF-8 bytes and
// the input without the state cross into wasm. An older build gets `new SyncEngine(input)`, the whole input as an
// object. Then answering every request from the recording, every edit with "applied", journal saves at once
// and zone offsets from Intl; `finish()` (the report and the new state crossing back) is timed on its own.
// Memory: process RSS and JS heap sampled after every engine action of the first run, and the wasm linear memory
// before and after (it never shrinks, so after the first run it is that run's high-water mark). Median of up to
// RUNS runs (fewer when they take over 30 s in all), the first included.
//   node --import tsx bench/plan-replay.ts RECORDING.json [RUNS] [PKG_DIR]
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import path from "node:path";
import process from "node:process";
import { pathToFileURL } from "node:url";
import * as core from "../pkg/jira_vault_sync.js";
import type { EngineAction, RunInput, RunReport } from "../plugin/src/sync/types";
import { zoneOffsetMinutes } from "../plugin/src/sync/zone-offset";
import { summarise, type Timing } from "./stats";

export interface Recording {
  input: RunInput;
  answers: { key: string; status: number; body: unknown; error?: string }[];
  /** The notes the engine asked for (`readNotes`) with their text, answered from here. */
  texts?: { path: string; content: string; fingerprint?: string }[];
}

export interface ReplayFigures {
  /** new SyncEngine → done. */
  plan: Timing;
  /** finish(). */
  finish: Timing;
  /** Engine actions of one run, by kind. */
  actions: Record<string, number>;
  /** Milliseconds per engine call in the last timed run (the timing wrapper adds a little). */
  breakdown: Record<string, number>;
  memory: {
    rssBeforeMb: number;
    rssPeakMb: number;
    heapBeforeMb: number;
    heapPeakMb: number;
    wasmBeforeMb: number;
    wasmAfterMb: number;
    /** wasm memory after the run + JS heap growth at its peak: what the engine needed. */
    enginePeakMb: number;
  };
}

const MB = 1024 * 1024;
const key = (r: { method: string; path: string; query?: unknown; body?: unknown }): string =>
  JSON.stringify([r.method, r.path, r.query ?? null, r.body ?? null]);

/** Milliseconds spent in each engine call of a run (constructor, poll, handleResponse, …). */
export type Breakdown = Record<string, number>;

type ReplayEngine = Pick<core.SyncEngine, "poll" | "handleResponse" | "handleEdit" | "journalSaved" | "handleNotes" | "handleZoneOffsets" | "finish" | "free">;

/** The part of a wasm-bindgen build of the core the replay uses (`../pkg/jira_vault_sync.js` or another build's). */
export interface ReplayCore {
  SyncEngine: (new (input: RunInput) => ReplayEngine) & { fromStored?: (input: Omit<RunInput, "state">, state?: Uint8Array, stateTmp?: Uint8Array) => ReplayEngine };
}

/** A recording's input without its state, and the state's JSON text as the store writes it (made once). */
const storedInputs = new WeakMap<Recording, { input: Omit<RunInput, "state">; stateText: string }>();
function storedInput(rec: Recording): { input: Omit<RunInput, "state">; stateText: string } {
  let stored = storedInputs.get(rec);
  if (stored === undefined) {
    const { state, ...input } = rec.input;
    stored = { input, stateText: `${JSON.stringify(state)}\n` };
    storedInputs.set(rec, stored);
  }
  return stored;
}

/** One replay of a recording through `core`'s `SyncEngine`: plan and finish milliseconds (wall, and the process's CPU
 * time, which the load of other work on a shared machine inflates less), actions, per-call times, the report. */
export function replay(rec: Recording, onStep?: () => void, wasm: ReplayCore = core): { planMs: number; finishMs: number; planCpuMs: number; finishCpuMs: number; actions: Record<string, number>; breakdown: Breakdown; report: RunReport } {
  const queues = new Map<string, Recording["answers"]>();
  for (const a of rec.answers) queues.set(a.key, [...(queues.get(a.key) ?? []), a]);
  const actions: Record<string, number> = {};
  const breakdown: Breakdown = {};
  const timed = <T>(name: string, fn: () => T): T => {
    const s = performance.now();
    const v = fn();
    breakdown[name] = (breakdown[name] ?? 0) + performance.now() - s;
    return v;
  };
  const fromStored = wasm.SyncEngine.fromStored?.bind(wasm.SyncEngine);
  const stored = fromStored === undefined ? undefined : storedInput(rec);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const engine = timed("new SyncEngine", () => (fromStored !== undefined && stored !== undefined ? fromStored(stored.input, new TextEncoder().encode(stored.stateText)) : new wasm.SyncEngine(rec.input)));
  for (;;) {
    const action = timed("poll", () => engine.poll() as EngineAction);
    actions[action.kind] = (actions[action.kind] ?? 0) + 1;
    if (action.kind === "done") break;
    if (action.kind === "requests") {
      for (const r of action.requests) {
        const a = queues.get(key(r))?.shift();
        if (a === undefined) throw new Error(`no recorded answer for ${r.method} ${r.path}`);
        timed("handleResponse", () => engine.handleResponse({ id: r.id, status: a.status, body: a.body, ...(a.error === undefined ? {} : { error: a.error }) }));
      }
    } else if (action.kind === "edits") {
      for (const e of action.edits) timed("handleEdit", () => engine.handleEdit(e.path, { kind: "applied" }));
    } else if (action.kind === "saveJournal") engine.journalSaved();
    else if (action.kind === "readNotes") {
      const texts = new Map((rec.texts ?? []).map((n) => [n.path, n]));
      const notes = action.paths.flatMap((p) => texts.get(p) ?? []);
      timed("handleNotes", () => engine.handleNotes(notes));
    } else if (action.kind === "notes") {
      // Recordings give the notes in the input (see `plan.ts`), so the engine never asks.
      throw new Error("the replayed run asked for its notes; the recording should give them in its input");
    } else {
      const offsets = () => Int32Array.from(action.instants.map((instant) => zoneOffsetMinutes(action.timeZone, instant)));
      timed("zone offsets (Intl) + handleZoneOffsets", () => engine.handleZoneOffsets(offsets()));
    }
    onStep?.();
  }
  const t1 = performance.now();
  const c1 = process.cpuUsage(c0);
  const report = engine.finish() as RunReport;
  const t2 = performance.now();
  const c2 = process.cpuUsage(c0);
  engine.free();
  if (report.fatal !== undefined) throw new Error(`replayed run failed: ${report.fatal}`);
  const cpuMs = (c: ReturnType<typeof process.cpuUsage>): number => (c.user + c.system) / 1000;
  return { planMs: t1 - t0, finishMs: t2 - t1, planCpuMs: cpuMs(c1), finishCpuMs: cpuMs(c2) - cpuMs(c1), actions, breakdown, report };
}

async function main(): Promise<void> {
  const [file, runsArg, pkgDir] = process.argv.slice(2);
  if (file === undefined) throw new Error("usage: plan-replay.ts RECORDING.json [RUNS] [PKG_DIR]");
  // Another build of the core (e.g. a copy of pkg/ from the branch point) when a third argument names its folder.
  // eslint-disable-next-line no-unsanitized/method -- a local benchmark: the build is named on its command line
  const build = pkgDir === undefined ? core : ((await import(pathToFileURL(path.resolve(pkgDir, "jira_vault_sync.js")).href)) as typeof core);
  const wasmFile = pkgDir === undefined ? new URL("../pkg/jira_vault_sync_bg.wasm", import.meta.url) : path.resolve(pkgDir, "jira_vault_sync_bg.wasm");
  const runs = Number(runsArg ?? 5);
  const wasm = build.initSync({ module: readFileSync(wasmFile) });
  const rec = JSON.parse(readFileSync(file, "utf8")) as Recording;
  const before = process.memoryUsage();
  const wasmBefore = wasm.memory.buffer.byteLength;
  let rssPeak = before.rss;
  let heapPeak = before.heapUsed;
  const sample = () => {
    const m = process.memoryUsage();
    rssPeak = Math.max(rssPeak, m.rss);
    heapPeak = Math.max(heapPeak, m.heapUsed);
  };
  // Every run is timed, the first one too (it also samples memory, a few calls per engine action); later runs
  // stop once 30 s went by, so a slow engine does not blow the benchmark's time budget.
  const first = replay(rec, sample, build);
  sample();
  const wasmAfter = wasm.memory.buffer.byteLength;
  const plan: number[] = [first.planMs];
  const finish: number[] = [first.finishMs];
  let breakdown: Breakdown = first.breakdown;
  const started = performance.now();
  for (let i = 1; i < runs && performance.now() - started < 30_000; i++) {
    const r = replay(rec, undefined, build);
    breakdown = r.breakdown;
    plan.push(r.planMs);
    finish.push(r.finishMs);
  }
  const figures: ReplayFigures = {
    plan: summarise(plan),
    finish: summarise(finish),
    actions: first.actions,
    breakdown,
    memory: {
      rssBeforeMb: before.rss / MB,
      rssPeakMb: rssPeak / MB,
      heapBeforeMb: before.heapUsed / MB,
      heapPeakMb: heapPeak / MB,
      wasmBeforeMb: wasmBefore / MB,
      wasmAfterMb: wasmAfter / MB,
      enginePeakMb: (wasmAfter + heapPeak - before.heapUsed) / MB,
    },
  };
  process.stdout.write(JSON.stringify(figures) + "\n");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await main();
