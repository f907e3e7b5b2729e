// Splitting a note's text into its front matter block and its body, the way Obsidian reads it: a note has
// front matter when its first line is exactly `---` and a later line is exactly `---` (or `...`). `head`
// keeps every byte of the block including the closing line and its line break, so `head + body` is the
// text again.

export interface NoteParts {
  head: string;
  body: string;
}

export function splitNote(text: string): NoteParts {
  const first = /^---\r?\n/.exec(text);
  if (first === null) return { head: "", body: text };
  const close = /^(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/gm;
  close.lastIndex = first[0].length;
  const m = close.exec(text);
  if (m === null) return { head: "", body: text };
  const end = m.index + m[0].length;
  return { head: text.slice(0, end), body: text.slice(end) };
}
