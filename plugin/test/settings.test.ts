// Settings validation and the migration-tolerant loaders for settings, the issue cache and data.json,
// plus the store that persists them and notifies listeners.
import { describe, expect, it } from "vitest";
import { readIssueCache } from "../src/cache/issue-cache";
import { DEFAULT_SYNC_SETTINGS } from "../src/settings/sync-settings";
import { DEFAULT_ASSIST_SETTINGS } from "../src/assist/assist-settings";
import { DEFAULT_TIME_SUGGESTION_SETTINGS } from "../src/time-suggestions/settings";
import { PluginDataStore, readPluginData, type StoredPluginData } from "../src/data/plugin-data";
import {
  DEFAULT_SETTINGS,
  normalizeSiteUrl,
  projectFilter,
  readSettings,
  siteIdFor,
  validateEmail,
  validateProjectKeys,
  validateSiteUrl,
} from "../src/settings/settings";
import { tokenSecretId } from "../src/settings/secret-store";

describe("validateSiteUrl", () => {
  it.each(["", "https://example.atlassian.net", "https://jira.example.com/jira/", "http://localhost:8080", "http://127.0.0.1:4000", "http://127.3.2.1", "http://[::1]:9000"])(
    "accepts %j",
    (url) => expect(validateSiteUrl(url)).toBeNull(),
  );
  it.each([
    ["example.atlassian.net", /full address/],
    ["http://example.atlassian.net", /https/],
    ["http://127.0.0.1.example.com", /https/],
    ["ftp://example.com", /https/],
    ["https://user:pw@example.com", /user name/],
    ["https://example.com/?a=1", /query/],
  ])("rejects %j", (url, message) => {
    expect(validateSiteUrl(url)).toMatch(message);
  });
  it("gives sentence-case messages ending in a period", () => {
    const message = validateSiteUrl("http://example.com") ?? "";
    expect(message[0]).toMatch(/[A-Z]/);
    expect(message.endsWith(".")).toBe(true);
  });
});

describe("normalizeSiteUrl", () => {
  it("trims and drops trailing slashes", () => {
    expect(normalizeSiteUrl("  https://Example.atlassian.net/ ")).toBe("https://example.atlassian.net");
    expect(normalizeSiteUrl("https://jira.example.com/jira//")).toBe("https://jira.example.com/jira");
    expect(normalizeSiteUrl("")).toBe("");
  });
});

describe("project keys setting", () => {
  it("validates and filters", () => {
    expect(validateProjectKeys("OPS, web")).toBeNull();
    expect(validateProjectKeys("OPS, 9X")).toMatch(/Not a project key: 9X\./);
    expect(projectFilter({ ...DEFAULT_SETTINGS, projectKeys: "ops, web" })).toEqual(new Set(["OPS", "WEB"]));
    expect(projectFilter(DEFAULT_SETTINGS)).toBeNull();
  });
});

