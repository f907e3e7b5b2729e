// VaultPort over a folder on disk with node:fs/promises, for the headless command line and tests.
// A guarded write reads, compares, writes a dot-named temp file in the same folder and renames it over
// the note (atomic on POSIX: readers see the old or the new text, never a mix). Guarded writes and
// creates are serialised per path inside this process; other processes are not locked out between the
// compare and the rename. Listing skips every name starting with '.' (so temp files never show).
// Every file operation (a read, a guarded write, a create, one folder's listing) takes one of `limit`
// slots (default IO_CONCURRENCY) and holds at most one file handle at a time, so however many callers fan
// out, the vault never has more than `limit` files open (a 3,000-note vault syncs under `ulimit -n 256`).
// With an index store, reading the notes a sync selects skips the notes the index knows hold none of the
// selection's front matter keys and have kept their size and modification time, and hands the selected notes
// that kept theirs by fingerprint, unread (see note-index.ts); the vault is then walked and `stat`ed
// synchronously (vault-scan.ts), in a worker thread when `prefetch` started it earlier.
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { ConcurrencyLimiter, IO_CONCURRENCY, mapBounded } from "../../plugin/src/vault/bounded-io";
import { KeyedQueue } from "../../plugin/src/vault/keyed-queue";
import type { JsonFileStore } from "../../plugin/src/state/state-store";
import { frontmatterMayHold, type NoteSelection, PathRules } from "../../plugin/src/vault/note-selection";
import { noteFingerprint } from "../../plugin/src/vault/fingerprint";
import { checkVaultPath, type EditOutcome, type NoteRef, type NoteText, type SelectedNotes, sortPaths, type VaultPort } from "../../plugin/src/vault/vault";
import { NoteIndex } from "./note-index";
import { scanVault, scanVaultInWorker, type VaultScan } from "./vault-scan";

