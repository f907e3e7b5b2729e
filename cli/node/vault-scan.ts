// The walk of a vault on disk that the command line's note index compares with (`VaultScan`: every Markdown
// note outside dot-folders, with its size and modification time, as columns in the order of the walk).
// `scanVault` runs on the calling thread; `scanVaultInWorker` runs the very same functions in a worker thread,
// so that a fresh command-line process walks and `stat`s the vault while its main thread instantiates the core
// and loads the sync state (on a vault of 20,000 notes both take about as long). Given the file of the note
// index's plain table (note-index.ts), the worker also reads it and compares the walk with it (`matchPlain`),
// so the main thread neither parses that file nor looks 20,000 paths up in it. The functions handed to the
// worker go as source text, so they use nothing but their arguments.
//
// The `stat`s (three quarters of a walk) are shared: the worker lists the notes first and posts the list with a
// `SharedArrayBuffer` that holds the sizes and times; then both threads take chunks of rows from a shared counter
// (`statShare`), the main thread only when its event loop has nothing else to do. On a run whose own work ends
// before the walk (a no-op sync waits for nothing else), the rest of the walk is split between two cores. The
// worker waits for every taken chunk to be done before it compares and posts; a chunk is never left half done.
import fs from "node:fs";
import { sep } from "node:path";
import { setImmediate } from "node:timers";
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
 * Lists `root`'s notes with a `readdirSync` per folder (skipping names that start with `.`), as paths relative to
 * `root` joined with `/`, in the order of the walk (the order every earlier walk used, which the note index's
 * files keep). Nothing is `stat`ed here: see `statRows`. Self-contained (see the module comment): it runs as is
 * in the worker.
 */
function listNotes(root: string, nodeFs: typeof fs, separator: string): string[] {
  const paths: string[] = [];
  const dirs: string[] = [root];
  const prefixes: string[] = [""];
  for (let dir = dirs.pop(), prefix = prefixes.pop(); dir !== undefined && prefix !== undefined; dir = dirs.pop(), prefix = prefixes.pop()) {
    for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true })) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      if (entry.isDirectory()) {
        dirs.push(dir + separator + name);
        prefixes.push(`${prefix}${name}/`);
      } else if (name.endsWith(".md") && entry.isFile()) {
        paths.push(prefix + name);
      }
    }
  }
  return paths;
}

/**
 * `stat`s the notes at rows `from` to `to` of `paths` (relative to `base`, which ends with the separator): their
 * size and modification time in whole ms go to `sizes` and `mtimes` at the same rows; a note that vanished or
 * stopped being a file since it was listed gets the size -1 (the walk leaves it out). Any other failure throws.
 * Self-contained (see the module comment): it runs as is in the worker.
 */
function statRows(
  paths: readonly string[],
  from: number,
  to: number,
  base: string,
  separator: string,
  nodeFs: typeof fs,
  sizes: Float64Array,
  mtimes: Float64Array,
): void {
  const options = { throwIfNoEntry: false } as const;
  for (let row = from; row < to; row++) {
    const rel = paths[row] as string;
    const s = nodeFs.statSync(base + (separator === "/" ? rel : rel.split("/").join(separator)), options);
    if (s?.isFile() !== true) {
      sizes[row] = -1;
      continue;
    }
    sizes[row] = s.size;
    mtimes[row] = Math.floor(s.mtimeMs);
  }
}

/**
 * Takes the next `chunk` rows of the shared `stat` work (see the module comment) and does them: false when none
 * were left. `control` holds the next untaken row (cell 0), the rows done (cell 1, with a notify for the worker
 * waiting on it) and whether a `stat` failed (cell 2). Self-contained: both threads run it.
 */
function statShare(
  control: Int32Array,
  paths: readonly string[],
  base: string,
  separator: string,
  nodeFs: typeof fs,
  sizes: Float64Array,
  mtimes: Float64Array,
  chunk: number,
): boolean {
  const from = Atomics.add(control, 0, chunk);
  if (from >= paths.length) return false;
  const to = Math.min(paths.length, from + chunk);
  try {
    statRows(paths, from, to, base, separator, nodeFs, sizes, mtimes);
  } catch {
    Atomics.store(control, 2, 1);
  }
  Atomics.add(control, 1, to - from);
  Atomics.notify(control, 1);
  return true;
}

/**
 * Compares a walk with the note index's plain table as its file holds it (`file`: the parsed JSON, anything):
 * null unless it is `{version, keys, paths, sizes, mtimes}` of `version` with well-formed columns of equal
 * length. Rows are looked for in walk order (the table was written in the order of the last walk, so each
 * note is usually the row after the last one found); a map by path is built only when that fails (a note
 * added, removed or renamed). Self-contained (see the module comment): it runs as is in the worker.
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
  let cursor = 0;
  let byPath: Map<unknown, number> | null = null;
  for (let row = 0; row < paths.length; row++) {
    const path = paths[row];
    let at = cursor;
    if (ps[at] !== path) {
      if (byPath === null) {
        byPath = new Map();
        for (let i = 0; i < n; i++) byPath.set(ps[i], i);
      }
      at = byPath.get(path) ?? -1;
      if (at < 0) continue;
    }
    cursor = at + 1;
    if (ss[at] === sizes[row] && ms[at] === mtimes[row]) {
      known[row] = 1;
      kept++;
    }
  }
  return { keys: JSON.stringify(t.keys), rows: n, kept, known };
}

/** `matchPlain` on this thread (the note index uses it when the walk came without the comparison). */
export function matchPlainTable(file: unknown, version: number, scan: VaultScan): PlainMatch | null {
  return matchPlain(file, version, scan.paths, scan.sizes, scan.mtimes);
}

