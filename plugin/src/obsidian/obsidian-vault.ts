// VaultPort over Obsidian's Vault API. Paths are checked, then passed through `normalizePath`. Reads go
// to disk (`vault.read`), not the cache, since the driver edits what it reads. The guarded write is a
// `vault.process` whose callback returns `next` only when the note is exactly `expected` and hands the
// text back untouched otherwise, so the compare and the write happen in one atomic step of Obsidian's.
// Creating makes missing parent folders first and never overwrites: a file (or folder) already at the
// path is reported, not replaced (a folder reports `current: null`). Reads, guarded writes and creates
// each take one of `limit` slots (default IO_CONCURRENCY), so a caller fanning out over thousands of notes
// never has more than `limit` of them in flight in Obsidian's file layer (mobile suffers most).
// Selecting the notes of a run walks the vault's file list `SELECT_SLICE` files per task and reads them
// `READ_SLICE` per task, with a breath (a new task) between slices, so a vault of any size never holds the
// main thread in one long task (a cached or in-memory read resolves at once, without a task of its own).
// The sync's own vault follows the vault's and the metadata cache's events (`followEvents`, then `noteChanged`
// and `noteRemoved` for each event): it walks the file list once per selection rules and then keeps the set of
// candidate notes up to date note by note, so a sync in a vault of 20,000 unrelated notes does not visit them.
import { type App, normalizePath, type TAbstractFile, type TFile } from "obsidian";
import { nextTask } from "../core/next-task";
import { ConcurrencyLimiter, IO_CONCURRENCY, mapBounded } from "../vault/bounded-io";
import { type NoteSelection, PathRules } from "../vault/note-selection";
import { FingerprintCache, type FileStamp, noteFingerprint } from "../vault/fingerprint";
import { checkVaultPath, type EditOutcome, isListedMarkdown, type NoteRef, type NoteText, type SelectedNotes, sortPaths, type VaultPort } from "../vault/vault";

/**
 * Every Markdown note Obsidian knows with its text from Obsidian's cache (`cachedRead`), sorted by path,
 * read `limit` at a time: for read-only views such as *Reconcile time*, never for the sync's edits.
 */
export async function cachedNotes(app: App, limit = IO_CONCURRENCY): Promise<{ path: string; content: string }[]> {
  const files = app.vault.getMarkdownFiles().sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return mapBounded(files, limit, async (f) => ({ path: f.path, content: await app.vault.cachedRead(f) }));
}

/** A file's size and modification time (none for a file object without `stat`: never taken as unchanged). */
function stampOf(file: TFile): FileStamp {
  const stat = (file as Partial<TFile>).stat;
  return stat === undefined ? { size: -1, mtimeMs: Number.NaN } : { size: stat.size, mtimeMs: stat.mtime };
}

/** Files of the vault's list checked per task while selecting: about a millisecond of work. */
export const SELECT_SLICE = 2000;
/** Selected notes read (and fingerprinted) per task. */
export const READ_SLICE = 100;

/** `items` filtered by `keep`, `slice` items per task with `breathe` between slices. */
export async function filterInSlices<T>(items: readonly T[], slice: number, keep: (item: T) => boolean, breathe: () => Promise<void>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < items.length; i += slice) {
    if (i > 0) await breathe();
    const end = Math.min(items.length, i + slice);
    for (let j = i; j < end; j++) if (keep(items[j]!)) out.push(items[j]!);
  }
  return out;
}

/** The notes that may take part under one set of selection rules, kept up to date from events. */
interface CandidateIndex {
  /** The rules it was built for (without `paths`, which change every run and are looked up one by one). */
  signature: string;
  rules: PathRules;
  files: Map<string, TFile>;
}

/** The rules an index is kept for: all but the paths named by the state and journal. */
function signatureOf(selection: NoteSelection): string {
  return JSON.stringify([selection.all, selection.frontmatterKeys, selection.folders, selection.rootNotes]);
}

export class ObsidianVault implements VaultPort {
  private readonly io: ConcurrencyLimiter;
  /** Whether the app feeds this vault its events (`followEvents`): only then is a candidate index kept. */
  private following = false;
  private index: CandidateIndex | null = null;
  /** While an index is being built (over several tasks): the paths events named meanwhile, checked again after. */
  private building: Set<string> | null = null;
  /** Fingerprints of the selected notes read, while their files keep size and time (this session only). */
  private readonly fingerprints = new FingerprintCache();

