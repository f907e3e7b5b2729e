// The sync engine off the main thread (issue #13 goal 2): the worker's side (`EngineHost`) and the main thread's
// (`remoteEngine`, every call a message) run here in-process, each message structured-cloned as `postMessage`
// would. Against the simulator's company site on Cloud and Data Center, a run off the main thread creates the
// same notes, saves byte for byte the same state text and gives the badge cache the same issues as an in-thread
// run, while the shell only ever handles the state as text (never `load`/`save` of the state file). The
// driver's fallbacks with fakes: a torn state file (a crash mid-save) is passed over for its complete temp copy
// on the worker's side, and without a worker the engine runs in-thread from the same texts. The worker's real
// factory (`SyncEngine.fromStored`: the state's texts go to the core unparsed, which picks them as `pickJson`).
import { clearTimeout as nodeClearTimeout, setImmediate, setTimeout as nodeSetTimeout } from "node:timers";
import { afterEach, describe, expect, it, vi } from "vitest";
import { type EngineFactories, EngineHost, type EngineMessage, type EngineScope, serveEngine } from "../src/core/engine-host";
import { historyFileName, type HistoryInput, type HistoryReport, runHistory } from "../src/history/driver";
import { JiraTransport } from "../src/jira/client";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { bundledWorkerSource, EngineWorker, remoteEngine, WORKER_SECTION } from "../src/core/engine-worker-client";
import { MemoryStore } from "../src/state/memory-store";
import { type JsonFileStore, storedBytes } from "../src/state/state-store";
import { runSync, stateFileNames } from "../src/sync/driver";
import { linkedIssues } from "../src/sync/linked-issues";
import type { OffThreadEngine, RunInput, RunReport, SyncEngineLike } from "../src/sync/types";
import { MemoryVault } from "../src/vault/memory-vault";
import { CLOUD_ALICE, DC_ALICE, loadCoreSync, world, type World } from "../../tests/e2e/harness";
import { editFrontmatter } from "../../tests/e2e/helpers";
import { emptyReport, fakeSyncEngine } from "./fakes/sync-engine";

/** The worker's host run in-process: arguments and answers are structured-cloned, as messages are. */
function inProcessWorker(create: (input: RunInput) => SyncEngineLike): OffThreadEngine {
  const host = new EngineHost(create);
  let engines = 0;
  return async (input, state, journal) => {
    const engine = engines++;
    const call = async (method: string, args: unknown[]) => structuredClone(await host.call(structuredClone({ engine, method, args })));
    await call("start", [input, state, journal]);
    return remoteEngine(call);
  };
}

/**
 * A `Worker` whose script is `serveEngine` over the in-thread engine `FakeWorker.create` (the worker entry's own
 * loop, without the wasm instantiation): messages both ways are structured-cloned and delivered in a later task.
 */
class FakeWorker {
  static create: ((input: RunInput) => SyncEngineLike) | EngineFactories = () => {
    throw new Error("no engine");
  };
  static instances: FakeWorker[] = [];
  onmessage: ((event: { data: unknown }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  private readonly scope: EngineScope;

  constructor(readonly url: string) {
    FakeWorker.instances.push(this);
    const create = FakeWorker.create;
    this.scope = { onmessage: null, postMessage: (m) => setImmediate(() => this.terminated || this.onmessage?.({ data: structuredClone(m) })) };
    serveEngine(this.scope, () => Promise.resolve(create));
  }

  postMessage(message: EngineMessage): void {
    const data = message.kind === "init" ? message : structuredClone(message);
    setImmediate(() => this.terminated || this.scope.onmessage?.({ data } as MessageEvent<EngineMessage>));
  }

  terminate(): void {
    this.terminated = true;
  }

  /** The worker dies (as when its thread crashes): an error event, then silence. */
  crash(): void {
    this.onerror?.({ message: "out of memory" });
    this.terminated = true;
  }
}

/** The window timers the client uses, under Node. */
const NODE_WINDOW = { setTimeout: nodeSetTimeout, clearTimeout: nodeClearTimeout };

const MODULE = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));

