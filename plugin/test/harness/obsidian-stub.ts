// A minimal stand-in for the `obsidian` module, enough to load and run the bundled main.js in a test
// DOM: Component/Plugin (recording every registration), PluginSettingTab, Setting, Notice, MarkdownView,
// MarkdownRenderChild, `editorLivePreviewField`, `requestUrl` (answered by `RequestUrl.handler`, every
// call recorded), `normalizePath`, over a fake `App` (with `secretStorage`, a vault, metadata cache, file
// manager and workspace from obsidian-workspace-stub.ts) whose parts tests can drive.
import { createRequire } from "node:module";
import type * as CmState from "@codemirror/state";
import { PluginSettingTab, Setting } from "./obsidian-settings-stub";
import { ItemView, Modal, Modals, StubFileManager, StubMetadataCache, StubVault, SuggestModal, TAbstractFile, TFile, TFolder, WorkspaceLeaf } from "./obsidian-workspace-stub";

export { ItemView, Modal, Modals, PluginSettingTab, Setting, StubVault, SuggestModal, TFile, WorkspaceLeaf };

const nodeRequire = createRequire(import.meta.url);
/** The CommonJS build of @codemirror/state: the same instance main.js gets through `require`. */
export const cmState = nodeRequire("@codemirror/state") as typeof CmState;

export interface Command {
  id: string;
  name: string;
  hotkeys?: unknown[];
  callback?: () => unknown;
  checkCallback?: (checking: boolean) => boolean | void;
}

export type PostProcessor = (el: HTMLElement, ctx: unknown) => unknown;
/** A code block processor: the block's text, the element to draw into and Obsidian's context. */
export type CodeBlockProcessor = (
  source: string,
  el: HTMLElement,
  ctx: { sourcePath: string; addChild(child: Component): void; getSectionInfo?(el: HTMLElement): { text: string; lineStart: number; lineEnd: number } | null },
) => unknown;

export class Component {
  private cleanups: (() => void)[] = [];
  private children: Component[] = [];
  loaded = false;
  onload(): void | Promise<void> {}
  onunload(): void {}
  load(): void {
    this.loaded = true;
    void this.onload();
  }
  unload(): void {
    for (const child of this.children.splice(0)) child.unload();
    for (const cleanup of this.cleanups.splice(0).reverse()) cleanup();
    this.onunload();
    this.loaded = false;
  }
  register(cb: () => void): void {
    this.cleanups.push(cb);
  }
  readonly eventRefs: unknown[] = [];
  registerEvent(ref: unknown): void {
    this.eventRefs.push(ref);
  }
  registerDomEvent(el: EventTarget, type: string, cb: EventListener): void {
    el.addEventListener(type, cb);
    this.register(() => el.removeEventListener(type, cb));
  }
  registerInterval(id: number): number {
    this.register(() => window.clearInterval(id));
    return id;
  }
  addChild<T extends Component>(child: T): T {
    this.children.push(child);
    child.load();
    return child;
  }
  get cleanupCount(): number {
    return this.cleanups.length;
  }
}

export class MarkdownRenderChild extends Component {
  constructor(public containerEl: HTMLElement) {
    super();
  }
}

export class Notice {
  static messages: string[] = [];
  static all: Notice[] = [];
  hidden = false;
  constructor(
    public message: string,
    public duration?: number,
  ) {
    Notice.messages.push(message);
    Notice.all.push(this);
  }
  setMessage(message: string): this {
    this.message = message;
    return this;
  }
  hide(): void {
    this.hidden = true;
  }
}

export class MarkdownView {
  file: { path: string } | null = null;
  text = "";
  previewMode = { rerenders: 0, rerender: () => this.previewMode.rerenders++ };
  getViewData(): string {
    return this.text;
  }
}

export interface RequestUrlParam {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  throw?: boolean;
}

/** What `requestUrl` answers: tests set `handler` and read `calls`. */
export const RequestUrl = {
  calls: [] as RequestUrlParam[],
  handler: (_req: RequestUrlParam): Promise<{ status: number; headers: Record<string, string>; text: string }> =>
    Promise.reject(new Error("net::ERR_CONNECTION_REFUSED")),
};

