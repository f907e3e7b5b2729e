// @vitest-environment happy-dom
// The bundled main.js badges only keys of known projects (issue #12 item 3) in reading view, live preview
// and the Show Jira keys command; and the header badge reads the key from the property the field mappings
// name and shows Jira's status from the cache, not the note's state (item 4).
import { type Extension } from "@codemirror/state";
import { type EditorView } from "@codemirror/view";
import { createRequire } from "node:module";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { cmState, editorLivePreviewField, fakeApp, MarkdownView, Notice, type Plugin } from "./harness/obsidian-stub";

const cmView = createRequire(import.meta.url)("@codemirror/view") as { EditorView: typeof EditorView };

const SITE = "https://example.atlassian.net";
const LOOKALIKES = "UTF-8, SHA-256, ISO-8601, COVID-19 and GPT-4";
const TEXT = `${LOOKALIKES}; see OPS-12 and WEB-3.`;

let bundle: LoadedBundle;
let plugin: Plugin;

async function startPlugin(data: unknown): Promise<ReturnType<typeof fakeApp>> {
  const app = fakeApp(structuredClone(data));
  plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
  return app;
}

function section(frontmatter: unknown, lines = "Body\n") {
  return {
    sourcePath: "Note.md",
    frontmatter,
    docId: "d",
    addChild: () => undefined,
    getSectionInfo: () => ({ text: lines, lineStart: 0, lineEnd: 0 }),
  };
}

async function readingBadges(text: string): Promise<string[]> {
  const el = createDiv();
  el.createEl("p", { text });
  for (const pp of plugin.postProcessors) await pp(el, section(undefined));
  return [...el.querySelectorAll(".jvs-badge")].map((b) => b.textContent ?? "");
}

function livePreviewMarks(doc: string): string[] {
  const ext = plugin.editorExtensions[0] as Extension;
  const state = cmState.EditorState.create({ doc, selection: { anchor: doc.length }, extensions: [ext, editorLivePreviewField.init(() => true)] });
  const view = new cmView.EditorView({ state, parent: document.body });
  const marks = [...view.contentDOM.querySelectorAll(".jvs-badge")].map((m) => m.textContent ?? "");
  view.destroy();
  return marks;
}

function showKeys(app: ReturnType<typeof fakeApp>, text: string): string[] {
  const view = new MarkdownView();
  view.file = { path: "Note.md" };
  view.text = text;
  app.workspace.activeView = view;
  Notice.messages = [];
  plugin.commands.find((c) => c.id === "show-jira-keys")?.checkCallback?.(false);
  return Notice.messages;
}

beforeAll(() => {
  installObsidianDom();
  bundle = loadBundle();
});

beforeEach(() => {
  Notice.messages = [];
});

describe("badges only on real keys", () => {
  it("with no project in scope and nothing cached, no word becomes a badge", async () => {
    const app = await startPlugin({ settings: { siteUrl: SITE, inlineBadges: true, projectKeys: "" } });
    expect(await readingBadges(TEXT)).toEqual([]);
    expect(livePreviewMarks(TEXT)).toEqual([]);
    expect(showKeys(app, TEXT)).toEqual(["No Jira projects known yet: set the projects to sync in the settings, or sync once."]);
  });

  it("badges keys of projects in scope and of cached issues, never look-alikes", async () => {
    const app = await startPlugin({
      settings: { siteUrl: SITE, inlineBadges: true, projectKeys: "OPS" },
      issueCache: { "WEB-1": { summary: "s", status: "To Do", statusCategory: "new" } },
    });
    expect(await readingBadges(TEXT)).toEqual(["OPS-12", "WEB-3"]);
    expect(livePreviewMarks(TEXT)).toEqual(["OPS-12", "WEB-3"]);
    expect(showKeys(app, TEXT)).toEqual(["Jira keys in this note: OPS-12, WEB-3"]);
  });

  it("learns projects the sync puts in the cache", async () => {
    await startPlugin({ settings: { siteUrl: SITE, inlineBadges: true, projectKeys: "" } });
    expect(await readingBadges("OPS-12")).toEqual([]);
    const store = (plugin as unknown as { store: { issues: { set(k: string, v: unknown): Promise<void> } } }).store;
    await store.issues.set("OPS-1", { summary: "s", status: "Done", statusCategory: "done" });
    expect(await readingBadges(`OPS-12 ${LOOKALIKES}`)).toEqual(["OPS-12"]);
  });
});

describe("header badge", () => {
  const cache = { "OPS-12": { summary: "Fix login", status: "In Progress", statusCategory: "indeterminate" } };

  async function header(frontmatter: unknown): Promise<HTMLElement | null> {
    const el = createDiv();
    el.createEl("p", { text: "Body" });
    for (const pp of plugin.postProcessors) await pp(el, section(frontmatter));
    return el.querySelector<HTMLElement>(".jvs-badge-header");
  }

  it("shows Jira's status from the cache, not the note's state", async () => {
    await startPlugin({ settings: { siteUrl: SITE, projectKeys: "OPS" }, issueCache: cache });
    const badge = await header({ jira_key: "OPS-12", current_state: "active" });
    expect(badge?.querySelector(".jvs-badge-status")?.textContent).toBe("In Progress");
    expect(badge?.classList.contains("jvs-status-indeterminate")).toBe(true);
  });

  it("without a cached status, shows the Jira status the note's state maps to", async () => {
    await startPlugin({ settings: { siteUrl: SITE, projectKeys: "OPS" } });
    const badge = await header({ jira_key: "OPS-40", current_state: "active", title: "From the note" });
    expect(badge?.querySelector(".jvs-badge-status")?.textContent).toBe("In Progress");
    expect(badge?.getAttribute("aria-label")).toBe("OPS-40 · In Progress — From the note");
  });

  it("reads the key, status and summary from the properties the field mappings name", async () => {
    const fields = [
      { jira: "key", note: { frontmatter: "issue" }, direction: "pull" },
      { jira: "summary", note: { frontmatter: "name" }, direction: "both" },
      { jira: "status", note: { frontmatter: "phase" }, direction: "both" },
    ];
    const statuses = [{ state: "doing", jiraStatuses: ["In Progress"] }];
    await startPlugin({ settings: { siteUrl: SITE, projectKeys: "OPS", sync: { fields, statuses } }, issueCache: {} });
    const badge = await header({ issue: "OPS-7", phase: "doing", name: "Mapped summary" });
    expect(badge?.querySelector(".jvs-badge-key")?.textContent).toBe("OPS-7");
    expect(badge?.querySelector(".jvs-badge-status")?.textContent).toBe("In Progress");
    expect(badge?.getAttribute("aria-label")).toBe("OPS-7 · In Progress — Mapped summary");
    // `jira_key` is not where this configuration keeps the key.
    expect(await header({ jira_key: "OPS-7", current_state: "active" })).toBeNull();
  });
});
