// Work follows change (issue #13, goal 1): the same sync with and without 20,000 unrelated notes beside the
// linked ones must cost about the same. Two paths, each against the in-process simulator on loopback:
//   - command line: the built `bin/jira-vault-sync.cjs` in fresh processes (whole runs, Node start included),
//     a no-op sync and a sync pushing one edited note, in a vault of ~220 linked notes, then in a copy of that
//     vault with 20,000 ordinary notes added (tests/cli/large-vault.ts: real formatting, nested folders);
//   - plugin: the driver with `ObsidianVault` over an in-memory Obsidian vault whose metadata cache holds every
//     note's front matter (as Obsidian's does), the same two syncs in-process.
// Each figure is the median of `runs` timed runs after a warm-up run (which also builds the command line's
// note index); the command line's small and large vaults are run in alternation. Targets: no-op ≤ 1.2×, one
// pushed edit ≤ 1.5× the vault without the unrelated notes.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { register } from "node:module";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { performance } from "node:perf_hooks";
import type { App, TAbstractFile } from "obsidian";
import { JiraTransport } from "../plugin/src/jira/client";
import { FetchHttpClient, nodeClock } from "../cli/node/http-fetch";
import { MemoryStore } from "../plugin/src/state/memory-store";
import { runSync } from "../plugin/src/sync/driver";
import type { SyncConfig, SyncEngineLike } from "../plugin/src/sync/types";
import { FakeVault } from "../plugin/test/fakes/obsidian-vault-fakes";
import { generateVault } from "../tests/cli/large-vault";
import { loadCoreSync } from "../tests/e2e/harness";
import { startSimulator, type SimHandle } from "../tests/jira-sim/server";
import { summarise, type Timing } from "./stats";
import { settleVault } from "./vault-settle";

const BIN = path.resolve("bin/jira-vault-sync.cjs");
const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");
const UNRELATED = 20_000;

export interface VaultSizeRow {
  path: "command line" | "plugin";
  sync: "no-op" | "one pushed edit";
  small: Timing;
  large: Timing;
  ratio: number;
  target: number;
}

export interface VaultSizeFigures {
  linkedNotes: number;
  unrelatedNotes: number;
  unrelatedMb: number;
  rows: VaultSizeRow[];
}

/** One command-line sync in a fresh process (asynchronously: the simulator answers from this process). */
function cli(vault: string): Promise<number> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, "sync", "--vault", vault, "--json"], { env: { PATH: process.env.PATH, JIRA_API_TOKEN: "alice-api-token" } });
    let stderr = "";
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (status) => (status === 0 ? resolve(performance.now() - t0) : reject(new Error(`sync failed (${status}): ${stderr}`))));
  });
}

/** Replaces a linked note's body line, so the next sync pushes exactly one description. */
function editOne(file: string, n: number): void {
  const text = readFileSync(file, "utf8");
  writeFileSync(file, `${text.trimEnd()}\n\nEdited for the benchmark, round ${n}.\n`);
}

/**
 * Times two syncs in alternation, `a` then `b`, `runs` times each after a warm-up of each: a command-line run takes
 * a fresh process, and the machine's load drifts over the minutes both take, so the two sides of a ratio are
 * measured side by side rather than one after the other (as bench/cli-ab.ts does).
 */
async function timedPairs(runs: number, a: () => Promise<number>, b: () => Promise<number>): Promise<[Timing, Timing]> {
  await a();
  await b();
  const ms: [number[], number[]] = [[], []];
  for (let i = 0; i < runs; i++) {
    ms[0].push(await a());
    ms[1].push(await b());
  }
  return [summarise(ms[0]), summarise(ms[1])];
}

async function timedAsync(runs: number, fn: (i: number) => Promise<number> | number): Promise<Timing> {
  await fn(-1);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) ms.push(await fn(i));
  return summarise(ms);
}

