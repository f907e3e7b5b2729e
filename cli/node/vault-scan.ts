// The walk of a vault on disk that the command line's note index compares with (`VaultScan`: every Markdown
// note outside dot-folders, with its size and modification time, as columns in the order of the walk).
// `scanVault` runs on the calling thread; `scanVaultInWorker` runs the very same function in a worker thread,
// so that a fresh command-line process walks and `stat`s the vault while its main thread instantiates the core
// and loads the sync state (on a vault of 20,000 notes both take about as long). Given the file of the note
// index's plain table (note-index.ts), the worker also reads it and compares the walk with it (`matchPlain`),
// so the main thread neither parses that file nor looks 20,000 paths up in it. The functions handed to the
// worker go as source text, so they use nothing but their arguments.
import fs from "node:fs";
import { sep } from "node:path";
import { Worker } from "node:worker_threads";

/**
 * The index's plain table compared with a walk (see `matchPlain`): `known[row]` is 1 when the scanned note at
 * `row` is in the table with the same size and time, else 0; `kept` counts the ones; `rows` is the table's
 * length; `keys` the front matter keys the table was made for, as JSON text (sorted), which the reader compares
 * with its own.
 */
export interface PlainMatch {
  readonly keys: string;
  readonly rows: number;
  readonly kept: number;
  readonly known: Uint8Array;
}

/**
 * Every Markdown note of a vault with its size in bytes and modification time in whole ms since the epoch, as
 * `stat` gives them: columns of equal length, one row per note, in the order the walk met them (not sorted).
 * `plain`: the note index's plain table compared with this walk, when it was read with the walk (absent: not
 * read; null: missing, unreadable, or not of the index's version).
 */
export interface VaultScan {
  readonly paths: readonly string[];
  readonly sizes: ArrayLike<number>;
  readonly mtimes: ArrayLike<number>;
  readonly plain?: PlainMatch | null;
}

/**
 * Walks `root` with a `readdirSync` per folder and a `statSync` per note (skipping names that start with `.`;
 * notes that vanish meanwhile are left out), paths joined by hand and no object made per note: in a fresh
 * process this is several times cheaper than the same through promises, and holds one handle at a time.
 * Self-contained (see the module comment): it runs as is in the worker.
 */
function walk(root: string, nodeFs: typeof fs, separator: string): { paths: string[]; sizes: number[]; mtimes: number[] } {
  const paths: string[] = [];
  const sizes: number[] = [];
  const mtimes: number[] = [];
  const dirs: string[] = [root];
  const prefixes: string[] = [""];
  const options = { throwIfNoEntry: false } as const;
  for (let dir = dirs.pop(), prefix = prefixes.pop(); dir !== undefined && prefix !== undefined; dir = dirs.pop(), prefix = prefixes.pop()) {
    for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true })) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      if (entry.isDirectory()) {
        dirs.push(dir + separator + name);
        prefixes.push(`${prefix}${name}/`);
      } else if (name.endsWith(".md") && entry.isFile()) {
        const s = nodeFs.statSync(dir + separator + name, options);
        if (s?.isFile() !== true) continue;
        paths.push(prefix + name);
        sizes.push(s.size);
        mtimes.push(Math.floor(s.mtimeMs));
      }
    }
  }
  return { paths, sizes, mtimes };
}

/**
 * Compares a walk with the note index's plain table as its file holds it (`file`: the parsed JSON, anything):
 * null unless it is `{version, keys, paths, sizes, mtimes}` of `version` with well-formed columns of equal
 * length. Rows are looked for in walk order (the table was written in the order of the last walk, so each
 * of its rows is usually the next one the walk meets, with notes the table does not hold in between); a map by
 * path is built only when that fails (a plain note removed or renamed, or the walk's order changed: the table is
 * then rewritten, as its rows were not all kept). Self-contained (see the module comment): it runs as is in the
 * worker.
 */
