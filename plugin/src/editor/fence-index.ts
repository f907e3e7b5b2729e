// The code blocks and front matter of an editor's document, kept up to date edit by edit for the
// live-preview badges. Whether a line is inside a fenced block depends on every fence line above it, so the
// index keeps the fence lines (and `---` / `...` delimiter lines, for the front matter) as point marks in a
// CodeMirror RangeSet, which maps through a change without visiting unchanged parts. On an edit only the
// changed lines are read again; the blocks are re-paired (linear in the number of fence lines, no text
// read) only when a fence or delimiter line appeared, vanished or changed, otherwise they are mapped.
// Invariant: `blocks` is sorted, non-overlapping, and equals what `skip-ranges.ts` finds in the whole text.
import { type ChangeDesc, type Range as CmRange, RangeSet, RangeValue, type Text } from "@codemirror/state";
import { type FenceLine, fenceLine, pairFences, type PlacedFence, type Range } from "./skip-ranges";

const DELIMITER_RE = /^(?:---|\.\.\.)[ \t]*\r?$/;

/** One line that matters for block structure: a fence line, a front matter delimiter, or both. */
class StructureMark extends RangeValue {
  override point = true;
  constructor(
    readonly fence: FenceLine | null,
    /** The line matches `---` or `...` (with trailing blanks): it may close the front matter. */
    readonly delimiter: boolean,
    /** The line is exactly `---`: it may open the front matter (on the first line). */
    readonly opensFrontmatter: boolean,
    /** Length of the line without its break. */
    readonly length: number,
  ) {
    super();
  }

  override eq(other: RangeValue): boolean {
    return (
      other instanceof StructureMark &&
      other.delimiter === this.delimiter &&
      other.opensFrontmatter === this.opensFrontmatter &&
      other.length === this.length &&
      JSON.stringify(other.fence) === JSON.stringify(this.fence)
    );
  }
}

/** The structure mark of a line, or null for an ordinary line. */
function markOf(line: string): StructureMark | null {
  const fence = fenceLine(line);
  const delimiter = DELIMITER_RE.test(line);
  if (fence === null && !delimiter) return null;
  return new StructureMark(fence, delimiter, /^---\r?$/.test(line), line.length);
}

/** Counts the characters the index reads from the document. */
export interface ScanCounter {
  scanned: number;
}

export class FenceIndex {
  private marks: RangeSet<StructureMark>;
  private blockList: Range[] = [];
  /** Whether the last block is an unclosed fence (it then ends at the end of the document). */
  private openEnded = false;
  private fmEnd = 0;

  constructor(doc: Text, private readonly counter: ScanCounter) {
    const marks: CmRange<StructureMark>[] = [];
    let pos = 0;
    for (const iter = doc.iterLines(); !iter.next().done; ) {
      const line = iter.value;
      counter.scanned += line.length;
      const mark = markOf(line);
      if (mark !== null) marks.push(mark.range(pos));
      pos += line.length + 1;
    }
    this.marks = RangeSet.of(marks);
    this.repair(doc);
  }

  /** Front matter and fenced code blocks, sorted and non-overlapping. */
  blocks(): readonly Range[] {
    return this.blockList;
  }

