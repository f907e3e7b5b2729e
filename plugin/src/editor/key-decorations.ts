// Live-preview badges: a CodeMirror 6 view plugin that marks Jira keys in the editor with the badge
// classes (a mark decoration, so the text stays ordinary editable text), and opens the issue on click.
// Behaviour, chosen to match how Obsidian treats links in live preview:
//   - only in live preview; source mode shows plain text;
//   - only keys of known projects (`EditorBadgeDeps.projects`), never any `ABC-123`-shaped word;
//   - not in front matter, code blocks, inline code, wiki links, link targets or URLs;
//   - a key touched by the cursor or a selection is left plain, so it can be edited like raw link syntax;
//   - a click on a marked key opens the issue when a site is set (no cursor move); otherwise it is inert.
// Typing stays cheap in any note: marks exist only in the visible ranges; an edit or a cursor move maps the
// marks through the change and recomputes only the paragraphs it touched (at most `PARAGRAPH_CAP` characters
// around them, for inline code), and `FenceIndex` follows code blocks line by line. A full pass over the
// visible ranges happens only when the viewport, the settings, the cache or the block structure change.
// Knows nothing of Obsidian: the live-preview test, settings and cache reach it through `EditorBadgeDeps`.
import { type EditorState, type Range as CmRange, type Text } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { type BadgeModel } from "../badges/badge-model";
import { findJiraKeys } from "../jira/keys";
import { changedLines, FenceIndex } from "./fence-index";
import { type Range, skipCursor, skipRangesIn } from "./skip-ranges";

export interface EditorBadgeDeps {
  /** Whether inline badges are switched on. */
  enabled(): boolean;
  /** Whether the editor shows live preview (Obsidian's `editorLivePreviewField`). */
  isLivePreview(state: EditorState): boolean;
  /** The known project keys: only their keys are marked (an empty set marks nothing). */
  projects(): ReadonlySet<string>;
  model(key: string): BadgeModel;
  /** Bumped whenever settings or the cache change, so editors recompute their marks. */
  generation(): number;
  openUrl(url: string): void;
}

/** What an editor's badge plugin did, summed over its life: for tests and the typing benchmark. */
export interface EditorWork {
  /** Characters read from the document. */
  scanned: number;
  /** Marks built. */
  decorated: number;
  /** Passes over all visible ranges. */
  fullPasses: number;
}

/** How far (in characters) a recomputed region reaches beyond its lines to find its paragraph's ends. */
export const PARAGRAPH_CAP = 4096;

type Span = readonly { from: number; to: number }[];

/** Whether a line is blank (a paragraph break: inline code cannot cross it). */
const isBlank = (text: string): boolean => /^[ \t]*\r?$/.test(text);

/** The line-aligned paragraph around [from, to], reaching at most PARAGRAPH_CAP characters beyond it. */
function paragraphAround(doc: Text, from: number, to: number, work: EditorWork): [number, number] {
  let first = doc.lineAt(from);
  for (let budget = PARAGRAPH_CAP; first.number > 1 && budget > 0; ) {
    const prev = doc.line(first.number - 1);
    work.scanned += prev.length;
    if (isBlank(prev.text)) break;
    budget -= prev.length + 1;
    first = prev;
  }
  let last = doc.lineAt(to);
  for (let budget = PARAGRAPH_CAP; last.number < doc.lines && budget > 0; ) {
    const next = doc.line(last.number + 1);
    work.scanned += next.length;
    if (isBlank(next.text)) break;
    budget -= next.length + 1;
    last = next;
  }
  return [first.from, last.to];
}

/**
 * The marks for keys in the paragraph around the whole lines [from, to] (code, links and the selection left
 * out), and the region they cover, which reaches beyond [from, to] by at most PARAGRAPH_CAP on each side.
 */
