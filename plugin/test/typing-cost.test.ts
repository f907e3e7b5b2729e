// @vitest-environment happy-dom
// Typing into a live-preview note in a real CodeMirror 6 EditorView costs the same in a 10 KB and a 1 MB
// note (issue #12 item 7). Counts work, not time: the characters the badge plugin reads from the document
// per keystroke (two ways: its own counter, and every `sliceString` on the editor's document, which also
// catches a whole-document `toString()`), and the marks it builds. Also checks that the marks kept up to date
// edit by edit equal the marks computed from scratch, and that the code-span scan is linear.
import { EditorSelection, EditorState, Text } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { afterEach, describe, expect, it, vi } from "vitest";
import { rng } from "../../bench/corpus";
import { TYPED, TYPING_SPOT, typingNote } from "../../bench/typing-note";
import { badgeModel } from "../src/badges/badge-model";
import { buildKeyDecorations, type EditorBadgeDeps, jiraKeyEditorExtension, PARAGRAPH_CAP } from "../src/editor/key-decorations";
import { codeSpans } from "../src/editor/skip-ranges";

const deps: EditorBadgeDeps = {
  enabled: () => true,
  isLivePreview: () => true,
  projects: () => new Set(["OPS"]),
  model: (key) => badgeModel({ key, siteUrl: "https://x.example" }),
  generation: () => 0,
  openUrl: () => undefined,
};

const note = typingNote;

/** Characters read through `sliceString` (and so `toString`) on the current document of `view`. */
function countDocReads(view: () => EditorView): { read(): number; restore(): void } {
  // Small documents are leaves, large ones trees of leaves: spy on both classes.
  const protos = new Set<Text>([Object.getPrototypeOf(Text.of(["a"])) as Text, Object.getPrototypeOf(Text.of(Array.from({ length: 5000 }, () => "line"))) as Text]);
  const spies = [...protos].map((proto) => vi.spyOn(proto, "sliceString"));
  return {
    read: () => {
      const doc = view().state.doc;
      let n = 0;
      for (const spy of spies) {
        // Calls and contexts are recorded at call time (results only at return, out of order when nested).
        spy.mock.contexts.forEach((context, i) => {
          const [from, to] = spy.mock.calls[i] ?? [0];
          if (context === doc) n += Math.min(to ?? doc.length, doc.length) - from;
        });
        spy.mockClear();
      }
      return n;
    },
    restore: () => {
      for (const spy of spies) spy.mockRestore();
    },
  };
}

interface Cost {
  /** Per keystroke, the most characters the plugin read (own counter). */
  scanned: number;
  /** Per keystroke, the most characters read from the document through sliceString/toString by anyone. */
  docReads: number;
  /** Per keystroke, the most marks built. */
  decorated: number;
}

const views: EditorView[] = [];
afterEach(() => {
  for (const v of views.splice(0)) v.destroy();
});

/** Opens `doc` in an editor with the badge plugin, types `typed` in the middle, and returns the cost per key. */
function typeInto(doc: string, typed: string): { cost: Cost; view: EditorView; marks: () => [number, number, string][] } {
  const extension = jiraKeyEditorExtension(deps);
  const middle = doc.indexOf(TYPING_SPOT) + TYPING_SPOT.length;
  const view = new EditorView({
    state: EditorState.create({ doc, selection: EditorSelection.cursor(middle), extensions: [extension] }),
    parent: document.body,
  });
  views.push(view);
  view.dispatch({ effects: EditorView.scrollIntoView(middle, { y: "center" }) });
  const plugin = view.plugin(extension);
  if (plugin === null) throw new Error("plugin missing");
  const reads = countDocReads(() => view);
  const cost: Cost = { scanned: 0, docReads: 0, decorated: 0 };
  try {
    for (const ch of typed) {
      reads.read();
      const before = { ...plugin.work };
      const at = view.state.selection.main.head;
      view.dispatch({ changes: { from: at, insert: ch }, selection: EditorSelection.cursor(at + ch.length), userEvent: "input.type" });
      cost.scanned = Math.max(cost.scanned, plugin.work.scanned - before.scanned);
      cost.docReads = Math.max(cost.docReads, reads.read());
      cost.decorated = Math.max(cost.decorated, plugin.work.decorated - before.decorated);
      expect(plugin.work.fullPasses).toBe(before.fullPasses);
    }
  } finally {
    reads.restore();
  }
  return { cost, view, marks: () => marksOf(plugin.decorations) };
}

