// The command line's note index, so that a sync reads only the notes that can take part and hands the
// unchanged ones to the engine by fingerprint: per note whose front matter held none of the selection's keys
// when it was last read, its size and modification time (`plain`); per selected note, its size, time and the
// fingerprint of its text (`selected`, see vault/fingerprint.ts). A plain note whose size and time are unchanged
// is not read again; a selected one is handed in by fingerprint; any other note is read (and re-enters or
// leaves the index). Kept as `note-index.json` in the plugin's folder (written atomically by the JsonFileStore,
// only when it changed). An index made for other keys (the key mapping changed) or of another version is ignored.
//
// Cost: a sync of a 20,000-note vault asks this index about every note in a fresh process, so nothing here makes
// an object per note. The file holds columns (one array of paths, one of sizes, one of times) in the order the
// vault's walk met the notes; the next walk usually meets them in the same order, so a note is found by comparing
// it with the entry after the last one found, and a map by path is built only when that fails (a note added,
// removed or renamed). The scan is columns too (`VaultScan`), and the next index is a mark per scanned note.
import type { JsonFileStore } from "../state/state-store";
import { RACY_MS } from "../vault/fingerprint";
import type { VaultScan } from "./vault-scan";

export { RACY_MS };
export type { VaultScan };

/** The index's file name in the plugin folder. */
export const NOTE_INDEX_FILE = "note-index.json";
const VERSION = 3;

/** The file's columns: `fingerprints` only in `selected`. */
interface Columns {
  paths: string[];
  sizes: number[];
  mtimes: number[];
  fingerprints?: string[];
}

interface IndexFile {
  version: number;
  keys: string[];
  /** Notes whose front matter held none of `keys`. */
  plain: Columns;
  /** Selected notes, with their fingerprints. */
  selected: Columns;
}

const isNumber = (v: unknown): v is number => typeof v === "number";
const isString = (v: unknown): v is string => typeof v === "string";
const numbers = (v: unknown, n: number): number[] | null => (Array.isArray(v) && v.length === n && v.every(isNumber) ? v : null);
const strings = (v: unknown, n: number): string[] | null => (Array.isArray(v) && v.length === n && v.every(isString) ? v : null);

/** The columns when they are well-formed (equal lengths, right types), else null. */
function columns(value: unknown, withFingerprints: boolean): Required<Columns> | null {
  if (typeof value !== "object" || value === null) return null;
  const cols = value as Partial<Record<keyof Columns, unknown>>;
  const n = Array.isArray(cols.paths) ? cols.paths.length : -1;
  const paths = strings(cols.paths, n);
  const sizes = numbers(cols.sizes, n);
  const mtimes = numbers(cols.mtimes, n);
  const fingerprints = withFingerprints ? strings(cols.fingerprints, n) : [];
  return paths === null || sizes === null || mtimes === null || fingerprints === null ? null : { paths, sizes, mtimes, fingerprints };
}

/** One loaded table: finds a path where the last walk put it, else through a map built on first need. */
class Table {
  private cursor = 0;
  private byPath: Map<string, number> | null = null;

  constructor(readonly cols: Required<Columns>) {}

  get size(): number {
    return this.cols.paths.length;
  }

  /** The row of `path` if it is the row after the last one found (rows are asked for in walk order), else -1. */
  next(path: string): number {
    const at = this.cursor;
    if (this.cols.paths[at] !== path) return -1;
    this.cursor = at + 1;
    return at;
  }

  /** The row of `path` or -1, through the map by path (built on first use). */
  lookup(path: string): number {
    this.byPath ??= new Map(this.cols.paths.map((p, i) => [p, i]));
    const at = this.byPath.get(path) ?? -1;
    if (at >= 0) this.cursor = at + 1;
    return at;
  }

  /** Whether the row holds this size and time. */
  same(row: number, size: number, mtime: number): boolean {
    return row >= 0 && this.cols.sizes[row] === size && this.cols.mtimes[row] === mtime;
  }
}

const empty = (): Required<Columns> => ({ paths: [], sizes: [], mtimes: [], fingerprints: [] });

/** What the next index holds of a scanned note: nothing, its stamps (plain), its stamps and fingerprint. */
const Mark = { None: 0, Plain: 1, Selected: 2 } as const;
type Mark = (typeof Mark)[keyof typeof Mark];

export class NoteIndex {
  /** Per scanned note (by its row in the scan): what the next index keeps of it. */
  private marks = new Uint8Array(0);
  /** Per scanned note marked `Selected`: its fingerprint. */
  private readonly fingerprints = new Map<number, string>();
  /** Rows of the loaded index found unchanged in this scan. */
  private kept = 0;
  private changed: boolean;