export function requestUrl(req: RequestUrlParam) {
  RequestUrl.calls.push(req);
  return RequestUrl.handler(req);
}

/** Obsidian's SecretStorage: an in-memory map. */
export class FakeSecretStorage {
  readonly secrets = new Map<string, string>();
  setSecret(id: string, secret: string): void {
    if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) throw new Error(`Invalid secret id: ${id}`);
    this.secrets.set(id, secret);
  }
  getSecret(id: string): string | null {
    return this.secrets.get(id) ?? null;
  }
  listSecrets(): string[] {
    return [...this.secrets.keys()];
  }
}

export interface FakeWorkspace {
  updateOptionsCalls: number;
  updateOptions(): void;
  leaves: { view: unknown }[];
  /** Leaves of other view types (the sync log). */
  viewLeaves: WorkspaceLeaf[];
  viewFactories: Map<string, (leaf: WorkspaceLeaf) => unknown>;
  getLeavesOfType(type: string): { view: unknown }[];
  activeView: unknown;
  getActiveViewOfType<T>(cls: new (...a: never[]) => T): T | null;
  activeFile: TFile | null;
  getActiveFile(): TFile | null;
  /** As Obsidian's: true once the app has started (the default here: a plugin enabled in a running app). */
  layoutReady: boolean;
  /** Callbacks waiting for `fireLayoutReady` while `layoutReady` is false (an app starting up). */
  layoutCallbacks: (() => unknown)[];
  /** Called at once when the layout is ready, as in Obsidian; else queued. */
  onLayoutReady(cb: () => unknown): void;
  /** Test helper: the app finished starting; runs the queued callbacks. */
  fireLayoutReady(): void;
  getRightLeaf(split: boolean): WorkspaceLeaf;
  getLeaf(newLeaf?: boolean): WorkspaceLeaf;
  revealLeaf(leaf: WorkspaceLeaf): Promise<void>;
  opened: string[];
  openLinkText(link: string, source: string, newLeaf?: boolean): Promise<void>;
}

export interface FakeApp {
  secretStorage: FakeSecretStorage;
  data: unknown;
  saved: unknown[];
  vault: StubVault;
  fileManager: StubFileManager;
  workspace: FakeWorkspace;
  metadataCache: StubMetadataCache;
}

export function fakeApp(data: unknown = null): FakeApp {
  const vault = new StubVault();
  const app: FakeApp = {
    secretStorage: new FakeSecretStorage(),
    data,
    saved: [],
    vault,
    fileManager: new StubFileManager(vault),
    metadataCache: new StubMetadataCache(vault),
    workspace: {
      updateOptionsCalls: 0,
      updateOptions() {
        this.updateOptionsCalls++;
      },
      leaves: [],
      viewLeaves: [],
      viewFactories: new Map(),
      getLeavesOfType(type: string) {
        if (type === "markdown") return this.leaves;
        return this.viewLeaves.filter((l) => (l.view as { getViewType?: () => string } | null)?.getViewType?.() === type);
      },
      activeView: null,
      getActiveViewOfType<T>(cls: new (...a: never[]) => T): T | null {
        return this.activeView instanceof cls ? this.activeView : null;
      },
      activeFile: null,
      getActiveFile() {
        return this.activeFile;
      },
      layoutReady: true,
      layoutCallbacks: [],
      onLayoutReady(cb: () => unknown) {
        if (this.layoutReady) cb();
        else this.layoutCallbacks.push(cb);
      },
      fireLayoutReady() {
        this.layoutReady = true;
        for (const cb of this.layoutCallbacks.splice(0)) cb();
      },
      getRightLeaf() {
        const leaf = new WorkspaceLeaf(this.viewFactories, app);
        this.viewLeaves.push(leaf);
        return leaf;
      },
      getLeaf() {
        return new WorkspaceLeaf(this.viewFactories, app);
      },
      revealLeaf() {
        return Promise.resolve();
      },
      opened: [],
      openLinkText(link: string) {
        this.opened.push(link);
        return Promise.resolve();
      },
    },
  };
  return app;
}

