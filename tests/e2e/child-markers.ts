// The marker lines of the generated *Child issues* section, as the core writes them (src/alignment/child_section.rs).
export const START_MARKER = "%% jira-vault-sync: child issues start (generated; edits up to the end marker are replaced) %%";
export const END_MARKER = "%% jira-vault-sync: child issues end %%";

/** The generated section in a note's text (marker lines included, with its line break), or "" when there is none. */
export function childSection(text: string): string {
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER, start);
  return start < 0 || end < 0 ? "" : text.slice(start, end + END_MARKER.length + 1);
}

/** A note's body as the user wrote it: without the generated section and the blank lines before it. */
export function withoutChildSection(body: string): string {
  const section = childSection(body);
  if (section === "") return body;
  const at = body.indexOf(section);
  return body.slice(0, at).replace(/\n+$/, "\n") + body.slice(at + section.length);
}
