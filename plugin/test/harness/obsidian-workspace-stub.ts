// The vault, metadata, file manager, modal and view parts of the `obsidian` stub: a vault over a map of
// texts (TFile instances, `process`, `create`, folders, `on("modify")` with a test trigger, and a
// DataAdapter over another map), a metadata cache that reads simple front matter (`key: value` lines,
// values as YAML scalars or JSON) from the vault unless a test set `caches[path]`, `processFrontMatter`
// writing it back the same way, and Modal / SuggestModal / ItemView / WorkspaceLeaf that record what is open.

import { FakeAdapter } from "../fakes/obsidian-vault-fakes";

type Handler = (...args: unknown[]) => unknown;

class Events {
  private readonly handlers = new Map<string, Handler[]>();
  on(name: string, cb: Handler): { name: string; cb: Handler } {
    this.handlers.set(name, [...(this.handlers.get(name) ?? []), cb]);
    return { name, cb };
  }
  offref(ref: { name: string; cb: Handler }): void {
    this.handlers.set(ref.name, (this.handlers.get(ref.name) ?? []).filter((h) => h !== ref.cb));
  }
  /** Test helper: fires an event. */
  trigger(name: string, ...args: unknown[]): void {
    for (const h of this.handlers.get(name) ?? []) h(...args);
  }
}

export class TAbstractFile {
  constructor(public path: string) {}
  get name(): string {
    return this.path.slice(this.path.lastIndexOf("/") + 1);
  }
}

export class TFile extends TAbstractFile {
  /** As Obsidian's: size in bytes (here UTF-16 units) and times in ms; the stub vault fills it in. */
  stat = { ctime: 0, mtime: 0, size: 0 };
  get extension(): string {
    const i = this.name.lastIndexOf(".");
    return i < 0 ? "" : this.name.slice(i + 1);
  }
  get basename(): string {
    const i = this.name.lastIndexOf(".");
    return i < 0 ? this.name : this.name.slice(0, i);
  }
}

export class TFolder extends TAbstractFile {}

function parentOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

export class StubVault extends Events {
  readonly files = new Map<string, string>();
  readonly folders = new Set<string>([""]);
  /** The same fake DataAdapter the AdapterStore tests use. */
  readonly adapter = new FakeAdapter();
  configDir = "_config";
  /** Per note, the text its modification time was taken for: any change of the text (however made) moves it. */
  private readonly stamps = new Map<string, { text: string; mtime: number }>();
  private clock = 1_000_000;

  /** A TFile whose `stat` reflects the note's text now (a new text, a later modification time). */
  private fileOf(path: string): TFile {
    const file = new TFile(path);
    const text = this.files.get(path) ?? "";
    let stamp = this.stamps.get(path);
    if (stamp?.text !== text) {
      this.clock += 1;
      stamp = { text, mtime: this.clock };
      this.stamps.set(path, stamp);
    }
    file.stat = { ctime: 0, mtime: stamp.mtime, size: text.length };
    return file;
  }

