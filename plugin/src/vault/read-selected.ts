// Reading the notes a sync run selects, for any vault port: the port's own `readSelected` when it has one
// (Obsidian's metadata cache, the command line's index), else every note read and kept when its path or its
// front matter text selects it. Reads run IO_CONCURRENCY at a time; notes that vanish while listing are skipped.
import { IO_CONCURRENCY, mapBounded } from "./bounded-io";
import { frontmatterMayHold, type NoteSelection, PathRules } from "./note-selection";
import type { NoteText, SelectedNotes, VaultPort } from "./vault";

/** The selected notes of `vault`, sorted by path: with their text, or by fingerprint where the port can. */
export async function readSelectedNotes(vault: VaultPort, selection: NoteSelection): Promise<SelectedNotes> {
  if (vault.readSelected) return vault.readSelected(selection);
  const rules = new PathRules(selection);
  const notes = await mapBounded(await vault.listMarkdown(), IO_CONCURRENCY, async (path) => ({ path, content: await vault.read(path) }));
  return { notes: notes.filter((n): n is NoteText => n.content !== null && (rules.selects(n.path) || frontmatterMayHold(n.content, rules.keys))), refs: [] };
}

/** The texts of `paths` now (the engine's `readNotes`); a note that no longer exists is left out. */
export async function readNotes(vault: VaultPort, paths: string[]): Promise<NoteText[]> {
  const notes = await mapBounded(paths, IO_CONCURRENCY, async (path) => ({ path, content: await vault.read(path) }));
  return notes.filter((n): n is NoteText => n.content !== null);
}
