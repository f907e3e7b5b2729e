// Page side of the real-browser harness, bundled by esbuild (browser.ts) into the test page: installs
// Obsidian's DOM helpers, answers main.js's `require` with the test `obsidian` stub and the page's one copy of
// CodeMirror 6, forwards the stub's `requestUrl` to the Node side (loopback only), and offers the scenarios
// the tests screenshot: start the plugin, open the settings tab or the sync log view, render a note in
// reading view, open a live-preview editor. Everything is built with createEl / textContent, never HTML.
import * as cmState from "@codemirror/state";
import * as cmView from "@codemirror/view";
import { installObsidianDom } from "../harness/obsidian-dom";
import * as stub from "../harness/obsidian-stub";
import { pageModules } from "./node-module-shim";
import type { NoteBlock, PageApi, PluginData } from "./page-api";

installObsidianDom(window);

type ToggleCallback = Parameters<stub.Setting["addToggle"]>[0];
type Toggle = Parameters<ToggleCallback>[0];

/** The Node stub keeps headings and toggles as data only; in the page they must be visible. */
class VisibleSetting extends stub.Setting {
  override setHeading(): this {
    super.setHeading();
    this.settingEl.addClass("setting-item-heading");
    return this;
  }
  override addToggle(cb: ToggleCallback): this {
    return super.addToggle((toggle: Toggle) => {
      const el = this.controlEl.createDiv({ cls: "checkbox-container", attr: { role: "switch" } });
      const setValue = toggle.setValue.bind(toggle);
      toggle.setValue = (value: boolean) => {
        el.toggleClass("is-enabled", value);
        el.setAttr("aria-checked", String(value));
        return setValue(value);
      };
      el.addEventListener("click", () => {
        const value = !toggle.value;
        toggle.setValue(value);
        void toggle.changed?.(value);
      });
      cb(toggle);
    });
  }
}

pageModules.obsidian = { ...stub.obsidianStub, Setting: VisibleSetting };

interface ForwardedResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
}
declare global {
  interface Window {
    /** main.js inside a CommonJS wrapper, served by browser.ts as /main-wrapped.js. */
    __jvsMain?: (module: { exports: Record<string, unknown> }, exports: Record<string, unknown>, require: (id: string) => unknown) => void;
    /** Exposed by browser.ts: performs the request from Node (loopback only). */
    __jvsRequestUrl?: (req: stub.RequestUrlParam) => Promise<ForwardedResponse>;
    jvs: PageApi;
  }
}

/**
 * Runs `fn` in a task of its own (a timer), as Obsidian's events and IPC replies do. Code that runs inside a
 * DevTools-protocol call (page.evaluate, an exposed function's reply) is not a task of the page: the Long Tasks
 * API would not see it.
 */
function inTask<T>(fn: () => T | Promise<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    window.setTimeout(() => {
      Promise.resolve()
        .then(fn)
        .then(resolve, reject);
    }, 0);
  });
}

stub.RequestUrl.handler = (req) => {
  const forward = window.__jvsRequestUrl;
  if (forward === undefined) return Promise.reject(new Error("net::ERR_INTERNET_DISCONNECTED"));
  // The reply resumes the plugin in a task of its own, as Electron's IPC reply would.
  return forward(req).then(
    (res) => inTask(() => res),
    (e: unknown) => inTask(() => Promise.reject(e instanceof Error ? e : new Error(String(e)))),
  );
};

const stage = (): HTMLElement => document.getElementById("stage") ?? document.body.createDiv({ attr: { id: "stage" } });

let app: stub.FakeApp | null = null;
let plugin: stub.Plugin | null = null;

function started(): { app: stub.FakeApp; plugin: stub.Plugin } {
  if (app === null || plugin === null) throw new Error("call jvs.startPlugin first");
  return { app, plugin };
}

function requireForMain(id: string): unknown {
  const found = pageModules[id];
  if (found === undefined) throw new Error(`main.js required an unexpected module: ${id}`);
  return found;
}

