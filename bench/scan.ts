// Vault scan benchmark: `parseNote` (wasm, under Node) over every note of a corpus — the generated vault, a
// realistic Obsidian corpus, one 10 MB task-list note — beside the JS peer pipeline (peer-scan.ts) and the native
// ceiling (pulldown-cmark event iteration in `examples/scan_bench.rs`, run with cargo on the very same texts, which
// this side writes to bench/results/<corpus>.txt, NUL-separated).
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { Buffer } from "node:buffer";
import { fileURLToPath } from "node:url";
import * as core from "../pkg/jira_vault_sync.js";
import { generateObsidianCorpus, generateVault, taskListNote, type VaultNote } from "./corpus";
import { PEER_PIPELINE, peerParse } from "./peer-scan";
import { mbPerS, time, type Timing } from "./stats";

export interface ScanFigures {
  /** `vault` (generated vault), `obsidian` (realistic Obsidian corpus) or `tasks` (one task-list note). */
  corpus: string;
  notes: number;
  bytes: number;
  wasm: Timing & { mbPerS: number };
  peer: Timing & { mbPerS: number; pipeline: string };
  /** pulldown-cmark event iteration natively, and (`parseNote`) the core's parse_note natively. */
  native: NativeFigures | null;
  nativeError?: string;
  /** wasm MB/s ÷ native MB/s (target ≥ 0.4). */
  vsNative: number | null;
  /** wasm MB/s ÷ JS pipeline MB/s (target ≥ 4). */
  vsPeer: number;
}

const root = fileURLToPath(new URL("..", import.meta.url));

/** Builds the native example once (release) and returns nothing; errors surface when it is run. */
export function buildNative(): void {
  execFileSync("cargo", ["build", "--release", "--example", "scan_bench"], { cwd: root, stdio: ["ignore", "ignore", "inherit"] });
}

type NativeFigures = Timing & { mbPerS: number; parseNote?: Timing & { mbPerS: number } };

function native(file: string, runs: number): NativeFigures {
  const out = execFileSync("cargo", ["run", "--quiet", "--release", "--example", "scan_bench", "--", file, String(runs)], {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
    maxBuffer: 1 << 20,
  });
  return JSON.parse(out) as NativeFigures;
}

/** Scans a vault of `count` notes with all three readers. */
export function scanBench(count: number, runs: number): ScanFigures {
  return scanCorpus("vault", `vault-${count}`, generateVault(count), runs);
}

/** Scans the realistic Obsidian corpus of `count` notes (`generateObsidianCorpus`). */
export function scanObsidianBench(count: number, runs: number): ScanFigures {
  return scanCorpus("obsidian", `obsidian-${count}`, generateObsidianCorpus(count), runs);
}

/** Reads the one task-list note of `lines` task lines (250,000: about 10 MB). */
export function scanTaskNoteBench(lines: number, runs: number): ScanFigures {
  return scanCorpus("tasks", `tasks-${lines}`, [{ path: "Backlog.md", content: taskListNote(lines) }], runs);
}

function scanCorpus(corpus: string, name: string, notes: VaultNote[], runs: number): ScanFigures {
  const count = notes.length;
  const bytes = notes.reduce((n, note) => n + Buffer.byteLength(note.content), 0);
  const wasmT = time(runs, () => {
    for (const n of notes) core.parseNote(n.content, n.path);
  });
  const peerT = time(runs, () => {
    for (const n of notes) peerParse(n.content);
  });
  const dir = new URL("./results/", import.meta.url);
  mkdirSync(dir, { recursive: true });
  const file = fileURLToPath(new URL(`${name}.txt`, dir));
  writeFileSync(file, notes.map((n) => n.content).join("\0"));
  let nativeT: NativeFigures | null = null;
  let nativeError: string | undefined;
  try {
    nativeT = native(file, runs);
  } catch (e) {
    nativeError = e instanceof Error ? e.message : String(e);
  }
  const wasm = { ...wasmT, mbPerS: mbPerS(bytes, wasmT.medianMs) };
  const peer = { ...peerT, mbPerS: mbPerS(bytes, peerT.medianMs), pipeline: PEER_PIPELINE };
  return {
    corpus,
    notes: count,
    bytes,
    wasm,
    peer,
    native: nativeT,
    ...(nativeError === undefined ? {} : { nativeError }),
    vsNative: nativeT ? wasm.mbPerS / nativeT.mbPerS : null,
    vsPeer: wasm.mbPerS / peer.mbPerS,
  };
}
