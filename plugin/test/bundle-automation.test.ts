// @vitest-environment happy-dom
// The BUNDLED main.js's automation commands against the obsidian stub and the in-process Jira simulator: with a
// rule in the rules note, "Preview automation" opens a modal listing the firing (rule, issue, each action with its
// values) and writes nothing to Jira; "Run automation now" runs the sync in which the rule comments on the issue;
// with automation off, "Run automation now" only says so.
import { afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { startSimulator, type SimHandle } from "../../tests/jira-sim/server";
import { CLOUD_USERS, rawRequest } from "../../tests/jira-sim/test/harness";
import { forwardRequest, hostSecretId } from "./harness/forward-request";
import { loadBundle, type LoadedBundle } from "./harness/load-bundle";
import { installObsidianDom } from "./harness/obsidian-dom";
import { fakeApp, type FakeApp, Modals, Notice, type Plugin, RequestUrl, Setting } from "./harness/obsidian-stub";

const RULE = 'name: Review started\nwhen: {status-changed: {to: In Review}}\nthen:\n  - comment:\n      text: "{{issue.key}} is ready for review"\n      mention: [assignee]\n';

let bundle: LoadedBundle;
let app: FakeApp;
let plugin: Plugin;
let sim: SimHandle | null = null;

async function start(enabled: boolean): Promise<void> {
  sim = await startSimulator({ mode: "cloud", seed: "demo", clockStart: "2025-06-10T08:30:00.000Z" });
  app = fakeApp({ settings: { siteUrl: sim.url, deployment: "cloud", email: "alice@example.com", projectKeys: "OPS", automation: { enabled, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" } } });
  app.vault.seed("Jira/Automation.md", "# Automation\n\n```jira-rule\n" + RULE + "```\n");
  app.secretStorage.setSecret(hostSecretId(sim.url), "alice-api-token");
  plugin = new bundle.PluginClass(app, { id: "jira-vault-sync", version: "0.1.0" });
  await plugin.onload();
}

const command = (id: string) => plugin.commands.find((c) => c.id === id)!;
const busy = () => (plugin as unknown as { sync: { service: { busy: boolean } } }).sync.service.busy;
const idle = () => vi.waitFor(() => expect(busy()).toBe(false), { timeout: 15_000 });
const comments = () => sim?.sim.store.state.comments ?? [];

async function bobMovesToReview(key: string): Promise<void> {
  const r = await rawRequest(`${sim?.url ?? ""}/rest/api/3/issue/${key}/transitions`, "POST", { Authorization: CLOUD_USERS.bob, "Content-Type": "application/json" }, JSON.stringify({ transition: { id: "21" } }));
  expect(r.status).toBe(204);
}

beforeAll(() => {
  installObsidianDom();
  bundle = loadBundle();
});

beforeEach(() => {
  Notice.messages = [];
  Notice.all = [];
  Setting.all = [];
  Modals.open = [];
  RequestUrl.calls = [];
  RequestUrl.handler = forwardRequest;
});

afterEach(async () => {
  vi.restoreAllMocks();
  plugin.unload();
  await sim?.stop();
  sim = null;
});

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
