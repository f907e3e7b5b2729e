// Where in a note's Markdown source Jira keys must not become badges: front matter, fenced code blocks,
// inline code spans, wiki links, Markdown links (text and target, as reading view skips links) and bare URLs.
// A small text scanner rather than the editor's syntax tree (@codemirror/language is not a dependency). The
// pieces are exported separately so the live-preview editor can keep the fence lines of a document up to
// date line by line and scan only the paragraphs around the visible text (see `fence-index.ts`).
// Every scan here is linear in the text it is given. Pure: offsets are UTF-16 indexes into the text.

/** A half-open range [from, to). */
export type Range = readonly [number, number];

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/;

/** The end offset of the front matter block (including its closing line), or 0 when there is none. */
export function frontmatterEnd(text: string): number {
  if (!/^---\r?\n/.test(text)) return 0;
  const close = /\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/g;
  close.lastIndex = 3;
  const m = close.exec(text);
  return m ? m.index + m[0].length : 0;
}

/** What a line that may open or close a fenced code block looks like. */
export interface FenceLine {
  /** The fence character run, e.g. "```" or "~~~~". */
  fence: string;
  /** Whether the line can open a block (a backtick fence may not have backticks in its info string). */
  opens: boolean;
  /** Whether the line can close a block (nothing but blanks after the fence). */
  closes: boolean;
}

/** The fence on one line (without its line break), or null when the line is no fence line. */
export function fenceLine(line: string): FenceLine | null {
  // Inside block quotes fences are prefixed; strip "> " prefixes.
  const bare = line.replace(/^(?:\s*>)+ ?/, "");
  const m = FENCE_RE.exec(bare);
  const fence = m?.[1];
  if (m === null || fence === undefined) return null;
  const rest = bare.slice(m[0].length);
  return { fence, opens: !(fence.startsWith("`") && rest.includes("`")), closes: rest.trim() === "" };
}

/** A fence line at offset `from`, whose line (with its line break) ends at `end`. */
export interface PlacedFence extends FenceLine {
  from: number;
  end: number;
}

/** Code blocks paired from fence lines, and whether the last one is unclosed (running to the end). */
export interface PairedFences {
  blocks: Range[];
  unclosed: boolean;
}

/** Pairs fence lines (in document order) into code blocks; an unclosed fence runs to `docEnd`. Linear. */
export function pairFences(fences: Iterable<PlacedFence>, docEnd: number): PairedFences {
  const blocks: Range[] = [];
  let open: PlacedFence | null = null;
  for (const f of fences) {
    if (open === null) {
      if (f.opens) open = f;
    } else if (f.closes && f.fence[0] === open.fence[0] && f.fence.length >= open.fence.length) {
      blocks.push([open.from, f.end]);
      open = null;
    }
  }
  if (open !== null) blocks.push([open.from, docEnd]);
  return { blocks, unclosed: open !== null };
}

/** The fence lines of `text` from offset `from` on. */
export function fenceLines(text: string, from: number): PlacedFence[] {
  const out: PlacedFence[] = [];
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const end = nl === -1 ? text.length : nl + 1;
    // Only lines that start (after indentation and quote markers) with ` or ~ can be fences.
    const f = mayBeFence(text, pos, end) ? fenceLine(text.slice(pos, nl === -1 ? end : nl)) : null;
    if (f !== null) out.push({ ...f, from: pos, end });
    pos = end;
  }
  return out;
}

function mayBeFence(text: string, from: number, end: number): boolean {
  for (let i = from; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x60 || c === 0x7e) return true; // ` ~
    if (c !== 0x20 && c !== 0x09 && c !== 0x3e) return false; // space, tab, >
  }
  return false;
}

/** Ranges of fenced code blocks in `text` from `from` on, line by line. */
function fencedBlocks(text: string, from: number): Range[] {
  return pairFences(fenceLines(text, from), text.length).blocks;
}

const BLANK_LINE_RE = /\n[ \t]*(?=\r?\n)/g;

/**
 * Ranges of inline code spans in text[from, to): matching backtick runs, not crossing a blank line. The caller
 * passes text outside code blocks. Linear: each paragraph's backtick runs are listed once, each run is linked
 * to the next run of the same length (right to left, one map), and the runs are then paired left to right.
 */
