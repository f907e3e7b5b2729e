// @vitest-environment happy-dom
// Instant start (issue #13 goal 3), on the BUNDLED main.js: at app start-up `onload` registers everything and
// returns without the core; badges draw from the cache meanwhile; a command that needs the core says it is
// starting; the core starts once the layout is ready, and a sync on start-up waits for it. Enabled in a running
// app, onload returns with the core ready.
import { afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, type FakeApp, MarkdownView, Notice, type Plugin } from "./harness/obsidian-stub";

interface Starting {
  starting: { current: unknown; ready: Promise<unknown> };
}

let bundle: LoadedBundle;
let app: FakeApp;
let plugin: Plugin;

beforeAll(() => {
  installObsidianDom();
  bundle = loadBundle();
});

beforeEach(() => {
  Notice.messages = [];
  app = fakeApp({ settings: { siteUrl: "https://example.atlassian.net", inlineBadges: true, projectKeys: "OPS" }, issueCache: { "OPS-12": { summary: "Alert", status: "In Progress", statusCategory: "indeterminate" } } });
});

afterEach(() => {
  plugin.onunload();
});

const starting = (): Starting["starting"] => (plugin as unknown as Starting).starting;

describe("bundled main.js: instant start", () => {
  it("registers everything at app start-up without starting the core", async () => {
    app.workspace.layoutReady = false;
    plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
    await plugin.onload();
    expect(starting().current).toBeNull();
    expect(plugin.commands.length).toBeGreaterThan(5);
    expect(plugin.postProcessors.length).toBe(2);
    expect(plugin.editorExtensions).toHaveLength(1);
    // The settings tab validates with the core: it comes once the core has started (below).
    expect(plugin.settingTabs).toHaveLength(0);
    // Nothing to show in the status bar before the earlier sessions' status is restored: no item is built yet.
    expect(plugin.statusBarItems).toHaveLength(0);

    // Badges need no core: they draw from the issue cache.
    const el = createDiv();
    el.createEl("p").appendText("See OPS-12.");
    for (const pp of plugin.postProcessors) await pp(el, { sourcePath: "n.md", frontmatter: null, docId: "d", addChild: () => undefined, getSectionInfo: () => null });
    expect(el.querySelector(".jvs-badge")?.textContent).toBe("OPS-12");

    // A command that needs the core says so instead of failing.
    const view = new MarkdownView();
    view.file = { path: "Note.md" };
    view.text = "OPS-12\n";
    app.workspace.activeView = view;
    const showKeys = plugin.commands.find((c) => c.id === "show-jira-keys");
    expect(showKeys?.checkCallback?.(true)).toBe(true);
    showKeys?.checkCallback?.(false);
    expect(Notice.messages).toEqual(["Jira sync is starting… try again in a moment."]);

    app.workspace.fireLayoutReady();
    expect(plugin.statusBarItems).toHaveLength(1);
    expect(plugin.statusBarItems[0]?.classList.contains("mod-clickable")).toBe(true);
    await starting().ready;
    expect(plugin.settingTabs).toHaveLength(1);
    Notice.messages = [];
    showKeys?.checkCallback?.(false);
    expect(Notice.messages).toEqual(["Jira keys in this note: OPS-12"]);
  });

  it("returns from onload with the core ready when enabled in a running app", async () => {
    plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
    await plugin.onload();
    expect(starting().current).not.toBeNull();
    expect(plugin.statusBarItems).toHaveLength(1);
  });
});