/** Notes or refs in `listMarkdown` order (by UTF-16 code units). */
function byPath<T extends { path: string }>(items: T[]): T[] {
  return items.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function errorCode(e: unknown): string | undefined {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" ? code : undefined;
}

/** Reads a file as UTF-8; null when it is missing (or not a file). */
async function readOrNull(file: string): Promise<string | null> {
  try {
    return await readFile(file, "utf8");
  } catch (e) {
    const code = errorCode(e);
    if (code === "ENOENT" || code === "EISDIR" || code === "ENOTDIR") return null;
    throw e;
  }
}

export class FsVault implements VaultPort {
  private readonly queue = new KeyedQueue();
  private readonly io: ConcurrencyLimiter;
  /** The walk `prefetch` started (null inside when it failed), until `readSelected` takes it. */
  private prefetched: Promise<VaultScan | null> | null = null;
  /** Whether that walk has ended. */
  private prefetchDone = false;
  /** What `prefetch` was given to do while `readSelected` waits for the walk. */
  private meanwhile: (() => void) | null = null;
  /** The note index's selected table as `prefetch` started reading it, until `readSelected` takes it. */
  private selectedTable: Promise<unknown> | undefined;

  constructor(
    readonly root: string,
    limit = IO_CONCURRENCY,
    private readonly index: JsonFileStore | null = null,
  ) {
    this.io = new ConcurrencyLimiter(limit);
  }

  private abs(path: string): string {
    return join(this.root, ...checkVaultPath(path).split("/"));
  }

  /** Walks the folders level by level, each level's listings `limit` at a time (deep or wide trees alike). */
  async listMarkdown(): Promise<string[]> {
    const out: string[] = [];
    let level: { dir: string; prefix: string }[] = [{ dir: this.root, prefix: "" }];
    while (level.length > 0) {
      const listings = await mapBounded(level, this.io.limit, ({ dir }) => this.io.run(() => readdir(dir, { withFileTypes: true })));
      const deeper: { dir: string; prefix: string }[] = [];
      listings.forEach((entries, i) => {
        const { dir, prefix } = level[i] as { dir: string; prefix: string };
        for (const entry of entries) {
          if (entry.name.startsWith(".")) continue;
          const rel = prefix === "" ? entry.name : `${prefix}/${entry.name}`;
          if (entry.isDirectory()) deeper.push({ dir: join(dir, entry.name), prefix: rel });
          else if (entry.isFile() && entry.name.endsWith(".md")) out.push(rel);
        }
      });
      level = deeper;
    }
    return sortPaths(out);
  }

  /**
   * Starts walking the vault in a worker thread now (see vault-scan.ts); the next `readSelected` takes that walk
   * instead of walking the vault itself (or walks it itself when the worker failed). The command line starts
   * the walk before it instantiates the core, so both go on at once (`scan`: a walk of this vault's folder
   * started earlier, e.g. with `scanVaultInWorker`). `meanwhile`: work the caller needs later anyway, done by
   * `readSelected` only if it would otherwise wait for the walk (the command line loads `fetch` and the time
   * zone data there: node/warm-up.ts), so a large vault's walk hides it and a small one's costs nothing more.
   */
  prefetch(scan: Promise<VaultScan | null> = scanVaultInWorker(this.root).catch(() => null), meanwhile?: () => void): void {
    // The index's selected table is read now too: read only once the walk was in, its read waited behind whatever
    // else the main thread had queued, 17–26 ms of a 20,000-note vault's no-op run.
    this.selectedTable = this.index === null ? undefined : NoteIndex.readSelectedTable(this.index);
    this.prefetched = scan;
    this.prefetchDone = false;
    this.meanwhile = meanwhile ?? null;
    const ended = (): void => {
      if (this.prefetched === scan) this.prefetchDone = true;
    };
    void scan.then(ended, ended);
  }

  /**
   * The selected notes; with an index store, unchanged notes known not to be selected are not read, and
   * unchanged selected notes are handed by fingerprint (`refs`), unread.
   */
  async readSelected(selection: NoteSelection): Promise<SelectedNotes> {
    const rules = new PathRules(selection);
    if (this.index === null) return this.readAllSelected(rules);
    const prefetched = this.prefetched;
    this.prefetched = null;
    const meanwhile = this.meanwhile;
    this.meanwhile = null;
    if (prefetched !== null && !this.prefetchDone) meanwhile?.();
    const scan = (await prefetched) ?? scanVault(this.root);
    const selectedTable = this.selectedTable;
    this.selectedTable = undefined;
    const index = await NoteIndex.load(this.index, rules.keys, scan, selectedTable);
    const refs: NoteRef[] = [];
    const wanted: number[] = [];
    for (let row = 0; row < scan.paths.length; row++) {
      const known = index.known(row);
      if (typeof known === "string") refs.push({ path: scan.paths[row] as string, fingerprint: known });
      else if (known === undefined || rules.selects(scan.paths[row] as string)) wanted.push(row);
    }
    const readAt = Date.now();
    const read = await mapBounded(wanted, this.io.limit, async (row) => ({ row, content: await this.read(scan.paths[row] as string) }));
    const notes: NoteText[] = [];
    for (const { row, content } of read) {
      if (content === null) continue;
      const path = scan.paths[row] as string;
      const holdsKeys = frontmatterMayHold(content, rules.keys);
      if (!holdsKeys && !rules.selects(path)) {
        index.record(row, false, readAt);
        continue;
      }
      const fingerprint = await noteFingerprint(content);
      index.record(row, holdsKeys, readAt, fingerprint);
      notes.push({ path, content, fingerprint });
    }
    await index.save(this.index);
    return { notes: byPath(notes), refs: byPath(refs) };
  }

  /** Without an index: every note read, the selected ones kept. */
  private async readAllSelected(rules: PathRules): Promise<SelectedNotes> {
    const read = await mapBounded(await this.listMarkdown(), this.io.limit, async (path) => ({ path, content: await this.read(path) }));
    const notes: NoteText[] = [];
    for (const { path, content } of read) {
      if (content !== null && (rules.selects(path) || frontmatterMayHold(content, rules.keys))) notes.push({ path, content });
    }
    return { notes, refs: [] };
  }

  async read(path: string): Promise<string | null> {
    const file = this.abs(path);
    return this.io.run(() => readOrNull(file));
  }

  async replaceIfUnchanged(path: string, expected: string, next: string): Promise<EditOutcome> {
    const file = this.abs(path);
    // The slot is taken inside the path's queue, so a write waiting for its turn holds no slot.
    return this.queue.run(path, () => this.io.run(async (): Promise<EditOutcome> => {
      const current = await readOrNull(file);
      if (current !== expected) return { applied: false, current };
      const tmp = join(dirname(file), `.jvs-${Date.now()}-${Math.random().toString(36).slice(2)}.tmp`);
      try {
        await writeFile(tmp, next, "utf8");
        await rename(tmp, file);
      } catch (e) {
        await unlink(tmp).catch(() => undefined);
        throw e;
      }
      return { applied: true };
    }));
  }

  /** A hard link to `to` (which fails when a file is there, never overwriting), then the old name removed. */
  async moveIfUnchanged(from: string, to: string, expected: string): Promise<EditOutcome> {
    const source = this.abs(from);
    const target = this.abs(to);
    return this.queue.run(from, () => this.io.run(async (): Promise<EditOutcome> => {
      const current = await readOrNull(source);
      if (current !== expected) return { applied: false, current };
      await mkdir(dirname(target), { recursive: true });
      try {
        await link(source, target);
      } catch (e) {
        if (errorCode(e) === "EEXIST") return { applied: false, current };
        throw e;
      }
      await unlink(source);
      return { applied: true };
    }));
  }

  async createIfAbsent(path: string, content: string): Promise<EditOutcome> {
    const file = this.abs(path);
    return this.queue.run(path, () => this.io.run(async (): Promise<EditOutcome> => {
      await mkdir(dirname(file), { recursive: true });
      try {
        await writeFile(file, content, { encoding: "utf8", flag: "wx" });
      } catch (e) {
        const code = errorCode(e);
        if (code === "EEXIST" || code === "EISDIR") return { applied: false, current: await readOrNull(file) };
        throw e;
      }
      return { applied: true };
    }));
  }
}
