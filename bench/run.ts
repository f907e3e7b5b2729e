// `npm run bench`: every benchmark of the benchmarks issue in one run — vault scan, sync plan, request counts,
// start-up and conversion — printed as one Markdown table with a "met"/"not met" beside each target, and written
// with every figure to bench/results/latest.json (not committed). Benchmarks never fail on speed.
//   npm run bench [-- --large] [-- --only scan,plan,requests,startup,size,convert,vault-size,longtasks,analytics,assist-detect] [-- --runs N]
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import process from "node:process";
import { ANALYTICS_TARGET_MS, analyticsBench, type AnalyticsFigures, loadText } from "./analytics";
import { type AssistDetectFigures, assistDetectBench, assistDetectRows } from "./assist-detect";
import { convertBench, convertTargets, type ConvertFigures } from "./convert";
import { longTaskBench, type LongTaskFigures } from "./longtasks";
import { planBench, type PlanFigures } from "./plan";
import { requestsBench, type RequestRound } from "./requests";
import { buildNative, scanBench, scanObsidianBench, scanTaskNoteBench, type ScanFigures } from "./scan";
import { sizeBench, type SizeFigures } from "./size";
import { browserStartupBench, type BrowserStartupFigures, startupBench, type StartupFigures } from "./startup";
import { vaultSizeBench, type VaultSizeFigures } from "./vault-size";
import { loadCoreSync } from "../tests/e2e/harness";

const argv = process.argv.slice(2);
const large = argv.includes("--large");
const onlyAt = argv.indexOf("--only");
const only = onlyAt >= 0 ? new Set((argv[onlyAt + 1] ?? "").split(",")) : null;
const runsAt = argv.indexOf("--runs");
const RUNS = runsAt >= 0 ? Number(argv[runsAt + 1]) : 5;
/** The least number of timed runs of the scan's two small corpora (1,000 generated notes, the Obsidian corpus). */
const SMALL_CORPUS_RUNS = 15;
const wanted = (name: string): boolean => only === null || only.has(name);

/** Benchmarks print their results: stdout is their output; progress goes to stderr. */
const print = (line = ""): void => {
  process.stdout.write(`${line}\n`);
};
const progress = (line: string): void => {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
};
const f1 = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? "—" : n.toFixed(1));
const f2 = (n: number | null | undefined): string => (n === null || n === undefined || !Number.isFinite(n) ? "—" : n.toFixed(2));
const kb = (n: number): string => `${(n / 1024).toFixed(0)} KiB`;
const spread = (t: { medianMs: number; minMs: number; maxMs: number }): string => `${f1(t.medianMs)} ms (${f1(t.minMs)}–${f1(t.maxMs)})`;

interface Target {
  target: string;
  figure: string;
  /** null: not run, or (with `info`) a figure without a target. */
  met: boolean | null;
  info?: boolean;
}