/** Mounts `el` as the only thing on the stage, inside a pane like Obsidian's. */
function show(el: HTMLElement, paneClass: string): HTMLElement {
  const root = stage();
  root.empty();
  const pane = root.createDiv({ cls: ["jvs-test-pane", paneClass] });
  pane.appendChild(el);
  return pane;
}

function appendParts(el: HTMLElement, parts: NoteBlock["parts"]): void {
  for (const part of parts) {
    if (typeof part === "string") el.appendText(part);
    else if ("code" in part) el.createEl("code", { text: part.code });
    else el.createEl("a", { cls: "internal-link", text: part.link, href: "#" });
  }
}

/** One rendered section per block, as Obsidian's reading view builds them. */
function renderBlock(block: NoteBlock): HTMLElement {
  const section = createDiv();
  if (block.tag === "pre") section.createEl("pre").createEl("code", { text: block.parts.map(partSource).join("") });
  else if (block.tag === "li") appendParts(section.createEl("ul").createEl("li"), block.parts);
  else appendParts(section.createEl(block.tag), block.parts);
  return section;
}

/** A part as Markdown source. */
function partSource(part: NoteBlock["parts"][number]): string {
  return typeof part === "string" ? part : "code" in part ? `\`${part.code}\`` : `[[${part.link}]]`;
}

function blockSource(block: NoteBlock): string {
  const text = block.parts.map(partSource).join("");
  if (block.tag === "pre") return `\`\`\`\n${text}\n\`\`\``;
  if (block.tag === "h2") return `## ${text}`;
  return block.tag === "li" ? `- ${text}` : text;
}

/** Evaluates main.js afresh and makes its plugin (not loaded yet) over a new fake app, replacing the last one. */
function newPlugin(data: PluginData, secrets: Record<string, string>, layoutReady: boolean): { app: stub.FakeApp; plugin: stub.Plugin } {
  const nextApp = stub.fakeApp(structuredClone(data));
  nextApp.workspace.layoutReady = layoutReady;
  for (const [id, secret] of Object.entries(secrets)) nextApp.secretStorage.setSecret(id, secret);
  if (window.__jvsMain === undefined) throw new Error("main.js is not loaded");
  const module: { exports: Record<string, unknown> } = { exports: {} };
  window.__jvsMain(module, module.exports, requireForMain);
  const PluginClass = (module.exports.default ?? module.exports) as new (app: stub.FakeApp, manifest: unknown) => stub.Plugin;
  const nextPlugin = new PluginClass(nextApp, { id: "jira-vault-sync", version: "0.1.0" });
  plugin?.unload();
  app = nextApp;
  plugin = nextPlugin;
  return { app: nextApp, plugin: nextPlugin };
}

