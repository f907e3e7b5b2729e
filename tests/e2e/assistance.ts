// The set-up the assistance end-to-end tests share (issue #17: suggestions, estimates, change summaries): the
// world and the fake model server a test starts, both stopped after it whether it passed or not; assistance
// settings switched on against that server with the endpoint the product would build from them; and the history
// read of a synced site as alice, which suggestions and estimates draw on.
import { afterEach, expect } from "vitest";
import { type AssistSettings, DEFAULT_ASSIST_SETTINGS } from "../../plugin/src/assist/assist-settings";
import { type ModelEndpoint, modelEndpoint } from "../../plugin/src/assist/model-endpoint";
import { runHistory, type HistoryInput } from "../../plugin/src/history/driver";
import { JiraTransport } from "../../plugin/src/jira/client";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { FakeOpenAi } from "../assist/fake-openai";
import { CLOUD_ALICE, configFor, DC_ALICE, loadCoreSync, type World } from "./harness";

/** The model the tests name; the fake server answers whatever it is told, whatever the name. */
export const TEST_MODEL = "qwen2.5:7b";

/** A started fake model server, assistance settings on against it, and the endpoint built from those settings. */
export interface TestModel {
  server: FakeOpenAi;
  settings: AssistSettings;
  endpoint: ModelEndpoint;
}

/** What a test starts through `assistanceHooks`; each is stopped after the test. */
export interface AssistanceHooks {
  /** Keeps `made` to be stopped after the test, and returns it. */
  keep(made: World | Promise<World>): Promise<World>;
  /** Starts a fake model server, with assistance on for the notes in `allowedFolders` and `site`'s clock. */
  model(site: World, allowedFolders: string[]): Promise<TestModel>;
}

/** Registers, in the calling test file, an `afterEach` that stops the worlds and model servers its tests started. */
export function assistanceHooks(): AssistanceHooks {
  const worlds: World[] = [];
  const servers: FakeOpenAi[] = [];
  afterEach(async () => {
    for (const made of worlds.splice(0)) await made.stop();
    for (const server of servers.splice(0)) await server.stop();
  });
  return {
    keep: async (made) => {
      const site = await made;
      worlds.push(site);
      return site;
    },
    model: async (site, allowedFolders) => {
      const server = new FakeOpenAi();
      servers.push(server);
      const settings: AssistSettings = { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl: await server.start(), model: TEST_MODEL, allowedFolders };
      const endpoint = modelEndpoint(settings, { http: new FetchHttpClient(), clock: site.clock, apiKey: null });
      if (typeof endpoint === "string") throw new Error(`the test model's settings are refused: ${endpoint}`);
      return { server, settings, endpoint };
    },
  };
}

/** Alice's transport to the world's site (the deployment's own credentials). */
export function aliceTransport(site: World): JiraTransport {
  return new JiraTransport({ siteUrl: site.sim.url, credentials: site.mode === "cloud" ? CLOUD_ALICE : DC_ALICE, http: new FetchHttpClient(), clock: site.clock, timeoutMs: 10000 });
}

/** Reads the history of `projects` on the world's site into its state store as alice (it must not fail). */
export async function readHistory(site: World, transport: JiraTransport, projects: string[]): Promise<void> {
  const core = loadCoreSync();
  const read = await runHistory({ engine: (input: HistoryInput) => new core.HistoryEngine(input), transport, store: site.store }, { config: configFor(site.sim.url, projects), siteUrl: site.sim.url, deployment: site.mode });
  expect(read.fatal).toBeUndefined();
}
