// What every test of the BUNDLED main.js against the obsidian stub shares. `useBundle()` registers the hooks:
// main.js is loaded once per file into the stub's DOM; before each test the stub's records (notices, setting
// rows, open modals, requests) are cleared and requests go to the in-process simulator over node:http; after it,
// mocks are restored, every plugin the test opened and did not unload itself is unloaded once, and every
// simulator it started is stopped. `siteApp` starts a simulated site with an app whose settings point at it.
import { afterEach, beforeAll, beforeEach, expect, vi } from "vitest";
import { startSimulator, type SimHandle, type SimOptions } from "../../../tests/jira-sim/server";
import { forwardRequest, hostSecretId } from "./forward-request";
import { loadBundle, type LoadedBundle } from "./load-bundle";
import { installObsidianDom } from "./obsidian-dom";
import { fakeApp, type FakeApp, Modals, Notice, type Plugin, RequestUrl, Setting } from "./obsidian-stub";

/** The plugin's id, as its manifest has it. */
export const PLUGIN_ID = "jira-vault-sync";

let loaded: LoadedBundle | null = null;
const plugins = new Set<Plugin>();
const sims = new Set<SimHandle>();

/** Registers the shared hooks; call once at the top of a test file. */
export function useBundle(): void {
  beforeAll(() => {
    installObsidianDom();
    loaded = loadBundle();
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
    for (const plugin of plugins) plugin.unload();
    plugins.clear();
    for (const sim of sims) await sim.stop();
    sims.clear();
  });
}

/** The bundle `useBundle` loaded for this file. */
export function bundle(): LoadedBundle {
  if (loaded === null) throw new Error("useBundle() was not called in this test file");
  return loaded;
}

/** A new plugin of the bundle on `app`, loaded as Obsidian loads it (`onload` awaited); unloaded after the test. */
export async function openPlugin(app: FakeApp): Promise<Plugin> {
  const plugin = new (bundle().PluginClass)(app, { id: PLUGIN_ID, version: "0.1.0" });
  plugins.add(plugin);
  await plugin.onload();
  return plugin;
}

/** Unloads `plugin` now (as disabling it or quitting Obsidian does), so the test's end does not do it again. */
export function unloadPlugin(plugin: Plugin): void {
  plugins.delete(plugin);
  plugin.unload();
}

/** Starts the in-process simulator; it is stopped after the test. */
export async function startSim(options: SimOptions): Promise<SimHandle> {
  const sim = await startSimulator(options);
  sims.add(sim);
  return sim;
}

/** What `siteApp` starts: the simulator's deployment and seed, the settings beside the site's, the token. */
export interface SiteOptions {
  mode?: "cloud" | "datacenter";
  seed?: SimOptions["seed"];
  /** Settings added to (or replacing) the site's: address, deployment, e-mail, project OPS. */
  settings?: Record<string, unknown>;
  /** The token kept in secret storage for the site; null for none. Default: alice's token for the deployment. */
  token?: string | null;
  /** More simulator options. */
  sim?: Omit<SimOptions, "mode" | "seed">;
}

/** A simulated site (June 2025) and a fake app configured for it as alice, with her token in secret storage. */
export async function siteApp(options: SiteOptions = {}): Promise<{ sim: SimHandle; app: FakeApp }> {
  const mode = options.mode ?? "cloud";
  const sim = await startSim({ mode, seed: options.seed ?? "demo", clockStart: "2025-06-10T08:30:00.000Z", ...options.sim });
  const cloud = mode === "cloud";
  const app = fakeApp({ settings: { siteUrl: sim.url, deployment: mode, email: cloud ? "alice@example.com" : "", projectKeys: "OPS", ...options.settings } });
  const token = options.token === undefined ? (cloud ? "alice-api-token" : "alice-personal-access-token") : options.token;
  if (token !== null) app.secretStorage.setSecret(hostSecretId(sim.url), token);
  return { sim, app };
}

/** The command `id` the plugin registered. */
export const command = (plugin: Plugin, id: string) => plugin.commands.find((c) => c.id === id)!;

/** Resolves once the plugin's sync service is not busy (fails after 15 s). */
export const whenIdle = (plugin: Plugin) =>
  vi.waitFor(() => expect((plugin as unknown as { sync: { service: { busy: boolean } } }).sync.service.busy).toBe(false), { timeout: 15_000 });