const api: PageApi = {
  async startPlugin(data: PluginData, secrets: Record<string, string> = {}) {
    stub.Notice.messages = [];
    stub.Setting.all = [];
    // The layout is ready (a plugin enabled in a running app): onload runs the layout-ready callbacks at once and
    // returns with the core started.
    await newPlugin(data, secrets, true).plugin.onload();
  },

  async startPluginAtAppStart(data: PluginData) {
    const started = newPlugin(data, {}, false);
    const t0 = performance.now();
    await started.plugin.onload();
    const t1 = performance.now();
    started.app.workspace.fireLayoutReady();
    await (started.plugin as unknown as { starting: { ready: Promise<unknown> } }).starting.ready;
    return { onloadMs: t1 - t0, coreStartMs: performance.now() - t1 };
  },

  setTheme(theme) {
    document.body.toggleClass("theme-dark", theme === "dark");
    document.body.toggleClass("theme-light", theme === "light");
  },

  openSettings() {
    const { plugin } = started();
    const tab = plugin.settingTabs[0];
    if (tab === undefined) throw new Error("the plugin registered no settings tab");
    tab.containerEl.addClass("vertical-tab-content");
    show(tab.containerEl, "jvs-test-settings");
    tab.display();
    return [...tab.containerEl.querySelectorAll(".setting-item-name")].map((n) => n.textContent ?? "");
  },

  async runCommand(id) {
    const command = started().plugin.commands.find((c) => c.id === id);
    if (command === undefined) throw new Error(`no command ${id}`);
    await inTask(() => command.callback?.());
  },

  notices: () => [...stub.Notice.messages],

  async openSyncLog() {
    const { app } = started();
    await api.runCommand("show-sync-log");
    const leaf = app.workspace.viewLeaves.find((l) => (l.view as { getViewType?: () => string } | null)?.getViewType?.() === "jira-vault-sync-log");
    if (leaf === undefined) throw new Error("the sync log view did not open");
    const view = leaf.view as { containerEl: HTMLElement };
    view.containerEl.addClass("view-content");
    show(view.containerEl, "jvs-test-view");
    return [...view.containerEl.querySelectorAll(".jvs-log-entry")].map((r) => r.textContent ?? "");
  },

  async renderNote(path, frontmatter, blocks) {
    const { app, plugin } = started();
    const fmLines = Object.entries(frontmatter).map(([k, v]) => `${k}: ${v}`);
    const head = fmLines.length === 0 ? [] : ["---", ...fmLines, "---"];
    const sources = blocks.map(blockSource);
    const text = [...head, ...sources.flatMap((s) => ["", s])].join("\n") + "\n";
    app.vault.seed(path, text);
    const view = createDiv({ cls: "markdown-reading-view" });
    const sizer = view.createDiv({ cls: ["markdown-preview-view", "markdown-rendered"] }).createDiv({ cls: "markdown-preview-sizer" });
    show(view, "jvs-test-note");
    let line = head.length;
    for (const [i, block] of blocks.entries()) {
      line += 1; // the blank line before each block
      const lineStart = line;
      const lineEnd = line + sources[i]!.split("\n").length - 1;
      line = lineEnd + 1;
      const section = renderBlock(block);
      sizer.appendChild(section);
      const ctx = {
        sourcePath: path,
        frontmatter: fmLines.length === 0 ? undefined : frontmatter,
        docId: path,
        addChild: () => undefined,
        getSectionInfo: () => ({ text, lineStart, lineEnd }),
      };
      for (const processor of plugin.postProcessors) await processor(section, ctx);
    }
    return [...view.querySelectorAll<HTMLElement>(".jvs-badge")].map((b) => ({
      key: b.dataset.jvsKey ?? b.querySelector(".jvs-badge-key")?.textContent ?? b.textContent ?? "",
      classes: [...b.classList],
      insideCode: b.closest("code, pre") !== null,
    }));
  },

  async renderCodeBlock(path, noteText, language, source) {
    const { app, plugin } = started();
    app.vault.seed(path, noteText);
    const view = createDiv({ cls: "markdown-reading-view" });
    const sizer = view.createDiv({ cls: ["markdown-preview-view", "markdown-rendered"] }).createDiv({ cls: "markdown-preview-sizer" });
    show(view, "jvs-test-note");
    const el = sizer.createDiv({ cls: ["block-language-" + language] });
    const processor = plugin.codeBlockProcessors.get(language);
    if (processor === undefined) throw new Error(`no code block processor for ${language}`);
    await processor(source, el, { sourcePath: path, addChild: () => undefined });
    const footer = () => el.querySelector(".jvs-query-status")?.textContent ?? "";
    const until = performance.now() + 15_000;
    while ((footer() === "" || footer().includes("refreshing")) && el.querySelector(".jvs-query-error") === null && performance.now() < until) {
      await new Promise((r) => window.setTimeout(r, 50));
    }
    return {
      headings: [...el.querySelectorAll("th")].map((t) => t.textContent ?? ""),
      rows: [...el.querySelectorAll("tbody tr")].map((r) => [...r.querySelectorAll("td")].map((t) => t.textContent ?? "")),
      links: [...el.querySelectorAll("a")].map((a) => ({ text: a.textContent ?? "", className: a.className })),
      errors: [...el.querySelectorAll(".jvs-query-error")].map((e) => e.textContent ?? ""),
      footer: footer(),
    };
  },

  async renderRuleCards(path, noteText) {
    const { app, plugin } = started();
    app.vault.seed(path, noteText);
    const view = createDiv({ cls: "markdown-reading-view" });
    const sizer = view.createDiv({ cls: ["markdown-preview-view", "markdown-rendered"] }).createDiv({ cls: "markdown-preview-sizer" });
    show(view, "jvs-test-note");
    const processor = plugin.codeBlockProcessors.get("jira-rule");
    if (processor === undefined) throw new Error("no code block processor for jira-rule");
    const lines = noteText.split("\n");
    const cards: HTMLElement[] = [];
    for (let i = 0; i < lines.length; i++) {
      if (lines[i] !== "```jira-rule") continue;
      const end = lines.findIndex((l, j) => j > i && l === "```");
      const el = sizer.createDiv({ cls: "block-language-jira-rule" });
      const lineStart = i;
      await processor(lines.slice(i + 1, end).join("\n"), el, {
        sourcePath: path,
        addChild: () => undefined,
        getSectionInfo: () => ({ text: app.vault.files.get(path) ?? "", lineStart, lineEnd: end }),
      });
      cards.push(el);
      i = end;
    }
    return cards.map((el) => ({
      name: el.querySelector(".jvs-rule-name")?.textContent ?? "",
      state: el.querySelector(".jvs-rule-state-text")?.textContent ?? "",
      parts: [...el.querySelectorAll(".jvs-rule-parts dt")].map((dt) => `${dt.textContent ?? ""}: ${dt.nextElementSibling?.textContent ?? ""}`),
      problems: [...el.querySelectorAll(".jvs-rule-problems li")].map((li) => li.textContent ?? ""),
      footer: el.querySelector(".jvs-rule-footer")?.textContent ?? "",
    }));
  },

  async toggleRuleCard(path, index) {
    const { app } = started();
    const before = app.vault.files.get(path);
    const toggle = stage().querySelectorAll<HTMLElement>(".jvs-rule-card .jvs-rule-toggle")[index];
    if (toggle === undefined) throw new Error(`no rule card ${index}`);
    toggle.click();
    const until = performance.now() + 5_000;
    while (app.vault.files.get(path) === before && performance.now() < until) await new Promise((r) => window.setTimeout(r, 20));
    return app.vault.files.get(path) ?? "";
  },

  notePaths: () => Object.keys(started().app.vault.texts()),

  retitleNotes(paths, tag) {
    const { app } = started();
    let changed = 0;
    for (const path of paths) {
      const text = app.vault.files.get(path);
      const next = text?.replace(/^title: (.*)$/m, `title: $1 (${tag})`);
      if (next === undefined || next === text) continue;
      app.vault.files.set(path, next);
      app.vault.trigger("modify", new stub.TFile(path));
      changed++;
    }
    return changed;
  },

  openLivePreview(doc, cursor) {
    const { plugin } = started();
    const host = createDiv({ cls: ["markdown-source-view", "mod-cm6", "is-live-preview"] });
    show(host, "jvs-test-editor");
    const state = cmState.EditorState.create({
      doc,
      selection: { anchor: cursor },
      extensions: [plugin.editorExtensions as cmState.Extension, stub.editorLivePreviewField.init(() => true), cmView.EditorView.lineWrapping],
    });
    const view = new cmView.EditorView({ state, parent: host });
    return [...view.contentDOM.querySelectorAll<HTMLElement>(".jvs-badge")].map((b) => {
      const from = view.posAtDOM(b);
      return { key: b.textContent ?? "", from, line: view.state.doc.lineAt(from).number };
    });
  },
};

window.jvs = api;
