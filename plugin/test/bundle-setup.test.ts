// @vitest-environment happy-dom
// The BUNDLED main.js's setup for a first-time user (issue #12, items 1 and 5, and the confirmations of item 2),
// against the obsidian stub and the in-process Jira simulator: the tab's order (site and deployment, credentials,
// Test connection, then the sync scope with one line each on folders and file names); from an empty tab to a
// first sync of one picked project without typing JSON, on Cloud and Data Center; the token kept when the site's
// address is corrected; "Remove" and "Reset to defaults" asking first, "Remove" deleting the site's token.
import { Buffer } from "node:buffer";
import { describe, expect, it, vi } from "vitest";
import { openPlugin, PLUGIN_ID, startSim, useBundle, whenIdle } from "./harness/bundle-session";
import { fakeApp, type FakeApp, type Modal, Modals, Notice, type Plugin, RequestUrl, Setting } from "./harness/obsidian-stub";

let app: FakeApp;
let plugin: Plugin;

useBundle();

/** The newest row of that name (the tab redraws after tests, picks and removals). */
const row = (name: string) => [...Setting.all].reverse().find((s) => s.nameEl.textContent === name)!;
const settings = () => (app.data as { settings: Record<string, unknown> & { projectKeys: string; additionalSites: { id: string; siteUrl: string }[] } }).settings;
const command = (id: string) => plugin.commands.find((c) => c.id === id)!;
const names = () => Setting.all.map((s) => s.nameEl.textContent ?? "");
const idle = () => whenIdle(plugin);

async function open(data: unknown): Promise<void> {
  app = fakeApp(data);
  plugin = await openPlugin(app);
  Setting.all = [];
  plugin.settingTabs[0]!.display();
}

/** Ticks (or unticks) a project in the newest "Projects" checklist, as a click would. */
function tick(key: string, on = true): void {
  const box = row("Projects").settingEl.querySelector<HTMLInputElement>(`input[type=checkbox][data-key="${key}"]`);
  if (box === null) throw new Error(`no checkbox for ${key}`);
  box.checked = on;
  box.dispatchEvent(new Event("change"));
}

function modalButton(modal: Modal, text: string) {
  const setting = Setting.all.find((s) => modal.contentEl.contains(s.settingEl) && s.buttons.some((b) => b.buttonEl.textContent === text))!;
  return setting.buttons.find((b) => b.buttonEl.textContent === text)!;
}

