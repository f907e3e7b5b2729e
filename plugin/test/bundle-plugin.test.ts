// @vitest-environment happy-dom
// Runs the BUNDLED main.js against a stub `obsidian` module in a test DOM: onload, the reading-view
// post-processors (inline and header badges), clicks and keyboard, the settings tab, re-rendering on
// change, the command, the live-preview editor extension, and unload.
import { EditorView } from "@codemirror/view";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { Extension } from "@codemirror/state";
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { cmState, editorLivePreviewField, fakeApp, type FakeApp, MarkdownView, Notice, type Plugin, Setting } from "./harness/obsidian-stub";

const cmView = createRequire(import.meta.url)("@codemirror/view") as { EditorView: typeof EditorView };

const DONE_KEY = "OPS-13";
const SITE = "https://example.atlassian.net";
const HOSTILE = 'Fix <img src=x onerror="window.pwned=1"> login';
const DATA = {
  // Known projects: NEW (in scope), OPS and WEB (issues in the cache).
  settings: { siteUrl: SITE, inlineBadges: true, projectKeys: "NEW" },
  issueCache: {
    "OPS-12": { summary: HOSTILE, status: "In Progress", statusCategory: "indeterminate" },
    "OPS-13": { summary: "Done thing", status: "Done", statusCategory: "done" },
    "WEB-1": { summary: "New thing", status: "To Do", statusCategory: "new" },
  },
};

let bundle: LoadedBundle;
let app: FakeApp;
let plugin: Plugin;

interface Ctx {
  sourcePath: string;
  frontmatter: unknown;
  docId: string;
  addChild(): void;
  getSectionInfo(el: HTMLElement): { text: string; lineStart: number; lineEnd: number } | null;
}

function ctx(frontmatter: unknown = undefined, section: { text: string; lineStart: number; lineEnd: number } | null = null): Ctx {
  return { sourcePath: "Note.md", frontmatter, docId: "d", addChild: () => undefined, getSectionInfo: () => section };
}

/** Builds `<p>See OPS-12 and <code>OPS-13</code>, WEB-1, NEW-5 and <a>OPS-13</a>.</p>` without any HTML parsing. */
function paragraph(): HTMLElement {
  const section = createDiv();
  const p = section.createEl("p");
  p.appendText("See OPS-12 and ");
  p.createEl("code", { text: DONE_KEY });
  p.appendText(", WEB-1, NEW-5 and ");
  p.createEl("a", { text: DONE_KEY });
  p.appendText(".");
  return section;
}

async function runPostProcessors(el: HTMLElement, c: Ctx = ctx()): Promise<void> {
  for (const pp of plugin.postProcessors) await pp(el, c);
}

async function startPlugin(data: unknown = DATA): Promise<void> {
  app = fakeApp(structuredClone(data));
  plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
  // The issue cache moves from data.json into the plugin folder's issue-cache.json after onload: let it settle.
  await (plugin as unknown as { store: { cacheFile: { loaded: Promise<void> } } }).store.cacheFile.loaded;
}

beforeAll(() => {
  installObsidianDom();
  bundle = loadBundle();
});