  constructor(
    private readonly app: App,
    limit = IO_CONCURRENCY,
    /** Yields to the app between slices of a selection (a new task; tests count the calls). */
    private readonly breathe: () => Promise<void> = nextTask,
  ) {
    this.io = new ConcurrencyLimiter(limit);
  }

  private norm(path: string): string {
    return normalizePath(checkVaultPath(path));
  }

  /**
   * From now on the caller passes every vault event (create, modify, delete, rename) and metadata-cache `changed`
   * event on to `noteChanged`/`noteRemoved`, so the candidates of a selection can be kept between runs.
   */
  followEvents(): void {
    this.following = true;
  }

  /** A file was created or changed, or its metadata was indexed (or it was renamed to its path). */
  noteChanged(file: TAbstractFile): void {
    this.building?.add(file.path);
    const index = this.index;
    if (index === null) return;
    // The file as the vault has it now (null for a folder, whose files get events of their own, or a file gone).
    const current = this.app.vault.getFileByPath(file.path);
    if (current !== null && this.mayTakePart(current, index.rules)) index.files.set(current.path, current);
    else index.files.delete(file.path);
  }

  /** A file was deleted, or renamed away from `path`. */
  noteRemoved(path: string): void {
    this.building?.add(path);
    this.index?.files.delete(path);
  }

  /**
   * Whether a note may take part under `rules`: its path selects it, or Obsidian's metadata cache shows one of the
   * keys in its front matter, has no entry for it yet, or holds front matter it could not parse (a superset: the
   * engine ignores a note it does not need).
   */
  private mayTakePart(file: TFile, rules: PathRules): boolean {
    if (!isListedMarkdown(file.path)) return false;
    if (rules.selects(file.path)) return true;
    const cache = this.app.metadataCache.getFileCache(file);
    if (cache === null) return true;
    // Obsidian leaves `frontmatter` out when the block's YAML does not parse: the engine then reports it.
    const frontmatter = cache.frontmatter as Record<string, unknown> | null | undefined;
    if (!frontmatter) return cache.frontmatterPosition !== undefined;
    return rules.keys.some((k) => Object.prototype.hasOwnProperty.call(frontmatter, k));
  }

  /** The notes that may take part: from the candidate index when events keep one, else by walking every file. */
  private async candidates(selection: NoteSelection): Promise<TFile[]> {
    if (!this.following || selection.all) {
      const rules = new PathRules(selection);
      return filterInSlices(this.app.vault.getMarkdownFiles(), SELECT_SLICE, (file) => this.mayTakePart(file, rules), this.breathe);
    }
    const signature = signatureOf(selection);
    if (this.index?.signature !== signature) {
      const rules = new PathRules({ ...selection, paths: [] });
      this.index = null;
      const building = new Set<string>();
      this.building = building;
      try {
        const listed = await filterInSlices(this.app.vault.getMarkdownFiles(), SELECT_SLICE, (file) => this.mayTakePart(file, rules), this.breathe);
        const files = new Map(listed.map((f) => [f.path, f]));
        // Files that changed while the list was walked are taken as they are now.
        for (const path of building) {
          const file = this.app.vault.getFileByPath(path);
          if (file !== null && this.mayTakePart(file, rules)) files.set(path, file);
          else files.delete(path);
        }
        this.index = { signature, rules, files };
      } finally {
        this.building = null;
      }
    }
    const wanted = new Map(this.index.files);
    // The notes the state and journal name take part whatever their folder or front matter.
    for (const path of selection.paths) {
      if (wanted.has(path) || !isListedMarkdown(path)) continue;
      const file = this.app.vault.getFileByPath(path);
      if (file !== null) wanted.set(path, file);
    }
    return [...wanted.values()];
  }

  listMarkdown(): Promise<string[]> {
    const paths = this.app.vault.getMarkdownFiles().map((f) => f.path);
    return Promise.resolve(sortPaths(paths.filter(isListedMarkdown)));
  }

