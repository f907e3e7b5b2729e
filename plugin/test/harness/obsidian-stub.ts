// A minimal stand-in for the `obsidian` module, enough to load and run the bundled main.js in a test
// DOM: Component/Plugin (recording every registration), PluginSettingTab, Setting, Notice, MarkdownView,
// MarkdownRenderChild and `editorLivePreviewField`, over a fake `App` whose parts tests can drive.
import { createRequire } from "node:module";
import type * as CmState from "@codemirror/state";

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

export interface FakeApp {
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

export class PluginSettingTab {
  containerEl: HTMLElement = createDiv();
  constructor(
    public app: FakeApp,
    public plugin: Plugin,
  ) {}
  display(): void {}
  hide(): void {}
}

class TextComponent {
  inputEl = createEl("input");
  changed: ((value: string) => unknown) | null = null;
  setPlaceholder(p: string): this {
    this.inputEl.placeholder = p;
    return this;
  }
  setValue(v: string): this {
    this.inputEl.value = v;
    return this;
  }
  onChange(cb: (value: string) => unknown): this {
    this.changed = cb;
    return this;
  }
  /** Test helper: what typing `value` does. */
  async type(value: string): Promise<void> {
    this.inputEl.value = value;
    await this.changed?.(value);
  }
}

class ToggleComponent {
  value = false;
  changed: ((value: boolean) => unknown) | null = null;
  setValue(v: boolean): this {
    this.value = v;
    return this;
  }
  onChange(cb: (value: boolean) => unknown): this {
    this.changed = cb;
    return this;
  }
}

export class Setting {
  static all: Setting[] = [];
  settingEl: HTMLElement;
  nameEl: HTMLElement;
  descEl: HTMLElement;
  controlEl: HTMLElement;
  heading = false;
  texts: TextComponent[] = [];
  toggles: ToggleComponent[] = [];
  constructor(containerEl: HTMLElement) {
    this.settingEl = containerEl.createDiv({ cls: "setting-item" });
    this.nameEl = this.settingEl.createDiv({ cls: "setting-item-name" });
    this.descEl = this.settingEl.createDiv({ cls: "setting-item-description" });
    this.controlEl = this.settingEl.createDiv({ cls: "setting-item-control" });
    Setting.all.push(this);
  }
  setName(name: string): this {
    this.nameEl.setText(name);
    return this;
  }
  setDesc(desc: string): this {
    this.descEl.createSpan({ text: desc });
    return this;
  }
  setHeading(): this {
    this.heading = true;
    return this;
  }
  addText(cb: (text: TextComponent) => unknown): this {
    const t = new TextComponent();
    this.controlEl.appendChild(t.inputEl);
    this.texts.push(t);
    cb(t);
    return this;
  }
  addToggle(cb: (toggle: ToggleComponent) => unknown): this {
    const t = new ToggleComponent();
    this.toggles.push(t);
    cb(t);
    return this;
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

export const obsidianStub = {
  debounce,
  Component,
  MarkdownRenderChild,
  MarkdownView,
  Notice,
  Plugin,
  PluginSettingTab,
  Setting,
  editorLivePreviewField,
};
