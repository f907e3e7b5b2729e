// Hand-made fakes of the parts of Obsidian's App, Vault and DataAdapter that ObsidianVault and
// AdapterStore use, over maps of file texts and a set of folders. Like Obsidian, creating a file or
// folder fails when something is already there or the parent folder is missing, and every call is
// recorded. (`normalizePath` comes from the harness stub, which vitest.config.ts aliases `obsidian` to.)
import type { App, DataAdapter } from "obsidian";

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

interface FakeFile {
  path: string;
  /** Listed files carry one: size and a modification time that moves whenever the text changed. */
  stat?: { ctime: number; mtime: number; size: number };
}

export class FakeVault {
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>([""]);
  readonly calls: string[] = [];
  /** Runs inside `process`, just before the callback sees the data (a keystroke landing then). */
  beforeProcess?: (path: string) => void;

  /** Test helper: puts a file and its parent folders. */
  seed(path: string, text: string): void {
    for (let p = parentOf(path); p !== "" && !this.folders.has(p); p = parentOf(p)) this.folders.add(p);
    this.files.set(path, text);
  }

  private need(file: FakeFile): string {
    const text = this.files.get(file.path);
    if (text === undefined) throw new Error(`ENOENT ${file.path}`);
    return text;
  }

  private readonly stamps = new Map<string, { text: string; mtime: number }>();
  private clock = 1_000_000;

  /** A listed file: `stat` is worked out when read (as cheap as Obsidian's ready-made one for the files nobody asks about). */
  private listed(path: string): FakeFile {
    const statOf = (): { ctime: number; mtime: number; size: number } => {
      const text = this.files.get(path) ?? "";
      let stamp = this.stamps.get(path);
      if (stamp?.text !== text) {
        this.clock += 1;
        stamp = { text, mtime: this.clock };
        this.stamps.set(path, stamp);
      }
      return { ctime: 0, mtime: stamp.mtime, size: text.length };
    };
    return {
      path,
      get stat() {
        return statOf();
      },
    };
  }

  getMarkdownFiles(): FakeFile[] {
    return [...this.files.keys()].filter((p) => p.endsWith(".md")).map((path) => this.listed(path));
  }
  getFileByPath(path: string): FakeFile | null {
    return this.files.has(path) ? this.listed(path) : null;
  }
  getFolderByPath(path: string): FakeFile | null {
    return this.folders.has(path) ? { path } : null;
  }
  getAbstractFileByPath(path: string): FakeFile | null {
    return this.getFileByPath(path) ?? this.getFolderByPath(path);
  }
  read(file: FakeFile): Promise<string> {
    this.calls.push(`read ${file.path}`);
    return Promise.resolve().then(() => this.need(file));
  }
  cachedRead(file: FakeFile): Promise<string> {
    return this.read(file);
  }
  process(file: FakeFile, fn: (data: string) => string): Promise<string> {
    this.calls.push(`process ${file.path}`);
    return Promise.resolve().then(() => {
      this.beforeProcess?.(file.path);
      const next = fn(this.need(file));
      this.files.set(file.path, next);
      return next;
    });
  }
  createFolder(path: string): Promise<FakeFile> {
    this.calls.push(`createFolder ${path}`);
    return Promise.resolve().then(() => {
      if (this.getAbstractFileByPath(path) !== null) throw new Error(`Folder already exists: ${path}`);
      if (!this.folders.has(parentOf(path))) throw new Error(`Parent missing: ${path}`);
      this.folders.add(path);
      return { path };
    });
  }
  create(path: string, data: string): Promise<FakeFile> {
    this.calls.push(`create ${path}`);
    return Promise.resolve().then(() => {
      if (this.getAbstractFileByPath(path) !== null) throw new Error(`File already exists: ${path}`);
      if (!this.folders.has(parentOf(path))) throw new Error(`Parent missing: ${path}`);
      this.files.set(path, data);
      return { path };
    });
  }
}

/** An `App` with just a fake vault, typed as Obsidian's App for the code under test. */
export function fakeApp(vault: FakeVault): App {
  // Obsidian's file manager moves a note (refused when the target exists or its folder is missing).
  const fileManager = {
    renameFile(file: { path: string }, to: string): Promise<void> {
      vault.calls.push(`renameFile ${file.path} ${to}`);
      const text = vault.files.get(file.path);
      if (text === undefined) return Promise.reject(new Error(`ENOENT ${file.path}`));
      if (vault.files.has(to) || vault.folders.has(to)) return Promise.reject(new Error(`Destination file already exists: ${to}`));
      if (!vault.folders.has(parentOf(to))) return Promise.reject(new Error(`Parent missing: ${to}`));
      vault.files.delete(file.path);
      vault.files.set(to, text);
      return Promise.resolve();
    },
  };
  return { vault, fileManager } as unknown as App;
}

export class FakeAdapter {
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>();
  readonly calls: string[] = [];
  /** When set, the next rename throws (a crash after the remove). */
  failNextRename = false;

  exists(path: string): Promise<boolean> {
    return Promise.resolve(this.files.has(path) || this.folders.has(path));
  }
  mkdir(path: string): Promise<void> {
    this.calls.push(`mkdir ${path}`);
    this.folders.add(path);
    return Promise.resolve();
  }
  read(path: string): Promise<string> {
    const text = this.files.get(path);
    return text === undefined ? Promise.reject(new Error(`ENOENT ${path}`)) : Promise.resolve(text);
  }
  write(path: string, data: string): Promise<void> {
    this.calls.push(`write ${path}`);
    this.files.set(path, data);
    return Promise.resolve();
  }
  remove(path: string): Promise<void> {
    this.calls.push(`remove ${path}`);
    if (!this.files.delete(path)) return Promise.reject(new Error(`ENOENT ${path}`));
    return Promise.resolve();
  }
  rename(from: string, to: string): Promise<void> {
    this.calls.push(`rename ${from} ${to}`);
    if (this.failNextRename) {
      this.failNextRename = false;
      return Promise.reject(new Error("crash"));
    }
    const text = this.files.get(from);
    if (text === undefined) return Promise.reject(new Error(`ENOENT ${from}`));
    if (this.files.has(to)) return Promise.reject(new Error(`EEXIST ${to}`));
    this.files.delete(from);
    this.files.set(to, text);
    return Promise.resolve();
  }
}

export function asDataAdapter(adapter: FakeAdapter): DataAdapter {
  return adapter as unknown as DataAdapter;
}
