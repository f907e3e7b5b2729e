// VaultPort over a Map, for tests and the headless demo. Writes are synchronous after `beforeWrite`,
// so each guarded write is atomic; `beforeWrite` lets a test change a file (a simulated keystroke)
// between the driver's read and its guarded write. Folders are implicit in the paths. Like the real ports it
// hands the sync unchanged selected notes by fingerprint: every write stamps the file with a fresh
// modification "time" (a counter), and a selected note read before keeps its fingerprint while its stamp holds.
import { FingerprintCache, type FileStamp, noteFingerprint } from "./fingerprint";
import { frontmatterMayHold, type NoteSelection, PathRules } from "./note-selection";
import { checkVaultPath, type EditOutcome, isListedMarkdown, type NoteRef, type NoteText, type SelectedNotes, sortPaths, type VaultPort } from "./vault";

export class MemoryVault implements VaultPort {
  private readonly map = new Map<string, string>();
  private readonly stamps = new Map<string, FileStamp>();
  private clock = 0;
  private readonly fingerprints = new FingerprintCache();
  /** Called at the start of every guarded write or create, before the guard is checked. */
  beforeWrite?: (path: string) => void;
  /** Test helper: the paths `readSelected` read (not those it handed by fingerprint), in order. */
  readonly selectedReads: string[] = [];

  constructor(initial: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(initial)) this.set(path, text);
  }

  /** Test helper: a snapshot of every file, any extension, dot-folders included. */
  files(): Record<string, string> {
    return Object.fromEntries(sortPaths([...this.map.keys()]).map((p) => [p, this.map.get(p) ?? ""]));
  }

  /** Test helper: writes a file unconditionally (a user edit). */
  set(path: string, text: string): void {
    this.write(checkVaultPath(path), text);
  }

  /** Test helper: deletes a file. */
  remove(path: string): void {
    this.map.delete(checkVaultPath(path));
    this.stamps.delete(path);
  }

  private write(path: string, text: string): void {
    this.map.set(path, text);
    this.clock += 1;
    this.stamps.set(path, { size: text.length, mtimeMs: this.clock });
  }

  /** The selected notes: those read before and unchanged since by fingerprint, the others with their text. */
  async readSelected(selection: NoteSelection): Promise<SelectedNotes> {
    const rules = new PathRules(selection);
    const notes: NoteText[] = [];
    const refs: NoteRef[] = [];
    for (const path of await this.listMarkdown()) {
      const content = this.map.get(path);
      const stamp = this.stamps.get(path);
      if (content === undefined || stamp === undefined) continue;
      const known = this.fingerprints.get(path, stamp);
      if (known !== undefined) {
        refs.push({ path, fingerprint: known });
        continue;
      }
      if (!rules.selects(path) && !frontmatterMayHold(content, rules.keys)) continue;
      this.selectedReads.push(path);
      const fingerprint = await noteFingerprint(content);
      // No racy case here: every write takes a new stamp.
      this.fingerprints.set(path, stamp, fingerprint, Number.POSITIVE_INFINITY);
      notes.push({ path, content, fingerprint });
    }
    return { notes, refs };
  }

  listMarkdown(): Promise<string[]> {
    return Promise.resolve(sortPaths([...this.map.keys()].filter(isListedMarkdown)));
  }

  read(path: string): Promise<string | null> {
    return Promise.resolve().then(() => this.map.get(checkVaultPath(path)) ?? null);
  }

  replaceIfUnchanged(path: string, expected: string, next: string): Promise<EditOutcome> {
    return Promise.resolve().then((): EditOutcome => {
      checkVaultPath(path);
      this.beforeWrite?.(path);
      const current = this.map.get(path) ?? null;
      if (current !== expected) return { applied: false, current };
      this.write(path, next);
      return { applied: true };
    });
  }

  moveIfUnchanged(from: string, to: string, expected: string): Promise<EditOutcome> {
    return Promise.resolve().then((): EditOutcome => {
      checkVaultPath(from);
      checkVaultPath(to);
      this.beforeWrite?.(from);
      const current = this.map.get(from) ?? null;
      if (current !== expected || this.map.has(to)) return { applied: false, current };
      this.remove(from);
      this.write(to, current);
      return { applied: true };
    });
  }

  createIfAbsent(path: string, content: string): Promise<EditOutcome> {
    return Promise.resolve().then((): EditOutcome => {
      checkVaultPath(path);
      this.beforeWrite?.(path);
      const current = this.map.get(path);
      if (current !== undefined) return { applied: false, current };
      this.write(path, content);
      return { applied: true };
    });
  }
}