function matchPlain(
  file: unknown,
  version: number,
  paths: readonly string[],
  sizes: ArrayLike<number>,
  mtimes: ArrayLike<number>,
): { keys: string; rows: number; kept: number; known: Uint8Array } | null {
  if (typeof file !== "object" || file === null) return null;
  const t = file as { version?: unknown; keys?: unknown; paths?: unknown; sizes?: unknown; mtimes?: unknown };
  if (t.version !== version || !Array.isArray(t.keys) || !Array.isArray(t.paths) || !Array.isArray(t.sizes) || !Array.isArray(t.mtimes)) return null;
  const ps = t.paths as unknown[];
  const ss = t.sizes as unknown[];
  const ms = t.mtimes as unknown[];
  const n = ps.length;
  if (ss.length !== n || ms.length !== n) return null;
  for (let i = 0; i < n; i++) {
    if (typeof ps[i] !== "string" || typeof ss[i] !== "number" || typeof ms[i] !== "number") return null;
  }
  if (!t.keys.every((k) => typeof k === "string")) return null;
  const known = new Uint8Array(paths.length);
  let kept = 0;
  // The table usually holds its rows in the walk's order with other notes (selected, new) between them, so each
  // walk row is compared with the next row not yet found. When every row is found so, the result is exact: paths
  // are unique on both sides, so a walk row passed over cannot be a later table row (that row would never be found).
  let cursor = 0;
  for (let row = 0; row < paths.length && cursor < n; row++) {
    if (ps[cursor] !== paths[row]) continue;
    if (ss[cursor] === sizes[row] && ms[cursor] === mtimes[row]) {
      known[row] = 1;
      kept++;
    }
    cursor++;
  }
  if (cursor < n) {
    // A row's note is gone, moved, or the order changed: look every walk row up by path.
    known.fill(0);
    kept = 0;
    const byPath = new Map<unknown, number>();
    for (let i = 0; i < n; i++) byPath.set(ps[i], i);
    for (let row = 0; row < paths.length; row++) {
      const at = byPath.get(paths[row]);
      if (at !== undefined && ss[at] === sizes[row] && ms[at] === mtimes[row]) {
        known[row] = 1;
        kept++;
      }
    }
  }
  return { keys: JSON.stringify(t.keys), rows: n, kept, known };
}

/** `matchPlain` on this thread (the note index uses it when the walk came without the comparison). */
export function matchPlainTable(file: unknown, version: number, scan: VaultScan): PlainMatch | null {
  return matchPlain(file, version, scan.paths, scan.sizes, scan.mtimes);
}

/** The vault's notes, walked on this thread. */
export function scanVault(root: string): VaultScan {
  return walk(root, fs, sep);
}

/** What the worker posts: the paths joined by NUL (never in a file name), the numbers as transferred buffers. */
interface Posted {
  paths: string;
  sizes: Float64Array;
  mtimes: Float64Array;
  plain?: PlainMatch | null;
}

/**
 * The worker: the walk, then (given `plainFile`) the plain table read as `JsonFileStore.load` reads a file (the
 * file, else its `.tmp` copy when the file is missing or torn) and compared with the walk.
 */
const WORKER_SOURCE = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const walk = ${walk.toString()};
const matchPlain = ${matchPlain.toString()};
const parsed = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
};
const r = walk(workerData.root, fs, require("node:path").sep);
const sizes = Float64Array.from(r.sizes);
const mtimes = Float64Array.from(r.mtimes);
const message = { paths: r.paths.join("\\0"), sizes, mtimes };
const transfer = [sizes.buffer, mtimes.buffer];
if (typeof workerData.plainFile === "string") {
  const file = parsed(workerData.plainFile) ?? parsed(workerData.plainFile + ".tmp") ?? null;
  message.plain = matchPlain(file, workerData.version, r.paths, sizes, mtimes);
  if (message.plain !== null) transfer.push(message.plain.known.buffer);
}
parentPort.postMessage(message, transfer);
`;

/**
 * The vault's notes, walked in a worker thread; rejects when the walk fails or no worker can be had. With
 * `plain` (the path of the note index's plain table and the index's version), the scan comes with that table
 * compared (`VaultScan.plain`). Aborting `signal` ends the worker (the promise then rejects), so a walk started
 * ahead that turns out not to be needed does not keep the process alive until it is done.
 */
export function scanVaultInWorker(root: string, plain?: { file: string; version: number }, signal?: AbortSignal): Promise<VaultScan> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(new Error("the vault scan was stopped"));
      return;
    }
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root, plainFile: plain?.file, version: plain?.version } });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    signal?.addEventListener("abort", () => void worker.terminate(), { once: true });
    worker.once("message", (m: Posted) =>
      resolve({ paths: m.paths === "" ? [] : m.paths.split("\0"), sizes: m.sizes, mtimes: m.mtimes, ...(m.plain === undefined ? {} : { plain: m.plain }) }),
    );
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the vault scan ended (${code}) without a result`)));
  });
}