beforeEach(async () => {
  Notice.messages = [];
  Setting.all = [];
  await startPlugin();
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe("bundled main.js", () => {
  it("requires only obsidian and CodeMirror, and registers its parts on load", () => {
    expect(new Set(bundle.required)).toEqual(new Set(["obsidian", "@codemirror/state", "@codemirror/view"]));
    expect(plugin.postProcessors).toHaveLength(2);
    expect(plugin.editorExtensions).toHaveLength(1);
    expect(plugin.settingTabs).toHaveLength(1);
    // The sync commands follow; bundle-sync.test.ts checks them.
    expect(plugin.commands.map((c) => [c.id, c.name, c.hotkeys])[0]).toEqual(["show-jira-keys", "Show issue keys in current note", undefined]);
  });

  it("turns keys in rendered text into badges, skipping code and links", async () => {
    const el = paragraph();
    await runPostProcessors(el);
    const badges = [...el.querySelectorAll<HTMLElement>(".jvs-badge")];
    expect(badges.map((b) => b.textContent)).toEqual(["OPS-12", "WEB-1", "NEW-5"]);
    expect(el.querySelector("code")?.textContent).toBe("OPS-13");
    expect(el.querySelector("a")?.textContent).toBe("OPS-13");
    expect(el.textContent).toBe("See OPS-12 and OPS-13, WEB-1, NEW-5 and OPS-13.");
    const [ops, web, unknown] = badges;
    expect([...ops!.classList]).toEqual(["jvs-badge", "jvs-status-indeterminate", "jvs-badge-link"]);
    expect([...web!.classList]).toEqual(["jvs-badge", "jvs-status-new", "jvs-badge-link"]);
    expect([...unknown!.classList]).toEqual(["jvs-badge", "jvs-status-unknown", "jvs-badge-link"]);
    expect(unknown!.getAttribute("aria-label")).toBe("NEW-5 · Not synced yet");
    expect(web!.getAttribute("aria-label")).toBe("WEB-1 · To Do — New thing");
  });

  it("colours done issues and handles several keys in one text node", async () => {
    const el = createDiv();
    el.createEl("li", { text: `${DONE_KEY}, WEB-1;${DONE_KEY}` });
    await runPostProcessors(el);
    const badges = [...el.querySelectorAll<HTMLElement>(".jvs-badge")];
    expect(badges.map((b) => [b.textContent, b.classList[1]])).toEqual([
      [DONE_KEY, "jvs-status-done"],
      ["WEB-1", "jvs-status-new"],
      [DONE_KEY, "jvs-status-done"],
    ]);
    expect(el.textContent).toBe(`${DONE_KEY}, WEB-1;${DONE_KEY}`);
  });

  it("keeps untrusted Jira text as text", async () => {
    const el = paragraph();
    await runPostProcessors(el);
    const ops = el.querySelector<HTMLElement>('[data-jvs-key="OPS-12"]')!;
    expect(ops.getAttribute("aria-label")).toBe(`OPS-12 · In Progress — ${HOSTILE}`);
    expect(el.querySelector("img")).toBeNull();
    expect((window as unknown as { pwned?: number }).pwned).toBeUndefined();
    const source = readFileSync("main.js", "utf8");
    expect(source).not.toMatch(/\.(innerHTML|outerHTML)\s*=|insertAdjacentHTML/);
  });

  it("opens the issue on click and on Enter, as an accessible link", async () => {
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    const el = paragraph();
    await runPostProcessors(el);
    const ops = el.querySelector<HTMLElement>('[data-jvs-key="OPS-12"]')!;
    expect(ops.getAttribute("role")).toBe("link");
    expect(ops.getAttribute("tabindex")).toBe("0");
    ops.click();
    ops.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    ops.dispatchEvent(new KeyboardEvent("keydown", { key: "a", bubbles: true }));
    expect(open.mock.calls).toEqual([[`${SITE}/browse/OPS-12`], [`${SITE}/browse/OPS-12`]]);
  });

  it("makes badges inert when no site is set", async () => {
    await startPlugin({ ...DATA, settings: { ...DATA.settings, siteUrl: "" } });
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    const el = paragraph();
    await runPostProcessors(el);
    const ops = el.querySelector<HTMLElement>('[data-jvs-key="OPS-12"]')!;
    expect(ops.hasAttribute("role")).toBe(false);
    expect(ops.hasAttribute("tabindex")).toBe(false);
    expect(ops.classList.contains("jvs-badge-link")).toBe(false);
    ops.click();
    expect(open).not.toHaveBeenCalled();
  });

  it("respects the inline badge switch and badges only known projects", async () => {
    await startPlugin({ ...DATA, settings: { ...DATA.settings, projectKeys: "web" }, issueCache: {} });
    let el = paragraph();
    await runPostProcessors(el);
    expect([...el.querySelectorAll(".jvs-badge")].map((b) => b.textContent)).toEqual(["WEB-1"]);
    await startPlugin({ ...DATA, settings: { ...DATA.settings, inlineBadges: false } });
    el = paragraph();
    await runPostProcessors(el);
    expect(el.querySelectorAll(".jvs-badge")).toHaveLength(0);
  });

  it("shows the header badge in the first body section of a note with jira_key", async () => {
    const text = "---\njira_key: OPS-13\ncurrent_state: In Review\nsummary: From note\n---\n\nFirst paragraph\n\nSecond\n";
    const fm = { jira_key: "OPS-13", current_state: "In Review", summary: "From note" };
    const first = createDiv();
    first.createEl("p", { text: "First paragraph" });
    await runPostProcessors(first, ctx(fm, { text, lineStart: 6, lineEnd: 6 }));
    const header = first.firstElementChild as HTMLElement;
    expect(header.className).toBe("jvs-header");
    const badge = header.querySelector<HTMLElement>(".jvs-badge")!;
    // Jira's status from the cache, not the note's.
    expect([...badge.classList]).toEqual(["jvs-badge", "jvs-status-done", "jvs-badge-header", "jvs-badge-link"]);
    expect(badge.querySelector(".jvs-badge-key")?.textContent).toBe("OPS-13");
    expect(badge.querySelector(".jvs-badge-status")?.textContent).toBe("Done");
    expect(badge.getAttribute("aria-label")).toBe("OPS-13 · Done — Done thing");

    const second = createDiv();
    second.createEl("p", { text: "Second" });
    await runPostProcessors(second, ctx(fm, { text, lineStart: 8, lineEnd: 8 }));
    expect(second.querySelector(".jvs-header")).toBeNull();

    // Running again on the same section does not add a second header.
    await runPostProcessors(first, ctx(fm, { text, lineStart: 6, lineEnd: 6 }));
    expect(first.querySelectorAll(".jvs-header")).toHaveLength(1);
  });

  it("reads front matter from the metadata cache when the context has none, and uses the cached status", async () => {
    app.metadataCache.caches["Note.md"] = { frontmatter: { jira_key: "web-1" } };
    const el = createDiv();
    el.createEl("p", { text: "Body" });
    await runPostProcessors(el, ctx(undefined, { text: "Body\n", lineStart: 0, lineEnd: 0 }));
    const badge = el.querySelector<HTMLElement>(".jvs-badge-header")!;
    expect(badge.querySelector(".jvs-badge-status")?.textContent).toBe("To Do");
    expect(badge.classList.contains("jvs-status-new")).toBe(true);
  });

  it("ignores notes without a valid jira_key", async () => {
    for (const fm of [{}, { jira_key: "not a key" }, { jira_key: 42 }, null]) {
      const el = createDiv();
      el.createEl("p", { text: "Body" });
      await runPostProcessors(el, ctx(fm, { text: "Body\n", lineStart: 0, lineEnd: 0 }));
      expect(el.querySelector(".jvs-header")).toBeNull();
    }
  });

  it("settings tab: validates the site URL inline, saves valid values, and redraws badges", async () => {
    const view = new MarkdownView();
    app.workspace.leaves.push({ view });
    const tab = plugin.settingTabs[0]!;
    tab.display();
    const names = Setting.all.map((s) => s.nameEl.textContent);
    // The sync sections follow; bundle-sync.test.ts checks them.
    expect(names.slice(0, 13)).toEqual([
      "Jira site URL",
      "Deployment",
      "Email",
      "API token",
      "Test connection",
      "Sync scope",
      "Projects",
      "Project keys",
      "JQL filter",
      "Folder template",
      "File name template",
      "Badges",
      "Inline badges",
    ]);
    expect(Setting.all[5]!.heading).toBe(true);
    expect(Setting.all[11]!.heading).toBe(true);

    const site = Setting.all[0]!;
    const error = site.descEl.querySelector<HTMLElement>(".jvs-setting-error")!;
    expect(error.hasAttribute("data-test-hidden")).toBe(true);
    const saves = app.saved.length;
    await site.texts[0]!.type("http://jira.example.com");
    expect(error.textContent).toMatch(/https/);
    expect(error.hasAttribute("data-test-hidden")).toBe(false);
    expect(app.saved.length).toBe(saves);

    vi.useFakeTimers();
    await site.texts[0]!.type("https://other.example.co");
    await site.texts[0]!.type("https://other.example.com/");
    expect(error.hasAttribute("data-test-hidden")).toBe(true);
    expect((app.data as typeof DATA).settings.siteUrl).toBe("https://other.example.com");
    // Redraws wait for typing to settle, then happen once.
    expect(app.workspace.updateOptionsCalls).toBe(0);
    vi.advanceTimersByTime(1000);
    vi.useRealTimers();
    expect(app.workspace.updateOptionsCalls).toBe(1);
    expect(view.previewMode.rerenders).toBe(1);

    await Setting.all[12]!.toggles[0]!.changed?.(false);
    expect((app.data as typeof DATA).settings.inlineBadges).toBe(false);
    // The cache left data.json for its own file in the plugin folder, whole.
    expect((app.data as Partial<typeof DATA>).issueCache).toBeUndefined();
    const cacheFile = app.vault.adapter.files.get("_config/plugins/jira-vault-sync/issue-cache.json") ?? "null";
    expect((JSON.parse(cacheFile) as { issues: unknown }).issues).toEqual(DATA.issueCache);
  });

  it("settings tab: declarative definitions read and write through the store", async () => {
    const tab = plugin.settingTabs[0] as unknown as {
      getSettingDefinitions(): { name?: string; heading?: string; control?: { key: string; validate?: (v: string) => unknown }; items?: unknown[] }[];
      getControlValue(key: string): unknown;
      setControlValue(key: string, value: unknown): Promise<void>;
    };
    const defs = tab.getSettingDefinitions();
    expect(defs[0]?.name).toBe("Jira site URL");
    expect(defs[0]?.control?.validate?.("http://x.example")).toMatch(/https/);
    expect(defs[0]?.control?.validate?.("https://x.example")).toBeUndefined();
    expect(defs.map((d) => d.name ?? d.heading)).toEqual([
      "Jira site URL",
      "Deployment",
      "Email",
      "API token",
      "Test connection",
      "Sync scope",
      "Badges",
      "Reports",
      "Other Jira sites",
      "New issues and conflicts",
      "Schedule",
      "Mappings",
      "Workflow",
      "Hierarchy and links",
      "Time tracking",
      "Time suggestions",
      "Assistance",
      "Automation",
    ]);
    expect(tab.getControlValue("siteUrl")).toBe(SITE);
    await tab.setControlValue("projectKeys", " OPS ");
    expect(tab.getControlValue("projectKeys")).toBe("OPS");
    expect(tab.getControlValue("nope")).toBeUndefined();
  });

  it("command lists the keys the core finds in the active note", async () => {
    const command = plugin.commands[0]!;
    expect(command.checkCallback?.(true)).toBe(false);
    const view = new MarkdownView();
    view.file = { path: "Note.md" };
    view.text = "OPS-1 and WEB-2, OPS-1 again\n";
    app.workspace.activeView = view;
    expect(command.checkCallback?.(true)).toBe(true);
    expect(Notice.messages).toEqual([]);
    command.checkCallback?.(false);
    // What the core reports decides the answer; the Rust side fills `jiraKeys` in this milestone.
    core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
    const fromCore = (core.parseNote(view.text, "Note.md") as { jiraKeys?: { key: string }[] }).jiraKeys;
    const expected = fromCore === undefined ? "Jira keys in this note: OPS-1 (×2), WEB-2" : fromCore.length === 0 ? "No Jira keys in this note." : "Jira keys in this note: OPS-1 (×2), WEB-2";
    expect(Notice.messages).toEqual([expected]);
  });

  it("live preview: marks keys outside code and away from the cursor, only in live preview", () => {
    const ext = plugin.editorExtensions[0] as Extension;
    const doc = "Intro OPS-12 and `OPS-13` then WEB-1\n```\nOPS-99\n```\nNEW-5 end";
    const make = (livePreview: boolean, cursor: number) => {
      const state = cmState.EditorState.create({
        doc,
        selection: { anchor: cursor },
        extensions: [ext, editorLivePreviewField.init(() => livePreview)],
      });
      return new cmView.EditorView({ state, parent: document.body });
    };
    const marked = (view: EditorView) => [...view.contentDOM.querySelectorAll<HTMLElement>(".jvs-badge")];

    const view = make(true, 0);
    const marks = marked(view);
    expect(marks.map((m) => m.textContent)).toEqual(["OPS-12", "WEB-1", "NEW-5"]);
    expect(marks[0]!.classList.contains("jvs-status-indeterminate")).toBe(true);
    expect(marks[0]!.getAttribute("aria-label")).toBe(`OPS-12 · In Progress — ${HOSTILE}`);
    expect(marks[0]!.dataset.jvsHref).toBe(`${SITE}/browse/OPS-12`);
    expect(view.contentDOM.querySelector("img")).toBeNull();

    // Clicking a marked key opens the issue.
    const open = vi.spyOn(window, "open").mockImplementation(() => null);
    marks[1]!.dispatchEvent(new MouseEvent("click", { bubbles: true, button: 0 }));
    expect(open.mock.calls).toEqual([[`${SITE}/browse/WEB-1`]]);

    // The key the cursor touches stays plain; moving the cursor updates the marks.
    view.dispatch({ selection: { anchor: doc.indexOf("WEB-1") + 2 } });
    expect(marked(view).map((m) => m.textContent)).toEqual(["OPS-12", "NEW-5"]);
    view.destroy();

    const source = make(false, 0);
    expect(marked(source)).toHaveLength(0);
    source.destroy();
  });

  it("live preview: redraws when the cache changes", async () => {
    const ext = plugin.editorExtensions[0] as Extension;
    const state = cmState.EditorState.create({ doc: "x NEW-5", extensions: [ext, editorLivePreviewField] });
    const view = new cmView.EditorView({ state, parent: document.body });
    expect(view.contentDOM.querySelector(".jvs-badge")?.classList.contains("jvs-status-unknown")).toBe(true);
    await (plugin as unknown as { store: { issues: { set(k: string, v: unknown): Promise<void> } } }).store.issues.set("NEW-5", {
      summary: "s",
      status: "Done",
      statusCategory: "done",
    });
    view.dispatch({}); // what updateOptions does to each editor: a transaction
    expect(view.contentDOM.querySelector(".jvs-badge")?.classList.contains("jvs-status-done")).toBe(true);
    view.destroy();
  });

  it("unload removes every registration", () => {
    plugin.unload();
    expect(plugin.postProcessors).toHaveLength(0);
    expect(plugin.editorExtensions).toHaveLength(0);
  });
});
