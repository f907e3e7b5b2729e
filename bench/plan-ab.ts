// A/B of the sync-plan benchmark in one process: two wasm-bindgen builds of the core (e.g. a copy of pkg/ from the
// branch point and the current pkg/) each replay the same recorded run (`bench/results/plan-N.json`, written by
// `npx tsx bench/run.ts --only plan`) through `replay` of plan-replay.ts, the runs interleaved A, B, A, B… so that
// the load of a shared machine falls on both alike. Prints each build's median and range of the plan (new
// SyncEngine → done) and of finish(), wall and process CPU time, the ratios of the medians, and whether both builds
// gave the same report. Memory is not compared here (one process holds both builds): see plan-replay.ts.
//   npx tsx bench/plan-ab.ts OLD_PKG_DIR NEW_PKG_DIR RECORDING.json [--runs N]
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import process from "node:process";
import { replay, type Recording, type ReplayCore } from "./plan-replay";
import { loadBuild } from "./pkg-build";
import { summarise, type Timing } from "./stats";

interface Build extends ReplayCore {
  name: string;
}

async function load(dir: string): Promise<Build> {
  const module = await loadBuild<ReplayCore>(dir);
  return { SyncEngine: module.SyncEngine, name: dir };
}

const [oldDir, newDir, file] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--runs");
if (oldDir === undefined || newDir === undefined || file === undefined) {
  process.stderr.write("usage: npx tsx bench/plan-ab.ts OLD_PKG_DIR NEW_PKG_DIR RECORDING.json [--runs N]\n");
  process.exit(2);
}
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Number(process.argv[at + 1]) : 7;
const builds = [await load(oldDir), await load(newDir)];
const rec = JSON.parse(readFileSync(file, "utf8")) as Recording;
const plan: number[][] = [[], []];
const finish: number[][] = [[], []];
const planCpu: number[][] = [[], []];
const finishCpu: number[][] = [[], []];
const reports: string[] = ["", ""];
// Wall time per engine call (constructor, poll, handleResponse, …) of each round.
const calls: Record<string, number>[][] = [[], []];
// One warm-up run each (its report is compared), then `runs` interleaved rounds.
for (let round = 0; round <= runs; round++) {
  builds.forEach((b, i) => {
    const r = replay(rec, undefined, b);
    if (round === 0) reports[i] = JSON.stringify(r.report);
    else {
      (plan[i] as number[]).push(r.planMs);
      (finish[i] as number[]).push(r.finishMs);
      (planCpu[i] as number[]).push(r.planCpuMs);
      (finishCpu[i] as number[]).push(r.finishCpuMs);
      (calls[i] as Record<string, number>[]).push(r.breakdown);
    }
  });
}
const show = (t: Timing): string => `${t.medianMs.toFixed(1)} ms (${t.minMs.toFixed(1)}–${t.maxMs.toFixed(1)})`;
const figures = builds.map((b, i) => ({
  name: b.name,
  plan: summarise(plan[i] as number[]),
  finish: summarise(finish[i] as number[]),
  planCpu: summarise(planCpu[i] as number[]),
  finishCpu: summarise(finishCpu[i] as number[]),
}));
for (const f of figures) process.stdout.write(`${f.name}: plan ${show(f.plan)} (CPU ${show(f.planCpu)}), finish ${show(f.finish)} (CPU ${show(f.finishCpu)})\n`);
// Median wall time per engine call, old → new.
const callMedian = (i: number, name: string): number => summarise((calls[i] ?? []).map((c) => c[name] ?? 0)).medianMs;
const callNames = Object.keys(calls[0]?.[0] ?? {});
process.stdout.write(`per call (median wall, old → new): ${callNames.map((n) => `${n} ${callMedian(0, n).toFixed(1)} → ${callMedian(1, n).toFixed(1)} ms`).join(", ")}\n`);
const [a, b] = figures as [(typeof figures)[0], (typeof figures)[0]];
const ratio = (x: Timing, y: Timing): string => (y.medianMs / x.medianMs).toFixed(3);
process.stdout.write(
  `new/old: plan ${ratio(a.plan, b.plan)} (CPU ${ratio(a.planCpu, b.planCpu)}), finish ${ratio(a.finish, b.finish)} (CPU ${ratio(a.finishCpu, b.finishCpu)}); same reports: ${reports[0] === reports[1]}; ${runs} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`,
);
