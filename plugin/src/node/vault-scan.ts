// The walk of a vault on disk that the command line's note index compares with (`VaultScan`: every Markdown
// note outside dot-folders, with its size and modification time, as columns in the order of the walk).
// `scanVault` runs on the calling thread; `scanVaultInWorker` runs the very same function in a worker thread,
// so that a fresh command-line process walks and `stat`s the vault while its main thread instantiates the core
// and loads the sync state (on a vault of 20,000 notes both take about as long). The function's source is
// handed to the worker as text, so it uses nothing but its arguments.
import fs from "node:fs";
import { sep } from "node:path";
import { Worker } from "node:worker_threads";

/**
 * Every Markdown note of a vault with its size in bytes and modification time in whole ms since the epoch, as
 * `stat` gives them: columns of equal length, one row per note, in the order the walk met them (not sorted).
 */
export interface VaultScan {
  readonly paths: readonly string[];
  readonly sizes: ArrayLike<number>;
  readonly mtimes: ArrayLike<number>;
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
  for (let dir = dirs.pop(), prefix = prefixes.pop(); dir !== undefined && prefix !== undefined; dir = dirs.pop(), prefix = prefixes.pop()) {
    for (const entry of nodeFs.readdirSync(dir, { withFileTypes: true })) {
      const name = entry.name;
      if (name.startsWith(".")) continue;
      if (entry.isDirectory()) {
        dirs.push(dir + separator + name);
        prefixes.push(`${prefix}${name}/`);
      } else if (name.endsWith(".md") && entry.isFile()) {
        const s = nodeFs.statSync(dir + separator + name, { throwIfNoEntry: false });
        if (s?.isFile() !== true) continue;
        paths.push(prefix + name);
        sizes.push(s.size);
        mtimes.push(Math.floor(s.mtimeMs));
      }
    }
  }
  return { paths, sizes, mtimes };
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
}

const WORKER_SOURCE = `"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const walk = ${walk.toString()};
const r = walk(workerData.root, require("node:fs"), require("node:path").sep);
const sizes = Float64Array.from(r.sizes);
const mtimes = Float64Array.from(r.mtimes);
parentPort.postMessage({ paths: r.paths.join("\\0"), sizes, mtimes }, [sizes.buffer, mtimes.buffer]);
`;

/** The vault's notes, walked in a worker thread; rejects when the walk fails or no worker can be had. */
export function scanVaultInWorker(root: string): Promise<VaultScan> {
  return new Promise((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { root } });
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    worker.once("message", (m: Posted) => resolve({ paths: m.paths === "" ? [] : m.paths.split("\0"), sizes: m.sizes, mtimes: m.mtimes }));
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`the vault scan ended (${code}) without a result`)));
  });
}
