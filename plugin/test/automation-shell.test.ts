// The shell's side of automation: the settings (off by default, a migration that keeps older data), the rules'
// input (the rules note's text, the status instants from the issue history), and the rule statistics the rule
// cards show, read from a saved sync state.
import { describe, expect, it } from "vitest";
import { automationInput, statusSince } from "../src/automation/run-input";
import { DEFAULT_AUTOMATION_SETTINGS, readAutomationSettings } from "../src/automation/settings";
import { ruleStats } from "../src/automation/stats";
import { readSettings } from "../src/settings/settings";
import { MemoryStore } from "../src/state/memory-store";
import { MemoryVault } from "../src/vault/memory-vault";

describe("automation settings", () => {
  it("are off by default, and older data without them keeps everything else", () => {
    expect(DEFAULT_AUTOMATION_SETTINGS).toEqual({ enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" });
    const old = readSettings({ siteUrl: "https://example.atlassian.net", projectKeys: "OPS", reportsFolder: "Out" });
    expect(old.automation).toEqual(DEFAULT_AUTOMATION_SETTINGS);
    expect(old.projectKeys).toBe("OPS");
    expect(old.reportsFolder).toBe("Out");
    expect(readSettings({ automation: { enabled: true, rulesPath: "Ops/Rules", dailyCap: 5 } }).automation).toEqual({ enabled: true, rulesPath: "Ops/Rules.md", dailyCap: 5, digestPath: "Jira/Automation digest.md" });
  });

  it("fall back field by field on malformed values", () => {
    expect(readAutomationSettings({ enabled: "yes", rulesPath: "../x", dailyCap: 0 })).toEqual(DEFAULT_AUTOMATION_SETTINGS);
    expect(readAutomationSettings({ enabled: true, dailyCap: 2.5 })).toEqual({ ...DEFAULT_AUTOMATION_SETTINGS, enabled: true });
    expect(readAutomationSettings({ digestPath: "/Team/Digest/" }).digestPath).toBe("Team/Digest.md");
    expect(readAutomationSettings({ digestPath: "a/../b" }).digestPath).toBe("Jira/Automation digest.md");
  });
});

describe("the rules' input", () => {
  it("is null when automation is off, else carries the rules note and the history's status instants", async () => {
    const vault = new MemoryVault();
    vault.set("Jira/Automation.md", "```jira-rule\nname: x\n```\n");
    const store = new MemoryStore();
    const site = "https://example.atlassian.net";
    await store.save("history-example-atlassian-net.json", { issues: { "1": { key: "OPS-1", created: 100, changes: [{ at: 200, field: "status" }, { at: 300, field: "assignee" }] } } });
    expect(await automationInput({ vault, store }, DEFAULT_AUTOMATION_SETTINGS, site, 0)).toBeNull();
    const input = await automationInput({ vault, store }, { ...DEFAULT_AUTOMATION_SETTINGS, enabled: true }, site, Date.parse("2026-03-29T12:00:00Z"));
    expect(input?.rules).toContain("jira-rule");
    expect(input?.dailyCap).toBe(20);
    expect(input?.statusSince).toEqual({ "OPS-1": 200 });
    expect(input?.offsetMinutes).toBe(-new Date(Date.parse("2026-03-29T12:00:00Z")).getTimezoneOffset());
    expect(input?.digest).toEqual({ path: "Jira/Automation digest.md", text: null });
    vault.set("Team/Digest.md", "# Mine\n");
    const named = await automationInput({ vault, store }, { ...DEFAULT_AUTOMATION_SETTINGS, enabled: true, digestPath: "Team/Digest.md" }, site, 0);
    expect(named?.digest).toEqual({ path: "Team/Digest.md", text: "# Mine\n" });
  });

  it("takes an issue's creation when it never changed status, and ignores what it cannot read", () => {
    expect(statusSince({ issues: { a: { key: "OPS-2", created: 50 }, b: { created: 1 }, c: { key: "OPS-3", changes: [{ at: "x", field: "status" }] } } })).toEqual({ "OPS-2": 50 });
    expect(statusSince(null)).toEqual({});
  });
});

describe("rule statistics", () => {
  it("reads last fired and count per rule from the saved state", () => {
    const state = { automation: { version: 1, memory: { history: { "Review started": [Date.parse("2026-03-02T09:00:00Z"), 3], broken: ["x", 1] } } } };
    expect([...ruleStats(state)]).toEqual([["Review started", { lastFired: "2026-03-02T09:00:00.000Z", count: 3 }]]);
    expect(ruleStats({}).size).toBe(0);
    expect(ruleStats(null).size).toBe(0);
  });
});