  /**
   * The selected notes (`mayTakePart`). A selected note read earlier in this session whose file kept its size and
   * modification time is handed by fingerprint, unread.
   */
  async readSelected(selection: NoteSelection): Promise<SelectedNotes> {
    const wanted = await this.candidates(selection);
    const refs: NoteRef[] = [];
    const toRead = wanted.filter((file) => {
      const fingerprint = this.fingerprints.get(file.path, stampOf(file));
      if (fingerprint !== undefined) refs.push({ path: file.path, fingerprint });
      return fingerprint === undefined;
    });
    const files = new Map(toRead.map((f) => [f.path, f]));
    const paths = sortPaths([...files.keys()]);
    const readAt = Date.now();
    const notes: (NoteText & { fingerprint: string })[] = [];
    for (let i = 0; i < paths.length; i += READ_SLICE) {
      if (i > 0) await this.breathe();
      const read = await mapBounded(paths.slice(i, i + READ_SLICE), this.io.limit, async (path) => {
        const content = await this.read(path);
        const file = files.get(path);
        if (content === null || file === undefined) return null;
        const fingerprint = await noteFingerprint(content);
        this.fingerprints.set(path, stampOf(file), fingerprint, readAt);
        return { path, content, fingerprint };
      });
      for (const note of read) if (note !== null) notes.push(note);
    }
    return { notes, refs: refs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)) };
  }

  async read(path: string): Promise<string | null> {
    const target = this.norm(path);
    return this.io.run(async () => {
      const file = this.app.vault.getFileByPath(target);
      return file === null ? null : this.app.vault.read(file);
    });
  }

  async replaceIfUnchanged(path: string, expected: string, next: string): Promise<EditOutcome> {
    const target = this.norm(path);
    return this.io.run(async () => {
      const file = this.app.vault.getFileByPath(target);
      if (file === null) return { applied: false, current: null };
      let applied = false;
      let seen = "";
      await this.app.vault.process(file, (data) => {
        seen = data;
        applied = data === expected;
        return applied ? next : data;
      });
      return applied ? { applied: true } : { applied: false, current: seen };
    });
  }

  /** Moves through Obsidian's file manager, so links to the note follow (per the user's link settings). */
  async moveIfUnchanged(from: string, to: string, expected: string): Promise<EditOutcome> {
    const source = this.norm(from);
    const target = this.norm(to);
    return this.io.run(async () => {
      const file = this.app.vault.getFileByPath(source);
      if (file === null) return { applied: false, current: null };
      const current = await this.app.vault.read(file);
      if (current !== expected || this.app.vault.getAbstractFileByPath(target) !== null) return { applied: false, current };
      await this.makeFolders(target);
      await this.app.fileManager.renameFile(file, target);
      return { applied: true };
    });
  }

  async createIfAbsent(path: string, content: string): Promise<EditOutcome> {
    const target = this.norm(path);
    return this.io.run(() => this.create(target, content));
  }

  /** `createIfAbsent` inside its slot (takes no other slot: `existing` reads directly). */
  private async create(target: string, content: string): Promise<EditOutcome> {
    const existing = await this.existing(target);
    if (existing !== undefined) return existing;
    await this.makeFolders(target);
    try {
      await this.app.vault.create(target, content);
    } catch (e) {
      const raced = await this.existing(target);
      if (raced !== undefined) return raced;
      throw e;
    }
    return { applied: true };
  }

  /** Creates the missing folders of `target` (a file's path). */
  private async makeFolders(target: string): Promise<void> {
    const parts = target.split("/").slice(0, -1);
    for (let i = 1; i <= parts.length; i++) {
      const folder = parts.slice(0, i).join("/");
      if (this.app.vault.getAbstractFileByPath(folder) !== null) continue;
      try {
        await this.app.vault.createFolder(folder);
      } catch (e) {
        // Another writer made it in the meantime; anything else is a real failure.
        if (this.app.vault.getFolderByPath(folder) === null) throw e;
      }
    }
  }

  /** The refusal to report when something already sits at `path`; undefined when the path is free. */
  private async existing(path: string): Promise<EditOutcome | undefined> {
    const file = this.app.vault.getFileByPath(path);
    if (file !== null) return { applied: false, current: await this.app.vault.read(file) };
    if (this.app.vault.getAbstractFileByPath(path) !== null) return { applied: false, current: null };
    return undefined;
  }
}