describe("readSettings", () => {
  it("gives defaults for nothing or garbage", () => {
    for (const raw of [undefined, null, 42, "x", [], {}]) expect(readSettings(raw)).toEqual(DEFAULT_SETTINGS);
  });
  it("keeps valid fields, replaces invalid ones, drops unknown ones", () => {
    expect(readSettings({ siteUrl: "https://x.atlassian.net/", inlineBadges: false, projectKeys: "OPS", extra: 1 })).toEqual({
      siteUrl: "https://x.atlassian.net",
      siteId: "x-atlassian-net",
      deployment: "cloud",
      email: "",
      inlineBadges: false,
      projectKeys: "OPS",
      sync: DEFAULT_SYNC_SETTINGS,
      additionalSites: [],
      siteProjects: {},
      reportsFolder: "Reports",
      healthReportPath: "Jira/Vault health.md",
      automation: { enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" },
      reportTeams: "",
      assist: DEFAULT_ASSIST_SETTINGS,
      timeSuggestions: DEFAULT_TIME_SUGGESTION_SETTINGS,
    });
    expect(readSettings({ siteUrl: "http://evil.example", inlineBadges: "yes", projectKeys: 3 })).toEqual(DEFAULT_SETTINGS);
  });
  it("reads the health report path inside the vault (a note: .md added), else the default", () => {
    expect(readSettings({}).healthReportPath).toBe("Jira/Vault health.md");
    expect(readSettings({ healthReportPath: "/Checks/Health/" }).healthReportPath).toBe("Checks/Health.md");
    expect(readSettings({ healthReportPath: "Checks\\Health.md" }).healthReportPath).toBe("Checks/Health.md");
    for (const bad of ["", "  ", "../out", "a/../b", "a//b.md", 7]) expect(readSettings({ healthReportPath: bad }).healthReportPath).toBe("Jira/Vault health.md");
  });
  it("reads the automation settings (older data without them: off, Jira/Automation.md, 20 a day), keeping the rest", () => {
    const older = { siteUrl: "https://x.atlassian.net", projectKeys: "OPS", healthReportPath: "Checks/Health.md", reportTeams: "Platform: Alice\n" };
    const read = readSettings(older);
    expect(read.automation).toEqual({ enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" });
    expect(read).toMatchObject(older);
    expect(readSettings({ automation: { enabled: true, rulesPath: "/Team/Rules/", dailyCap: 5 } }).automation).toEqual({ enabled: true, rulesPath: "Team/Rules.md", dailyCap: 5, digestPath: "Jira/Automation digest.md" });
    expect(readSettings({ automation: { enabled: "yes", rulesPath: "../x", dailyCap: 0 } }).automation).toEqual({ enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" });
    for (const cap of [-1, 1.5, 1001, "many", null]) expect(readSettings({ automation: { dailyCap: cap } }).automation.dailyCap).toBe(20);
    expect(readSettings({ automation: { dailyCap: 1000 } }).automation.dailyCap).toBe(1000);
  });
  it("reads the reports folder inside the vault, else the default", () => {
    expect(readSettings({ reportsFolder: "/Team/Reports/" }).reportsFolder).toBe("Team/Reports");
    for (const bad of ["", "  ", "../out", "a/../b", "a//b", 7]) expect(readSettings({ reportsFolder: bad }).reportsFolder).toBe("Reports");
    expect(readSettings({ reportTeams: "Platform: Alice Berlin\n" }).reportTeams).toBe("Platform: Alice Berlin\n");
    expect(readSettings({ reportTeams: ["Platform"] }).reportTeams).toBe("");
  });
});

describe("readIssueCache", () => {
  it("keeps usable entries and defaults their fields", () => {
    expect(
      readIssueCache({
        "OPS-1": { summary: "Fix", status: "Done", statusCategory: "done", updated: "2026-01-01T00:00:00Z" },
        "OPS-2": { summary: 5, statusCategory: "weird" },
        "OPS-3": "nope",
      }),
    ).toEqual({
      "OPS-1": { summary: "Fix", status: "Done", statusCategory: "done", updated: "2026-01-01T00:00:00Z" },
      "OPS-2": { summary: "", status: "", statusCategory: "unknown" },
    });
    expect(readIssueCache([1, 2])).toEqual({});
    expect(readIssueCache(null)).toEqual({});
  });
});

describe("PluginDataStore", () => {
  it("reads data.json tolerantly", () => {
    expect(readPluginData(null)).toEqual({ settings: DEFAULT_SETTINGS, issueCache: {} });
    expect(readPluginData({ inlineBadges: false, issueCache: { "A-1": {} } })).toEqual({
      settings: { ...DEFAULT_SETTINGS, inlineBadges: false },
      issueCache: { "A-1": { summary: "", status: "", statusCategory: "unknown" } },
    });
    expect(readPluginData({ settings: "broken", inlineBadges: false }).settings).toEqual(DEFAULT_SETTINGS);
  });

  it("persists settings and cache changes before notifying", async () => {
    const saved: StoredPluginData[] = [];
    const store = new PluginDataStore({ settings: { siteUrl: "https://a.example" } }, async (data) => {
      saved.push(data);
    });
    const events: string[] = [];
    const stop = store.settings.onChange(() => events.push(`settings:${saved.length}`));
    store.issues.onChange(() => events.push(`cache:${saved.length}`));

    await store.settings.update({ inlineBadges: false });
    await store.issues.set("OPS-1", { summary: "S", status: "To Do", statusCategory: "new" });
    stop();
    await store.settings.update({ projectKeys: "OPS" });
    await store.issues.delete("OPS-1");

    expect(events).toEqual(["settings:1", "cache:2", "cache:4"]);
    expect(saved[1]).toEqual({
      settings: { siteUrl: "https://a.example", siteId: "a-example", deployment: "cloud", email: "", inlineBadges: false, projectKeys: "", sync: DEFAULT_SYNC_SETTINGS, additionalSites: [], siteProjects: {}, reportsFolder: "Reports", healthReportPath: "Jira/Vault health.md", automation: { enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" }, reportTeams: "", assist: DEFAULT_ASSIST_SETTINGS, timeSuggestions: DEFAULT_TIME_SUGGESTION_SETTINGS },
      issueCache: { "OPS-1": { summary: "S", status: "To Do", statusCategory: "new" } },
    });
    expect(saved[3]?.issueCache).toEqual({});
    expect(store.settings.get().projectKeys).toBe("OPS");
    expect(store.issues.get("OPS-1")).toBeUndefined();
    expect(store.issues.get("constructor")).toBeUndefined();
  });

  it("hands out snapshots, not its own objects", async () => {
    const saved: StoredPluginData[] = [];
    const store = new PluginDataStore({}, async (data) => {
      saved.push(data);
    });
    await store.issues.set("OPS-1", { summary: "S", status: "", statusCategory: "unknown" });
    saved[0]!.issueCache!["OPS-1"]!.summary = "changed";
    expect(store.issues.get("OPS-1")?.summary).toBe("S");
  });
});

describe("connection settings", () => {
  it("reads deployment and email tolerantly", () => {
    expect(readSettings({ deployment: "datacenter", email: " a@example.com " })).toMatchObject({ deployment: "datacenter", email: "a@example.com" });
    expect(readSettings({ deployment: "server", email: "not an email" })).toMatchObject({ deployment: "cloud", email: "" });
    expect(readSettings({ apiToken: "x", token: "y" })).toEqual(DEFAULT_SETTINGS);
  });

  it("validates emails", () => {
    expect(validateEmail("")).toBeNull();
    expect(validateEmail("a@b.example")).toBeNull();
    expect(validateEmail("alice")).toMatch(/^Enter the email address/);
  });

  it("derives one secret id per site id, in the characters SecretStorage accepts", () => {
    expect(tokenSecretId("jira-vault-sync", siteIdFor("https://Example.atlassian.net"))).toBe("jira-vault-sync-example-atlassian-net");
    expect(tokenSecretId("jira-vault-sync", siteIdFor("http://127.0.0.1:8080/jira"))).toBe("jira-vault-sync-127-0-0-1-8080-jira");
    expect(tokenSecretId("jira-vault-sync", siteIdFor("http://[::1]:9000"))).toBe("jira-vault-sync-1-9000");
    expect(tokenSecretId("jira-vault-sync", "")).toBeNull();
  });

  it("never stores a token in the settings", () => {
    expect(Object.keys(DEFAULT_SETTINGS).some((k) => /token|secret|password/i.test(k))).toBe(false);
  });
});
