// @vitest-environment happy-dom
// The rule cards' glue (plugin/src/obsidian/automation-rules.ts) with a fake rule statistics provider, as the
// sync's `ruleStats` will hand it in: the footer says when the rule last fired and how often, by the rule's
// name; a rule without statistics says it never fired. The core is the real one (pkg/, initialised from Node).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";
import { findRuleBlock, registerAutomationRules } from "../src/obsidian/automation-rules";
import { outlineRules, type RuleStat } from "../src/automation/rules-outline";
import { DEFAULT_SETTINGS, type Settings } from "../src/settings/settings";
import type { SettingsStore } from "../src/data/plugin-data";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, Plugin } from "./harness/obsidian-stub";

const NOTE = "```jira-rule\nname: Fired\nwhen: comment-added\nthen:\n  - notice: New comment on {{issue.key}}\n```\n\n```jira-rule\nname: Quiet\nwhen: assignee-changed\nthen:\n  - digest: \"{{issue.key}} changed hands\"\n```\n";

beforeAll(() => {
  installObsidianDom();
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
});

function settingsStore(settings: Settings): SettingsStore {
  return { get: () => settings, update: () => Promise.resolve(), onChange: () => () => undefined };
}

describe("rule cards with the sync's rule statistics", () => {
  it("shows last fired and count from the provider, by rule name", async () => {
    const app = fakeApp();
    app.vault.seed("Jira/Automation.md", NOTE);
    const plugin = new Plugin(app, { id: "jira-vault-sync" });
    const stats = new Map<string, RuleStat>([["Fired", { lastFired: "2026-12-01T09:30:00.000Z", count: 3 }]]);
    const asked: string[] = [];
    let outlines = 0;
    const counting = { ...core, checkAutomationRules: (note: string): unknown => (outlines++, core.checkAutomationRules(note)) };
    registerAutomationRules(plugin as never, {
      app: app as never,
      core: Promise.resolve(counting),
      coreNow: () => counting,
      settings: settingsStore({ ...DEFAULT_SETTINGS, automation: { enabled: true, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" } }),
      stats: (name) => {
        asked.push(name);
        return stats.get(name);
      },
    });
    const footers: string[] = [];
    for (const [source, lineStart] of [["name: Fired\nwhen: comment-added\nthen:\n  - notice: New comment on {{issue.key}}", 0], ["name: Quiet\nwhen: assignee-changed\nthen:\n  - digest: \"{{issue.key}} changed hands\"", 7]] as const) {
      const el = createDiv();
      await plugin.codeBlockProcessors.get("jira-rule")!(source, el, { sourcePath: "Jira/Automation.md", addChild: () => undefined, getSectionInfo: () => ({ text: NOTE, lineStart, lineEnd: lineStart + 5 }) });
      footers.push(el.querySelector(".jvs-rule-footer")!.textContent);
    }
    expect(asked).toEqual(["Fired", "Quiet"]);
    // The two cards of one note share one outline of its text.
    expect(outlines).toBe(1);
    expect(footers[0]).toMatch(/^Last fired .*2026.* · 3 times$/);
    expect(footers[1]).toBe("Never fired");
  });

  it("finds a block by its text, preferring the line Obsidian gave, and refuses to guess between twins", () => {
    const twins = `${NOTE}\n${NOTE}`;
    const rules = outlineRules(core, twins).rules;
    const source = "name: Quiet\nwhen: assignee-changed\nthen:\n  - digest: \"{{issue.key}} changed hands\"";
    expect(findRuleBlock(twins, rules, source, 22)?.line).toBe(22);
    expect(findRuleBlock(twins, rules, source, null)).toBeNull();
    expect(findRuleBlock(NOTE, outlineRules(core, NOTE).rules, source, null)?.line).toBe(8);
    const unclosed = "# Rules\n```jira-rule\nname: Open\nwhen: comment-added\nthen:\n  - notice: x";
    expect(findRuleBlock(unclosed, outlineRules(core, unclosed).rules, "name: Open\nwhen: comment-added\nthen:\n  - notice: x", null)?.line).toBe(2);
    expect(findRuleBlock(NOTE.replace(/\n/g, "\r\n"), outlineRules(core, NOTE.replace(/\n/g, "\r\n")).rules, source, 8)?.line).toBe(8);
  });
});