  private constructor(
    private readonly keys: string[],
    private readonly plain: Table,
    private readonly selected: Table,
    stale: boolean,
  ) {
    this.changed = stale;
  }

  /** The saved index for these keys (empty when missing, unreadable, of another version or made for other keys). */
  static async load(store: JsonFileStore, keys: readonly string[]): Promise<NoteIndex> {
    const want = [...keys].sort();
    const file = (await store.load(NOTE_INDEX_FILE)) as Partial<IndexFile> | null;
    const ok = file !== null && typeof file === "object" && file.version === VERSION && JSON.stringify(file.keys) === JSON.stringify(want);
    const plain = ok ? columns(file.plain, false) : null;
    const selected = ok ? columns(file.selected, true) : null;
    const usable = plain !== null && selected !== null;
    return new NoteIndex(want, new Table(usable ? plain : empty()), new Table(usable ? selected : empty()), !usable);
  }

  private mark(scan: VaultScan, row: number, mark: Mark): void {
    if (this.marks.length !== scan.paths.length) this.marks = new Uint8Array(scan.paths.length);
    this.marks[row] = mark;
  }

  /**
   * What the index knows of a scanned note unchanged since it was read: its fingerprint (a selected note: it
   * need not be read), `true` (it held none of the keys: it need not be read), else undefined (read it).
   */
  known(scan: VaultScan, row: number): string | true | undefined {
    const path = scan.paths[row] as string;
    const size = scan.sizes[row] as number;
    const mtime = scan.mtimes[row] as number;
    // Both tables' next rows first: in a vault walked in the order of the last walk, no map is ever built.
    let p = this.plain.next(path);
    let s = p < 0 ? this.selected.next(path) : -1;
    if (p < 0 && s < 0) {
      s = this.selected.lookup(path);
      if (s < 0) p = this.plain.lookup(path);
    }
    if (this.selected.same(s, size, mtime)) {
      const fingerprint = this.selected.cols.fingerprints[s] as string;
      this.mark(scan, row, Mark.Selected);
      this.fingerprints.set(row, fingerprint);
      this.kept++;
      return fingerprint;
    }
    if (this.plain.same(p, size, mtime)) {
      this.mark(scan, row, Mark.Plain);
      this.kept++;
      return true;
    }
    return undefined;
  }

  /**
   * Records a note just read: `holdsKeys` false puts it in the plain index, a `fingerprint` (a selected note)
   * in the selected one; neither when its time is racy (`readAt`, see RACY_MS).
   */
  record(scan: VaultScan, row: number, holdsKeys: boolean, readAt: number, fingerprint?: string): void {
    this.mark(scan, row, Mark.None);
    const trusted = (scan.mtimes[row] as number) < readAt - RACY_MS;
    const path = scan.paths[row] as string;
    if (trusted && fingerprint !== undefined) {
      this.mark(scan, row, Mark.Selected);
      this.fingerprints.set(row, fingerprint);
      this.changed = true;
    } else if (trusted && !holdsKeys) {
      this.mark(scan, row, Mark.Plain);
      this.changed = true;
    } else if (this.selected.lookup(path) >= 0 || this.plain.lookup(path) >= 0) {
      // It was indexed with another size or time and drops out. (The selected table first: a note edited in
      // the last seconds is mostly a linked one, and the small table's map is the cheap one to build.)
      this.changed = true;
    }
  }

  /** Saves the index of this scan (notes gone from the vault drop out) when anything changed. */
  async save(store: JsonFileStore, scan: VaultScan): Promise<void> {
    if (!this.changed && this.kept === this.plain.size + this.selected.size) return;
    const plain = empty();
    const selected = empty();
    for (let row = 0; row < this.marks.length; row++) {
      const mark = this.marks[row];
      if (mark === Mark.None) continue;
      const into = mark === Mark.Plain ? plain : selected;
      into.paths.push(scan.paths[row] as string);
      into.sizes.push(scan.sizes[row] as number);
      into.mtimes.push(scan.mtimes[row] as number);
      if (mark === Mark.Selected) into.fingerprints.push(this.fingerprints.get(row) as string);
    }
    const file: IndexFile = {
      version: VERSION,
      keys: this.keys,
      plain: { paths: plain.paths, sizes: plain.sizes, mtimes: plain.mtimes },
      selected,
    };
    await store.save(NOTE_INDEX_FILE, file);
  }
}
