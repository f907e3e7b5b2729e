// VaultPort over a Map, for tests and the headless demo. Writes are synchronous after `beforeWrite`,
// so each guarded write is atomic; `beforeWrite` lets a test change a file (a simulated keystroke)
// between the driver's read and its guarded write. Folders are implicit in the paths.
import { checkVaultPath, type EditOutcome, isListedMarkdown, sortPaths, type VaultPort } from "./vault";

export class MemoryVault implements VaultPort {
  private readonly map = new Map<string, string>();
  /** Called at the start of every guarded write or create, before the guard is checked. */
  beforeWrite?: (path: string) => void;

  constructor(initial: Record<string, string> = {}) {
    for (const [path, text] of Object.entries(initial)) this.set(path, text);
  }

  /** Test helper: a snapshot of every file, any extension, dot-folders included. */
  files(): Record<string, string> {
    return Object.fromEntries(sortPaths([...this.map.keys()]).map((p) => [p, this.map.get(p) ?? ""]));
  }

  /** Test helper: writes a file unconditionally (a user edit). */
  set(path: string, text: string): void {
    this.map.set(checkVaultPath(path), text);
  }

  /** Test helper: deletes a file. */
  remove(path: string): void {
    this.map.delete(checkVaultPath(path));
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
      this.map.set(path, next);
      return { applied: true };
    });
  }

  createIfAbsent(path: string, content: string): Promise<EditOutcome> {
    return Promise.resolve().then((): EditOutcome => {
      checkVaultPath(path);
      this.beforeWrite?.(path);
      const current = this.map.get(path);
      if (current !== undefined) return { applied: false, current };
      this.map.set(path, content);
      return { applied: true };
    });
  }
}