/** The driver's `offThread` through the real client (`EngineWorker`) over a `FakeWorker`. */
async function fakeWorkerEngine(create: ((input: RunInput) => SyncEngineLike) | EngineFactories): Promise<{ offThread: OffThreadEngine; worker: EngineWorker }> {
  vi.stubGlobal("window", NODE_WINDOW);
  vi.stubGlobal("Worker", FakeWorker);
  FakeWorker.create = create;
  const worker = await EngineWorker.start(MODULE, "/* the worker script */");
  if (worker === null) throw new Error("the fake worker did not start");
  return { offThread: (input, state, journal) => worker.engine(input, state, journal), worker };
}

/** A store wrapper recording which names the shell loads and saves as values (parsed) or as texts. */
function recording(inner: MemoryStore, seen: string[]): JsonFileStore {
  return {
    load: (name) => (seen.push(`load ${name}`), inner.load(name)),
    save: (name, value) => (seen.push(`save ${name}`), inner.save(name, value)),
    loadTexts: (name) => (seen.push(`loadTexts ${name}`), inner.loadTexts(name)),
    saveText: (name, text) => (seen.push(`saveText ${name}`), inner.saveText(name, text)),
  };
}

const PROJECTS = ["SRCH", "NOTIF"];

/** A state text with the site's URL and the instants of the simulators' running clock (this day) masked. */
function masked(text: string, url: string): string {
  return text.split(url).join("<site>").replace(/2025-06-10T\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)/g, "<now>");
}
const worlds: World[] = [];
afterEach(async () => {
  vi.unstubAllGlobals();
  FakeWorker.instances = [];
  for (const w of worlds.splice(0)) await w.stop();
});

describe.each(["cloud", "datacenter"] as const)("a run off the main thread on the company site (%s)", (mode) => {
  it("creates the same notes, saves the same state text and fills the cache alike, never parsing the state in the shell", async () => {
    const inThread = await world({ mode, seed: "company", projects: PROJECTS });
    const offThread = await world({ mode, seed: "company", projects: PROJECTS });
    worlds.push(inThread, offThread);
    const core = loadCoreSync();
    // The real client over a worker running the real message loop with the worker's factories (the state goes
    // to the core as its stored texts): every edit and answer is pipelined.
    const { offThread: worker } = await fakeWorkerEngine({
      sync: (input) => new core.SyncEngine(input),
      syncFromStored: (input, state) => core.SyncEngine.fromStored(input, storedBytes(state.main), storedBytes(state.tmp)),
    });
    const stateFile = stateFileNames(offThread.sim.url).state;
    const seen: string[] = [];
    const compare = (a: RunReport, b: RunReport) => {
      expect(b.fatal).toBeUndefined();
      expect(b.counts).toEqual(a.counts);
      expect(b.entries).toEqual(a.entries);
      expect(b.state).toBeNull();
      // Same text, but for the instants of each simulator's own running clock (its Date header, positions).
      const inThreadText = inThread.store.raw(stateFileNames(inThread.sim.url).state) ?? "";
      expect(masked(offThread.store.raw(stateFile) ?? "", offThread.sim.url)).toBe(masked(inThreadText, inThread.sim.url));
      expect(b.stateText).toBe(offThread.store.raw(stateFile));
      expect(b.linkedIssues).toEqual(linkedIssues(JSON.parse(b.stateText ?? "null"), offThread.config));
      expect(b.linkedIssues?.map((i) => [i.key, i.status, i.summary])).toEqual(linkedIssues(a.state, inThread.config).map((i) => [i.key, i.status, i.summary]));
      expect(Object.keys(offThread.vault.files())).toEqual(Object.keys(inThread.vault.files()));
    };

    const first = [await inThread.sync(), await offThread.sync(undefined, { offThread: worker, store: (s) => recording(s, seen) })] as const;
    expect(first[0].counts.notesCreated).toBeGreaterThan(100);
    compare(...first);

    // A local edit on both sides: the second run reads the state back from its text in the worker.
    const path = Object.keys(inThread.vault.files())[0] ?? "";
    for (const w of [inThread, offThread]) editFrontmatter(w, path, { title: "Edited in the vault" });
    const second = [await inThread.sync(), await offThread.sync(undefined, { offThread: worker, store: (s) => recording(s, seen) })] as const;
    expect(second[0].counts.issuesUpdated).toBe(1);
    compare(...second);
    expect(seen.filter((s) => s.endsWith(stateFile))).toEqual([`loadTexts ${stateFile}`, `saveText ${stateFile}`, `loadTexts ${stateFile}`, `saveText ${stateFile}`]);
  }, 120_000);
});