function marksIn(
  state: EditorState,
  index: FenceIndex,
  deps: EditorBadgeDeps,
  projects: ReadonlySet<string>,
  work: EditorWork,
  from: number,
  to: number,
): { from: number; to: number; marks: CmRange<Decoration>[] } {
  const out: CmRange<Decoration>[] = [];
  if (projects.size === 0) return { from, to, marks: out };
  const doc = state.doc;
  const [ctxFrom, ctxTo] = paragraphAround(doc, from, to, work);
  const text = doc.sliceString(ctxFrom, ctxTo);
  work.scanned += text.length;
  const blocks: Range[] = index.blocksIn(ctxFrom, ctxTo).map(([a, b]) => [Math.max(a, ctxFrom) - ctxFrom, Math.min(b, ctxTo) - ctxFrom]);
  const skipped = skipCursor(skipRangesIn(text, 0, text.length, blocks));
  const selection = state.selection.ranges;
  for (const match of findJiraKeys(text)) {
    if (!projects.has(match.project)) continue;
    const start = ctxFrom + match.start;
    const end = ctxFrom + match.end;
    if (skipped(start - ctxFrom, end - ctxFrom)) continue;
    if (selection.some((r) => r.from <= end && r.to >= start)) continue;
    const model = deps.model(match.key);
    const attributes: Record<string, string> = { "aria-label": model.tooltip, "data-jvs-key": model.key };
    if (model.href) attributes["data-jvs-href"] = model.href;
    out.push(Decoration.mark({ class: model.classes.join(" "), attributes }).range(start, end));
    work.decorated++;
  }
  return { from: ctxFrom, to: ctxTo, marks: out };
}

function newWork(): EditorWork {
  return { scanned: 0, decorated: 0, fullPasses: 0 };
}

/**
 * The marks for `ranges` of `state` (default: the whole document), computed from scratch. The view plugin
 * uses the same code for its full passes; tests call this directly.
 */
export function buildKeyDecorations(
  state: EditorState,
  deps: EditorBadgeDeps,
  ranges: Span = [{ from: 0, to: state.doc.length }],
  index: FenceIndex = new FenceIndex(state.doc, newWork()),
  work: EditorWork = newWork(),
): DecorationSet {
  if (!deps.enabled() || !deps.isLivePreview(state)) return Decoration.none;
  const projects = deps.projects();
  const marks: CmRange<Decoration>[] = [];
  for (const range of ranges) {
    // Whole lines, so keys at the edge of the viewport are found.
    const from = state.doc.lineAt(range.from).from;
    const to = state.doc.lineAt(range.to).to;
    marks.push(...marksIn(state, index, deps, projects, work, from, to).marks.filter((m) => m.from >= from && m.to <= to));
  }
  work.fullPasses++;
  return Decoration.set(marks, true);
}

/** Sorted, merged line-aligned regions of `doc` touched by `ranges`. */
function lineRegions(doc: Text, ranges: Iterable<{ from: number; to: number }>): [number, number][] {
  const list = [...ranges].map((r): [number, number] => [doc.lineAt(r.from).from, doc.lineAt(r.to).to]).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [from, to] of list) {
    const prev = out[out.length - 1];
    if (prev !== undefined && from <= prev[1] + 1) prev[1] = Math.max(prev[1], to);
    else out.push([from, to]);
  }
  return out;
}

/** The parts of line-aligned `regions` inside the (line-widened) visible ranges. */
function clipToVisible(doc: Text, regions: [number, number][], visible: Span): [number, number][] {
  const out: [number, number][] = [];
  for (const v of visible) {
    const vFrom = doc.lineAt(v.from).from;
    const vTo = doc.lineAt(v.to).to;
    for (const [from, to] of regions) {
      const a = Math.max(from, vFrom);
      const b = Math.min(to, vTo);
      if (a <= b) out.push([a, b]);
    }
  }
  return out;
}

/** The parts of `ranges` not covered by `covered` (both sorted and disjoint). */
function uncovered(ranges: Span, covered: Span): { from: number; to: number }[] {
  const out: { from: number; to: number }[] = [];
  for (const r of ranges) {
    let pos = r.from;
    for (const c of covered) {
      if (c.to <= pos || c.from >= r.to) continue;
      if (c.from > pos) out.push({ from: pos, to: c.from });
      pos = Math.max(pos, c.to);
    }
    if (pos < r.to) out.push({ from: pos, to: r.to });
  }
  return out;
}

function badgeTarget(event: Event): HTMLElement | null {
  const target = event.target;
  if (!(target instanceof Element)) return null;
  return target.closest<HTMLElement>(".jvs-badge[data-jvs-href]");
}

