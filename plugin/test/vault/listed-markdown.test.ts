// Which files count as notes: Markdown outside dot-folders, not dot-files. The check runs once per vault file
// on every sync, so it is written without splitting the path; it must agree with the plain segment rule.
import { describe, expect, it } from "vitest";
import { isListedMarkdown } from "../../src/vault/vault";

const bySegments = (path: string): boolean => path.endsWith(".md") && !path.split("/").some((s) => s.startsWith("."));

describe("isListedMarkdown", () => {
  it("takes notes and leaves dot-folders, dot-files and other extensions", () => {
    expect(["a.md", "Jira/OPS/OPS-1 Fix.md", "a.b/c.md", "x/y..md"].map(isListedMarkdown)).toEqual([true, true, true, true]);
    expect([".config/a.md", "a/.trash/b.md", ".md", "a/.hidden.md", "a.mdx", "a.md/b.txt", "a/b.MD"].map(isListedMarkdown)).toEqual([false, false, false, false, false, false, false]);
  });

  it("agrees with the segment rule on generated paths", () => {
    const parts = ["a", ".b", "c.d", "..", ".", "e.md", ".f.md", "g"];
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31);
    for (let i = 0; i < 5000; i++) {
      const n = 1 + (next() % 4);
      const path = Array.from({ length: n }, () => parts[next() % parts.length]).join("/") + (next() % 2 === 0 ? ".md" : "");
      expect(isListedMarkdown(path), path).toBe(bySegments(path));
    }
  });
});
