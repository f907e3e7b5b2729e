// The command line's note index, so that a sync reads only the notes that can take part: per note whose front
// matter held none of the selection's keys when it was last read, its size and modification time. Such a note
// whose size and time are unchanged is not read again; any other note is (and re-enters or leaves the index).
// Kept as `note-index.json` in the plugin's folder (written atomically by the JsonFileStore, only when it
// changed). An index made for other keys (the key mapping changed) or of another version is ignored.
import type { JsonFileStore } from "../state/state-store";

/** The index's file name in the plugin folder. */
export const NOTE_INDEX_FILE = "note-index.json";
const VERSION = 1;
/**
 * A modification time this close to the read is not trusted: a write in the same clock tick could leave size
 * and time as they were (the "racy" case git guards against the same way); such a note is read next time too.
 */
export const RACY_MS = 2000;

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
}

export class NoteIndex {
  private readonly next = new Map<string, [number, number]>();
  private changed: boolean;

  private constructor(
    private readonly keys: string[],
    private readonly plain: Map<string, [number, number]>,
    stale: boolean,
  ) {
    this.changed = stale;
  }

  /** The saved index for these keys (empty when missing, unreadable or made for other keys). */
  static async load(store: JsonFileStore, keys: readonly string[]): Promise<NoteIndex> {
    const want = [...keys].sort();
    const file = (await store.load(NOTE_INDEX_FILE)) as Partial<IndexFile> | null;
    const usable = file !== null && typeof file === "object" && file.version === VERSION && JSON.stringify(file.keys) === JSON.stringify(want) && typeof file.plain === "object" && file.plain !== null;
    const plain = new Map<string, [number, number]>();
    if (usable) {
      for (const [path, v] of Object.entries(file.plain as Record<string, unknown>)) {
        if (Array.isArray(v) && typeof v[0] === "number" && typeof v[1] === "number") plain.set(path, [v[0], v[1]]);
      }
    }
    return new NoteIndex(want, plain, !usable);
  }

  /** Whether the note is known to hold none of the keys and has not changed since: it need not be read. */
  skips(note: NoteStat): boolean {
    const known = this.plain.get(note.path);
    const same = known !== undefined && known[0] === note.size && known[1] === note.mtimeMs;
    if (same) this.next.set(note.path, known);
    return same;
  }

  /** Records a note just read: `holdsKeys` false puts it in the index, unless its time is racy (`readAt`). */
  record(note: NoteStat, holdsKeys: boolean, readAt: number): void {
    if (!holdsKeys && note.mtimeMs < readAt - RACY_MS) this.next.set(note.path, [note.size, note.mtimeMs]);
    const was = this.plain.get(note.path);
    const now = this.next.get(note.path);
    if (was?.[0] !== now?.[0] || was?.[1] !== now?.[1]) this.changed = true;
  }

  /** Saves the index of this run (notes gone from the vault drop out) when anything changed. */
  async save(store: JsonFileStore): Promise<void> {
    if (!this.changed && this.next.size === this.plain.size) return;
    const plain: Record<string, [number, number]> = {};
    for (const path of [...this.next.keys()].sort()) plain[path] = this.next.get(path) as [number, number];
    const file: IndexFile = { version: VERSION, keys: this.keys, plain };
    await store.save(NOTE_INDEX_FILE, file);
  }
}
