// @vitest-environment happy-dom
// The BUNDLED main.js's connection settings against the obsidian stub: deployment, email and token rows
// (the token goes to app.secretStorage, never into saveData's payload), and the Test connection button,
// which calls the stub's requestUrl and shows the result (or the exact failure) inline.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, type FakeApp, type Plugin, RequestUrl, type RequestUrlParam, Setting } from "./harness/obsidian-stub";

const SITE = "https://example.atlassian.net";
const SECRET_ID = "jira-vault-sync-example-atlassian-net";
const TOKEN = "ATATT3xFfGF0-very-secret";

let bundle: LoadedBundle;
let app: FakeApp;
let plugin: Plugin;

const row = (name: string) => Setting.all.find((s) => s.nameEl.textContent === name)!;
const json = (status: number, body: unknown) => Promise.resolve({ status, headers: { "Content-Type": "application/json" }, text: JSON.stringify(body) });

async function start(settings: Record<string, unknown>): Promise<void> {
  app = fakeApp({ settings: { siteUrl: SITE, inlineBadges: true, projectKeys: "", ...settings } });
  plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
  Setting.all = [];
  plugin.settingTabs[0]!.display();
}

beforeAll(() => {
  installObsidianDom();
  bundle = loadBundle();
});

beforeEach(() => {
  RequestUrl.calls = [];
  RequestUrl.handler = () => Promise.reject(new Error("net::ERR_CONNECTION_REFUSED"));
});

