// Several Jira sites in the settings: old data.json (one site) reads the same, additional sites are read
// tolerantly (invalid and repeated URLs dropped), `allSites` lists the primary first, `toSyncConfig` builds one
// SiteScope per site with its projects and JQL, and `validateSites` refuses a project claimed by two sites.
import { describe, expect, it } from "vitest";
import { readPluginData } from "../src/data/plugin-data";
import { allSites, projectFilter, readSettings, settingsForSite, siteUrlForKey, validateSites } from "../src/settings/settings";
import { DEFAULT_SYNC_SETTINGS, toSyncConfig } from "../src/settings/sync-settings";

const OLD = { settings: { siteUrl: "https://a.atlassian.net", deployment: "cloud", email: "a@example.com", projectKeys: "OPS", sync: { jql: "labels = x" } } };
const DC = { siteUrl: "https://jira.example.com/", deployment: "datacenter", email: "", projectKeys: "PLAT", jql: "" };

describe("additional sites in settings", () => {
  it("reads old one-site data.json the same, with no additional sites", () => {
    const settings = readPluginData(OLD).settings;
    expect(settings).toMatchObject({ siteUrl: "https://a.atlassian.net", deployment: "cloud", email: "a@example.com", projectKeys: "OPS", additionalSites: [] });
    expect(allSites(settings)).toEqual([{ id: "a-atlassian-net", siteUrl: "https://a.atlassian.net", deployment: "cloud", email: "a@example.com", projectKeys: "OPS", jql: "labels = x" }]);
    const config = toSyncConfig(settings, settings.sync, { sites: [] });
    expect(config.sites).toEqual([{ baseUrl: "https://a.atlassian.net", projects: [{ key: "OPS" }], jql: "labels = x" }]);
  });

  it("drops invalid and repeated entries, normalises the rest, keeps a site not set yet", () => {
    const settings = readSettings({
      ...OLD.settings,
      additionalSites: [
        DC,
        null,
        "https://b.atlassian.net",
        { siteUrl: "http://plain.example.com", projectKeys: "X" },
        { siteUrl: "not a url" },
        { deployment: "cloud" },
        { siteUrl: "https://JIRA.example.com" },
        { siteUrl: "https://a.atlassian.net/" },
        { siteUrl: "https://c.atlassian.net", deployment: "weird", email: "bad", projectKeys: 7, jql: "project = WEB" },
        { siteUrl: "", projectKeys: "NEW" },
      ],
    });
    expect(settings.additionalSites).toEqual([
      { id: "jira-example-com", siteUrl: "https://jira.example.com", deployment: "datacenter", email: "", projectKeys: "PLAT", jql: "" },
      { id: "c-atlassian-net", siteUrl: "https://c.atlassian.net", deployment: "cloud", email: "", projectKeys: "", jql: "project = WEB" },
      { id: "", siteUrl: "", deployment: "cloud", email: "", projectKeys: "NEW", jql: "" },
    ]);
    // A site added but without its address yet is kept, and neither synced nor checked.
    expect(allSites(settings).map((s) => s.siteUrl)).toEqual(["https://a.atlassian.net", "https://jira.example.com", "https://c.atlassian.net"]);
    const config = toSyncConfig(settings, settings.sync, { sites: [] });
    expect(config.sites).toEqual([
      { baseUrl: "https://a.atlassian.net", projects: [{ key: "OPS" }], jql: "labels = x" },
      { baseUrl: "https://jira.example.com", projects: [{ key: "PLAT" }] },
      { baseUrl: "https://c.atlassian.net", projects: [], jql: "project = WEB" },
    ]);
    expect(validateSites(settings)).toBeNull();
  });

  it("lists only the additional sites when the primary URL is empty", () => {
    const settings = readSettings({ additionalSites: [DC] });
    expect(allSites(settings).map((s) => s.siteUrl)).toEqual(["https://jira.example.com"]);
    expect(toSyncConfig(settings, DEFAULT_SYNC_SETTINGS, { sites: [] }).sites).toEqual([{ baseUrl: "https://jira.example.com", projects: [{ key: "PLAT" }] }]);
  });

  it("refuses a project listed by two sites, and a site listed twice", () => {
    const clash = readSettings({ ...OLD.settings, additionalSites: [{ ...DC, projectKeys: "PLAT, ops" }] });
    expect(validateSites(clash)).toBe("Project OPS is listed for both https://a.atlassian.net and https://jira.example.com. A project belongs to one site.");
    const twice = { ...readSettings(OLD.settings), additionalSites: [{ id: "x", siteUrl: "https://a.atlassian.net", deployment: "cloud" as const, email: "", projectKeys: "", jql: "" }] };
    expect(validateSites(twice)).toBe("The site https://a.atlassian.net is listed twice.");
    const bad = { ...readSettings(OLD.settings), additionalSites: [{ id: "x", siteUrl: "http://x.example.com", deployment: "cloud" as const, email: "", projectKeys: "", jql: "" }] };
    expect(validateSites(bad)).toMatch(/^http:\/\/x\.example\.com: Use https:\/\//);
  });

  it("gives each site's run the site's own connection fields and JQL", () => {
    const settings = readSettings({ ...OLD.settings, additionalSites: [DC] });
    const site = settingsForSite(settings, settings.additionalSites[0]!);
    expect(site).toMatchObject({ siteId: "jira-example-com", siteUrl: "https://jira.example.com", deployment: "datacenter", email: "", projectKeys: "PLAT", additionalSites: [] });
    expect(site.sync.jql).toBe("");
    expect(site.sync.folderTemplate).toBe(settings.sync.folderTemplate);
  });
});

describe("which site a key belongs to", () => {
  it("links a key to the site listing its project, else the primary; badges recognise every site's projects", () => {
    const settings = readSettings({ ...OLD.settings, additionalSites: [DC] });
    expect(siteUrlForKey(settings, "PLAT-7")).toBe("https://jira.example.com");
    expect(siteUrlForKey(settings, "OPS-1")).toBe("https://a.atlassian.net");
    expect(siteUrlForKey(settings, "WEB-3")).toBe("https://a.atlassian.net");
    expect([...(projectFilter(settings) ?? [])]).toEqual(["OPS", "PLAT"]);
    expect(projectFilter(readSettings({ additionalSites: [DC] }))).toBeNull();
    expect(siteUrlForKey(readSettings({ additionalSites: [DC] }), "WEB-1")).toBe("https://jira.example.com");
    expect(siteUrlForKey(readSettings({}), "WEB-1")).toBe("");
  });
});
