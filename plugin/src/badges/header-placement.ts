// Where the header badge goes in reading view. Obsidian renders a note section by section and calls
// post-processors once per section; the header badge belongs to the section holding the first line of
// the body (the first non-blank line after the front matter). Pure: works on the note's source text.
import { frontmatterEnd } from "../editor/skip-ranges";

/** The 0-based line number of the first non-blank line after the front matter, or -1 if there is none. */
export function firstBodyLine(text: string): number {
  const start = frontmatterEnd(text);
  const before = text.slice(0, start);
  let line = start === 0 ? 0 : before.split("\n").length - (before.endsWith("\n") ? 1 : 0);
  for (const l of text.slice(start).split("\n")) {
    if (l.trim() !== "") return line;
    line++;
  }
  return -1;
}

/** Whether the section spanning lines [lineStart, lineEnd] of `text` should carry the header badge. */
export function isHeaderSection(text: string, lineStart: number, lineEnd: number): boolean {
  const first = firstBodyLine(text);
  return first !== -1 && first >= lineStart && first <= lineEnd;
}

/** The string value of a front matter field, or undefined. Numbers are converted; anything else ignored. */
export function frontmatterString(frontmatter: unknown, field: string): string | undefined {
  if (frontmatter === null || typeof frontmatter !== "object") return undefined;
  const value = (frontmatter as Record<string, unknown>)[field];
  if (typeof value === "string") return value.trim() || undefined;
  if (typeof value === "number") return String(value);
  return undefined;
}
