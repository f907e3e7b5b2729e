// Stable site ids (issue #12, item 5): a site's token is kept under an id given once, when the site first has an
// address, so correcting the address keeps the token; data saved by older versions (no id) gets the id those
// versions derived the secret id from, so no token is lost. Also the sites' remembered projects (what "Test
// connection" listed) and the scope check that gates every sync.
import { describe, expect, it } from "vitest";
import { PluginDataStore } from "../src/data/plugin-data";
import { storedToken } from "../src/jira/connection";
import { tokenSecretId } from "../src/settings/secret-store";
import { knownProjectKeys, readSettings, scopeProblem, settingsForSite } from "../src/settings/settings";

const PLUGIN = "jira-vault-sync";

class MapSecrets {
  readonly map = new Map<string, string>();
  get(id: string): string | null {
    return this.map.get(id) || null;
  }
  set(id: string, secret: string): void {
    this.map.set(id, secret);
  }
  delete(id: string): void {
    this.map.delete(id);
  }
}

function store(raw: unknown): PluginDataStore {
  return new PluginDataStore(raw, () => Promise.resolve());
}

describe("stable site ids", () => {
  it("gives data saved without ids the ids the old secret ids were derived from", () => {
    const s = readSettings({ siteUrl: "https://typo.atlassian.net", additionalSites: [{ siteUrl: "https://jira.example.com/jira", deployment: "datacenter" }] });
    expect(s.siteId).toBe("typo-atlassian-net");
    expect(s.additionalSites[0]!.id).toBe("jira-example-com-jira");
    // Exactly the secret ids earlier versions used (`<plugin>-<host and path>`), so stored tokens are read.
    expect(tokenSecretId(PLUGIN, s.siteId)).toBe("jira-vault-sync-typo-atlassian-net");
    expect(tokenSecretId(PLUGIN, s.additionalSites[0]!.id)).toBe("jira-vault-sync-jira-example-com-jira");
  });

  it("keeps the token when the site's address is corrected", async () => {
    const secrets = new MapSecrets();
    secrets.set("jira-vault-sync-exmaple-atlassian-net", "tok-1");
    const data = store({ settings: { siteUrl: "https://exmaple.atlassian.net", email: "a@example.com" } });
    expect(storedToken({ pluginId: PLUGIN, secrets }, data.settings.get())).toBe("tok-1");
    await data.settings.update({ siteUrl: "https://example.atlassian.net" });
    expect(data.settings.get().siteId).toBe("exmaple-atlassian-net");
    expect(storedToken({ pluginId: PLUGIN, secrets }, data.settings.get())).toBe("tok-1");
    // And it is saved, so the next start finds the same id.
    expect(readSettings(data.snapshot().settings).siteId).toBe("exmaple-atlassian-net");
  });

  it("an additional site's token survives its address changing too", async () => {
    const data = store({ settings: { siteUrl: "https://a.atlassian.net", additionalSites: [{ siteUrl: "https://jira.exmaple.com", deployment: "datacenter" }] } });
    const secrets = new MapSecrets();
    secrets.set("jira-vault-sync-jira-exmaple-com", "pat");
    await data.settings.update({ additionalSites: [{ ...data.settings.get().additionalSites[0]!, siteUrl: "https://jira.example.com" }] });
    const site = settingsForSite(data.settings.get(), data.settings.get().additionalSites[0]!);
    expect(storedToken({ pluginId: PLUGIN, secrets }, site)).toBe("pat");
  });

  it("a site added later at an address another site once had gets its own id", async () => {
    const data = store({ settings: { siteUrl: "https://a.atlassian.net" } });
    await data.settings.update({ siteUrl: "https://b.atlassian.net" });
    await data.settings.update({ additionalSites: [{ id: "", siteUrl: "", deployment: "cloud", email: "", projectKeys: "", jql: "" }] });
    expect(data.settings.get().additionalSites[0]!.id).toBe("");
    await data.settings.update({ additionalSites: [{ ...data.settings.get().additionalSites[0]!, siteUrl: "https://a.atlassian.net" }] });
    expect(data.settings.get().siteId).toBe("a-atlassian-net");
    expect(data.settings.get().additionalSites[0]!.id).toBe("a-atlassian-net-2");
  });
});

describe("remembered projects per site", () => {
  it("answers a site's known project keys by address and forgets them with the site", async () => {
    const data = store({ settings: { siteUrl: "https://a.atlassian.net", additionalSites: [{ siteUrl: "https://jira.example.com", deployment: "datacenter" }] } });
    const ids = [data.settings.get().siteId, data.settings.get().additionalSites[0]!.id];
    await data.settings.update({ siteProjects: { [ids[0]!]: [{ key: "OPS", name: "Operations" }], [ids[1]!]: [{ key: "PLAT", name: "Platform" }] } });
    expect(knownProjectKeys(data.settings.get(), "https://a.atlassian.net")).toEqual(["OPS"]);
    expect(knownProjectKeys(data.settings.get(), "https://JIRA.example.com/")).toEqual(["PLAT"]);
    expect(knownProjectKeys(data.settings.get(), "https://other.example.com")).toEqual([]);
    await data.settings.update({ additionalSites: [] });
    expect(Object.keys(data.settings.get().siteProjects)).toEqual([ids[0]]);
    expect(readSettings({ siteUrl: "https://a.atlassian.net", siteProjects: { "a-atlassian-net": [{ key: 1 }, { key: "OPS", name: "Ops" }], x: [] } }).siteProjects).toEqual({
      "a-atlassian-net": [{ key: "OPS", name: "Ops" }],
    });
  });
});

describe("scopeProblem", () => {
  it("names what is missing until a site has an address and projects or JQL", () => {
    expect(scopeProblem(readSettings({}))).toMatch(/site URL/);
    expect(scopeProblem(readSettings({ siteUrl: "https://a.atlassian.net" }))).toMatch(/pick projects \(or enter a JQL filter\) under Sync scope/);
    expect(scopeProblem(readSettings({ siteUrl: "https://a.atlassian.net", projectKeys: "OPS" }))).toBeNull();
    expect(scopeProblem(readSettings({ siteUrl: "https://a.atlassian.net", sync: { jql: "assignee = currentUser()" } }))).toBeNull();
    expect(scopeProblem(readSettings({ additionalSites: [{ siteUrl: "https://jira.example.com", projectKeys: "PLAT" }] }))).toBeNull();
  });
});