describe.each(["cloud", "datacenter"] as const)("a history read off the main thread on the company site (%s)", (mode) => {
  it("saves the same history text as in-thread, the shell handling the history and the state only as texts", async () => {
    const inThread = await world({ mode, seed: "company", projects: PROJECTS });
    const offThread = await world({ mode, seed: "company", projects: PROJECTS });
    worlds.push(inThread, offThread);
    const core = loadCoreSync();
    const { worker } = await fakeWorkerEngine({ sync: (input) => new core.SyncEngine(input), history: (input) => new core.HistoryEngine(input) });
    const read = async (w: World, offThreadRead: boolean, store: JsonFileStore): Promise<HistoryReport> => {
      const transport = new JiraTransport({ siteUrl: w.sim.url, credentials: mode === "cloud" ? CLOUD_ALICE : DC_ALICE, http: new FetchHttpClient(), clock: w.clock, timeoutMs: 10000 });
      return runHistory(
        {
          engine: (input: HistoryInput) => new core.HistoryEngine(input),
          ...(offThreadRead ? { offThread: (input, history, state) => worker.historyEngine(input, history, state) } : {}),
          transport,
          store,
        },
        { config: w.config, siteUrl: w.sim.url, deployment: mode },
      );
    };
    const seen: string[] = [];
    const file = historyFileName(offThread.sim.url);
    const stateFile = stateFileNames(offThread.sim.url).state;
    for (const round of [1, 2]) {
      await inThread.sync();
      await offThread.sync();
      const a = await read(inThread, false, inThread.store);
      const b = await read(offThread, true, recording(offThread.store, seen));
      expect(b.fatal).toBeUndefined();
      expect(b.history).toBeNull();
      expect(a.issues).toBeGreaterThan(round === 1 ? 100 : -1);
      expect({ ...b, history: null, historyText: undefined }).toEqual({ ...a, history: null, historyText: undefined });
      expect(b.historyText).toBe(offThread.store.raw(file));
      expect(masked(b.historyText ?? "", offThread.sim.url)).toBe(masked(inThread.store.raw(historyFileName(inThread.sim.url)) ?? "", inThread.sim.url));
    }
    expect(seen.filter((x) => x.endsWith(file) || x.endsWith(stateFile))).toEqual([`loadTexts ${file}`, `loadTexts ${stateFile}`, `saveText ${file}`, `loadTexts ${file}`, `loadTexts ${stateFile}`, `saveText ${file}`]);
  }, 120_000);

  it("runs in-thread from the parsed files when no worker can be had", async () => {
    const w = await world({ mode, seed: "company", projects: PROJECTS });
    worlds.push(w);
    await w.sync();
    const core = loadCoreSync();
    const transport = new JiraTransport({ siteUrl: w.sim.url, credentials: mode === "cloud" ? CLOUD_ALICE : DC_ALICE, http: new FetchHttpClient(), clock: w.clock, timeoutMs: 10000 });
    const report = await runHistory({ engine: (input: HistoryInput) => new core.HistoryEngine(input), offThread: () => Promise.resolve(null), transport, store: w.store }, { config: w.config, siteUrl: w.sim.url, deployment: mode });
    expect(report.fatal).toBeUndefined();
    expect(report.history).not.toBeNull();
    expect(JSON.parse(w.store.raw(historyFileName(w.sim.url)) ?? "null")).toEqual(report.history);
  }, 120_000);
});