/**
 * The walk without the rows `statRows` found gone (size -1): the same columns when there are none, else copies.
 * Self-contained (see the module comment): it runs as is in the worker.
 */
function withoutGone(paths: readonly string[], sizes: Float64Array, mtimes: Float64Array): { paths: readonly string[]; sizes: Float64Array; mtimes: Float64Array } {
  let kept = 0;
  for (let row = 0; row < paths.length; row++) if ((sizes[row] as number) >= 0) kept++;
  if (kept === paths.length) return { paths, sizes, mtimes };
  const out = { paths: [] as string[], sizes: new Float64Array(kept), mtimes: new Float64Array(kept) };
  for (let row = 0, to = 0; row < paths.length; row++) {
    if ((sizes[row] as number) < 0) continue;
    out.paths.push(paths[row] as string);
    out.sizes[to] = sizes[row] as number;
    out.mtimes[to] = mtimes[row] as number;
    to++;
  }
  return out;
}

/** Rows per take of the shared `stat` work: a fraction of a millisecond, so the main thread's share never holds up its own work for longer. */
const CHUNK = 64;

/** The vault's notes, walked on this thread. */
export function scanVault(root: string): VaultScan {
  const paths = listNotes(root, fs, sep);
  const sizes = new Float64Array(paths.length);
  const mtimes = new Float64Array(paths.length);
  statRows(paths, 0, paths.length, root + sep, sep, fs, sizes, mtimes);
  return withoutGone(paths, sizes, mtimes);
}

/**
 * What the worker posts: first the listed paths joined by NUL (never in a file name) with the shared memory of
 * the `stat` work (4 control cells, then the sizes and the times as 8-byte floats per row); then, once every row
 * is done, the plain table's comparison (when it was asked for).
 */
type Posted = { kind: "listed"; paths: string; shared: SharedArrayBuffer } | { kind: "done"; plain?: PlainMatch | null };

/**
 * The worker: lists the notes and posts them, reads the plain table as `JsonFileStore.load` reads a file (the
 * file, else its `.tmp` copy when the file is missing or torn), takes its share of the `stat`s, waits for the
 * main thread's share, compares the walk with the table and posts that.
 */
const WORKER_SOURCE = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const fs = require("node:fs");
const listNotes = ${listNotes.toString()};
const statRows = ${statRows.toString()};
const statShare = ${statShare.toString()};
const withoutGone = ${withoutGone.toString()};
const matchPlain = ${matchPlain.toString()};
const parsed = (file) => {
  try {
    return JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    return undefined;
  }
};
const separator = require("node:path").sep;
const paths = listNotes(workerData.root, fs, separator);
const n = paths.length;
const shared = new SharedArrayBuffer(16 + 16 * n);
const control = new Int32Array(shared, 0, 4);
const sizes = new Float64Array(shared, 16, n);
const mtimes = new Float64Array(shared, 16 + 8 * n, n);
parentPort.postMessage({ kind: "listed", paths: paths.join("\\0"), shared });
const table = typeof workerData.plainFile === "string" ? parsed(workerData.plainFile) ?? parsed(workerData.plainFile + ".tmp") ?? null : undefined;
while (statShare(control, paths, workerData.root + separator, separator, fs, sizes, mtimes, ${CHUNK}));
for (let done = Atomics.load(control, 1); done < n; done = Atomics.load(control, 1)) Atomics.wait(control, 1, done);
if (Atomics.load(control, 2) !== 0) throw new Error("a note of the vault could not be looked at (stat)");
const walked = withoutGone(paths, sizes, mtimes);
const message = { kind: "done" };
const transfer = [];
if (table !== undefined) {
  message.plain = matchPlain(table, workerData.version, walked.paths, walked.sizes, walked.mtimes);
  if (message.plain !== null) transfer.push(message.plain.known.buffer);
}
parentPort.postMessage(message, transfer);
`;

/**
 * The vault's notes, walked in a worker thread; rejects when the walk fails or no worker can be had. Once the
 * worker has listed the notes, this thread takes a share of their `stat`s whenever it has nothing else to do
 * (one chunk per turn of the event loop, see `statShare`), so a main thread that would only wait for the walk
 * shortens it. With `plain` (the path of the note index's plain table and the index's version), the scan comes
 * with that table compared (`VaultScan.plain`). Aborting `signal` ends the worker (the promise then rejects),
 * so a walk started ahead that turns out not to be needed does not keep the process alive until it is done.
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
    let ended = false;
    let listed: { paths: readonly string[]; sizes: Float64Array; mtimes: Float64Array } | null = null;
    const end = (): void => {
      ended = true;
    };
    signal?.addEventListener(
      "abort",
      () => {
        end();
        void worker.terminate();
      },
      { once: true },
    );
    worker.on("message", (m: Posted) => {
      if (m.kind === "listed") {
        const paths = m.paths === "" ? [] : m.paths.split("\0");
        const control = new Int32Array(m.shared, 0, 4);
        const sizes = new Float64Array(m.shared, 16, paths.length);
        const mtimes = new Float64Array(m.shared, 16 + 8 * paths.length, paths.length);
        listed = { paths, sizes, mtimes };
        const help = (): void => {
          if (!ended && statShare(control, paths, root + sep, sep, fs, sizes, mtimes, CHUNK)) setImmediate(help);
        };
        setImmediate(help);
        return;
      }
      end();
      if (listed === null) {
        reject(new Error("the vault scan ended without its notes"));
        return;
      }
      resolve({ ...withoutGone(listed.paths, listed.sizes, listed.mtimes), ...(m.plain === undefined ? {} : { plain: m.plain }) });
    });
    worker.once("error", (e) => {
      end();
      reject(e);
    });
    worker.once("exit", (code) => {
      end();
      reject(new Error(`the vault scan ended (${code}) without a result`));
    });
  });
}