export function codeSpans(text: string, from = 0, to = text.length, counter?: { scanned: number }): Range[] {
  const out: Range[] = [];
  BLANK_LINE_RE.lastIndex = from;
  let start = from;
  while (start < to) {
    const blank = BLANK_LINE_RE.exec(text);
    const end = blank === null || blank.index >= to ? to : blank.index;
    // The blank-line search and the backtick search each pass over the paragraph once.
    if (counter) counter.scanned += 2 * (Math.min(blank === null ? to : blank.index + blank[0].length, to) - start);
    paragraphSpans(text, start, end, out);
    if (blank === null || blank.index >= to) break;
    start = blank.index + blank[0].length;
    BLANK_LINE_RE.lastIndex = start;
  }
  return out;
}

function paragraphSpans(text: string, from: number, to: number, out: Range[]): void {
  const starts: number[] = [];
  const lengths: number[] = [];
  for (let i = text.indexOf("`", from); i !== -1 && i < to; i = text.indexOf("`", i)) {
    let j = i + 1;
    while (j < to && text.charCodeAt(j) === 0x60) j++;
    starts.push(i);
    lengths.push(j - i);
    i = j;
  }
  const next = new Array<number>(starts.length).fill(-1);
  const lastOfLength = new Map<number, number>();
  for (let k = starts.length - 1; k >= 0; k--) {
    const len = lengths[k] ?? 0;
    next[k] = lastOfLength.get(len) ?? -1;
    lastOfLength.set(len, k);
  }
  for (let k = 0; k < starts.length; ) {
    const close = next[k] ?? -1;
    if (close === -1) {
      k++;
      continue;
    }
    out.push([starts[k] ?? 0, (starts[close] ?? 0) + (lengths[close] ?? 0)]);
    k = close + 1;
  }
}

const LINKISH_RE = /!?\[\[[^\]\n]*\]\]|!?\[[^\]\n]*\]\([^)\n]*\)|<https?:\/\/[^>\s]*>|\bhttps?:\/\/[^\s<>()[\]]+/g;

/** Ranges of wiki links, embeds, Markdown links and URLs in text[from, to). None crosses a line. */
export function linkRanges(text: string, from = 0, to = text.length): Range[] {
  const out: Range[] = [];
  LINKISH_RE.lastIndex = from;
  for (let m = LINKISH_RE.exec(text); m !== null && m.index < to; m = LINKISH_RE.exec(text)) {
    out.push([m.index, m.index + m[0].length]);
  }
  return out;
}

/**
 * Skip ranges of text[from, to) given the code blocks (and front matter) `blocks` overlapping it, sorted:
 * the blocks themselves, code spans in the text between them, and links. Linear in `to - from`.
 */
export function skipRangesIn(text: string, from: number, to: number, blocks: readonly Range[]): Range[] {
  const out: Range[] = [...blocks];
  let pos = from;
  for (const [a, b] of blocks) {
    if (a > pos) out.push(...codeSpans(text, pos, Math.min(a, to)));
    pos = Math.max(pos, b);
  }
  if (pos < to) out.push(...codeSpans(text, pos, to));
  out.push(...linkRanges(text, from, to));
  return out.sort((x, y) => x[0] - y[0]);
}

/** Sorted, possibly overlapping ranges of `text` where keys are not decorated. Linear in the text. */
export function skipRanges(text: string): readonly Range[] {
  const fm = frontmatterEnd(text);
  const blocks: Range[] = fm > 0 ? [[0, fm]] : [];
  blocks.push(...fencedBlocks(text, fm));
  return skipRangesIn(text, fm, text.length, blocks);
}

/** Whether [from, to) overlaps any of `ranges`. */
export function overlapsAny(ranges: readonly Range[], from: number, to: number): boolean {
  return ranges.some(([a, b]) => from < b && to > a);
}

/**
 * Walks sorted matches against sorted (possibly overlapping) skip ranges in one pass: `skip(from, to)` says
 * whether [from, to) overlaps a skip range. Calls must come with non-decreasing `from`.
 */
export function skipCursor(ranges: readonly Range[]): (from: number, to: number) => boolean {
  let i = 0;
  let reach = -1; // the largest end among ranges before index i
  return (from, to) => {
    // Advance past ranges that start before `to`, remembering how far they reach.
    while (i < ranges.length && (ranges[i]?.[0] ?? 0) < to) {
      reach = Math.max(reach, ranges[i]?.[1] ?? 0);
      i++;
    }
    return reach > from;
  };
}
