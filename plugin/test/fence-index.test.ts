// The live-preview editor's incremental code-block index agrees with a full scan of the text after every
// edit: random edits (typing, deleting, pasting lines, fences, front matter delimiters) on notes with code.
import { ChangeSet, Text } from "@codemirror/state";
import { describe, expect, it } from "vitest";
import { rng } from "../../bench/corpus";
import { FenceIndex } from "../src/editor/fence-index";
import { fenceLines, frontmatterEnd, pairFences, type Range } from "../src/editor/skip-ranges";

/** Front matter and code blocks of `text`, from scratch. */
function fullBlocks(text: string): Range[] {
  const fm = frontmatterEnd(text);
  return [...(fm > 0 ? [[0, fm] as Range] : []), ...pairFences(fenceLines(text, fm), text.length).blocks];
}

const PIECES = ["x", "`", "\n", "```", "```js\n", "\n```\n", "~~~\n", "---\n", "...\n", "> ```\n", "OPS-1 ", "\n\n", "a `b` c\n"];

describe("FenceIndex", () => {
  it("matches a full scan after every random edit", () => {
    const r = rng(12);
    for (let round = 0; round < 40; round++) {
      let doc = Text.of(["---", "title: T", "---", "Intro OPS-1", "```", "code", "```", "text", "~~~~", "more", "~~~~", "end"]);
      const index = new FenceIndex(doc, { scanned: 0 });
      for (let step = 0; step < 60; step++) {
        const from = Math.floor(r() * (doc.length + 1));
        const to = r() < 0.3 ? Math.min(doc.length, from + Math.floor(r() * 12)) : from;
        const insert = r() < 0.8 ? (PIECES[Math.floor(r() * PIECES.length)] ?? "") : "";
        const changes = ChangeSet.of({ from, to, insert }, doc.length);
        doc = changes.apply(doc);
        index.update(changes, doc);
        expect(index.blocks(), `round ${round} step ${step}: ${JSON.stringify(doc.toString())}`).toEqual(fullBlocks(doc.toString()));
      }
    }
  });

  it("reads only the changed lines when a plain line is edited", () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => (i % 50 === 0 ? "```" : `line ${i} with OPS-${i + 1}`));
    let doc = Text.of(lines);
    const counter = { scanned: 0 };
    const index = new FenceIndex(doc, counter);
    expect(counter.scanned).toBe(doc.length - (doc.lines - 1));
    const before = index.blocks().length;
    const at = doc.line(10_003).from + 3;
    const changes = ChangeSet.of({ from: at, insert: "typed" }, doc.length);
    doc = changes.apply(doc);
    counter.scanned = 0;
    expect(index.update(changes, doc)).toBe(false);
    expect(counter.scanned).toBe(doc.line(10_003).length);
    expect(index.blocks()).toHaveLength(before);
    expect(index.blocks()).toEqual(fullBlocks(doc.toString()));
  });
});
