// @vitest-environment happy-dom
// The README's "Network use and privacy" section (Obsidian's developer policies ask plugins to disclose every
// network use, the account needed and paid services): it names every command of the bundled plugin that talks
// to Jira and every schedule setting that does, says a Jira account is needed and that Jira has paid plans.
// Commands that never reach the network are listed here on purpose, so a new command has to be placed.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, type Plugin, Setting } from "./harness/obsidian-stub";

/** Commands that read or write only the vault (or open the browser, listed in the README too). */
const OFFLINE = new Set(["Show issue keys in current note", "Mark conflict resolved", "Show sync log", "Time report", "Open current note's issue in the browser", "Generate report…", "Refresh report", "Check vault health", "Open automation rules", "Suggest an estimate", "Suggest time entries for today"]);
/** Settings rows that make the plugin send requests by themselves. */
const SCHEDULES = ["Sync on startup", "Sync interval", "Push notes after editing"];

let bundle: LoadedBundle;
let plugin: Plugin;

beforeAll(async () => {
  installObsidianDom();
  bundle = loadBundle();
  plugin = new bundle.PluginClass(fakeApp({ settings: { siteUrl: "https://example.atlassian.net", projectKeys: "OPS" } }), { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
});

function networkSection(): string {
  const readme = readFileSync("README.md", "utf8");
  const start = readme.indexOf("## Network use and privacy");
  const end = readme.indexOf("\n## ", start + 1);
  expect(start).toBeGreaterThanOrEqual(0);
  return readme.slice(start, end);
}

describe("README: network disclosures", () => {
  it("names every command that talks to Jira", () => {
    const section = networkSection();
    const names = plugin.commands.map((c) => c.name);
    expect(names.length).toBeGreaterThan(5);
    const missing = names.filter((n) => !OFFLINE.has(n) && !section.includes(`**${n}**`));
    expect(missing).toEqual([]);
  });

  it("names every setting that syncs by itself, and they exist", () => {
    const section = networkSection();
    Setting.all = [];
    plugin.settingTabs[0]!.display();
    const rows = Setting.all.map((s) => s.nameEl.textContent);
    for (const name of SCHEDULES) {
      expect(rows).toContain(name);
      expect(section).toContain(`*${name}*`);
    }
  });

  it("says a Jira account is needed, that Jira has paid plans, and that there is no telemetry", () => {
    const section = networkSection();
    expect(section).toMatch(/need a Jira account/);
    expect(section).toMatch(/paid plans/);
    expect(section).toMatch(/no telemetry/);
    expect(section).not.toMatch(/only.*Test connection/);
  });
});
