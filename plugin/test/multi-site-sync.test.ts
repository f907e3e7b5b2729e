// The sync service with two Jira sites against two in-process simulators (a Cloud one synced for OPS, a Data
// Center one for PLAT): one run syncs both in turn into one vault with their own transports and tokens from the
// secret store, keeps a state file per site, fills the badge cache from both, keeps each note on the site that
// has its project (no cross-site requests on later runs, creates go to the owning site), and a site without a
// token is skipped by name while the other still runs.
import { afterEach, describe, expect, it } from "vitest";
import { transportFor, type ConnectionEnv } from "../src/jira/connection";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { tokenSecretId, type SecretStore } from "../src/settings/secret-store";
import { readSettings, type Settings, siteIdFor } from "../src/settings/settings";
import { MapCache } from "./fakes/map-cache";
import { MemoryStore } from "../src/state/memory-store";
import { stateFileNames } from "../src/sync/driver";
import { SyncService } from "../src/sync/sync-service";
import type { RunInput, SyncConfig } from "../src/sync/types";
import { MemoryVault } from "../src/vault/memory-vault";
import { loadCoreSync, RecordingClock } from "../../tests/e2e/harness";
import { startSimulator, type SimHandle } from "../../tests/jira-sim/server";

class MapSecrets implements SecretStore {
  readonly map = new Map<string, string>();
  get(id: string) {
    return this.map.get(id) ?? null;
  }
  set(id: string, secret: string) {
    this.map.set(id, secret);
  }
  delete(id: string) {
    this.map.delete(id);
  }
}

const sims: SimHandle[] = [];
afterEach(async () => {
  for (const sim of sims.splice(0)) await sim.stop();
});

async function twoSites(tokens: { cloud?: string; dc?: string } = { cloud: "alice-api-token", dc: "alice-personal-access-token" }) {
  const core = loadCoreSync();
  const cloud = await startSimulator({ mode: "cloud", seed: "demo", clockStart: "2025-06-10T08:30:00.000Z" });
  sims.push(cloud);
  const dc = await startSimulator({ mode: "datacenter", seed: "demo", clockStart: "2025-06-10T08:30:00.000Z" });
  sims.push(dc);
  const clock = new RecordingClock();
  const secrets = new MapSecrets();
  if (tokens.cloud !== undefined) secrets.set(tokenSecretId("jvs", siteIdFor(cloud.url))!, tokens.cloud);
  if (tokens.dc !== undefined) secrets.set(tokenSecretId("jvs", siteIdFor(dc.url))!, tokens.dc);
  const env: ConnectionEnv = { pluginId: "jvs", secrets, http: new FetchHttpClient(), clock };
  // PLAT's workflow has a Backlog status the default mapping leaves out: it counts as the first state here.
  const statuses = structuredClone((core.defaultSyncConfig() as { statuses: { jiraStatuses: string[] }[] }).statuses);
  statuses[0]!.jiraStatuses.push("Backlog");
  const settings: Settings = readSettings({
    sync: { statuses },
    siteUrl: cloud.url,
    deployment: "cloud",
    email: "alice@example.com",
    projectKeys: "OPS",
    additionalSites: [{ siteUrl: dc.url, deployment: "datacenter", email: "", projectKeys: "PLAT", jql: "" }],
  });
  const vault = new MemoryVault();
  const store = new MemoryStore();
  const cache = new MapCache();
  let runs = 0;
  const service = new SyncService({
    settings: () => settings,
    defaults: () => core.defaultSyncConfig() as SyncConfig,
    prepare: (site) => {
      const transport = transportFor(env, site, { timeoutMs: 5000 });
      if (typeof transport === "string") return transport;
      return { engine: (input: RunInput) => new core.SyncEngine(input), transport, vault, store, now: () => clock.now(), runId: () => `r${runs++}` };
    },
    now: () => clock.now(),
    cache,
  });
  return { service, vault, store, cache, cloud, dc };
}

describe("sync service with two sites", () => {
  it("syncs both sites into one vault with a state file each, and keeps notes on their own site", async () => {
    const { service, vault, store, cache, cloud, dc } = await twoSites();
    const outcome = await service.request({ kind: "sync" });
    expect(outcome).toMatchObject({ kind: "done" });
    if (outcome.kind !== "done") return;
    expect(outcome.report.entries.filter((e) => e.level === "error")).toEqual([]);
    expect(outcome.report.counts).toMatchObject({ notesCreated: 21 + 18, errors: 0 });
    expect(outcome.report.exitCode).toBe(0);
    const paths = Object.keys(vault.files());
    expect(paths.filter((p) => p.startsWith("Jira/OPS/"))).toHaveLength(21);
    expect(paths.filter((p) => p.startsWith("Jira/PLAT/"))).toHaveLength(18);
    expect(await store.load(stateFileNames(cloud.url).state)).not.toBeNull();
    expect(await store.load(stateFileNames(dc.url).state)).not.toBeNull();
    expect(cache.get("OPS-1")).toBeDefined();
    expect(cache.get("PLAT-1")).toBeDefined();
    expect(service.log().some((e) => e.site === dc.url)).toBe(true);
    // The child issues sections of the parents among them come after the creates (on by default).
    expect(service.log().at(-1)?.message).toBe("Sync finished: 39 notes created.");

    // A new note naming PLAT is created on the Data Center site; no run asks one site about the other's keys.
    vault.set("Ideas/Cache warm-up.md", "---\njira_project: PLAT\n---\nWarm the cache before deploys.\n");
    const second = await service.request({ kind: "sync" });
    expect(second).toMatchObject({ kind: "done", report: { counts: { issuesCreated: 1, errors: 0 }, exitCode: 0 } });
    expect(vault.files()["Ideas/Cache warm-up.md"]).toMatch(/jira_key: PLAT-19/);
    const third = await service.request({ kind: "sync" });
    expect(third).toMatchObject({ kind: "done", report: { counts: { errors: 0, issuesCreated: 0 }, exitCode: 0 } });
    const asked = (sim: SimHandle) => JSON.stringify(sim.admin.log());
    expect(asked(dc)).not.toMatch(/OPS-\d/);
    expect(asked(cloud)).not.toMatch(/PLAT-\d/);
  });

  it("skips a site without a token, names it, and still syncs the other", async () => {
    const { service, vault, dc } = await twoSites({ cloud: "alice-api-token" });
    const outcome = await service.request({ kind: "sync" });
    expect(outcome).toMatchObject({ kind: "done", skipped: [`${dc.url}: Enter a personal access token.`] });
    expect(Object.keys(vault.files())).toHaveLength(21);
    expect(service.log()).toContainEqual(expect.objectContaining({ level: "error", site: dc.url, message: `Sync of ${dc.url} skipped: Enter a personal access token.` }));
    expect(service.status().errors).toBe(1);
  });
});
