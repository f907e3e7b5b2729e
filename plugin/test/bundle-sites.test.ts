// @vitest-environment happy-dom
// The BUNDLED main.js's "Other Jira sites" section against the obsidian stub: "Add site" adds a site whose
// address, deployment, projects and token (secret storage, under the site's own id) are saved; a project
// already on another site is shown as an error and not saved (for the primary site's projects too); "Test
// connection" asks that site with its own credentials; "Remove" drops the site and its token.
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, type FakeApp, Modals, type Plugin, RequestUrl, type RequestUrlParam, Setting } from "./harness/obsidian-stub";

const SITE = "https://example.atlassian.net";
const OTHER = "https://jira.example.com";
const OTHER_SECRET = "jira-vault-sync-jira-example-com";
const PAT = "other-personal-access-token";

let bundle: LoadedBundle;
let app: FakeApp;
let plugin: Plugin;

/** The newest row of that name (the tab redraws after adding, removing or switching deployment). */
const row = (name: string) => [...Setting.all].reverse().find((s) => s.nameEl.textContent === name)!;
const sites = () => (app.data as { settings: { additionalSites: { siteUrl: string; deployment: string; projectKeys: string }[] } }).settings.additionalSites;
const json = (status: number, body: unknown) => Promise.resolve({ status, headers: { "Content-Type": "application/json" }, text: JSON.stringify(body) });

beforeAll(() => {
  installObsidianDom();
  bundle = loadBundle();
});

beforeEach(async () => {
  Modals.open = [];
  RequestUrl.calls = [];
  RequestUrl.handler = () => Promise.reject(new Error("net::ERR_CONNECTION_REFUSED"));
  app = fakeApp({ settings: { siteUrl: SITE, email: "alice@example.com", inlineBadges: true, projectKeys: "OPS" } });
  plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
  Setting.all = [];
  plugin.settingTabs[0]!.display();
});

describe("bundled main.js: other Jira sites", () => {
  it("adds a site, saves its fields and token, refuses a project clash, tests it and removes it", async () => {
    expect(row("Other Jira sites").heading).toBe(true);
    expect(Setting.all.some((s) => s.nameEl.textContent === "Site URL")).toBe(false);
    await row("Add site").buttons[0]!.click();
    expect(sites()).toHaveLength(1);
    expect(row("Site 2").descEl.textContent).toMatch(/Not set yet/);

    await row("Site URL").texts[0]!.type(`${OTHER}/`);
    expect(sites()[0]!.siteUrl).toBe(OTHER);
    await row("Site deployment").dropdowns[0]!.choose("datacenter");
    expect(sites()[0]!.deployment).toBe("datacenter");
    expect(row("Site 2").descEl.textContent).toBe(OTHER);
    await row("Site projects").texts[0]!.type("PLAT");
    expect(sites()[0]!.projectKeys).toBe("PLAT");

    // OPS belongs to the primary site: shown, not saved.
    await row("Site projects").texts[0]!.type("PLAT, OPS");
    expect(row("Site projects").descEl.querySelector(".jvs-setting-error")!.textContent).toBe(
      `Project OPS is listed for both ${SITE} and ${OTHER}. A project belongs to one site.`,
    );
    expect(sites()[0]!.projectKeys).toBe("PLAT");
    // The same check guards the primary site's projects.
    await row("Project keys").texts[0]!.type("OPS, PLAT");
    expect((app.data as { settings: { projectKeys: string } }).settings.projectKeys).toBe("OPS");
    expect(row("Project keys").descEl.querySelector(".jvs-setting-error")!.textContent).toMatch(/Project PLAT is listed for both/);

    // The token row is the primary's component, keyed by this site.
    await row("Personal access token").texts[0]!.type(PAT);
    expect(app.secretStorage.getSecret(OTHER_SECRET)).toBe(PAT);
    expect(JSON.stringify(app.data)).not.toContain(PAT);

    RequestUrl.handler = (req: RequestUrlParam) =>
      req.url.endsWith("/myself")
        ? json(200, { displayName: "Alice Berlin", name: "alice", emailAddress: "alice@example.com", timeZone: "Europe/Berlin" })
        : json(200, { serverTitle: "Jira", deploymentType: "Server", version: "9.12.0" });
    const test = row("Test connection");
    await test.buttons[0]!.click();
    expect(RequestUrl.calls[0]!.url).toBe(`${OTHER}/rest/api/2/myself`);
    expect(RequestUrl.calls[0]!.headers).toMatchObject({ Authorization: `Bearer ${PAT}` });
    expect(test.descEl.querySelector(".jvs-connection-result")!.classList.contains("jvs-connection-ok")).toBe(true);

    await row("Site 2").buttons[0]!.click();
    expect(sites()).toHaveLength(1);
    const confirm = Setting.all.filter((st) => Modals.open[0]!.contentEl.contains(st.settingEl)).flatMap((st) => st.buttons);
    await confirm.find((b) => b.buttonEl.textContent === "Remove site")!.click();
    expect(sites()).toEqual([]);
    expect(app.secretStorage.getSecret(OTHER_SECRET) ?? "").toBe("");
  });
});
