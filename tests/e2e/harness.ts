// End-to-end harness: the real driver and wasm core against the in-process Jira simulator, with an
// in-memory vault and state store. Waits (Retry-After, backoff) go through a fake clock that records them.
import { readFileSync } from "node:fs";
import * as core from "../../pkg/jira_vault_sync.js";
import { JiraTransport, type JiraCredentials } from "../../plugin/src/jira/client";
import { FakeClock } from "../../plugin/test/fakes/jira-fakes";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { MemoryStore } from "../../plugin/src/state/memory-store";
import { runSync, type SyncOptions } from "../../plugin/src/sync/driver";
import type { JsonFileStore } from "../../plugin/src/state/state-store";
import type { OffThreadEngine, RunInput, RunMode, RunReport, SyncConfig, SyncEngineLike } from "../../plugin/src/sync/types";
import { MemoryVault } from "../../plugin/src/vault/memory-vault";
import type { VaultPort } from "../../plugin/src/vault/vault";
import type { SeedName } from "../jira-sim/seed";
import { startSimulator, type SimHandle } from "../jira-sim/server";

let initialised = false;

/** The wasm core, initialised once per test file. */
export function loadCoreSync(): typeof core {
  if (!initialised) {
    core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
    initialised = true;
  }
  return core;
}

/** The fake clock of the transport tests (sleeps return at once and are recorded), at the simulator's start. */
export class RecordingClock extends FakeClock {
  constructor() {
    super(Date.parse("2025-06-10T08:30:00.000Z"));
  }
}

export const CLOUD_ALICE: JiraCredentials = { deployment: "cloud", email: "alice@example.com", apiToken: "alice-api-token" };
export const DC_ALICE: JiraCredentials = { deployment: "datacenter", personalAccessToken: "alice-personal-access-token" };

export interface World {
  mode: "cloud" | "datacenter";
  sim: SimHandle;
  vault: MemoryVault;
  store: MemoryStore;
  clock: RecordingClock;
  config: SyncConfig;
  /** Runs one sync (default mode `sync`). */
  sync(mode?: RunMode, extra?: SyncExtra): Promise<RunReport>;
  stop(): Promise<void>;
}

/** Per-run overrides: another engine factory, or a wrapper around the transport (e.g. one that dies). */
export type SyncExtra = Partial<SyncOptions> & {
  engine?: (input: RunInput) => SyncEngineLike;
  /** An engine off the main thread (the driver's `offThread`), e.g. the worker's host run in-process. */
  offThread?: OffThreadEngine;
  /** A wrapper around the state store (e.g. one that records what the shell loads and saves). */
  store?: (inner: MemoryStore) => JsonFileStore;
  transport?: (inner: Pick<JiraTransport, "send">) => Pick<JiraTransport, "send">;
  vault?: (inner: VaultPort) => VaultPort;
};

/** The product's default config with one site syncing `projects`. */
export function configFor(siteUrl: string, projects: string[] = ["OPS"]): SyncConfig {
  const config = loadCoreSync().defaultSyncConfig() as SyncConfig;
  return { ...config, sites: [{ baseUrl: siteUrl, projects: projects.map((key) => ({ key })) }] };
}

/**
 * A simulator, an empty vault and state store, and the product's default config syncing `projects`. `seed`
 * picks the simulator's data (`company`: a company site, see tests/jira-sim/company.ts); `clockOffsetMs` sets
 * Jira's clock ahead of (or, negative, behind) the machine's (the fake clock every run reads);
 * `withoutCustomFields` removes the named custom fields from the site.
 */
export async function world(
  options: { mode?: "cloud" | "datacenter"; seed?: SeedName; projects?: string[]; clockOffsetMs?: number; withoutCustomFields?: string[] } = {},
): Promise<World> {
  const c = loadCoreSync();
  const mode = options.mode ?? "cloud";
  const sim = await startSimulator({
    mode,
    seed: options.seed ?? "demo",
    clockStart: "2025-06-10T08:30:00.000Z",
    clockOffsetMs: options.clockOffsetMs,
    withoutCustomFields: options.withoutCustomFields,
  });
  const vault = new MemoryVault();
  const store = new MemoryStore();
  const clock = new RecordingClock();
  const config = configFor(sim.url, options.projects);
  const credentials = mode === "cloud" ? CLOUD_ALICE : DC_ALICE;
  let runs = 0;
  return {
    mode,
    sim,
    vault,
    store,
    clock,
    config,
    sync(runMode, extra = {}) {
      const transport = new JiraTransport({ siteUrl: sim.url, credentials, http: new FetchHttpClient(), clock, timeoutMs: 5000 });
      const wrapped = extra.transport ? extra.transport(transport) : transport;
      runs += 1;
      const engine = extra.engine ?? ((input: RunInput): SyncEngineLike => new c.SyncEngine(input));
      return runSync(
        {
          engine,
          ...(extra.offThread === undefined ? {} : { offThread: extra.offThread }),
          transport: wrapped,
          vault: extra.vault ? extra.vault(vault) : vault,
          store: extra.store ? extra.store(store) : store,
          now: () => clock.now(),
          runId: () => `r${runs}`,
        },
        { config: extra.config ?? config, siteUrl: sim.url, deployment: mode, mode: runMode, dryRun: extra.dryRun, automation: extra.automation, comments: extra.comments },
      );
    },
    stop: () => sim.stop(),
  };
}