describe("bundled main.js: connection settings", () => {
  it("stores the email in data.json and the token only in secret storage", async () => {
    await start({});
    await row("Email").texts[0]!.type(" alice@example.com ");
    const token = row("API token").texts[0]!;
    expect(token.inputEl.type).toBe("password");
    await token.type(TOKEN);
    expect(app.secretStorage.getSecret(SECRET_ID)).toBe(TOKEN);
    expect((app.data as { settings: { email: string } }).settings.email).toBe("alice@example.com");
    expect(app.saved.length).toBeGreaterThan(0);
    expect(JSON.stringify(app.saved)).not.toContain(TOKEN);
    expect(JSON.stringify(app.data)).not.toContain(TOKEN);
    // Shown again: the field stays empty and says a token is saved.
    Setting.all = [];
    plugin.settingTabs[0]!.display();
    expect(row("API token").texts[0]!.inputEl.value).toBe("");
    expect(row("API token").texts[0]!.inputEl.placeholder).toMatch(/Saved/);
    // Clearing the field removes the token.
    await row("API token").texts[0]!.type("");
    expect(app.secretStorage.getSecret(SECRET_ID)).toBe("");
  });

  it("switches to Data Center: no email row, a personal access token row", async () => {
    await start({ email: "alice@example.com" });
    await row("Deployment").dropdowns[0]!.choose("datacenter");
    expect((app.data as { settings: { deployment: string } }).settings.deployment).toBe("datacenter");
    const names = Setting.all.map((s) => s.nameEl.textContent);
    const shown = names.slice(names.lastIndexOf("Jira site URL"), names.lastIndexOf("Project keys") + 1);
    expect(shown).toEqual(["Jira site URL", "Deployment", "Personal access token", "Test connection", "Sync scope", "Projects", "Project keys"]);
  });

  it("Test connection calls requestUrl with the credentials and shows the user and time zone", async () => {
    await start({ email: "alice@example.com" });
    app.secretStorage.setSecret(SECRET_ID, TOKEN);
    RequestUrl.handler = (req: RequestUrlParam) =>
      req.url.endsWith("/myself")
        ? json(200, { displayName: "Alice Berlin", emailAddress: "alice@example.com", timeZone: "Europe/Berlin", accountId: "a1" })
        : req.url.includes("/project/search")
          ? json(200, { startAt: 0, maxResults: 100, total: 1, isLast: true, values: [{ id: "1", key: "OPS", name: "Operations" }] })
          : json(200, { serverTitle: "Jira", deploymentType: "Cloud", version: "1001.0.0" });
    const test = row("Test connection");
    await test.buttons[0]!.click();
    // The mapping forms read the site's fields when the tab redraws; the connection test is the rest.
    expect(RequestUrl.calls.filter((c) => !c.url.endsWith("/field")).map((c) => [c.method, c.url, c.throw])).toEqual([
      ["GET", `${SITE}/rest/api/3/myself`, false],
      ["GET", `${SITE}/rest/api/3/serverInfo`, false],
      ["GET", `${SITE}/rest/api/3/project/search?action=browse&maxResults=100&orderBy=key&startAt=0`, false],
    ]);
    expect(RequestUrl.calls[0]!.headers).toMatchObject({ Authorization: `Basic ${btoa(`alice@example.com:${TOKEN}`)}`, "X-Atlassian-Token": "no-check", Accept: "application/json" });
    const result = test.descEl.querySelector(".jvs-connection-result")!;
    expect(result.textContent).toBe("Connected as Alice Berlin (alice@example.com), time zone Europe/Berlin, Jira Cloud 1001.0.0. You can browse 1 project: pick the ones to sync below.");
    expect(result.classList.contains("jvs-connection-ok")).toBe(true);
  });

  it("Test connection shows the exact failure without the token", async () => {
    await start({ email: "alice@example.com" });
    app.secretStorage.setSecret(SECRET_ID, TOKEN);
    RequestUrl.handler = () => json(401, { errorMessages: [`bad ${TOKEN}`] });
    const test = row("Test connection");
    await test.buttons[0]!.click();
    const result = test.descEl.querySelector(".jvs-connection-result")!;
    expect(result.textContent).toBe("Jira rejected the credentials (401). Check the email and API token.");
    expect(result.classList.contains("jvs-connection-failed")).toBe(true);
    expect(document.body.textContent).not.toContain(TOKEN);

    RequestUrl.handler = () => Promise.reject(new Error("net::ERR_NAME_NOT_RESOLVED"));
    await test.buttons[0]!.click();
    expect(result.textContent).toBe("Could not find example.atlassian.net. Check the Jira site URL and your internet connection.");
  });

  it("Test connection says what is missing before calling Jira", async () => {
    await start({});
    await row("Test connection").buttons[0]!.click();
    expect(row("Test connection").descEl.querySelector(".jvs-connection-result")!.textContent).toBe("Enter the email address of your Atlassian account.");
    expect(RequestUrl.calls).toHaveLength(0);
  });

  it("declarative definitions: deployment and email through the store, token and test rows rendered", async () => {
    await start({});
    const tab = plugin.settingTabs[0] as unknown as {
      getSettingDefinitions(): { name?: string; visible?: () => boolean; render?: (s: Setting) => void }[];
      setControlValue(key: string, value: unknown): Promise<void>;
      getControlValue(key: string): unknown;
      updates: number;
    };
    const defs = tab.getSettingDefinitions();
    const email = defs.find((d) => d.name === "Email")!;
    expect(email.visible?.()).toBe(true);
    await tab.setControlValue("deployment", "datacenter");
    expect(tab.getControlValue("deployment")).toBe("datacenter");
    expect(tab.updates).toBe(1);
    expect(email.visible?.()).toBe(false);
    await tab.setControlValue("deployment", "mainframe");
    expect(tab.getControlValue("deployment")).toBe("datacenter");
    const host = createDiv();
    const tokenRow = new Setting(host);
    defs.find((d) => d.name === "API token")!.render!(tokenRow);
    expect(tokenRow.nameEl.textContent).toBe("Personal access token");
    await tokenRow.texts[0]!.type("pat-1");
    expect(app.secretStorage.getSecret(SECRET_ID)).toBe("pat-1");
    const testRow = new Setting(host);
    defs.find((d) => d.name === "Test connection")!.render!(testRow);
    expect(testRow.buttons).toHaveLength(1);
  });
});