/** The editor's badge plugin: its marks, and the work it has done (see `EditorWork`). */
export interface KeyDecorationsPlugin {
  decorations: DecorationSet;
  readonly work: EditorWork;
}

/** The editor extension: register it with `registerEditorExtension`. */
export function jiraKeyEditorExtension(deps: EditorBadgeDeps): ViewPlugin<KeyDecorationsPlugin> {
  return ViewPlugin.fromClass(
    class implements KeyDecorationsPlugin {
      decorations: DecorationSet;
      readonly work = newWork();
      private readonly index: FenceIndex;
      private seen: number;
      /** Whether the marks are on (badges enabled, live preview); off means `decorations` is empty. */
      private active: boolean;
      /** The visible ranges the marks were computed for. */
      private covered: Span;
      constructor(view: EditorView) {
        this.seen = deps.generation();
        this.index = new FenceIndex(view.state.doc, this.work);
        this.decorations = buildKeyDecorations(view.state, deps, view.visibleRanges, this.index, this.work);
        this.active = deps.enabled() && deps.isLivePreview(view.state);
        this.covered = view.visibleRanges;
      }
      update(update: ViewUpdate): void {
        const structural = update.docChanged && this.index.update(update.changes, update.state.doc);
        const on = deps.enabled() && deps.isLivePreview(update.state);
        const generation = deps.generation();
        if (!on) {
          this.decorations = Decoration.none;
        } else if (!this.active || structural || generation !== this.seen) {
          this.decorations = buildKeyDecorations(update.state, deps, update.view.visibleRanges, this.index, this.work);
        } else if (update.docChanged || update.selectionSet || update.viewportChanged) {
          this.patch(update);
        }
        this.covered = update.view.visibleRanges;
        this.active = on;
        this.seen = generation;
      }
      /**
       * Maps the marks through the change, drops those scrolled out of view, and recomputes the lines the
       * change and the selection touched and the lines that came into view.
       */
      private patch(update: ViewUpdate): void {
        const { state, changes } = update;
        const doc = state.doc;
        const visible = update.view.visibleRanges;
        const touched: { from: number; to: number }[] = changedLines(changes, doc).map(([from, to]) => ({ from, to }));
        const mapSel = (r: { from: number; to: number }) => ({ from: changes.mapPos(r.from, -1), to: changes.mapPos(r.to, 1) });
        touched.push(...update.startState.selection.ranges.map(mapSel), ...state.selection.ranges);
        let decorations = this.decorations.map(changes);
        if (update.viewportChanged) {
          const before = this.covered.map(mapSel);
          touched.push(...uncovered(visible, before));
          // Whole lines, as the full pass marks them.
          const wide = visible.map((v) => ({ from: doc.lineAt(v.from).from, to: doc.lineAt(v.to).to }));
          const inView = (from: number, to: number) => wide.some((v) => from >= v.from && to <= v.to);
          decorations = decorations.update({ filter: inView });
        }
        const projects = deps.projects();
        for (const [from, to] of clipToVisible(doc, lineRegions(doc, touched), visible)) {
          // The paragraph around the touched lines: an edit there can open or close inline code anywhere in it.
          const region = marksIn(state, this.index, deps, projects, this.work, from, to);
          for (const [a, b] of clipToVisible(doc, [[region.from, region.to]], visible)) {
            const add = region.marks.filter((m) => m.from >= a && m.to <= b);
            decorations = decorations.update({ filter: () => false, filterFrom: a, filterTo: b, add });
          }
        }
        this.decorations = decorations;
      }
    },
    {
      decorations: (plugin) => plugin.decorations,
      eventHandlers: {
        mousedown(event: MouseEvent) {
          // Keep the cursor where it is when a badge is clicked; the click opens the issue.
          if (event.button === 0 && badgeTarget(event)) event.preventDefault();
        },
        click(event: MouseEvent) {
          const badge = badgeTarget(event);
          const href = badge?.dataset.jvsHref;
          if (event.button !== 0 || !href) return false;
          event.preventDefault();
          deps.openUrl(href);
          return true;
        },
      },
    },
  );
}
