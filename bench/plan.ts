// Sync-plan benchmark, set-up side: a simulator with N generated OPS issues, a first (full) sync that links N
// notes, the watermark settled on one isolated change (`settle` in sim-world.ts), then 1 % of the issues changed
// in Jira (as Bob) and another 1 % of the notes edited locally. The next sync runs once against the simulator
// through the real driver, recording the engine's input and every answer; that recording is written to
// bench/results/plan-N.json and replayed in a fresh Node process (plan-replay.ts), which times the engine alone
// and measures its memory.
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import process from "node:process";
import { fileURLToPath } from "node:url";
import type { RunInput, SyncEngineLike } from "../plugin/src/sync/types";
import { loadCoreSync as loadCore } from "../tests/e2e/harness";
import { benchWorld, linkedNotes } from "./sim-world";
import type { Recording, ReplayFigures } from "./plan-replay";

export interface PlanFigures extends ReplayFigures {
  notes: number;
  remoteChanges: number;
  localChanges: number;
  /** Requests the recorded run sent (search pages and PUTs). */
  requests: number;
}

/** Key under which an answer is recorded and looked up. */
export const requestKey = (r: { method: string; path: string; query?: unknown; body?: unknown }): string =>
  JSON.stringify([r.method, r.path, r.query ?? null, r.body ?? null]);

async function record(n: number, file: string): Promise<{ remote: number; local: number; requests: number }> {
  const w = await benchWorld(n);
  try {
    const first = await w.sync();
    if (first.fatal !== undefined) throw new Error(`first sync failed: ${first.fatal}`);
    const notes = linkedNotes(w.vault);
    if (notes.length !== n) throw new Error(`expected ${n} linked notes, got ${notes.length}`);
    await w.settle(notes[n - 1]?.key ?? "OPS-1");
    w.advance(600_000);
    const remote = notes.filter((_, i) => i % 100 === 0);
    const local = notes.filter((_, i) => i % 100 === 50);
    await w.editRemote(remote.map((x) => x.key));
    w.editLocal(local.map((x) => x.path), "local edit");
    w.advance(600_000);
    let input: RunInput | null = null;
    const answers: Recording["answers"] = [];
    const texts: NonNullable<Recording["texts"]> = [];
    const report = await w.sync({
      engine: (i) => {
        // The replay gives the notes in the input, before the first poll (the driver hands them in later).
        const recorded = { ...structuredClone(i), notesLater: false };
        input = recorded;
        const engine = new (loadCore().SyncEngine)(i) as unknown as SyncEngineLike;
        // The driver hands the selected notes over after construction; the replay gives them in the input.
        const addNotes = engine.addNotes.bind(engine);
        engine.addNotes = (notes) => {
          recorded.notes = structuredClone(notes);
          addNotes(notes);
        };
        // Unchanged notes come by fingerprint; those the engine asks for are answered from the recording.
        const addNoteRefs = engine.addNoteRefs.bind(engine);
        engine.addNoteRefs = (refs) => {
          recorded.noteRefs = structuredClone(refs);
          addNoteRefs(refs);
        };
        const handleNotes = engine.handleNotes.bind(engine);
        engine.handleNotes = (notes) => {
          texts.push(...structuredClone(notes));
          handleNotes(notes);
        };
        return engine;
      },
      wrap: (send) => async (req) => {
        const res = await send(req);
        answers.push({ key: requestKey(req), status: res.ok ? res.status : res.error.status, body: res.ok ? res.body : null, ...(res.ok ? {} : { error: res.error.message }) });
        return res;
      },
    });
    if (report.fatal !== undefined || input === null) throw new Error(`recorded sync failed: ${report.fatal ?? "no input"}`);
    const recording: Recording = { input, answers, texts };
    writeFileSync(file, JSON.stringify(recording));
    return { remote: remote.length, local: local.length, requests: answers.length };
  } finally {
    await w.stop();
  }
}

/** Records the run for `n` notes and replays it `runs` times in a fresh process. */
export async function planBench(n: number, runs: number): Promise<PlanFigures> {
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = fileURLToPath(new URL(`plan-${n}.json`, dir));
  const rec = await record(n, file);
  const out = execFileSync(process.execPath, ["--import", "tsx", fileURLToPath(new URL("./plan-replay.ts", import.meta.url)), file, String(runs)], {
    cwd: fileURLToPath(new URL("..", import.meta.url)),
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 20,
  });
  const figures = JSON.parse(out) as ReplayFigures;
  return { notes: n, remoteChanges: rec.remote, localChanges: rec.local, requests: rec.requests, ...figures };
}
