// A benchmark world: the in-process Jira simulator (Cloud, `empty` seed plus N generated OPS issues), an in-memory
// vault and state store, and the real sync driver over the real transport — the e2e harness's set-up, with hooks
// to watch the transport and the engine, and helpers for remote edits (as Bob, over HTTP) and local note edits.
import { JiraTransport } from "../plugin/src/jira/client";
import { FetchHttpClient } from "../cli/node/http-fetch";
import { MemoryStore } from "../plugin/src/state/memory-store";
import { runSync } from "../plugin/src/sync/driver";
import type { RunInput, RunReport, SyncEngineLike } from "../plugin/src/sync/types";
import { MemoryVault } from "../plugin/src/vault/memory-vault";
import { CLOUD_ALICE, configFor, loadCoreSync, RecordingClock } from "../tests/e2e/harness";
import { startSimulator, type SimHandle } from "../tests/jira-sim/server";

type Send = JiraTransport["send"];

export interface BenchWorld {
  sim: SimHandle;
  vault: MemoryVault;
  store: MemoryStore;
  clock: RecordingClock;
  /** One sync run; `wrap` may observe the transport, `engine` replaces the engine factory. */
  sync(hooks?: { wrap?: (send: Send) => Send; engine?: (input: RunInput) => SyncEngineLike }): Promise<RunReport>;
  /** Moves both clocks (simulator and driver) forward, so the next changes fall outside the pull's overlap. */
  advance(ms: number): void;
  /** Changes the summary of these issues in Jira, as Bob. */
  editRemote(keys: string[]): Promise<void>;
  /**
   * Lets the pull's watermark settle on one isolated change: 10 minutes pass, one issue (`marker`) changes, 10
   * more minutes pass, and an uncounted sync runs. The pull reads back from one minute before the watermark (at
   * minute granularity, so up to two minutes); without this, the changes of the last burst (or the generated
   * issues, one per second) inside that window would be read again, as echoes, by the next sync.
   */
  settle(marker: string): Promise<void>;
  /** Changes the `title` of these notes in the vault (a user edit). */
  editLocal(paths: string[], tag: string): void;
  stop(): Promise<void>;
}

export async function benchWorld(issues: number): Promise<BenchWorld> {
  const core = loadCoreSync();
  const start = "2025-06-10T08:30:00.000Z";
  const sim = await startSimulator({ mode: "cloud", seed: "empty", clockStart: start, logLimit: 1_000_000 });
  if (issues > 0) sim.admin.generate("OPS", issues);
  const vault = new MemoryVault();
  const store = new MemoryStore();
  const clock = new RecordingClock();
  const config = configFor(sim.url, ["OPS"]);
  let runs = 0;
  let edits = 0;
  const bob = new JiraTransport({ siteUrl: sim.url, credentials: { deployment: "cloud", email: "bob@example.com", apiToken: "bob-api-token" }, http: new FetchHttpClient(), clock, timeoutMs: 30_000 });
  const world: BenchWorld = {
    sim,
    vault,
    store,
    clock,
    sync(hooks = {}) {
      const transport = new JiraTransport({ siteUrl: sim.url, credentials: CLOUD_ALICE, http: new FetchHttpClient(), clock, timeoutMs: 30_000 });
      const send = transport.send.bind(transport);
      const wrapped = hooks.wrap ? hooks.wrap(send) : send;
      runs += 1;
      return runSync(
        {
          engine: (input) => (hooks.engine ? hooks.engine(input) : new core.SyncEngine(input)),
          transport: { send: wrapped },
          vault,
          store,
          now: () => clock.now(),
          runId: () => `bench${runs}`,
        },
        { config, siteUrl: sim.url, deployment: "cloud" },
      );
    },
    advance(ms) {
      sim.admin.clock.advance(ms);
      clock.advance(ms);
    },
    async editRemote(keys) {
      edits += 1; // every round writes a new summary, so every edit really changes the issue
      const round = edits;
      for (let i = 0; i < keys.length; i += 20) {
        await Promise.all(
          keys.slice(i, i + 20).map(async (key) => {
            const res = await bob.send({ method: "PUT", path: `/rest/api/3/issue/${key}`, body: { fields: { summary: `Remote edit ${round} of ${key}` } } });
            if (!res.ok) throw new Error(`PUT ${key}: ${res.error.status} ${res.error.message}`);
          }),
        );
      }
    },
    async settle(marker) {
      world.advance(600_000);
      await world.editRemote([marker]);
      world.advance(600_000);
      const report = await world.sync();
      if (report.fatal !== undefined) throw new Error(`settling sync failed: ${report.fatal}`);
    },
    editLocal(paths, tag) {
      const files = vault.files();
      for (const path of paths) {
        const text = files[path];
        if (text === undefined) throw new Error(`no note ${path}`);
        const next = text.replace(/^title: (.*)$/m, `title: $1 (${tag})`);
        if (next === text) throw new Error(`no title in ${path}`);
        vault.set(path, next);
      }
    },
    stop: () => sim.stop(),
  };
  return world;
}

/** The issue key a synced note carries in its front matter. */
export function keyOf(text: string): string | null {
  return /^jira_key: (\S+)$/m.exec(text)?.[1] ?? null;
}

/** The synced notes of the vault, by path order, with their keys. */
export function linkedNotes(vault: MemoryVault): { path: string; key: string }[] {
  return Object.entries(vault.files()).flatMap(([path, text]) => {
    const key = keyOf(text);
    return key === null ? [] : [{ path, key }];
  });
}
