// Which notes a sync run reads: the core's `NoteSelection` (src/sync/engine/selection.rs) says it as rules over
// a note's path and its front matter keys, and every vault port applies them its own cheap way (Obsidian: the
// metadata cache; the command line: an index by size and modification time). The checks here are supersets of
// the core's: when in doubt a note is read, since the engine ignores a note it does not need but takes a
// selected note that is left out for missing.

/** The core's note selection (camelCase, as `SyncEngine.noteSelection()` returns it). */
export interface NoteSelection {
  /** Every note takes part. */
  all: boolean;
  /** A note whose front matter has any of these keys takes part. */
  frontmatterKeys: string[];
  /** A note under any of these folders (vault-relative, no trailing '/') takes part. */
  folders: string[];
  /** A note directly in the vault root takes part. */
  rootNotes: boolean;
  /** Notes named by the state or the journal. */
  paths: string[];
}

/** Selects everything: what a driver uses with an engine that cannot say (test fakes). */
export const ALL_NOTES: NoteSelection = { all: true, frontmatterKeys: [], folders: [], rootNotes: false, paths: [] };

/** The path-only part of a selection, prepared for many lookups. */
export class PathRules {
  private readonly paths: Set<string>;
  /** `folder/` per selected folder (asked once per file of the vault: built once). */
  private readonly folderPrefixes: string[];

  constructor(private readonly selection: NoteSelection) {
    this.paths = new Set(selection.paths);
    this.folderPrefixes = selection.folders.map((f) => `${f}/`);
  }

  /** The front matter keys that make a note take part. */
  get keys(): readonly string[] {
    return this.selection.frontmatterKeys;
  }

  /**
   * Whether the path alone makes a note take part (otherwise its front matter decides). Asked of every note of a
   * vault in one go (20,000 on the command line, in a fresh process whose code is still cold): the folders are
   * tried with a plain loop rather than `some` and a closure, which took that loop 6–13 ms instead of about 4.
   */
  selects(path: string): boolean {
    const s = this.selection;
    if (s.all || (s.rootNotes && !path.includes("/"))) return true;
    const prefixes = this.folderPrefixes;
    for (let i = 0; i < prefixes.length; i++) {
      if (path.startsWith(prefixes[i] as string)) return true;
    }
    return this.paths.has(path);
  }
}

/**
 * Whether a note's text may have one of `keys` in its front matter: the block between a first line `---` (after
 * an optional BOM) and the next `---` line contains one of them. A superset of the core's reading (a key inside a
 * value counts too); a note without a closed block has no front matter for the core either.
 */
export function frontmatterMayHold(text: string, keys: readonly string[]): boolean {
  const start = text.startsWith("\uFEFF") ? 1 : 0;
  const firstEnd = text.indexOf("\n", start);
  if (firstEnd < 0 || text.slice(start, firstEnd).replace(/[ \t\r]+$/, "") !== "---") return false;
  const close = /^---[ \t\r]*$/m;
  const rest = text.slice(firstEnd + 1);
  const end = rest.search(close);
  if (end < 0) return false;
  const block = rest.slice(0, end);
  return keys.some((k) => block.includes(k));
}
