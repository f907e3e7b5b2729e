// The port a sync driver uses to read and edit notes: list, read, a guarded replace that only writes
// over the exact content the driver last saw (so a user's keystroke in between is never lost), and a
// create that never overwrites. Paths are vault-relative with '/' separators; every implementation
// rejects absolute paths and '..' segments through `checkVaultPath`. Nothing here imports Obsidian or Node.
import type { NoteSelection } from "./note-selection";

/** A note and its whole text. */
export interface NoteText {
  path: string;
  content: string;
}

/** The outcome of a guarded write. `current`: the file's content now (null: missing). */
export type EditOutcome = { applied: true } | { applied: false; current: string | null };

export interface VaultPort {
  /** Vault-relative paths ('/' separators) of all Markdown notes, sorted; skips dot-folders such as .obsidian and .trash. */
  listMarkdown(): Promise<string[]>;
  read(path: string): Promise<string | null>;
  /** Writes `next` only if the file's content is exactly `expected` right now (else does nothing and reports the current content). Atomic with respect to other writers of the same vault API. */
  replaceIfUnchanged(path: string, expected: string, next: string): Promise<EditOutcome>;
  /** Creates a new note (creating missing folders) only if no file exists at `path`. */
  createIfAbsent(path: string, content: string): Promise<EditOutcome>;
  /**
   * The notes `selection` selects, with their text, sorted by path (a superset is allowed; a selected note is
   * never left out). Ports that can tell from cheap metadata that a note is not selected skip reading it; a
   * port without this method has every note read and filtered by its text (`readSelectedNotes`).
   */
  readSelected?(selection: NoteSelection): Promise<NoteText[]>;
}

/** Throws unless `path` is a non-empty vault-relative path without '..' segments. Returns it unchanged. */
export function checkVaultPath(path: string): string {
  if (path === "" || path.startsWith("/") || path.startsWith("\\") || /^[A-Za-z]:/.test(path)) {
    throw new Error(`Vault path must be relative to the vault: ${JSON.stringify(path)}`);
  }
  if (path.split(/[/\\]/).includes("..")) {
    throw new Error(`Vault path must not contain '..' segments: ${JSON.stringify(path)}`);
  }
  return path;
}

/** True for a Markdown note outside dot-folders (and not itself a dot-file). */
export function isListedMarkdown(path: string): boolean {
  return path.endsWith(".md") && !path.split("/").some((segment) => segment.startsWith("."));
}

/** The order `listMarkdown` returns: by UTF-16 code units, like `Array.prototype.sort`. */
export function sortPaths(paths: string[]): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