describe("bundled main.js: setup starts with the scope", () => {
  it("shows a new user site, credentials, Test connection, then the sync scope with what sync does with it", async () => {
    await open(null);
    const shown = names();
    expect(shown.slice(0, 12)).toEqual([
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
    ]);
    expect(row("Projects").descEl.textContent).toMatch(/Select Test connection above to list the projects you can browse/);
    expect(row("Folder template").descEl.textContent).toMatch(/Each project's issues become notes in a folder of their own/);
    expect(row("File name template").descEl.textContent).toMatch(/A note is named once, when sync creates it/);
    // The declarative definitions (Obsidian 1.13+) keep the same order.
    const tab = plugin.settingTabs[0] as unknown as { getSettingDefinitions(): { name?: string; heading?: string; items?: { name?: string }[] }[] };
    const flat = tab.getSettingDefinitions().flatMap((d) => (d.heading !== undefined ? [d.heading, ...(d.items ?? []).map((i) => i.name)] : [d.name]));
    expect(flat.slice(0, 12)).toEqual(shown.slice(0, 12));
  });

  it.each([
    ["cloud", "alice-api-token"],
    ["datacenter", "alice-personal-access-token"],
  ] as const)("%s: takes a first-time user from an empty tab to a first sync of one picked project, typing no JSON", async (mode, token) => {
    const sim = await startSim({ mode, seed: "demo", clockStart: "2025-06-10T08:30:00.000Z" });
    await open(null);
    // Before anything is set, Sync now says what is missing and sends nothing.
    await command("sync-now").callback!();
    expect(Notice.messages).toEqual(["Jira sync did not run: Enter the Jira site URL in the plugin settings first."]);
    await row("Jira site URL").texts[0]!.type(sim.url);
    if (mode === "datacenter") await row("Deployment").dropdowns[0]!.choose("datacenter");
    else await row("Email").texts[0]!.type("alice@example.com");
    await row(mode === "cloud" ? "API token" : "Personal access token").texts[0]!.type(token);
    expect(row("Projects").descEl.textContent).toMatch(/Nothing is synced until you pick a project or enter a JQL filter/);
    await command("sync-now").callback!();
    expect(Notice.messages.at(-1)).toBe("Jira sync did not run: Choose what to sync first: pick projects (or enter a JQL filter) under Sync scope in the plugin settings.");
    expect(RequestUrl.calls).toHaveLength(0);

    await row("Test connection").buttons[0]!.click();
    expect(row("Test connection").descEl.textContent).toMatch(/Connected as Alice Berlin.* You can browse 2 projects: pick the ones to sync below\./);
    const choices = [...row("Projects").settingEl.querySelectorAll(".jvs-project-choice")].map((l) => l.textContent);
    expect(choices).toEqual(["OPSOperations", "PLATPlatform"]);
    const prefix = mode === "cloud" ? "/rest/api/3" : "/rest/api/2";
    // The mapping forms read the site's fields once the tab can reach it; the connection test ends with the projects.
    expect(RequestUrl.calls.map((c) => new URL(c.url).pathname).filter((p) => !p.endsWith("/field")).at(-1)).toBe(mode === "cloud" ? `${prefix}/project/search` : `${prefix}/project`);

    tick("OPS");
    await vi.waitFor(() => expect(row("Project keys").texts[0]!.inputEl.value).toBe("OPS"));
    expect(settings().projectKeys).toBe("OPS");
    expect(row("Projects").settingEl.querySelector<HTMLInputElement>('input[data-key="OPS"]')!.checked).toBe(true);
    expect(row("Projects").descEl.textContent).not.toMatch(/Nothing is synced/);
    // The listed projects are remembered for the site (by its id).
    expect(settings().siteProjects).toEqual({ [settings().siteId as string]: [{ key: "OPS", name: "Operations" }, { key: "PLAT", name: "Platform" }] });

    Notice.messages = [];
    await command("sync-now").callback!();
    await idle();
    // Issue notes, besides the project's own note and Bases file.
    const paths = Object.keys(app.vault.texts()).filter((p) => p !== "Jira/OPS/OPS.md" && p !== "Jira/OPS/OPS.base");
    expect(paths.length).toBeGreaterThan(0);
    expect(paths.every((p) => p.startsWith("Jira/OPS/OPS-"))).toBe(true);
    expect(app.vault.texts()["Jira/OPS/OPS-1 Incident automation.md"]).toContain("jira_key: OPS-1\n");
    expect(Notice.messages.at(-1)).toMatch(/^Sync finished: \d+ notes created(, \d+ notes updated)?\.$/);
    expect(JSON.stringify(app.data)).not.toContain(token);
  });

  it("unticking a project removes its key and keeps keys typed by hand", async () => {
    const sim = await startSim({ mode: "cloud", seed: "demo" });
    await open({ settings: { siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS, WEB" } });
    app.secretStorage.setSecret(`${PLUGIN_ID}-127-0-0-1-${new URL(sim.url).port}`, "alice-api-token");
    await row("Test connection").buttons[0]!.click();
    tick("PLAT");
    await vi.waitFor(() => expect(settings().projectKeys).toBe("OPS, WEB, PLAT"));
    tick("OPS", false);
    await vi.waitFor(() => expect(settings().projectKeys).toBe("WEB, PLAT"));
  });
});

describe("bundled main.js: secrets that survive a URL fix", () => {
  it("keeps the token when the site URL's typo is corrected, and finds a token saved by an older version", async () => {
    // data.json as an older version wrote it: no site id; the token under the id derived from the address.
    await open({ settings: { siteUrl: "https://exmaple.atlassian.net", email: "alice@example.com" } });
    app.secretStorage.setSecret("jira-vault-sync-exmaple-atlassian-net", "old-token");
    Setting.all = [];
    plugin.settingTabs[0]!.display();
    expect(row("API token").texts[0]!.inputEl.placeholder).toMatch(/Saved/);
    await row("Jira site URL").texts[0]!.type("https://example.atlassian.net");
    Setting.all = [];
    plugin.settingTabs[0]!.display();
    expect(row("API token").texts[0]!.inputEl.placeholder).toMatch(/Saved/);
    // Test connection sends the stored token to the corrected address.
    RequestUrl.handler = () => Promise.resolve({ status: 401, headers: {}, text: "" });
    RequestUrl.calls = [];
    await row("Test connection").buttons[0]!.click();
    expect(RequestUrl.calls[0]!.url).toBe("https://example.atlassian.net/rest/api/3/myself");
    expect(RequestUrl.calls[0]!.headers?.Authorization).toBe(`Basic ${Buffer.from("alice@example.com:old-token").toString("base64")}`);
    // A new token replaces it under the same entry; clearing the field empties that entry.
    await row("API token").texts[0]!.type("new-token");
    expect(app.secretStorage.listSecrets()).toEqual(["jira-vault-sync-exmaple-atlassian-net"]);
    expect(app.secretStorage.getSecret("jira-vault-sync-exmaple-atlassian-net")).toBe("new-token");
    await row("API token").texts[0]!.type("");
    expect(app.secretStorage.getSecret("jira-vault-sync-exmaple-atlassian-net")).toBe("");
  });

  it("Remove asks first; confirmed, it drops the site and deletes its token, found by id after an address change", async () => {
    await open({ settings: { siteUrl: "https://a.atlassian.net", email: "a@example.com", projectKeys: "OPS" } });
    await row("Add site").buttons[0]!.click();
    await row("Site URL").texts[0]!.type("https://jira.exmaple.com");
    await row("API token").texts[0]!.type("pat-1");
    await row("Site deployment").dropdowns[0]!.choose("datacenter");
    const id = settings().additionalSites[0]!.id;
    expect(app.secretStorage.getSecret(`jira-vault-sync-${id}`)).toBe("pat-1");
    await row("Site URL").texts[0]!.type("https://jira.example.com");
    expect(settings().additionalSites[0]!.id).toBe(id);

    await row("Site 2").buttons[0]!.click();
    expect(Modals.open).toHaveLength(1);
    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Remove site");
    expect(modal.contentEl.textContent).toMatch(/delete its token/);
    await modalButton(modal, "Cancel").click();
    expect(Modals.open).toHaveLength(0);
    expect(settings().additionalSites).toHaveLength(1);

    await row("Site 2").buttons[0]!.click();
    const again = Modals.open[0]!;
    const remove = modalButton(again, "Remove site");
    expect(remove.buttonEl.classList.contains("mod-warning")).toBe(true);
    await remove.click();
    expect(settings().additionalSites).toEqual([]);
    expect(app.secretStorage.getSecret(`jira-vault-sync-${id}`)).toBe("");
  });

  it("Reset to defaults asks first and resets only when confirmed", async () => {
    const fields = [{ jira: "key", note: { frontmatter: "jira_key" }, direction: "pull" }];
    await open({ settings: { siteUrl: "https://a.atlassian.net", sync: { fields } } });
    await row("Reset mappings").buttons[0]!.click();
    const modal = Modals.open[0]!;
    expect(modal.titleEl.textContent).toBe("Reset mappings");
    await modalButton(modal, "Cancel").click();
    expect((settings().sync as { fields: unknown[] }).fields).toEqual(fields);
    await row("Reset mappings").buttons[0]!.click();
    await modalButton(Modals.open[0]!, "Reset mappings").click();
    expect((settings().sync as { fields: unknown[] }).fields).toEqual([]);
  });
});