export async function vaultSizeBench(runs: number, progress: (line: string) => void): Promise<VaultSizeFigures> {
  const sim: SimHandle = await startSimulator({ mode: "cloud", seed: "demo" });
  const tmp = mkdtempSync(path.join(tmpdir(), "jvs-bench-size-"));
  try {
    sim.admin.generate("OPS", 200, ["generated"]);
    const small = path.join(tmp, "small");
    mkdirSync(path.join(small, PLUGIN_DIR), { recursive: true });
    writeFileSync(path.join(small, PLUGIN_DIR, "data.json"), JSON.stringify({ settings: { siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS" } }));
    progress("vault size: first sync (pulls the linked notes)");
    await cli(small);
    await cli(small);
    await settleVault(sim, () => cli(small));
    const linkedDir = path.join(small, "Jira", "OPS");
    const linked = readdirSync(linkedDir).map((f) => path.join("Jira", "OPS", f));
    const large = path.join(tmp, "large");
    cpSync(small, large, { recursive: true });
    progress(`vault size: writing ${UNRELATED} unrelated notes`);
    const made = generateVault(path.join(large), UNRELATED, "OPS", [], 0);
    const unrelatedBytes = [...made.notes.values()].reduce((n, t) => n + Buffer.byteLength(t), 0);

    const rows: VaultSizeRow[] = [];
    const row = (p: VaultSizeRow["path"], sync: VaultSizeRow["sync"], a: Timing, b: Timing, target: number): void => {
      rows.push({ path: p, sync, small: a, large: b, ratio: b.medianMs / a.medianMs, target });
    };
    progress("vault size: command line, no-op syncs");
    const [noopSmall, noopLarge] = await timedPairs(runs, () => cli(small), () => cli(large));
    row("command line", "no-op", noopSmall, noopLarge, 1.2);
    progress("vault size: command line, one pushed edit");
    let round = 0;
    const pushed = (vault: string) => (): Promise<number> => {
      editOne(path.join(vault, linked[round % linked.length] as string), round++);
      return cli(vault);
    };
    const [pushSmall, pushLarge] = await timedPairs(runs, pushed(small), pushed(large));
    row("command line", "one pushed edit", pushSmall, pushLarge, 1.5);

    progress("vault size: plugin path (ObsidianVault + metadata cache)");
    const plugin = await pluginPath(sim, small, large, linked, runs);
    row("plugin", "no-op", plugin.noop[0], plugin.noop[1], 1.2);
    row("plugin", "one pushed edit", plugin.push[0], plugin.push[1], 1.5);
    return { linkedNotes: linked.length, unrelatedNotes: made.notes.size, unrelatedMb: unrelatedBytes / 1e6, rows };
  } finally {
    await sim.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * A FakeVault holding a disk vault's notes, with a metadata cache of their front matter built once up front, as
 * Obsidian's is (indexed in the background, a map lookup when the sync asks), and rebuilt for a note it edits.
 */
function obsidianApp(root: string, rels: string[]): { app: App; fake: FakeVault; reindex: (path: string) => void } {
  const fake = new FakeVault();
  for (const rel of rels) fake.seed(rel.split(path.sep).join("/"), readFileSync(path.join(root, rel), "utf8"));
  const cacheOf = (p: string): unknown => {
    const text = fake.files.get(p) ?? "";
    const m = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
    if (m === null) return {};
    const frontmatter: Record<string, string> = {};
    for (const line of (m[1] ?? "").split(/\r?\n/)) {
      const kv = /^([A-Za-z_][\w-]*):\s*(.*)$/.exec(line);
      if (kv) frontmatter[kv[1] as string] = kv[2] as string;
    }
    return { frontmatter, frontmatterPosition: {} };
  };
  const caches = new Map<string, unknown>([...fake.files.keys()].map((p) => [p, cacheOf(p)]));
  const metadataCache = { getFileCache: (f: { path: string }) => caches.get(f.path) ?? null, getCache: (p: string) => caches.get(p) ?? null };
  return { app: { vault: fake, metadataCache } as unknown as App, fake, reindex: (p) => caches.set(p, cacheOf(p)) };
}

async function pluginPath(sim: SimHandle, small: string, large: string, linked: string[], runs: number): Promise<{ noop: [Timing, Timing]; push: [Timing, Timing] }> {
  const core = loadCoreSync();
  // ObsidianVault imports `obsidian` at run time (normalizePath): the test stub stands in, as in the tests.
  register("./obsidian-stub-hook.mjs", import.meta.url);
  const { ObsidianVault } = await import("../plugin/src/obsidian/obsidian-vault");
  const walk = (root: string, rel = ""): string[] =>
    readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => (e.name.startsWith(".") ? [] : e.isDirectory() ? walk(root, path.join(rel, e.name)) : e.name.endsWith(".md") ? [path.join(rel, e.name)] : []));
  const config = { ...(core.defaultSyncConfig() as SyncConfig), sites: [{ baseUrl: sim.url, projects: [{ key: "OPS" }] }] };
  const out: Timing[][] = [[], []];
  for (const [i, root] of [small, large].entries()) {
    const { app, fake, reindex } = obsidianApp(root, walk(root));
    const store = new MemoryStore();
    const transport = new JiraTransport({ siteUrl: sim.url, credentials: { deployment: "cloud", email: "alice@example.com", apiToken: "alice-api-token" }, http: new FetchHttpClient(), clock: nodeClock });
    // One vault port for every sync, as the plugin keeps one (its fingerprints of notes read live as long), fed
    // the metadata cache's events as the plugin's is (`followEvents`): it keeps its candidate notes between runs.
    const vault = new ObsidianVault(app);
    vault.followEvents();
    const files = new Map(fake.getMarkdownFiles().map((f) => [f.path, f]));
    const sync = async (): Promise<number> => {
      const t0 = performance.now();
      const report = await runSync(
        { engine: (input): SyncEngineLike => new core.SyncEngine(input), transport, vault, store, now: () => Date.now(), runId: () => `b${Math.random().toString(36).slice(2, 8)}` },
        { config, siteUrl: sim.url, deployment: "cloud" },
      );
      if (report.fatal !== undefined) throw new Error(report.fatal);
      return performance.now() - t0;
    };
    // The disk vault's state would be the command line's; the plugin path starts its own and settles it.
    await sync();
    out[i]?.push(await timedAsync(runs, sync));
    let round = 0;
    out[i]?.push(
      await timedAsync(runs, async () => {
        const rel = (linked[round % linked.length] as string).split(path.sep).join("/");
        fake.files.set(rel, `${(fake.files.get(rel) ?? "").trimEnd()}\n\nPlugin edit ${i}-${round++}.\n`);
        reindex(rel);
        vault.noteChanged(files.get(rel) as unknown as TAbstractFile);
        return sync();
      }),
    );
  }
  return { noop: [out[0]?.[0] as Timing, out[1]?.[0] as Timing], push: [out[0]?.[1] as Timing, out[1]?.[1] as Timing] };
}