async function main(): Promise<void> {
  loadCoreSync();
  const results: {
    node: string;
    cpu: string;
    cores: number;
    large: boolean;
    runs: number;
    scan: ScanFigures[];
    plan: PlanFigures[];
    requests: RequestRound[];
    startup: StartupFigures | null;
    startupBrowser: BrowserStartupFigures | null;
    size: SizeFigures | null;
    convert: ConvertFigures | null;
    vaultSize: VaultSizeFigures | null;
    longtasks?: LongTaskFigures;
    analytics?: AnalyticsFigures;
    assistDetect?: AssistDetectFigures;
    targets: (Target & { status: string })[];
  } = { node: process.version, cpu: os.cpus()[0]?.model ?? "?", cores: os.cpus().length, large, runs: RUNS, scan: [], plan: [], requests: [], startup: null, startupBrowser: null, size: null, convert: null, vaultSize: null, targets: [] };
  const sizes = large ? [1_000, 10_000, 50_000] : [1_000, 10_000];

  if (wanted("scan")) {
    progress("building examples/scan_bench (release)");
    buildNative();
    // A pass over a corpus of about 5 MB takes 35–60 ms in wasm, and the median of 5 moved ±3 % between runs:
    // those two take at least SMALL_CORPUS_RUNS (both the wasm side and the native one).
    for (const n of sizes) {
      progress(`scan: ${n} notes`);
      results.scan.push(scanBench(n, n >= 10_000 ? Math.min(RUNS, 3) : Math.max(RUNS, SMALL_CORPUS_RUNS)));
    }
    progress("scan: realistic Obsidian corpus, 2,000 notes");
    results.scan.push(scanObsidianBench(2_000, Math.max(RUNS, SMALL_CORPUS_RUNS)));
    progress("scan: one task-list note, 250,000 lines");
    results.scan.push(scanTaskNoteBench(250_000, Math.min(RUNS, 3)));
  }
  if (wanted("plan")) {
    for (const n of large ? [10_000, 50_000] : [10_000]) {
      progress(`plan: ${n} notes (simulator set-up, recorded run, replay)`);
      results.plan.push(await planBench(n, n >= 50_000 ? Math.min(RUNS, 3) : RUNS));
    }
  }
  if (wanted("requests")) {
    progress("requests: simulator with 1,100 issues");
    results.requests = await requestsBench();
  }
  if (wanted("startup")) {
    progress("startup: fresh processes");
    results.startup = startupBench(RUNS);
    progress("startup: fresh pages in Chromium");
    results.startupBrowser = await browserStartupBench(RUNS);
  }
  // main.js by part and the wasm by crate, module and function (also alone: `--only size`, no start-up timing).
  if (wanted("startup") || wanted("size")) results.size = sizeBench();
  if (wanted("convert")) {
    progress("convert: 1 MB document");
    results.convert = convertBench(RUNS);
  }

  if (wanted("vault-size")) {
    progress("vault size: linked notes alone, then beside 20,000 unrelated notes");
    results.vaultSize = await vaultSizeBench(RUNS, progress);
  }

  if (wanted("longtasks")) {
    progress("longtasks: a sync of 10,000 linked notes in Chromium");
    results.longtasks = await longTaskBench(10_000, progress);
  }

  if (wanted("analytics")) {
    progress("analytics: metrics and every report over 5,000 issues and 100,000 changelog entries");
    results.analytics = analyticsBench(RUNS);
  }

  if (wanted("assist-detect")) {
    progress("assist-detect: task detection precision and recall over the labelled notes");
    results.assistDetect = await assistDetectBench();
  }

  const targets: Target[] = [];
  for (const r of results.vaultSize?.rows ?? []) {
    targets.push({ target: `${r.path}: ${r.sync} sync beside ${results.vaultSize?.unrelatedNotes ?? 0} unrelated notes ≤ ${r.target}×`, figure: `${f2(r.ratio)}× (${f1(r.large.medianMs)} vs ${f1(r.small.medianMs)} ms)`, met: r.ratio <= r.target });
  }
  const vaults = results.scan.filter((s) => s.corpus === "vault");
  const scanVault = vaults.find((s) => s.notes === 10_000) ?? vaults[vaults.length - 1];
  for (const sc of [scanVault, results.scan.find((s) => s.corpus === "obsidian")]) {
    if (!sc) continue;
    const what = `${sc.notes} notes, ${sc.corpus === "vault" ? "generated vault" : "Obsidian corpus"}`;
    targets.push({ target: "scan ≥ 0.4× native pulldown-cmark", figure: `${f2(sc.vsNative)}× (${what}; ${f1(sc.wasm.mbPerS)} vs ${f1(sc.native?.mbPerS)} MB/s)`, met: sc.vsNative === null ? null : sc.vsNative >= 0.4 });
    targets.push({ target: "scan ≥ 4× the JS pipeline", figure: `${f2(sc.vsPeer)}× (${what}; ${f1(sc.wasm.mbPerS)} vs ${f1(sc.peer.mbPerS)} MB/s)`, met: sc.vsPeer >= 4 });
  }
  const taskNote = results.scan.find((s) => s.corpus === "tasks");
  if (taskNote) targets.push({ target: "task-list note (250,000 lines) ≤ 1 s", figure: `${spread(taskNote.wasm)} (${f1(taskNote.bytes / 1e6)} MB; JS pipeline ${f1(taskNote.peer.medianMs)} ms, native pulldown-cmark ${f1(taskNote.native?.medianMs)} ms)`, met: taskNote.wasm.medianMs <= 1000 });
  const plan10k = results.plan.find((p) => p.notes === 10_000);
  const plan50k = results.plan.find((p) => p.notes === 50_000);
  if (plan10k) targets.push({ target: "plan 10,000 notes ≤ 200 ms", figure: spread(plan10k.plan), met: plan10k.plan.medianMs <= 200 });
  if (wanted("plan")) {
    targets.push(
      plan10k && plan50k
        ? { target: "plan 50,000 ≤ 5.5× plan 10,000", figure: `${f2(plan50k.plan.medianMs / plan10k.plan.medianMs)}×`, met: plan50k.plan.medianMs <= 5.5 * plan10k.plan.medianMs }
        : { target: "plan 50,000 ≤ 5.5× plan 10,000", figure: "not run (needs --large)", met: null },
    );
  }
  if (plan10k) targets.push({ target: "peak memory for 10,000 notes ≤ 100 MB", figure: `${f1(plan10k.memory.enginePeakMb)} MB engine (process RSS peak ${f1(plan10k.memory.rssPeakMb)} MB)`, met: plan10k.memory.enginePeakMb <= 100 });
  if (wanted("plan")) {
    targets.push(
      plan50k
        ? { target: "peak engine memory for 50,000 notes ≤ 200 MB", figure: `${f1(plan50k.memory.enginePeakMb)} MB engine (process RSS peak ${f1(plan50k.memory.rssPeakMb)} MB)`, met: plan50k.memory.enginePeakMb <= 200 }
        : { target: "peak engine memory for 50,000 notes ≤ 200 MB", figure: "not run (needs --large)", met: null },
    );
  }
  for (const r of results.requests) {
    const figure = `${r.total} requests (${r.searches} search, ${r.puts} PUT, ${r.transitions} transition, ${r.other} other)`;
    targets.push(r.expected === null ? { target: r.name, figure, met: null, info: true } : { target: `${r.name}: ${r.expected}`, figure, met: r.met });
  }
  if (results.startup) {
    const s = results.startup;
    const b = results.startupBrowser;
    if (b?.onload) targets.push({ target: "onload at app start-up ≤ 5 ms in Chromium (the core starts after the layout is ready)", figure: spread(b.onload), met: b.onload.medianMs <= 5 });
    else targets.push({ target: "onload at app start-up ≤ 5 ms in Chromium", figure: b?.skipped ?? "not run", met: null });
    targets.push({ target: "onload at app start-up, Node + happy-dom (fresh process)", figure: spread(s.onload), met: null, info: true });
    targets.push({ target: "core start after the layout is ready (inflate, compile, instantiate)", figure: spread(s.coreStart), met: null, info: true });
  }
  if (results.size) {
    const z = results.size;
    targets.push({ target: "main.js ≤ 1 MB", figure: `${kb(z.mainJsBytes)} (${z.mainJsBytes} bytes)`, met: z.mainJsBytes <= 1_000_000 });
  }
  if (results.convert) targets.push(...convertTargets(results.convert));
  const lt = results.longtasks;
  if (lt) {
    const figure = lt.skipped ?? (lt.error !== undefined ? `failed: ${lt.error}` : undefined) ?? `${lt.longestMs === null ? "none over 50 ms" : `${f1(lt.longestMs)} ms`} (${lt.count} tasks over 50 ms, ${f1(lt.totalMs)} ms in all; engine ${lt.engineInWorker ? "in a Web Worker" : "on the main thread"})`;
    targets.push({ target: "sync of 10,000 notes in Chromium: no main-thread task > 50 ms", figure, met: lt.skipped !== undefined || lt.error !== undefined ? null : lt.longestMs === null || lt.longestMs <= 50 });
  }
  const an = results.analytics;
  if (an) {
    const sizes = `${an.issues} issues, ${an.changes} changelog entries, ${an.worklogs} worklogs`;
    const reports = `${spread(an.reports)}, CPU ${spread(an.reportsCpu)} (${an.reportKinds.length} reports: ${an.reportKinds.join(", ")}; ${sizes}; ${f1(an.reportsInputBytes / 1e6)} MB JSON in, ${f1(an.reportsOutputBytes / 1e6)} MB of notes and charts out; load average ${loadText(an.loadAverage)})`;
    targets.push({ target: `metrics and a full set of reports over 5,000 issues and 100,000 changelog entries ≤ ${ANALYTICS_TARGET_MS} ms in wasm`, figure: reports, met: an.reports.medianMs <= ANALYTICS_TARGET_MS });
  }
  if (results.assistDetect) for (const r of assistDetectRows(results.assistDetect)) targets.push({ ...r, met: null, info: true });
  results.targets = targets.map((t) => ({ ...t, status: t.info === true ? "(no target)" : t.met === null ? "not run" : t.met ? "met" : "not met" }));

  print(`## Benchmarks (Node ${process.version}, ${results.cpu}, ${results.cores} cores${large ? ", --large" : ""})\n`);
  print("| target | measured | status |");
  print("| --- | --- | --- |");
  for (const t of results.targets) print(`| ${t.target} | ${t.figure} | ${t.status} |`);

  if (results.scan.length > 0) {
    print("\n### Vault scan (MB/s of note text; median of runs, min–max ms)\n");
    print("| corpus | notes | MB | wasm parseNote | native pulldown-cmark | JS pipeline | wasm ÷ native | wasm ÷ JS | native parse_note |");
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const s of results.scan) {
      const nat = s.native ? `${f1(s.native.mbPerS)} MB/s, ${spread(s.native)}` : `— (${s.nativeError ?? "failed"})`;
      print(`| ${s.corpus} | ${s.notes} | ${f1(s.bytes / 1e6)} | ${f1(s.wasm.mbPerS)} MB/s, ${spread(s.wasm)} | ${nat} | ${f1(s.peer.mbPerS)} MB/s, ${spread(s.peer)} | ${f2(s.vsNative)} | ${f2(s.vsPeer)} | ${s.native?.parseNote ? `${f1(s.native.parseNote.mbPerS)} MB/s` : "—"} |`);
    }
    print(`\nJS pipeline: ${results.scan[0]?.peer.pipeline ?? ""}.`);
  }
  if (results.plan.length > 0) {
    print("\n### Sync plan (replayed run: new SyncEngine → done; finish separately)\n");
    print("| notes | remote / local changes | requests | plan | finish | engine peak | RSS before → peak | JS heap before → peak | wasm memory before → after |");
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const p of results.plan) {
      const m = p.memory;
      print(`| ${p.notes} | ${p.remoteChanges} / ${p.localChanges} | ${p.requests} | ${spread(p.plan)} | ${spread(p.finish)} | ${f1(m.enginePeakMb)} MB | ${f1(m.rssBeforeMb)} → ${f1(m.rssPeakMb)} MB | ${f1(m.heapBeforeMb)} → ${f1(m.heapPeakMb)} MB | ${f1(m.wasmBeforeMb)} → ${f1(m.wasmAfterMb)} MB |`);
    }
  }
  if (results.plan.length > 0) print(`\nTime per engine call (last run): ${results.plan.map((p) => `${p.notes} notes: ${Object.entries(p.breakdown).map(([k, v]) => `${k} ${f1(v)} ms`).join(", ")}`).join("; ")}.`);
  if (results.startup) {
    const s = results.startup;
    print("\n### Start-up\n");
    print(`main.js ${s.mainJsBytes} bytes (${kb(s.mainJsBytes)}), gzip ${s.mainJsGzipBytes} bytes (${kb(s.mainJsGzipBytes)}); wasm ${s.wasmBytes} bytes (${kb(s.wasmBytes)}), gzip ${kb(s.wasmGzipBytes)}.`);
    print(`Evaluate main.js ${spread(s.evaluate)}; construct + onload at app start-up ${spread(s.onload)}; core start once the layout is ready ${spread(s.coreStart)}; all three ${spread(s.total)}; ${s.onload.runs} fresh processes.`);
    const b = results.startupBrowser;
    if (b?.onload && b.coreStart) print(`In Chromium (${b.onload.runs} fresh pages): onload at app start-up ${spread(b.onload)}; core start once the layout is ready ${spread(b.coreStart)}.`);
  }
  const z = results.size;
  if (z) {
    print("\n### Size\n");
    print(`main.js ${z.mainJsBytes} bytes (${kb(z.mainJsBytes)}) by part: JavaScript ${kb(z.jsBytes)}, embedded wasm ${kb(z.embeddedWasmBytes)} (the ${kb(z.wasmBytes)} wasm compressed with XZ to ${kb(z.wasmXzBytes)}, as 7-bit text; gzip would give ${kb(z.wasmGzipBytes)}).`);
    if (z.skipped !== undefined) print(`Wasm breakdown skipped: ${z.skipped}`);
    else {
      const list = (groups: { name: string; bytes: number }[]): string => groups.map((g) => `${g.name} ${kb(g.bytes)}`).join(", ");
      print(`Wasm code and data by crate (twiggy, release build before wasm-bindgen): ${list(z.byCrate)}.`);
      print(`Our crate by module: ${list(z.byModule)}.`);
      print(`Largest functions: ${list(z.largest)}.`);
    }
  }
  if (results.convert) {
    print(`\n### Conversion (two ${f2(results.convert.bytes / 1e6)} MB documents)\n`);
    print("| document | direction | tool | median ms | min–max ms | MB/s |");
    print("| --- | --- | --- | ---: | ---: | ---: |");
    for (const { document, direction, tool, t } of results.convert.rows) print(`| ${document} | ${direction} | ${tool} | ${f1(t.medianMs)} | ${f1(t.minMs)}–${f1(t.maxMs)} | ${f1(t.mbPerS)} |`);
    print("\n| round trip | tool | survive |");
    print("| --- | --- | ---: |");
    for (const { pair, tool, r } of results.convert.fidelity) print(`| ${pair} | ${tool} | ${r.passed}/${r.total} |`);
  }
  if (results.vaultSize) {
    const v = results.vaultSize;
    print(`\n### Vault size (${v.linkedNotes} linked notes; + ${v.unrelatedNotes} unrelated notes, ${f1(v.unrelatedMb)} MB)\n`);
    print("| path | sync | linked notes only | beside unrelated notes | ratio | target |");
    print("| --- | --- | ---: | ---: | ---: | ---: |");
    for (const r of v.rows) print(`| ${r.path} | ${r.sync} | ${spread(r.small)} | ${spread(r.large)} | ${f2(r.ratio)}× | ≤ ${r.target}× |`);
  }

  if (lt && lt.skipped === undefined && lt.error === undefined) {
    print("\n### Main-thread long tasks during a sync (Chromium, Long Tasks API)\n");
    print(`${lt.notes} linked notes, ${lt.remoteChanges} changed in Jira and ${lt.localChanges} in the vault: sync ${f1(lt.syncMs)} ms (first, full sync ${f1(lt.firstSyncMs)} ms); ${lt.count} tasks over 50 ms, longest ${lt.longestMs === null ? "—" : `${f1(lt.longestMs)} ms`}. ${lt.summary}`);
  }

  mkdirSync(new URL("./results/", import.meta.url), { recursive: true });
  writeFileSync(new URL("./results/latest.json", import.meta.url), JSON.stringify(results, null, 2) + "\n");
  progress("wrote bench/results/latest.json");
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  process.exitCode = 1;
});
