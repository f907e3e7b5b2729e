// The command line's note index, so that a sync reads only the notes that can take part and hands the
// unchanged ones to the engine by fingerprint: per note whose front matter held none of the selection's keys
// when it was last read, its size and modification time (`plain`); per selected note, its size, time and the
// fingerprint of its text (`selected`, see vault/fingerprint.ts). A plain note whose size and time are unchanged
// is not read again; a selected one is handed in by fingerprint; any other note is read (and re-enters or
// leaves the index). Kept as `note-index.json` in the plugin's folder (written atomically by the JsonFileStore,
// only when it changed). An index made for other keys (the key mapping changed) or of another version is ignored.
import type { JsonFileStore } from "../state/state-store";
import { FingerprintCache, RACY_MS } from "../vault/fingerprint";

export { RACY_MS };

/** The index's file name in the plugin folder. */
export const NOTE_INDEX_FILE = "note-index.json";
const VERSION = 2;

/** A note's size in bytes and modification time in ms since the epoch, as `stat` gives them. */
export interface NoteStat {
  path: string;
  size: number;
  mtimeMs: number;
}

interface IndexFile {
  version: number;
  keys: string[];
  /** path → [size, mtimeMs] of notes whose front matter held none of `keys`. */
  plain: Record<string, [number, number]>;
  /** path → [size, mtimeMs, fingerprint] of selected notes. */
  selected: Record<string, [number, number, string]>;
}

export class NoteIndex {
  private readonly next = new Map<string, [number, number]>();
  /** Fingerprints of this run's selected notes (those kept and those read). */
  private readonly nextSelected = new FingerprintCache();
  private changed: boolean;

  private constructor(
    private readonly keys: string[],
    private readonly plain: Map<string, [number, number]>,
    private readonly selected: FingerprintCache,
    stale: boolean,
  ) {
    this.changed = stale;
  }

  /** The saved index for these keys (empty when missing, unreadable or made for other keys). */
  static async load(store: JsonFileStore, keys: readonly string[]): Promise<NoteIndex> {
    const want = [...keys].sort();
    const file = (await store.load(NOTE_INDEX_FILE)) as Partial<IndexFile> | null;
    const usable = file !== null && typeof file === "object" && file.version === VERSION && JSON.stringify(file.keys) === JSON.stringify(want) && typeof file.plain === "object" && file.plain !== null && typeof file.selected === "object" && file.selected !== null;
    const plain = new Map<string, [number, number]>();
    const selected = new Map<string, [number, number, string]>();
    if (usable) {
      for (const [path, v] of Object.entries(file.plain as Record<string, unknown>)) {
        if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number") plain.set(path, [v[0], v[1]]);
      }
      for (const [path, v] of Object.entries(file.selected as Record<string, unknown>)) {
        if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number" && typeof v[2] === "string") selected.set(path, [v[0], v[1], v[2]]);
      }
    }
    return new NoteIndex(want, plain, new FingerprintCache(selected), !usable);
  }

  /** Whether the note is known to hold none of the keys and has not changed since: it need not be read. */
  skips(note: NoteStat): boolean {
    const known = this.plain.get(note.path);
    const same = known !== undefined && known[0] === note.size && known[1] === note.mtimeMs;
    if (same) this.next.set(note.path, known);
    return same;
  }

  /** The fingerprint of a selected note unchanged since it was read (it need not be read), else undefined. */
  fingerprint(note: NoteStat): string | undefined {
    const fingerprint = this.selected.get(note.path, note);
    if (fingerprint !== undefined) this.nextSelected.set(note.path, note, fingerprint, Number.POSITIVE_INFINITY);
    return fingerprint;
  }

  /**
   * Records a note just read: `holdsKeys` false puts it in the plain index, a `fingerprint` (a selected note)
   * in the selected one; neither when its time is racy (`readAt`).
   */
  record(note: NoteStat, holdsKeys: boolean, readAt: number, fingerprint?: string): void {
    if (!holdsKeys && note.mtimeMs < readAt - RACY_MS) this.next.set(note.path, [note.size, note.mtimeMs]);
    if (fingerprint !== undefined) this.nextSelected.set(note.path, note, fingerprint, readAt);
    const was = this.plain.get(note.path);
    const now = this.next.get(note.path);
    if (was?.[0] !== now?.[0] || was?.[1] !== now?.[1]) this.changed = true;
    // A selected note is only read when the index had no valid fingerprint for it: the index changes.
    if (fingerprint !== undefined || this.selected.all().has(note.path)) this.changed = true;
  }

  /** Saves the index of this run (notes gone from the vault drop out) when anything changed. */
  async save(store: JsonFileStore): Promise<void> {
    const selectedNow = this.nextSelected.all();
    if (!this.changed && this.next.size === this.plain.size && selectedNow.size === this.selected.all().size) return;
    const plain: Record<string, [number, number]> = {};
    for (const path of [...this.next.keys()].sort()) plain[path] = this.next.get(path) as [number, number];
    const selected: Record<string, [number, number, string]> = {};
    for (const path of [...selectedNow.keys()].sort()) selected[path] = selectedNow.get(path) as [number, number, string];
    const file: IndexFile = { version: VERSION, keys: this.keys, plain, selected };
    await store.save(NOTE_INDEX_FILE, file);
  }
}
