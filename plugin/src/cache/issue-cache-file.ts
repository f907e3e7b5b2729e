// The issue cache in a file of its own (`issue-cache.json` in the plugin folder), apart from data.json, so that a
// sync of 10,000 issues never clones and stringifies the whole cache with the settings in one main-thread task.
// The file is written as text built a slice of entries at a time with a breath between (`CACHE_SLICE` entries per
// task), through a store that saves atomically (write `name.tmp`, then replace `name`; a load falls back to the
// temp copy when the main file is missing or torn). Saves are serialised and coalesced: every save writes the
// whole cache as it is when the save starts, so the last save on disk always holds the last change.
//
// Migration from data.json (where earlier versions kept the cache): the entries found there are served at once,
// merged with the file's on load (the file wins for a key in both: it is the newer), written to the file, and only
// once that write succeeded dropped from data.json (`dropLegacy`). A crash in between leaves them in both places,
// and the next load merges them again: nothing is lost on any path.
import { nextTask } from "../core/next-task";
import type { JsonFileStore } from "../state/state-store";
import { type CachedIssue, copyCachedIssue, type IssueCache, type IssueCacheData, type IssueKeys, readCachedIssue } from "./issue-cache";

/** The file's name in the plugin folder. */
export const ISSUE_CACHE_FILE = "issue-cache.json";

/** Version of the file's shape: `{"version":1,"issues":{KEY:{summary,status,statusCategory,updated?}}}`. */
export const ISSUE_CACHE_VERSION = 1;

/** Entries serialised per task: a few milliseconds of work, far below the 50 ms of a long task. */
export const CACHE_SLICE = 1000;

/** What the cache file needs of a store: a tolerant load (tmp fallback) and an atomic text save. */
export type CacheFileStore = Pick<JsonFileStore, "load"> & Required<Pick<JsonFileStore, "saveText">>;

/** The entries of a loaded cache file of unknown shape (missing, torn, hand-edited): unusable entries dropped. */
export function readCacheFile(raw: unknown): Map<string, CachedIssue> {
  const out = new Map<string, CachedIssue>();
  if (raw === null || typeof raw !== "object" || Array.isArray(raw)) return out;
  const issues = (raw as Record<string, unknown>).issues;
  if (issues === null || typeof issues !== "object" || Array.isArray(issues)) return out;
  for (const [key, value] of Object.entries(issues as Record<string, unknown>)) {
    const issue = readCachedIssue(value);
    if (issue !== null) out.set(key, issue);
  }
  return out;
}

/** One entry's JSON text (`"KEY":{…}`), fields in a fixed order. */
function entryText(key: string, issue: CachedIssue): string {
  return `${JSON.stringify(key)}:${JSON.stringify(copyCachedIssue(issue))}`;
}

/**
 * The file's text for `entries`, `CACHE_SLICE` entries per task with `breathe` between slices. The same text as
 * `JSON.stringify` of the file's shape would give (then a newline), so any JSON reader loads it.
 */
export async function cacheFileText(entries: readonly (readonly [string, CachedIssue])[], breathe: () => Promise<void> = nextTask): Promise<string> {
  const parts: string[] = [];
  for (let i = 0; i < entries.length; i += CACHE_SLICE) {
    if (i > 0) await breathe();
    const end = Math.min(entries.length, i + CACHE_SLICE);
    for (let j = i; j < end; j++) {
      const [key, issue] = entries[j]!;
      parts.push(entryText(key, issue));
    }
  }
  return `{"version":${ISSUE_CACHE_VERSION},"issues":{${parts.join(",")}}}\n`;
}

/** The issue cache kept in `issue-cache.json`; see the module comment for migration and crash safety. */
export class IssueCacheFile implements IssueCache, IssueKeys {
  private readonly entries = new Map<string, CachedIssue>();
  private readonly listeners = new Set<() => void>();
  /** The load, once started (see `loaded`). */
  private started: Promise<void> | null = null;
  /** The save chain: each save starts after the previous one settled. */
  private saving: Promise<void> = Promise.resolve();
  /** A save queued and not yet started, which later changes share. */
  private queued: Promise<void> | null = null;

  /**
   * @param store where the file lives (the plugin folder's store).
   * @param legacy the cache found in data.json (or how to read it), served from the start of the load until the
   *   file is read, merged under the file's entries and then moved into the file.
   * @param dropLegacy removes the cache from data.json; called only after the merged cache was written.
   * @param breathe yields to the app between slices of work (a new task).
   */
  constructor(
    private readonly store: CacheFileStore,
    private readonly legacy: IssueCacheData | (() => IssueCacheData) = {},
    private readonly dropLegacy: () => Promise<void> = () => Promise.resolve(),
    private readonly breathe: () => Promise<void> = nextTask,
  ) {}

  /**
   * Settles when the file has been read (and the legacy entries migrated); never rejects. The load starts on
   * the first use of the cache (or of this), not when it is made: the plugin makes it in `onload`, which reads
   * nothing at app start-up, and starts it once the layout is ready.
   */
  get loaded(): Promise<void> {
    if (this.started === null) {
      const legacy = Object.entries(typeof this.legacy === "function" ? this.legacy() : this.legacy);
      for (const [key, issue] of legacy) this.entries.set(key, { ...issue });
      this.started = this.load(legacy.length > 0).catch((e: unknown) => {
        console.error("Jira Vault Sync: the issue cache could not be loaded", e);
      });
    }
    return this.started;
  }

  private async load(migrate: boolean): Promise<void> {
    const fromFile = readCacheFile(await this.store.load(ISSUE_CACHE_FILE));
    for (const [key, issue] of fromFile) this.entries.set(key, issue);
    if (migrate) {
      await this.save();
      await this.dropLegacy();
    }
    if (fromFile.size > 0) this.emit();
  }

  /** Serves what is known now (the data.json cache until the file is read); starts the load. */
  get(key: string): CachedIssue | undefined {
    void this.loaded;
    return this.entries.get(key);
  }

  keys(): Iterable<string> {
    void this.loaded;
    return this.entries.keys();
  }

  async set(key: string, issue: CachedIssue): Promise<void> {
    await this.setMany([[key, issue]]);
  }

  async setMany(entries: readonly (readonly [string, CachedIssue])[]): Promise<void> {
    if (entries.length === 0) return;
    await this.loaded;
    for (const [key, issue] of entries) this.entries.set(key, { ...issue });
    await this.save();
    this.emit();
  }

  async delete(key: string): Promise<void> {
    await this.loaded;
    this.entries.delete(key);
    await this.save();
    this.emit();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    for (const listener of [...this.listeners]) listener();
  }

  /** Writes the cache as it is when the write starts (after any earlier save); shared by changes until then. */
  private save(): Promise<void> {
    if (this.queued !== null) return this.queued;
    const run = this.saving.then(async () => {
      this.queued = null;
      const text = await cacheFileText([...this.entries], this.breathe);
      await this.store.saveText(ISSUE_CACHE_FILE, text);
    });
    this.queued = run;
    this.saving = run.catch(() => undefined);
    return run;
  }
}