/** A fake in-thread engine that records the state and journal it was started with and is done at once. */
function fakeEngine(started: RunInput[]): (input: RunInput) => SyncEngineLike {
  return (input) => {
    started.push(input);
    return fakeSyncEngine({ finish: () => ({ ...emptyReport(), state: { issues: {}, next: (input.state as { n?: number }).n ?? 0 } }) });
  };
}

describe("the driver's state crossing off the main thread", () => {
  const options = { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" as const };
  const files = stateFileNames(options.siteUrl);
  const deps = (store: MemoryStore, engine: (input: RunInput) => SyncEngineLike, offThread?: OffThreadEngine) => ({
    engine,
    ...(offThread === undefined ? {} : { offThread }),
    transport: { send: () => Promise.reject(new Error("no requests")) },
    vault: new MemoryVault(),
    store,
    now: () => 0,
    runId: () => "r1",
  });

  it("passes over a torn state file for its complete temp copy on the worker's side, and saves the new state as text", async () => {
    const store = new MemoryStore();
    store.setRaw(files.state, '{"n": 1, "iss');
    store.setRaw(`${files.state}.tmp`, '{"n": 2}\n');
    const inWorker: RunInput[] = [];
    const inThread: RunInput[] = [];
    const report = await runSync(deps(store, fakeEngine(inThread), inProcessWorker(fakeEngine(inWorker))), options);
    expect(inThread).toEqual([]);
    expect(inWorker.map((i) => [i.state, i.journal])).toEqual([[{ n: 2 }, {}]]);
    expect(report.state).toBeNull();
    expect(report.stateText).toBe('{"issues":{},"next":2}\n');
    expect(store.raw(files.state)).toBe('{"issues":{},"next":2}\n');
    expect(store.raw(`${files.state}.tmp`)).toBeNull();
  });

  it("runs the engine in-thread from the same texts when no worker can be had", async () => {
    const store = new MemoryStore();
    store.setRaw(files.state, "garbage");
    store.setRaw(`${files.state}.tmp`, '{"n": 3}\n');
    const inThread: RunInput[] = [];
    const report = await runSync(deps(store, fakeEngine(inThread), () => Promise.resolve(null)), options);
    expect(inThread.map((i) => i.state)).toEqual([{ n: 3 }]);
    expect(report.state).toEqual({ issues: {}, next: 3 });
    expect(store.raw(files.state)).toBe('{"issues":{},"next":3}\n');
  });

  it("hands the state's texts to the engine unparsed, in-thread too, when the deps can start it from them", async () => {
    const store = new MemoryStore();
    store.setRaw(files.state, '{"n": 1, "iss');
    store.setRaw(`${files.state}.tmp`, '{"n": 4}\n');
    const given: [Omit<RunInput, "state">, { main: string | null; tmp: string | null }][] = [];
    const fromStored = (input: Omit<RunInput, "state">, state: { main: string | null; tmp: string | null }) => {
      given.push([input, state]);
      return fakeEngine([])({ ...input, state: { n: 4 } });
    };
    await runSync({ ...deps(store, fakeEngine([])), engineFromStored: fromStored }, options);
    expect(given.map(([input, state]) => ["state" in input, input.journal, state])).toEqual([[false, {}, { main: '{"n": 1, "iss', tmp: '{"n": 4}\n' }]]);
  });

  it("has the core pick the state from its stored texts as pickJson does: the file, else its complete copy", () => {
    const core = loadCoreSync();
    const input = { config: {}, siteUrl: options.siteUrl, now: "2026-01-01T00:00:00Z", runId: "r1" };
    const stateOf = (main: string | null, tmp: string | null) => {
      const engine = core.SyncEngine.fromStored(input, storedBytes(main), storedBytes(tmp));
      try {
        return (engine.finish() as RunReport).state as { watermark?: string; issues: Record<string, unknown> };
      } finally {
        engine.free();
      }
    };
    const state = (watermark: string) => `${JSON.stringify({ watermark, issues: { "1": { key: "A-1", path: "A-1 \ud800.md" } } })}\n`;
    expect(stateOf(state("main"), state("tmp")).watermark).toBe("main");
    expect(stateOf('{"watermark": "ma', state("tmp")).watermark).toBe("tmp");
    expect(stateOf(null, null).issues).toEqual({});
    expect(stateOf("null", state("tmp")).issues).toEqual({});
    expect(stateOf(state("main"), null).issues["1"]).toMatchObject({ path: "A-1 \ufffd.md" });
    expect(() => stateOf('{"issues": 5}', state("tmp"))).toThrow(/stored sync state is not shaped like one/);
  });

  it("reads the worker's script from the core's custom section, and finds none in a module without it", async () => {
    const name = new TextEncoder().encode(WORKER_SECTION);
    const script = new TextEncoder().encode("self.onmessage = () => undefined; // é");
    const content = [name.length, ...name, ...script];
    const bytes = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 0, content.length, ...content]);
    expect(bundledWorkerSource(await WebAssembly.compile(bytes))).toBe("self.onmessage = () => undefined; // é");
    expect(bundledWorkerSource(MODULE)).toBeNull();
    expect(bundledWorkerSource({})).toBeNull();
  });

  it("has no worker where there is no Worker or no bundled worker script (Node, tests): runs go in-thread", async () => {
    expect(await EngineWorker.start(MODULE)).toBeNull();
    expect(await EngineWorker.start(MODULE, "self.onmessage = () => undefined;")).toBeNull();
  });

  it("has no worker when the worker cannot instantiate the core (it answers failed, and is stopped)", async () => {
    vi.stubGlobal("window", NODE_WINDOW);
    vi.stubGlobal("Worker", class extends FakeWorker {
      constructor(url: string) {
        super(url);
        serveEngine((this as unknown as { scope: EngineScope }).scope, () => Promise.reject(new Error("CompileError")));
      }
    });
    expect(await EngineWorker.start(MODULE, "/* script */")).toBeNull();
    expect(FakeWorker.instances.map((w) => w.terminated)).toEqual([true]);
  });

  it("fails the run with the engine's own error when a pipelined call throws, as in-thread", async () => {
    const throwing = (input: RunInput): SyncEngineLike => {
      let polls = 0;
      return {
        ...fakeEngine([])(input),
        poll: () => (polls++ === 0 ? { kind: "edits", edits: [{ path: "a.md", expected: null, content: "x" }] } : { kind: "done" }),
        handleEdit: () => {
          throw new Error("the edit answer does not fit");
        },
      };
    };
    await expect(runSync(deps(new MemoryStore(), throwing), options)).rejects.toThrow("the edit answer does not fit");
    const { offThread } = await fakeWorkerEngine(throwing);
    await expect(runSync(deps(new MemoryStore(), fakeEngine([]), offThread), options)).rejects.toThrow("the edit answer does not fit");
  });

  it("fails the run when the worker dies, and later runs go in-thread", async () => {
    let polls = 0;
    const { offThread, worker } = await fakeWorkerEngine((input) => ({
      ...fakeEngine([])(input),
      poll: () => {
        if (polls++ === 1) FakeWorker.instances[0]?.crash();
        return { kind: "zoneOffsets", timeZone: "UTC", instants: [] };
      },
    }));
    await expect(runSync(deps(new MemoryStore(), fakeEngine([]), offThread), options)).rejects.toThrow("the sync engine's worker stopped: out of memory");
    expect(worker.alive).toBe(false);
  });
});