  /** The blocks overlapping [from, to), found by binary search. */
  blocksIn(from: number, to: number): Range[] {
    const list = this.blockList;
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((list[mid]?.[1] ?? 0) <= from) lo = mid + 1;
      else hi = mid;
    }
    const out: Range[] = [];
    for (let i = lo; i < list.length; i++) {
      const block = list[i];
      if (block === undefined || block[0] >= to) break;
      out.push(block);
    }
    return out;
  }

  /**
   * Follows a change: maps the marks, reads the changed lines of the new document `doc` again, and re-pairs
   * the blocks when a structure line changed, else maps them. Returns whether the block structure changed.
   */
  update(changes: ChangeDesc, doc: Text): boolean {
    // Text replaced across a block's first or last character cannot be mapped: pair again.
    let structural = false;
    changes.iterChangedRanges((fromA, toA) => {
      if (toA > fromA && this.blocksIn(fromA, toA).some(([a, b]) => (a >= fromA && a < toA) || (b - 1 >= fromA && b - 1 < toA))) structural = true;
    });
    const before = this.marks.size;
    this.marks = this.marks.map(changes);
    // A structure line deleted outright drops its mark.
    if (this.marks.size !== before) structural = true;
    for (const [from, to] of changedLines(changes, doc)) {
      const old: string[] = [];
      this.marks.between(from, to, (pos, _to, mark) => {
        old.push(`${pos}:${describe(mark)}`);
      });
      const fresh: CmRange<StructureMark>[] = [];
      for (let n = doc.lineAt(from).number, last = doc.lineAt(to).number; n <= last; n++) {
        const line = doc.line(n);
        this.counter.scanned += line.length;
        const mark = markOf(line.text);
        if (mark !== null) fresh.push(mark.range(line.from));
      }
      if (old.join("|") !== fresh.map((r) => `${r.from}:${describe(r.value)}`).join("|")) structural = true;
      // The front matter exists only from offset 0, and the last line's block ends at the document's end
      // (no line break after it): a structure line there is paired again, not mapped.
      if ((from === 0 || to === doc.length) && (old.length > 0 || fresh.length > 0)) structural = true;
      this.marks = this.marks.update({ filter: () => false, filterFrom: from, filterTo: to, add: fresh });
    }
    if (structural) this.repair(doc);
    else this.mapBlocks(changes, doc);
    return structural;
  }

  private mapBlocks(changes: ChangeDesc, doc: Text): void {
    // A block ends after its closing line's break: map that last character (before anything inserted in
    // front of it), not the start of the next line, which moves when a line is inserted after the fence.
    const mapEnd = (end: number) => changes.mapPos(end - 1, -1) + 1;
    const last = this.blockList.length - 1;
    this.blockList = this.blockList.map(([a, b], i) => [changes.mapPos(a, 1), i === last && this.openEnded ? doc.length : mapEnd(b)]);
    if (this.fmEnd > 0) this.fmEnd = mapEnd(this.fmEnd);
  }

  /** Pairs the marks into blocks; reads no text. */
  private repair(doc: Text): void {
    this.fmEnd = 0;
    const fences: PlacedFence[] = [];
    let first = true;
    let fmOpen = false;
    for (const iter = this.marks.iter(); iter.value !== null; iter.next()) {
      const mark = iter.value;
      const from = iter.from;
      const end = Math.min(from + mark.length + 1, doc.length);
      if (first && from === 0 && mark.opensFrontmatter && doc.length > mark.length) {
        fmOpen = true;
      } else if (fmOpen && mark.delimiter) {
        this.fmEnd = end;
        fmOpen = false;
        fences.length = 0;
      } else if (mark.fence !== null) {
        fences.push({ ...mark.fence, from, end });
      }
      first = false;
    }
    // An unclosed front matter is no front matter: its fence lines count from the start.
    const { blocks, unclosed } = pairFences(fences, doc.length);
    this.openEnded = unclosed;
    this.blockList = this.fmEnd > 0 ? [[0, this.fmEnd], ...blocks] : blocks;
  }
}

function describe(mark: StructureMark): string {
  return `${mark.delimiter ? "d" : ""}${mark.opensFrontmatter ? "o" : ""}${mark.length}${mark.fence ? `${mark.fence.fence}${mark.fence.opens ? "<" : ""}${mark.fence.closes ? ">" : ""}` : ""}`;
}

/** The changed parts of the new document, widened to whole lines, sorted and merged. */
export function changedLines(changes: ChangeDesc, doc: Text): [number, number][] {
  const out: [number, number][] = [];
  changes.iterChangedRanges((_fromA, _toA, fromB, toB) => {
    const from = doc.lineAt(fromB).from;
    const to = doc.lineAt(toB).to;
    const prev = out[out.length - 1];
    if (prev !== undefined && from <= prev[1] + 1) prev[1] = Math.max(prev[1], to);
    else out.push([from, to]);
  });
  return out;
}
