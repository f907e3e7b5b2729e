// Typing benchmark (issue #12 item 7): the time of one keystroke in a live-preview CodeMirror 6 editor with
// the badge plugin, in notes of 10 KB, 500 KB and 1 MB, typed into the same paragraph in the middle of each.
// Peer figure: the same editor without the badge plugin (what CodeMirror itself costs in happy-dom).
// Target: typing does not grow with the note, judged as "1 MB ≤ 2× 10 KB" on the median keystroke.
// Prints a Markdown table and writes bench/results/typing.json (not committed). Never fails on speed.
//   npx tsx bench/typing.ts [--keys N]
import { mkdirSync, writeFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import process from "node:process";
import { runInThisContext } from "node:vm";
import { Window as HappyWindow } from "happy-dom";
import { EditorSelection, EditorState, type Extension } from "@codemirror/state";
import { type EditorView as EditorViewType } from "@codemirror/view";
import { badgeModel } from "../plugin/src/badges/badge-model";
import { type EditorBadgeDeps, jiraKeyEditorExtension } from "../plugin/src/editor/key-decorations";
import { summarise, type Timing } from "./stats";
import { TYPED, TYPING_SPOT, typingNote } from "./typing-note";

const argv = process.argv.slice(2);
const keysAt = argv.indexOf("--keys");
const KEYS = keysAt >= 0 ? Number(argv[keysAt + 1]) : 200;
const SIZES = [10_000, 500_000, 1_000_000];

const deps: EditorBadgeDeps = {
  enabled: () => true,
  isLivePreview: () => true,
  projects: () => new Set(["OPS"]),
  model: (key) => badgeModel({ key, siteUrl: "https://example.atlassian.net" }),
  generation: () => 0,
  openUrl: () => undefined,
};

export interface TypingFigures {
  bytes: number;
  withBadges: Timing;
  withoutBadges: Timing;
  /** Characters the badge plugin read per keystroke (mean). */
  scannedPerKey: number;
}

/** Types KEYS characters into `doc` at the typing spot; the time of each dispatch. */
function typeKeys(EditorView: typeof EditorViewType, doc: string, extensions: Extension[]): { timing: Timing; view: EditorViewType } {
  const at = doc.indexOf(TYPING_SPOT) + TYPING_SPOT.length;
  const view = new EditorView({ state: EditorState.create({ doc, selection: EditorSelection.cursor(at), extensions }), parent: document.body });
  view.dispatch({ effects: EditorView.scrollIntoView(at, { y: "center" }) });
  const ms: number[] = [];
  for (let i = 0; i < KEYS; i++) {
    const ch = TYPED[i % TYPED.length] ?? "x";
    const head = view.state.selection.main.head;
    const t0 = performance.now();
    view.dispatch({ changes: { from: head, insert: ch }, selection: EditorSelection.cursor(head + 1), userEvent: "input.type" });
    ms.push(performance.now() - t0);
  }
  return { timing: summarise(ms.slice(10)), view }; // the first keys warm up the JIT
}

async function main(): Promise<void> {
  const win = new HappyWindow({ url: "app://obsidian.md/" });
  const g = runInThisContext("this") as Record<string, unknown>;
  for (const name of ["document", "Node", "HTMLElement", "Element", "DocumentFragment", "Text", "MutationObserver", "getComputedStyle", "requestAnimationFrame", "cancelAnimationFrame", "navigator"]) {
    g[name] = (win as unknown as Record<string, unknown>)[name];
  }
  g.window = win;
  const { EditorView } = await import("@codemirror/view");
  const figures: TypingFigures[] = [];
  for (const bytes of SIZES) {
    const doc = typingNote(bytes);
    const extension = jiraKeyEditorExtension(deps);
    const badges = typeKeys(EditorView, doc, [extension]);
    badges.view.destroy();
    const plain = typeKeys(EditorView, doc, []);
    plain.view.destroy();
    figures.push({ bytes, withBadges: badges.timing, withoutBadges: plain.timing, scannedPerKey: NaN });
    process.stderr.write(`[typing] ${bytes} bytes done\n`);
  }
  // Characters the plugin read per keystroke (its own counter), in separate untimed runs.
  for (const f of figures) {
    const doc = typingNote(f.bytes);
    const extension = jiraKeyEditorExtension(deps);
    const at = doc.indexOf(TYPING_SPOT) + TYPING_SPOT.length;
    const view = new EditorView({ state: EditorState.create({ doc, selection: EditorSelection.cursor(at), extensions: [extension] }), parent: document.body });
    const plugin = view.plugin(extension);
    const start = plugin?.work.scanned ?? 0;
    for (let i = 0; i < 50; i++) {
      const head = view.state.selection.main.head;
      view.dispatch({ changes: { from: head, insert: TYPED[i % TYPED.length] ?? "x" }, selection: EditorSelection.cursor(head + 1) });
    }
    f.scannedPerKey = ((plugin?.work.scanned ?? 0) - start) / 50;
    view.destroy();
  }

  const f1 = (n: number) => n.toFixed(3);
  const small = figures[0];
  const large = figures[figures.length - 1];
  const ratio = small && large ? large.withBadges.medianMs / small.withBadges.medianMs : NaN;
  const met = ratio <= 2;
  const out = (line: string) => process.stdout.write(`${line}\n`);
  out(`## Typing in live preview (${KEYS} keystrokes per note, happy-dom, median after 10 warm-up keys)`);
  out("");
  out("| note | per keystroke with badges | without badges (peer) | badges ÷ peer | characters read per key |");
  out("| --- | --- | --- | --- | --- |");
  for (const f of figures) {
    out(`| ${(f.bytes / 1000).toFixed(0)} KB | ${f1(f.withBadges.medianMs)} ms (${f1(f.withBadges.minMs)}–${f1(f.withBadges.maxMs)}) | ${f1(f.withoutBadges.medianMs)} ms | ${(f.withBadges.medianMs / f.withoutBadges.medianMs).toFixed(2)}× | ${f.scannedPerKey.toFixed(0)} |`);
  }
  out("");
  out(`| target | measured | status |`);
  out(`| --- | --- | --- |`);
  out(`| typing does not grow: 1 MB ≤ 2× 10 KB per keystroke | ${ratio.toFixed(2)}× (${f1(large?.withBadges.medianMs ?? NaN)} ms vs ${f1(small?.withBadges.medianMs ?? NaN)} ms) | ${met ? "met" : "not met"} |`);
  mkdirSync("bench/results", { recursive: true });
  writeFileSync("bench/results/typing.json", JSON.stringify({ node: process.version, keys: KEYS, figures, ratio, met }, null, 2));
  await win.happyDOM.close();
}

void main();