export class Plugin extends Component {
  postProcessors: PostProcessor[] = [];
  editorExtensions: unknown[] = [];
  settingTabs: PluginSettingTab[] = [];
  commands: Command[] = [];
  constructor(
    public app: FakeApp,
    public manifest: unknown,
  ) {
    super();
  }
  loadData(): Promise<unknown> {
    return Promise.resolve(structuredClone(this.app.data));
  }
  saveData(data: unknown): Promise<void> {
    this.app.data = structuredClone(data);
    this.app.saved.push(this.app.data);
    return Promise.resolve();
  }
  registerMarkdownPostProcessor(fn: PostProcessor): PostProcessor {
    this.postProcessors.push(fn);
    this.register(() => this.postProcessors.splice(this.postProcessors.indexOf(fn), 1));
    return fn;
  }
  /** Code block processors by language; tests call them as Obsidian does for each fenced block it draws. */
  codeBlockProcessors = new Map<string, CodeBlockProcessor>();
  registerMarkdownCodeBlockProcessor(language: string, fn: CodeBlockProcessor): CodeBlockProcessor {
    this.codeBlockProcessors.set(language, fn);
    this.register(() => this.codeBlockProcessors.delete(language));
    return fn;
  }
  registerEditorExtension(ext: unknown): void {
    this.editorExtensions.push(ext);
    this.register(() => this.editorExtensions.splice(this.editorExtensions.indexOf(ext), 1));
  }
  addSettingTab(tab: PluginSettingTab): void {
    this.settingTabs.push(tab);
  }
  addCommand(command: Command): Command {
    this.commands.push(command);
    return command;
  }
  statusBarItems: HTMLElement[] = [];
  addStatusBarItem(): HTMLElement {
    const el = createDiv({ cls: "status-bar-item" });
    this.statusBarItems.push(el);
    this.register(() => el.remove());
    return el;
  }
  views = new Map<string, (leaf: WorkspaceLeaf) => unknown>();
  registerView(type: string, factory: (leaf: WorkspaceLeaf) => unknown): void {
    this.views.set(type, factory);
    this.app.workspace.viewFactories.set(type, factory);
  }
}

/** Obsidian's live-preview flag; tests set it through the editor state's config. */
export const editorLivePreviewField = cmState.StateField.define<boolean>({
  create: () => true,
  update: (value) => value,
});

/** Obsidian's debounce: calls `cb` once `timeout` ms after the last call (`resetTimer`) or the first. */
export function debounce<T extends unknown[]>(cb: (...args: T) => unknown, timeout = 0, resetTimer = false) {
  let timer: number | null = null;
  let last: T | null = null;
  const fire = () => {
    timer = null;
    if (last) cb(...last);
  };
  const debounced = (...args: T) => {
    last = args;
    if (timer !== null && !resetTimer) return debounced;
    if (timer !== null) window.clearTimeout(timer);
    timer = window.setTimeout(fire, timeout);
    return debounced;
  };
  debounced.cancel = () => {
    if (timer !== null) window.clearTimeout(timer);
    timer = null;
    return debounced;
  };
  debounced.run = () => {
    if (timer === null) return;
    window.clearTimeout(timer);
    fire();
  };
  return debounced;
}

/** Obsidian's normalizePath: '/' separators, no repeated, leading or trailing slashes ("/" for empty). */
export function normalizePath(path: string): string {
  const p = path.replace(/[\\/]+/g, "/").replace(/^\/+|\/+$/g, "");
  return p === "" ? "/" : p;
}

export const obsidianStub = {
  debounce,
  ItemView,
  Modal,
  SuggestModal,
  TAbstractFile,
  TFile,
  TFolder,
  WorkspaceLeaf,
  normalizePath,
  Component,
  MarkdownRenderChild,
  MarkdownView,
  Notice,
  Plugin,
  PluginSettingTab,
  Setting,
  editorLivePreviewField,
  requestUrl,
};
