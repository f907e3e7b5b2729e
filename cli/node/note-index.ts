// The command line's note index, so that a sync reads only the notes that can take part and hands the
// unchanged ones to the engine by fingerprint: per note whose front matter held none of the selection's keys
// when it was last read, its size and modification time (the plain table); per selected note, its size, time
// and the fingerprint of its text (the selected table, see vault/fingerprint.ts). A plain note whose size and
// time are unchanged is not read again; a selected one is handed in by fingerprint; any other note is read (and
// re-enters or leaves the index). An index made for other keys (the key mapping changed) or of another version
// is ignored.
//
// Two files in the plugin's folder, each written atomically by the JsonFileStore and only when its table
// changed: `note-index.json` (the selected table: small, rewritten when a linked note is edited) and
// `note-index-plain.json` (the plain table: one row per unrelated note, 1.4 MB for 20,000 notes, rewritten only
// when an unrelated note is added, removed, renamed or edited). So a sync pushing one edited note does not
// rewrite the large file.
//
// Cost: a sync of a 20,000-note vault asks this index about every note in a fresh process, so nothing here makes
// an object per note. The files hold columns (one array of paths, one of sizes, one of times) in the order the
// vault's walk met the notes; the next walk usually meets them in the same order, so a note is found by comparing
// it with the entry after the last one found, and a map by path is built only when that fails (a note added,
// removed or renamed; for the plain table only a row missing from the walk, since notes it does not hold are passed
// over). The plain table is usually compared by the worker that walks the vault (vault-scan.ts), which posts one
// mark per scanned note; the next index is a mark per scanned note too.
import { join } from "node:path";
import type { JsonFileStore } from "../../plugin/src/state/state-store";
import { RACY_MS } from "../../plugin/src/vault/fingerprint";
import { matchPlainTable, type PlainMatch, type VaultScan } from "./vault-scan";

export { RACY_MS };
export type { VaultScan };

/** The selected table's file name in the plugin folder. */
export const NOTE_INDEX_FILE = "note-index.json";
/** The plain table's file name in the plugin folder. */
export const NOTE_INDEX_PLAIN_FILE = "note-index-plain.json";
/** The version of both files (v3 was one file holding both tables). */
export const NOTE_INDEX_VERSION = 4;

/**
 * What `scanVaultInWorker` needs to compare its walk with the plain table of the index an `FsStore` on
 * `pluginDir` holds: the file's path and the version it must have.
 */
export function plainTableFile(pluginDir: string): { file: string; version: number } {
  return { file: join(pluginDir, NOTE_INDEX_PLAIN_FILE), version: NOTE_INDEX_VERSION };
}

/** The selected table's columns. */
interface Columns {
  paths: string[];
  sizes: number[];
  mtimes: number[];
  fingerprints: string[];
}

/** `note-index.json`. */
interface SelectedFile {
  version: number;
  keys: string[];
  selected: Columns;
}

/** `note-index-plain.json`: notes whose front matter held none of `keys`. */
interface PlainFile {
  version: number;
  keys: string[];
  paths: string[];
  sizes: number[];
  mtimes: number[];
}

const isNumber = (v: unknown): v is number => typeof v === "number";
const isString = (v: unknown): v is string => typeof v === "string";
const numbers = (v: unknown, n: number): number[] | null => (Array.isArray(v) && v.length === n && v.every(isNumber) ? v : null);
const strings = (v: unknown, n: number): string[] | null => (Array.isArray(v) && v.length === n && v.every(isString) ? v : null);

/** The columns when they are well-formed (equal lengths, right types), else null. */
function columns(value: unknown): Columns | null {
  if (typeof value !== "object" || value === null) return null;
  const cols = value as Partial<Record<keyof Columns, unknown>>;
  const n = Array.isArray(cols.paths) ? cols.paths.length : -1;
  const paths = strings(cols.paths, n);
  const sizes = numbers(cols.sizes, n);
  const mtimes = numbers(cols.mtimes, n);
  const fingerprints = strings(cols.fingerprints, n);
  return paths === null || sizes === null || mtimes === null || fingerprints === null ? null : { paths, sizes, mtimes, fingerprints };
}

/** The selected table: finds a path where the last walk put it, else through a map built on first need. */
class Table {
  private cursor = 0;
  private byPath: Map<string, number> | null = null;

  constructor(readonly cols: Columns) {}

  get size(): number {
    return this.cols.paths.length;
  }

  /** The row of `path` or -1: the row after the last one found when it holds `path`, else through the map. */
  find(path: string): number {
    let at = this.cursor;
    if (this.cols.paths[at] !== path) {
      this.byPath ??= new Map(this.cols.paths.map((p, i) => [p, i]));
      at = this.byPath.get(path) ?? -1;
      if (at < 0) return -1;
    }
    this.cursor = at + 1;
    return at;
  }

  /** Whether the row holds this size and time. */
  same(row: number, size: number, mtime: number): boolean {
    return row >= 0 && this.cols.sizes[row] === size && this.cols.mtimes[row] === mtime;
  }
}

const empty = (): Columns => ({ paths: [], sizes: [], mtimes: [], fingerprints: [] });

/** What the next index holds of a scanned note: nothing, its stamps (plain), its stamps and fingerprint. */
const Mark = { None: 0, Plain: 1, Selected: 2 } as const;
type Mark = (typeof Mark)[keyof typeof Mark];

export class NoteIndex {
  /** Per scanned note (by its row in the scan): what the next index keeps of it. */
  private readonly marks: Uint8Array;
  /** Per scanned note marked `Selected`: its fingerprint. */
  private readonly fingerprints = new Map<number, string>();
  /** Rows of the loaded selected table found unchanged in this scan. */
  private keptSelected = 0;
  /** Whether each file must be written (a table was unusable, or a note entered or left it). */
  private plainChanged: boolean;
  private selectedChanged: boolean;

