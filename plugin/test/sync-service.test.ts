// The sync service with the real wasm core and driver against the in-process Jira simulator: a run fills
// the badge cache and the log, requests made during a run are queued and merged (never run in parallel),
// missing settings refuse the run, and the log stays bounded.
import { afterEach, describe, expect, it } from "vitest";
import { historyFileName, runHistory } from "../src/history/driver";
import { JiraTransport } from "../src/jira/client";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { refreshProjectNotes } from "../src/projects/project-notes";
import { readSettings, type Settings } from "../src/settings/settings";
import { MapCache } from "./fakes/map-cache";
import { MemoryStore } from "../src/state/memory-store";
import { runSync } from "../src/sync/driver";
import { LOG_LIMIT, mergeModes, statusCategory, SyncService, type SyncServiceDeps } from "../src/sync/sync-service";
import type { RunInput, RunMode, SyncConfig } from "../src/sync/types";
import { MemoryVault } from "../src/vault/memory-vault";
import { CLOUD_ALICE, loadCoreSync, RecordingClock } from "../../tests/e2e/harness";
import { startSimulator, type SimHandle } from "../../tests/jira-sim/server";

let sim: SimHandle | null = null;
afterEach(async () => {
  await sim?.stop();
  sim = null;
});

interface Setup {
  service: SyncService;
  vault: MemoryVault;
  cache: MapCache;
  store: MemoryStore;
  modes: RunMode[];
  maxParallel: () => number;
}

async function setup(overrides: Partial<SyncServiceDeps> = {}): Promise<Setup> {
  const core = loadCoreSync();
  sim = await startSimulator({ mode: "cloud", seed: "demo", clockStart: "2025-06-10T08:30:00.000Z" });
  const url = sim.url;
  const clock = new RecordingClock();
  const vault = new MemoryVault();
  const store = new MemoryStore();
  const cache = new MapCache();
  const settings: Settings = readSettings({ siteUrl: url, deployment: "cloud", email: "alice@example.com", projectKeys: "OPS" });
  const modes: RunMode[] = [];
  let active = 0;
  let max = 0;
  const service = new SyncService({
    settings: () => settings,
    defaults: () => core.defaultSyncConfig() as SyncConfig,
    prepare: () => ({
      engine: (input: RunInput) => new core.SyncEngine(input),
      transport: new JiraTransport({ siteUrl: url, credentials: CLOUD_ALICE, http: new FetchHttpClient(), clock, timeoutMs: 5000 }),
      vault,
      store,
      now: () => clock.now(),
      runId: () => `r${modes.length}`,
    }),
    now: () => clock.now(),
    cache,
    run: async (deps, options) => {
      modes.push(options.mode ?? { kind: "sync" });
      active++;
      max = Math.max(max, active);
      try {
        return await runSync(deps, options);
      } finally {
        active--;
      }
    },
    ...overrides,
  });
  return { service, vault, cache, store, modes, maxParallel: () => max };
}