  /** Test helper: puts a note (and its folders) without events. */
  seed(path: string, text: string): TFile {
    for (let p = parentOf(path); p !== "" && !this.folders.has(p); p = parentOf(p)) this.folders.add(p);
    this.files.set(path, text);
    return this.fileOf(path);
  }
  /** Test helper: the texts of all notes. */
  texts(): Record<string, string> {
    return Object.fromEntries([...this.files.entries()].sort(([a], [b]) => a.localeCompare(b)));
  }
  getMarkdownFiles(): TFile[] {
    return [...this.files.keys()].filter((p) => p.endsWith(".md")).map((p) => this.fileOf(p));
  }
  getFileByPath(path: string): TFile | null {
    return this.files.has(path) ? this.fileOf(path) : null;
  }
  getFolderByPath(path: string): TFolder | null {
    return this.folders.has(path) ? new TFolder(path) : null;
  }
  getAbstractFileByPath(path: string): TAbstractFile | null {
    return this.getFileByPath(path) ?? this.getFolderByPath(path);
  }
  read(file: TFile): Promise<string> {
    const text = this.files.get(file.path);
    return text === undefined ? Promise.reject(new Error(`ENOENT ${file.path}`)) : Promise.resolve(text);
  }
  cachedRead(file: TFile): Promise<string> {
    return this.read(file);
  }
  async process(file: TFile, fn: (data: string) => string): Promise<string> {
    const next = fn(await this.read(file));
    this.files.set(file.path, next);
    this.trigger("modify", file);
    return next;
  }
  createFolder(path: string): Promise<TFolder> {
    if (this.getAbstractFileByPath(path) !== null) return Promise.reject(new Error(`Folder already exists: ${path}`));
    this.folders.add(path);
    return Promise.resolve(new TFolder(path));
  }
  create(path: string, data: string): Promise<TFile> {
    if (this.getAbstractFileByPath(path) !== null) return Promise.reject(new Error(`File already exists: ${path}`));
    if (!this.folders.has(parentOf(path))) return Promise.reject(new Error(`Parent missing: ${path}`));
    this.files.set(path, data);
    const file = this.fileOf(path);
    this.trigger("create", file);
    return Promise.resolve(file);
  }
}

/** Reads `key: value` front matter lines (YAML scalars: true/false/null/numbers, quoted or plain strings). */
export function readSimpleFrontmatter(text: string): Record<string, unknown> | undefined {
  const m = /^---\r?\n([\s\S]*?)\r?\n---(?:\r?\n|$)/.exec(text);
  if (m === null) return undefined;
  const out: Record<string, unknown> = {};
  for (const line of (m[1] ?? "").split(/\r?\n/)) {
    const kv = /^([A-Za-z0-9_-]+):\s*(.*)$/.exec(line);
    if (kv === null) continue;
    const raw = (kv[2] ?? "").trim();
    let value: unknown = raw;
    if (raw === "true" || raw === "false") value = raw === "true";
    else if (raw === "null" || raw === "") value = null;
    else if (/^-?\d+(\.\d+)?$/.test(raw)) value = Number(raw);
    else if (raw.startsWith('"') || raw.startsWith("[") || raw.startsWith("{")) {
      try {
        value = JSON.parse(raw);
      } catch {
        value = raw;
      }
    } else if (raw.startsWith("'") && raw.endsWith("'")) value = raw.slice(1, -1).replace(/''/g, "'");
    out[kv[1]!] = value;
  }
  return out;
}

function writeSimpleFrontmatter(fm: Record<string, unknown>): string {
  const lines = Object.entries(fm).map(([k, v]) => {
    if (typeof v === "string" && /^[A-Za-z0-9][A-Za-z0-9 _.\-/]*$/.test(v) && !/^(true|false|null|-?\d+(\.\d+)?)$/.test(v)) return `${k}: ${v}`;
    return `${k}: ${v === null ? "null" : JSON.stringify(v)}`;
  });
  return lines.length === 0 ? "" : `---\n${lines.join("\n")}\n---\n`;
}

export class StubMetadataCache extends Events {
  caches: Record<string, { frontmatter?: unknown }> = {};
  constructor(private readonly vault: StubVault) {
    super();
  }
  /** Parsed front matter by path, for the text it was parsed from: like Obsidian's cache, a lookup per call. */
  private readonly parsed = new Map<string, { text: string; cache: { frontmatter?: unknown } }>();
  getCache(path: string): { frontmatter?: unknown } | null {
    if (this.caches[path]) return this.caches[path];
    const text = this.vault.files.get(path);
    if (text === undefined) return null;
    const known = this.parsed.get(path);
    if (known?.text === text) return known.cache;
    const cache = { frontmatter: readSimpleFrontmatter(text) };
    this.parsed.set(path, { text, cache });
    return cache;
  }
  getFileCache(file: TFile): { frontmatter?: unknown } | null {
    return this.getCache(file.path);
  }
}

