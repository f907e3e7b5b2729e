// A minimal stand-in for the `obsidian` module, enough to load and run the bundled main.js in a test
// DOM: Component/Plugin (recording every registration), PluginSettingTab, Setting, Notice, MarkdownView,
// MarkdownRenderChild, `editorLivePreviewField`, `requestUrl` (answered by `RequestUrl.handler`, every
// call recorded), `normalizePath`, over a fake `App` (with `secretStorage`) whose parts tests can drive.
import { createRequire } from "node:module";
import type * as CmState from "@codemirror/state";
import { PluginSettingTab, Setting } from "./obsidian-settings-stub";

export { PluginSettingTab, Setting };

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
  registerEvent(): void {}
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
  constructor(public message: string) {
    Notice.messages.push(message);
  }
  hide(): void {}
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

export interface FakeApp {
  secretStorage: FakeSecretStorage;
  data: unknown;
  saved: unknown[];
  workspace: {
    updateOptionsCalls: number;
    updateOptions(): void;
    leaves: { view: unknown }[];
    getLeavesOfType(type: string): { view: unknown }[];
    activeView: unknown;
    getActiveViewOfType<T>(cls: new (...a: never[]) => T): T | null;
  };
  metadataCache: { caches: Record<string, { frontmatter?: unknown }>; getCache(path: string): { frontmatter?: unknown } | null };
}

export function fakeApp(data: unknown = null): FakeApp {
  return {
    secretStorage: new FakeSecretStorage(),
    data,
    saved: [],
    workspace: {
      updateOptionsCalls: 0,
      updateOptions() {
        this.updateOptionsCalls++;
      },
      leaves: [],
      getLeavesOfType(type: string) {
        return type === "markdown" ? this.leaves : [];
      },
      activeView: null,
      getActiveViewOfType<T>(cls: new (...a: never[]) => T): T | null {
        return this.activeView instanceof cls ? this.activeView : null;
      },
    },
    metadataCache: {
      caches: {},
      getCache(path: string) {
        return this.caches[path] ?? null;
      },
    },
  };
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
/** Obsidian's Modal: content built on open; only what the plugin's modals use. */
export class Modal {
  contentEl: HTMLElement;
  titleEl: HTMLElement;
  opened = false;
  constructor(public app: unknown) {
    this.contentEl = createDiv();
    this.titleEl = createDiv();
  }
  setTitle(title: string): this {
    this.titleEl.textContent = title;
    return this;
  }
  open(): void {
    this.opened = true;
    this.onOpen();
  }
  close(): void {
    this.opened = false;
    this.onClose();
  }
  onOpen(): void {}
  onClose(): void {}
}

/** Obsidian's TFile, for `instanceof` checks. */
export class TFile {
  constructor(public path: string) {}
}

export function normalizePath(path: string): string {
  const p = path.replace(/[\\/]+/g, "/").replace(/^\/+|\/+$/g, "");
  return p === "" ? "/" : p;
}

export const obsidianStub = {
  debounce,
  normalizePath,
  Component,
  MarkdownRenderChild,
  MarkdownView,
  Modal,
  Notice,
  TFile,
  Plugin,
  PluginSettingTab,
  Setting,
  editorLivePreviewField,
  requestUrl,
};
