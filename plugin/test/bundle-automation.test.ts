// @vitest-environment happy-dom
// The BUNDLED main.js's automation commands against the obsidian stub and the in-process Jira simulator: with a
// rule in the rules note, "Preview automation" opens a modal listing the firing (rule, issue, each action with its
// values) and writes nothing to Jira; "Run automation now" runs the sync in which the rule comments on the issue;
// with automation off, "Run automation now" only says so.
import { describe, expect, it, vi } from "vitest";
import type { SimHandle } from "../../tests/jira-sim/server";
import { CLOUD_USERS, rawRequest } from "../../tests/jira-sim/test/harness";
import { command as commandOf, openPlugin, siteApp, useBundle, whenIdle } from "./harness/bundle-session";
import { type FakeApp, Modals, Notice, type Plugin } from "./harness/obsidian-stub";

const RULE = 'name: Review started\nwhen: {status-changed: {to: In Review}}\nthen:\n  - comment:\n      text: "{{issue.key}} is ready for review"\n      mention: [assignee]\n';

let app: FakeApp;
let plugin: Plugin;
let sim: SimHandle;

useBundle();

async function start(enabled: boolean): Promise<void> {
  ({ sim, app } = await siteApp({ settings: { automation: { enabled, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" } } }));
  app.vault.seed("Jira/Automation.md", "# Automation\n\n```jira-rule\n" + RULE + "```\n");
  plugin = await openPlugin(app);
}

const command = (id: string) => commandOf(plugin, id);
const busy = () => (plugin as unknown as { sync: { service: { busy: boolean } } }).sync.service.busy;
const idle = () => whenIdle(plugin);
const comments = () => sim.sim.store.state.comments ?? [];

async function bobMovesToReview(key: string): Promise<void> {
  const r = await rawRequest(`${sim.url}/rest/api/3/issue/${key}/transitions`, "POST", { Authorization: CLOUD_USERS.bob, "Content-Type": "application/json" }, JSON.stringify({ transition: { id: "21" } }));
  expect(r.status).toBe(204);
}

describe("bundled main.js: automation", () => {
  it("Preview automation lists the firing with its values and writes nothing; Run automation now carries it out", async () => {
    await start(true);
    await command("sync-now").callback!();
    await idle();
    await bobMovesToReview("OPS-7");
    await command("preview-automation").callback!();
    await vi.waitFor(() => expect(Modals.open.length).toBe(1), { timeout: 15_000 });
    const text = Modals.open[0]!.contentEl.textContent ?? "";
    expect(Modals.open[0]!.titleEl.textContent).toBe("Automation preview");
    expect(text).toContain("Review started → OPS-7");
    expect(text).toContain('comment "OPS-7 is ready for review" mentioning the assignee');
    expect(comments()).toEqual([]);
    await command("run-automation-now").callback!();
    await vi.waitFor(() => expect(comments()).toHaveLength(1), { timeout: 15_000 });
    await idle();
  });

  it("Run automation now says automation is off instead of syncing", async () => {
    await start(false);
    await command("run-automation-now").callback!();
    expect(Notice.messages.join(" ")).toContain("Automation is off");
    expect(busy()).toBe(false);
  });
});