export class StubFileManager {
  constructor(private readonly vault: StubVault) {}
  /** Moves a note as Obsidian does: refused when the target exists or its folder is missing. */
  renameFile(file: TAbstractFile, newPath: string): Promise<void> {
    const text = this.vault.files.get(file.path);
    if (text === undefined) return Promise.reject(new Error(`ENOENT ${file.path}`));
    if (this.vault.getAbstractFileByPath(newPath) !== null) return Promise.reject(new Error(`Destination file already exists: ${newPath}`));
    if (!this.vault.folders.has(parentOf(newPath))) return Promise.reject(new Error(`Parent missing: ${newPath}`));
    this.vault.files.delete(file.path);
    this.vault.files.set(newPath, text);
    this.vault.trigger("rename", new TFile(newPath), file.path);
    return Promise.resolve();
  }
  async processFrontMatter(file: TFile, fn: (fm: Record<string, unknown>) => void): Promise<void> {
    await this.vault.process(file, (text) => {
      const fm = readSimpleFrontmatter(text) ?? {};
      const body = text.replace(/^---\r?\n[\s\S]*?\r?\n---(?:\r?\n|$)/, "");
      fn(fm);
      return writeSimpleFrontmatter(fm) + body;
    });
  }
}

/** Everything a test may look at about modals: the open ones. */
export const Modals = { open: [] as Modal[] };

export class Modal {
  containerEl = createDiv();
  titleEl = this.containerEl.createDiv();
  contentEl = this.containerEl.createDiv();
  constructor(public app: unknown) {}
  open(): void {
    Modals.open.push(this);
    this.onOpen();
  }
  close(): void {
    Modals.open.splice(Modals.open.indexOf(this), 1);
    this.onClose();
  }
  onOpen(): void {}
  onClose(): void {}
  setTitle(title: string): this {
    this.titleEl.setText(title);
    return this;
  }
}

export class SuggestModal<T> extends Modal {
  placeholder = "";
  setPlaceholder(p: string): void {
    this.placeholder = p;
  }
  getSuggestions(_query: string): T[] | Promise<T[]> {
    return [];
  }
  renderSuggestion(_item: T, _el: HTMLElement): void {}
  onChooseSuggestion(_item: T, _evt: unknown): void {}
  /** Test helper: the labels of the suggestions for `query`. */
  async labels(query = ""): Promise<string[]> {
    const items = await this.getSuggestions(query);
    return items.map((item) => {
      const el = createDiv();
      this.renderSuggestion(item, el);
      return el.textContent ?? "";
    });
  }
  /** Test helper: picks the suggestion at `index`. */
  async choose(index: number, query = ""): Promise<void> {
    const items = await this.getSuggestions(query);
    this.close();
    this.onChooseSuggestion(items[index]!, null);
  }
}

export class WorkspaceLeaf {
  view: unknown = null;
  constructor(
    private readonly factories: Map<string, (leaf: WorkspaceLeaf) => unknown>,
    public app: unknown,
  ) {}
  async setViewState(state: { type: string }): Promise<void> {
    const factory = this.factories.get(state.type);
    if (!factory) throw new Error(`No view registered for ${state.type}`);
    const view = factory(this) as { onOpen(): Promise<void> };
    this.view = view;
    await view.onOpen();
  }
  openFile(file: TFile): Promise<void> {
    this.view = { file };
    return Promise.resolve();
  }
}

export class ItemView {
  containerEl = createDiv();
  contentEl = this.containerEl.createDiv();
  app: unknown;
  constructor(public leaf: WorkspaceLeaf) {
    this.app = leaf.app;
  }
  getIcon(): string {
    return "document";
  }
  onOpen(): Promise<void> {
    return Promise.resolve();
  }
  onClose(): Promise<void> {
    return Promise.resolve();
  }
}
