// The vault port the sync uses in the app: ObsidianVault, plus a record of the paths the sync itself
// wrote, so the "sync on note change" schedule can tell the sync's own writes from the user's edits. A
// write counts as the sync's own for `OWN_WRITE_MS` after it (the modify event follows the write). It follows
// the vault's events (passed on by the SyncController), so the notes a sync selects are kept between runs.
import { type App, type TAbstractFile } from "obsidian";
import { type NoteSelection } from "../vault/note-selection";
import { type EditOutcome, type SelectedNotes, type VaultPort } from "../vault/vault";
import { ObsidianVault } from "./obsidian-vault";

const OWN_WRITE_MS = 3000;

export class TrackingVault implements VaultPort {
  private readonly inner: ObsidianVault;
  private readonly written = new Map<string, number>();

  constructor(
    app: App,
    private readonly now: () => number,
  ) {
    this.inner = new ObsidianVault(app);
    this.inner.followEvents();
  }

  /** A vault or metadata-cache event about `file` (see `ObsidianVault.followEvents`). */
  noteChanged(file: TAbstractFile): void {
    this.inner.noteChanged(file);
  }

  /** A file was deleted, or renamed away from `path`. */
  noteRemoved(path: string): void {
    this.inner.noteRemoved(path);
  }

  /** Whether the sync wrote `path` a moment ago. */
  wroteRecently(path: string): boolean {
    const at = this.written.get(path);
    return at !== undefined && this.now() - at <= OWN_WRITE_MS;
  }

  /** Remembers a write of the sync's own (also used by the conflict commands). */
  markOwnWrite(path: string): void {
    this.written.set(path, this.now());
  }

  listMarkdown(): Promise<string[]> {
    return this.inner.listMarkdown();
  }

  read(path: string): Promise<string | null> {
    return this.inner.read(path);
  }

  readSelected(selection: NoteSelection): Promise<SelectedNotes> {
    return this.inner.readSelected(selection);
  }

  async replaceIfUnchanged(path: string, expected: string, next: string): Promise<EditOutcome> {
    return this.tracked(path, () => this.inner.replaceIfUnchanged(path, expected, next));
  }

  async createIfAbsent(path: string, content: string): Promise<EditOutcome> {
    return this.tracked(path, () => this.inner.createIfAbsent(path, content));
  }

  async moveIfUnchanged(from: string, to: string, expected: string): Promise<EditOutcome> {
    this.markOwnWrite(from);
    return this.tracked(to, () => this.inner.moveIfUnchanged(from, to, expected));
  }

  /** Marks `path` before the write (its modify event may come before the write returns); unmarks a refused one. */
  private async tracked(path: string, write: () => Promise<EditOutcome>): Promise<EditOutcome> {
    const before = this.written.get(path);
    this.markOwnWrite(path);
    const outcome = await write();
    if (!outcome.applied) {
      if (before === undefined) this.written.delete(path);
      else this.written.set(path, before);
    }
    return outcome;
  }
}