/** The marks of a view as [from, to, key], for comparison. */
function marksOf(set: ReturnType<typeof buildKeyDecorations>): [number, number, string][] {
  const out: [number, number, string][] = [];
  set.between(0, Number.MAX_SAFE_INTEGER, (from, to, deco) => {
    out.push([from, to, (deco.spec as { attributes: Record<string, string> }).attributes["data-jvs-key"] ?? ""]);
  });
  return out;
}


describe("typing in live preview", () => {
  it("costs the same per keystroke in a 10 KB and a 1 MB note", () => {
    const small = typeInto(note(10_000), TYPED);
    const large = typeInto(note(1_000_000), TYPED);
    // Does not grow with the note: 1 MB at most twice 10 KB, on every measure.
    expect(large.cost.scanned).toBeLessThanOrEqual(2 * small.cost.scanned);
    expect(large.cost.docReads).toBeLessThanOrEqual(2 * Math.max(small.cost.docReads, 1));
    expect(large.cost.decorated).toBeLessThanOrEqual(2 * Math.max(small.cost.decorated, 1));
    // And small in absolute terms: the touched paragraph with its caps, never the note (a whole-note
    // rescan, as before, reads the 1 MB on every keystroke).
    expect(large.cost.scanned).toBeLessThan(6 * PARAGRAPH_CAP);
    expect(large.cost.docReads).toBeLessThan(6 * PARAGRAPH_CAP);
  });

  it("keeps the marks equal to marks computed from scratch", () => {
    for (const size of [10_000, 200_000]) {
      const { view, marks } = typeInto(note(size), TYPED);
      const fresh = buildKeyDecorations(view.state, deps, view.visibleRanges);
      expect(marks()).toEqual(marksOf(fresh));
      expect(marksOf(fresh).map((m) => m[2])).toContain("OPS-9");
      // The typed code span keeps OPS-7 plain; OPS-42 is marked.
      expect(marksOf(fresh).map((m) => m[2])).not.toContain("OPS-7");
    }
  });
});

describe("marks kept up to date", () => {
  it("equal marks from scratch after random edits, cursor moves and scrolling", () => {
    const r = rng(5);
    const pieces = ["x", "`", "\n", "\n\n", " OPS-12 ", "```\n", "[[", "]]", "https://x/OPS-1 ", "GPT-4 "];
    const extension = jiraKeyEditorExtension(deps);
    const doc = note(30_000);
    const view = new EditorView({ state: EditorState.create({ doc, extensions: [extension] }), parent: document.body });
    views.push(view);
    const plugin = view.plugin(extension);
    if (plugin === null) throw new Error("plugin missing");
    for (let step = 0; step < 300; step++) {
      const { from: vFrom, to: vTo } = view.visibleRanges[0] ?? { from: 0, to: 0 };
      const at = vFrom + Math.floor(r() * (vTo - vFrom));
      const pick = r();
      if (pick < 0.1) {
        // Jump elsewhere: the viewport moves, marks scroll out and in.
        const target = Math.floor(r() * view.state.doc.length);
        view.dispatch({ selection: EditorSelection.cursor(target), effects: EditorView.scrollIntoView(target, { y: "center" }) });
      } else if (pick < 0.3) {
        view.dispatch({ selection: EditorSelection.cursor(at) });
      } else {
        const del = r() < 0.2 ? Math.min(view.state.doc.length - at, Math.floor(r() * 8)) : 0;
        const insert = pieces[Math.floor(r() * pieces.length)] ?? "";
        view.dispatch({ changes: { from: at, to: at + del, insert }, selection: EditorSelection.cursor(at + insert.length) });
      }
      const fresh = buildKeyDecorations(view.state, deps, view.visibleRanges);
      expect(marksOf(plugin.decorations), `step ${step}`).toEqual(marksOf(fresh));
    }
  });
});

describe("code span scan", () => {
  it("is linear: a long paragraph full of code spans is read a fixed number of times", () => {
    // One paragraph without a blank line (the old scan searched for the paragraph's end from every backtick),
    // then the same split by blank lines; an unmatched run of a new length at the end.
    const para = (bytes: number) => "x `a` ``b`` OPS-1 ".repeat(bytes / 18);
    for (const bytes of [10_000, 1_000_000]) {
      for (const text of [`${para(bytes)}\`\`\``, `${para(bytes / 2)}\n\n${para(bytes / 2)}`]) {
        const counter = { scanned: 0 };
        const spans = codeSpans(text, 0, text.length, counter);
        expect(spans).toHaveLength(2 * Math.floor(text.length / 18));
        expect(counter.scanned).toBeLessThanOrEqual(2 * text.length);
      }
    }
    expect(codeSpans("a `b` ``c`` `d``")).toEqual([[2, 5], [6, 11]]);
  });
});