describe("sync service", () => {
  it("fills the badge cache from a worker's 4,500 linked issues 2,000 per task", async () => {
    let breaths = 0;
    const { service, cache } = await setup({
      run: async (deps, options) => {
        // A real run, whose report then comes as from the worker: the state as text, the linked issues beside it.
        const report = await runSync(deps, options);
        breaths = 0;
        return { ...report, state: null, stateText: JSON.stringify(report.state), linkedIssues: Array.from({ length: 4500 }, (_, i) => ({ key: `OPS-${i + 1}`, status: "Done", updated: "", summary: `Issue ${i + 1}` })) };
      },
    });
    const inner = (service as unknown as { deps: SyncServiceDeps }).deps;
    const prepare = inner.prepare;
    inner.prepare = (site) => {
      const prepared = prepare(site);
      return typeof prepared === "string" ? prepared : { ...prepared, breathe: () => (breaths++, Promise.resolve()) };
    };
    expect((await service.request({ kind: "sync" })).kind).toBe("done");
    expect(breaths).toBe(2);
    expect(cache.get("OPS-4500")).toEqual({ summary: "Issue 4500", status: "Done", statusCategory: "done" });
  });

  it("runs a sync, fills the badge cache from the state and logs the run", async () => {
    const { service, vault, cache } = await setup();
    const seen: boolean[] = [];
    service.onChange(() => seen.push(service.status().syncing));
    const outcome = await service.request({ kind: "sync" });
    expect(outcome.kind).toBe("done");
    expect(Object.keys(vault.files())).toHaveLength(21);
    expect(cache.map.size).toBe(21);
    expect(cache.get("OPS-1")).toMatchObject({ summary: "Incident automation", status: "In Progress", statusCategory: "indeterminate" });
    expect(seen).toContain(true);
    const status = service.status();
    expect(status).toMatchObject({ syncing: false, progress: null, conflicts: 0, errors: 0 });
    expect(status.lastSyncAt).toBe(Date.parse("2025-06-10T08:30:00.000Z"));
    const last = service.log().at(-1)!;
    expect(last.message).toBe("Sync finished: 21 notes created.");
    expect(last.time).toBe(status.lastSyncAt);
    // The first run filled the cache with one save (21 issues); a second run changes nothing in it.
    expect(cache.saves).toBe(1);
    const sets = cache.sets;
    await service.request({ kind: "sync" });
    expect(cache.sets).toBe(sets);
    expect(cache.saves).toBe(1);
  });

  it("queues requests made during a run and merges them into one next run", async () => {
    const { service, modes, maxParallel } = await setup();
    const first = service.request({ kind: "pull" });
    expect(service.busy).toBe(true);
    const second = service.request({ kind: "notes", paths: ["a.md"] }, "scheduled");
    const third = service.request({ kind: "notes", paths: ["b.md", "a.md"] });
    const outcomes = await Promise.all([first, second, third]);
    expect(modes).toEqual([{ kind: "pull" }, { kind: "notes", paths: ["a.md", "b.md"] }]);
    expect(maxParallel()).toBe(1);
    expect(outcomes[1]).toBe(outcomes[2]);
    expect(outcomes[1]).toMatchObject({ kind: "done", origin: "user" });
    expect(service.busy).toBe(false);
  });

  it("refuses to run without what the connection needs, and says so in the log and status", async () => {
    const { service, modes } = await setup({ prepare: () => "Enter an API token." });
    const outcome = await service.request({ kind: "sync" });
    expect(outcome).toEqual({ kind: "refused", reason: "Enter an API token.", origin: "user" });
    expect(modes).toEqual([]);
    expect(service.status().errors).toBe(1);
    expect(service.log().at(-1)).toMatchObject({ level: "error", message: "Sync did not start: Enter an API token." });
  });

  it("reads the issue history after each sync, whole on Rebuild issue history, never after a notes-only run", async () => {
    const core = loadCoreSync();
    const reads: { rebuild: boolean; full: boolean; requests: number }[] = [];
    const readHistory: SyncServiceDeps["readHistory"] = async (prepared, options) => {
      const report = await runHistory({ engine: (input) => new core.HistoryEngine(input), transport: prepared.transport, store: prepared.store }, options);
      reads.push({ rebuild: options.rebuild === true, full: report.full, requests: report.requests });
      return report;
    };
    const { service, store } = await setup({ readHistory });
    await service.request({ kind: "sync" });
    expect(reads).toEqual([{ rebuild: false, full: true, requests: expect.any(Number) as number }]);
    const kept = JSON.parse(store.raw(historyFileName(sim?.url ?? "")) ?? "null") as { issues: Record<string, unknown> };
    expect(Object.keys(kept.issues)).toHaveLength(21);
    expect(service.log().map((e) => e.message)).toContainEqual(expect.stringMatching(/^History: 21 issues read \(full, \d+ requests\)/));
    const logged = service.log().length;
    await service.request({ kind: "sync" });
    expect(reads[1]).toMatchObject({ rebuild: false, full: false });
    // Nothing new: the quiet run logs only the sync's own line.
    expect(service.log().slice(logged).map((e) => e.message)).toEqual(["Sync finished: nothing to change."]);
    await service.request({ kind: "notes", paths: ["nothing.md"] });
    expect(reads).toHaveLength(2);
    await service.requestHistoryRebuild();
    expect(reads[2]).toMatchObject({ rebuild: true, full: true });
    await service.request({ kind: "sync" });
    expect(reads[3]).toMatchObject({ rebuild: false, full: false });
  });

  it("refreshes project notes after a sync at most once an hour, never after a notes-only run, and on command", async () => {
    const core = loadCoreSync();
    const calls: { minIntervalMs?: number }[] = [];
    let now = Date.UTC(2025, 5, 10, 9);
    const refreshProjects: SyncServiceDeps["refreshProjects"] = async (prepared, options) => {
      calls.push({ minIntervalMs: options.minIntervalMs });
      return refreshProjectNotes({ core, transport: prepared.transport, vault: prepared.vault, store: prepared.store }, options);
    };
    const { service, vault } = await setup({ refreshProjects, now: () => now });
    await service.request({ kind: "sync" });
    expect(vault.files()["Jira/OPS/OPS.md"]).toContain("jira_project_note: OPS");
    expect(vault.files()["Jira/OPS/OPS.base"]).toContain('name: "By status"');
    expect(service.log().map((e) => e.message)).toContainEqual(expect.stringMatching(/^Projects: 1 project note written; 1 Bases file written/));
    const logged = service.log().length;
    now += 60_000;
    await service.request({ kind: "sync" });
    // Within the hour: asked, skipped, nothing logged beyond the sync's own line.
    expect(service.log().slice(logged).map((e) => e.message)).toEqual(["Sync finished: nothing to change."]);
    await service.request({ kind: "notes", paths: ["nothing.md"] });
    expect(calls).toHaveLength(2);
    // The command refreshes at once.
    vault.set("Jira/OPS/OPS.md", (vault.files()["Jira/OPS/OPS.md"] ?? "").replace(/^# .*$/m, "# Renamed by hand"));
    expect(await service.refreshProjectNotes()).toEqual(["Projects: 1 project note written."]);
    expect(calls[2]).toEqual({ minIntervalMs: undefined });
    expect(vault.files()["Jira/OPS/OPS.md"]).toContain("# Operations (OPS)");
  });

  it("logs a failed history read and keeps the sync's outcome", async () => {
    const { service } = await setup({ readHistory: () => Promise.reject(new Error("the core stopped")) });
    const outcome = await service.request({ kind: "sync" });
    expect(outcome.kind).toBe("done");
    expect(service.log()).toContainEqual(expect.objectContaining({ level: "error", message: "History not updated: the core stopped" }));
  });

  it("keeps only the newest log entries", async () => {
    const { service } = await setup();
    for (let i = 0; i < LOG_LIMIT + 20; i++) service.addLog({ level: "info", message: `m${i}` });
    expect(service.log()).toHaveLength(LOG_LIMIT);
    expect(service.log()[0]!.message).toBe("m20");
  });
});

describe("mode merging and status categories", () => {
  it("merges modes into the smallest run that does both", () => {
    expect(mergeModes({ kind: "pull" }, { kind: "pull" })).toEqual({ kind: "pull" });
    expect(mergeModes({ kind: "pull" }, { kind: "notes", paths: ["a.md"] })).toEqual({ kind: "sync" });
    expect(mergeModes({ kind: "sync" }, { kind: "full" })).toEqual({ kind: "full" });
  });

  it("picks the closest category for a status name", () => {
    const config = loadCoreSync().defaultSyncConfig() as SyncConfig;
    expect(statusCategory("To Do", config)).toBe("new");
    expect(statusCategory("Done", config)).toBe("done");
    expect(statusCategory("In Review", config)).toBe("indeterminate");
    expect(statusCategory("Something else", config)).toBe("unknown");
  });
});