  private constructor(
    private readonly keys: string[],
    private readonly scan: VaultScan,
    plain: PlainMatch | null,
    private readonly selected: Table,
    selectedUsable: boolean,
  ) {
    // The plain table's unchanged notes are marked up front; a row it held that is not kept (the note changed,
    // moved or is gone) means its file must be rewritten.
    this.marks = plain === null ? new Uint8Array(scan.paths.length) : plain.known.slice();
    this.plainChanged = plain === null || plain.kept !== plain.rows;
    this.selectedChanged = !selectedUsable;
  }

  /**
   * Starts reading the selected table's file, for `load` (its `selectedTable`) to take later: a failed read
   * rejects there, not before (the promise is marked handled here).
   */
  static readSelectedTable(store: JsonFileStore): Promise<unknown> {
    const file = store.load(NOTE_INDEX_FILE);
    file.catch(() => undefined);
    return file;
  }

  /**
   * The saved index for these keys and this walk (empty when missing, unreadable, of another version or made
   * for other keys). The plain table's comparison comes with the scan when the worker made it; else the file is
   * read and compared here. `selectedTable`: the selected table's file as `readSelectedTable` started reading it.
   */
  static async load(store: JsonFileStore, keys: readonly string[], scan: VaultScan, selectedTable: Promise<unknown> = NoteIndex.readSelectedTable(store)): Promise<NoteIndex> {
    const want = [...keys].sort();
    const wantText = JSON.stringify(want);
    const [file, plainMatch] = await Promise.all([
      selectedTable as Promise<Partial<SelectedFile> | null>,
      scan.plain !== undefined ? scan.plain : store.load(NOTE_INDEX_PLAIN_FILE).then((f) => matchPlainTable(f, NOTE_INDEX_VERSION, scan)),
    ]);
    const ok = file !== null && typeof file === "object" && file.version === NOTE_INDEX_VERSION && JSON.stringify(file.keys) === wantText;
    const selected = ok ? columns(file.selected) : null;
    const plain = plainMatch !== null && plainMatch.keys === wantText && plainMatch.known.length === scan.paths.length ? plainMatch : null;
    return new NoteIndex(want, scan, plain, new Table(selected ?? empty()), selected !== null);
  }

  /**
   * What the index knows of a scanned note unchanged since it was read: its fingerprint (a selected note: it
   * need not be read), `true` (it held none of the keys: it need not be read), else undefined (read it).
   */
  known(row: number): string | true | undefined {
    if (this.marks[row] === Mark.Plain) return true;
    const scan = this.scan;
    const s = this.selected.find(scan.paths[row] as string);
    if (!this.selected.same(s, scan.sizes[row] as number, scan.mtimes[row] as number)) return undefined;
    const fingerprint = this.selected.cols.fingerprints[s] as string;
    this.marks[row] = Mark.Selected;
    this.fingerprints.set(row, fingerprint);
    this.keptSelected++;
    return fingerprint;
  }

  /**
   * Records a note just read: `holdsKeys` false puts it in the plain index, a `fingerprint` (a selected note)
   * in the selected one; neither when its time is racy (`readAt`, see RACY_MS).
   */
  record(row: number, holdsKeys: boolean, readAt: number, fingerprint?: string): void {
    // A note the plain table kept can be read again (its path is now selected): it leaves that table.
    if (this.marks[row] === Mark.Plain) this.plainChanged = true;
    this.marks[row] = Mark.None;
    const trusted = (this.scan.mtimes[row] as number) < readAt - RACY_MS;
    if (trusted && fingerprint !== undefined) {
      this.marks[row] = Mark.Selected;
      this.fingerprints.set(row, fingerprint);
      this.selectedChanged = true;
    } else if (trusted && !holdsKeys) {
      this.marks[row] = Mark.Plain;
      this.plainChanged = true;
    }
    // Otherwise a row either table held with other stamps drops out: it was not kept, which `save` sees.
  }

  /** Saves the tables of this scan that changed (notes gone from the vault drop out); no write when none did. */
  async save(store: JsonFileStore): Promise<void> {
    const selectedChanged = this.selectedChanged || this.keptSelected !== this.selected.size;
    if (!this.plainChanged && !selectedChanged) return;
    const scan = this.scan;
    const plain = { paths: [] as string[], sizes: [] as number[], mtimes: [] as number[] };
    const selected = empty();
    for (let row = 0; row < this.marks.length; row++) {
      const mark = this.marks[row];
      if (mark === Mark.Plain && this.plainChanged) {
        plain.paths.push(scan.paths[row] as string);
        plain.sizes.push(scan.sizes[row] as number);
        plain.mtimes.push(scan.mtimes[row] as number);
      } else if (mark === Mark.Selected) {
        selected.paths.push(scan.paths[row] as string);
        selected.sizes.push(scan.sizes[row] as number);
        selected.mtimes.push(scan.mtimes[row] as number);
        selected.fingerprints.push(this.fingerprints.get(row) as string);
      }
    }
    // Each table is right on its own (a row holds only while the note keeps its size and time), so a crash
    // between the two saves costs at most reading some notes again.
    if (this.plainChanged) {
      const file: PlainFile = { version: NOTE_INDEX_VERSION, keys: this.keys, ...plain };
      await store.save(NOTE_INDEX_PLAIN_FILE, file);
    }
    if (selectedChanged) {
      const file: SelectedFile = { version: NOTE_INDEX_VERSION, keys: this.keys, selected };
      await store.save(NOTE_INDEX_FILE, file);
    }
  }
}
