// Where in a note's Markdown source Jira keys must not become badges: front matter, fenced code blocks,
// inline code spans, wiki links, Markdown links (text and target, as reading view skips links) and bare URLs. A small text scanner rather than
// the editor's syntax tree (@codemirror/language is not a dependency); used by the live-preview marks.
// Pure: offsets are UTF-16 indexes into the text.

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

/** Ranges of fenced code blocks, line by line; an unclosed fence runs to the end of the text. */
function fencedBlocks(text: string, from: number): Range[] {
  const out: Range[] = [];
  let open: { start: number; fence: string } | null = null;
  let pos = from;
  while (pos < text.length) {
    const nl = text.indexOf("\n", pos);
    const lineEnd = nl === -1 ? text.length : nl + 1;
    const line = text.slice(pos, lineEnd);
    // Inside block quotes and lists fences are indented or prefixed; strip "> " prefixes.
    const bare = line.replace(/^(?:\s*>)+ ?/, "");
    const m = FENCE_RE.exec(bare);
    if (open === null) {
      if (m?.[1] && !(m[1].startsWith("`") && bare.slice(m[0].length).includes("`"))) {
        open = { start: pos, fence: m[1] };
      }
    } else if (m?.[1] && m[1][0] === open.fence[0] && m[1].length >= open.fence.length && bare.slice(m[0].length).trim() === "") {
      out.push([open.start, lineEnd]);
      open = null;
    }
    pos = lineEnd;
  }
  if (open !== null) out.push([open.start, text.length]);
  return out;
}

function inside(ranges: readonly Range[], pos: number): Range | undefined {
  return ranges.find(([a, b]) => pos >= a && pos < b);
}

const BLANK_LINE_RE = /\n[ \t]*\n/g;

/** Ranges of inline code spans (matching backtick runs, not crossing a blank line), outside `blocks`. */
function codeSpans(text: string, blocks: readonly Range[]): Range[] {
  const out: Range[] = [];
  const run = /`+/g;
  for (let m = run.exec(text); m !== null; m = run.exec(text)) {
    const block = inside(blocks, m.index);
    if (block) {
      run.lastIndex = block[1];
      continue;
    }
    const open = m[0].length;
    BLANK_LINE_RE.lastIndex = m.index;
    const blank = BLANK_LINE_RE.exec(text);
    const limit = blank === null ? text.length : blank.index;
    const closer = /`+/g;
    closer.lastIndex = m.index + open;
    let end = -1;
    for (let c = closer.exec(text); c !== null && c.index < limit; c = closer.exec(text)) {
      if (c[0].length === open) {
        end = c.index + open;
        break;
      }
    }
    if (end !== -1 && !inside(blocks, end - 1)) {
      out.push([m.index, end]);
      run.lastIndex = end;
    }
  }
  return out;
}

const LINKISH_RE = /!?\[\[[^\]\n]*\]\]|!?\[[^\]\n]*\]\([^)\n]*\)|<https?:\/\/[^>\s]*>|\bhttps?:\/\/[^\s<>()[\]]+/g;

/** Sorted, possibly overlapping ranges of `text` where keys are not decorated. */
export function skipRanges(text: string): readonly Range[] {
  if (text === lastText && lastRanges !== null) return lastRanges;
  lastRanges = computeSkipRanges(text);
  lastText = text;
  return lastRanges;
}

// The editor asks again on every cursor move with an unchanged document: remember the last answer.
let lastText = "";
let lastRanges: readonly Range[] | null = null;

function computeSkipRanges(text: string): Range[] {
  const fm = frontmatterEnd(text);
  const out: Range[] = fm > 0 ? [[0, fm]] : [];
  const blocks = fencedBlocks(text, fm);
  out.push(...blocks);
  const code = codeSpans(text, [...out]);
  out.push(...code);
  LINKISH_RE.lastIndex = fm;
  for (let m = LINKISH_RE.exec(text); m !== null; m = LINKISH_RE.exec(text)) {
    out.push([m.index, m.index + m[0].length]);
  }
  return out.sort((a, b) => a[0] - b[0]);
}

/** Whether [from, to) overlaps any of `ranges`. */
export function overlapsAny(ranges: readonly Range[], from: number, to: number): boolean {
  return ranges.some(([a, b]) => from < b && to > a);
}
