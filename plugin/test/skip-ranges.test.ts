// The Markdown scanner that keeps live-preview badges out of front matter, code, links and URLs.
import { describe, expect, it } from "vitest";
import { frontmatterEnd, overlapsAny, skipRanges } from "../src/editor/skip-ranges";
import { findJiraKeys } from "../src/jira/keys";

/** The keys a live-preview editor would mark in `text`. */
function markable(text: string): string[] {
  const skip = skipRanges(text);
  return findJiraKeys(text)
    .filter((m) => !overlapsAny(skip, m.start, m.end))
    .map((m) => m.key);
}

describe("skipRanges", () => {
  it("skips front matter", () => {
    expect(frontmatterEnd("---\njira_key: OPS-1\n---\nOPS-2")).toBe(24);
    expect(frontmatterEnd("--- not\n")).toBe(0);
    expect(markable("---\njira_key: OPS-1\n---\nOPS-2")).toEqual(["OPS-2"]);
  });

  it("skips fenced code blocks, closed or not", () => {
    expect(markable("A-1x OPS-1\n```js\nOPS-2\n```\nOPS-3\n~~~~\nOPS-4\n~~~\nOPS-5")).toEqual(["OPS-1", "OPS-3"]);
    expect(markable("> ```\n> OPS-1\n> ```\nOPS-2")).toEqual(["OPS-2"]);
  });

  it("skips inline code spans, including double-backtick ones", () => {
    expect(markable("OPS-1 `OPS-2` ``a ` OPS-3`` OPS-4")).toEqual(["OPS-1", "OPS-4"]);
    expect(markable("`unclosed OPS-1")).toEqual(["OPS-1"]);
    expect(markable("`a\n\nOPS-1 b`")).toEqual(["OPS-1"]);
  });

  it("skips wiki links, embeds, Markdown links and URLs, like reading view skips links", () => {
    expect(
      markable("[[OPS-1 note]] [OPS-2](https://x/browse/OPS-3) https://x.atlassian.net/browse/OPS-4 <https://a/OPS-5> OPS-6"),
    ).toEqual(["OPS-6"]);
    expect(markable("![[OPS-1.png]] [OPS-2] (OPS-3) ![OPS-4](a.png)")).toEqual(["OPS-2", "OPS-3"]);
  });

  it("reports overlaps", () => {
    expect(overlapsAny([[2, 5]], 0, 2)).toBe(false);
    expect(overlapsAny([[2, 5]], 4, 6)).toBe(true);
    expect(overlapsAny([[2, 5]], 5, 6)).toBe(false);
  });
});
