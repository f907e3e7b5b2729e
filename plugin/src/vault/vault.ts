// The port a sync driver uses to read and edit notes: list, read, a guarded replace that only writes
// over the exact content the driver last saw (so a user's keystroke in between is never lost), and a
// create that never overwrites. Paths are vault-relative with '/' separators; every implementation
// rejects absolute paths and '..' segments through `checkVaultPath`. Nothing here imports Obsidian or Node.
import type { NoteSelection } from "./note-selection";

/** A note and its whole text (`fingerprint`: of `content`, see fingerprint.ts, when the port computed it). */
export interface NoteText {
  path: string;
  content: string;
  fingerprint?: string;
}

/** A note the port did not read: the fingerprint of its text, still valid by the file's size and time. */
export interface NoteRef {
  path: string;
  fingerprint: string;
}

/** The notes a sync selects: read ones, and unchanged ones by fingerprint only. */
export interface SelectedNotes {
  notes: NoteText[];
  refs: NoteRef[];
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
   * Moves the note at `from` to `to` (creating missing folders) only if its content is exactly `expected` and no
   * file exists at `to`; never overwrites. Refused because `to` exists: `current` is the note's (unchanged) text.
   * Where the app can, links to the note follow it (Obsidian's file manager). Ports without it move nothing.
   */
  moveIfUnchanged?(from: string, to: string, expected: string): Promise<EditOutcome>;
  /**
   * The notes `selection` selects, sorted by path (a superset is allowed; a selected note is never left out):
   * with their text, or by fingerprint (`refs`) when the port knows the fingerprint of the text a note still
   * holds (unchanged size and modification time since the port read it). Ports that can tell from cheap
   * metadata that a note is not selected skip reading it; a port without this method has every note read and
   * filtered by its text (`readSelectedNotes`).
   */
  readSelected?(selection: NoteSelection): Promise<SelectedNotes>;
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

/**
 * True for a Markdown note outside dot-folders (and not itself a dot-file): no path segment starts with `.`,
 * that is, the path neither starts with `.` nor holds `/.`. Called once per file of the vault on every sync,
 * so it allocates nothing.
 */
export function isListedMarkdown(path: string): boolean {
  return path.endsWith(".md") && !path.startsWith(".") && !path.includes("/.");
}

/** The order `listMarkdown` returns: by UTF-16 code units, like `Array.prototype.sort`. */
export function sortPaths(paths: string[]): string[] {
  return [...paths].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
