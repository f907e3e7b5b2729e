// Goal 7's growth (plan 50,000 ÷ plan 10,000) measured in one process: each build replays the small and the large
// recording in turn (build A small, A large, B small, B large, …), so that the load of a shared machine falls on
// both sizes alike, which separate processes minutes apart (`bench/run.ts --large`) cannot promise. One warm-up
// replay of each (the wasm memory grows to the large run's high-water mark there), then `runs` rounds. Prints per
// build the plan medians (wall and process CPU) of both recordings, their ratio, and the median time per engine
// call of each.
//   npx tsx bench/plan-growth.ts SMALL.json LARGE.json PKG_DIR [PKG_DIR…] [--runs N]
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import process from "node:process";
import { replay, type Recording, type ReplayCore } from "./plan-replay";
import { loadBuild } from "./pkg-build";
import { summarise } from "./stats";

const args = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--runs");
const [smallFile, largeFile, ...dirs] = args;
if (smallFile === undefined || largeFile === undefined || dirs.length === 0) {
  process.stderr.write("usage: npx tsx bench/plan-growth.ts SMALL.json LARGE.json PKG_DIR [PKG_DIR…] [--runs N]\n");
  process.exit(2);
}
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Number(process.argv[at + 1]) : 5;
const recordings = [smallFile, largeFile].map((f) => JSON.parse(readFileSync(f, "utf8")) as Recording);
const builds: ReplayCore[] = [];
for (const dir of dirs) builds.push({ SyncEngine: (await loadBuild<ReplayCore>(dir)).SyncEngine });
// figures[build][size]: plan wall, plan CPU and per-call wall times of each round.
const figures = builds.map(() => recordings.map(() => ({ wall: [] as number[], cpu: [] as number[], calls: [] as Record<string, number>[] })));
for (let round = 0; round <= runs; round++) {
  builds.forEach((core, b) => {
    recordings.forEach((rec, s) => {
      const r = replay(rec, undefined, core);
      if (round === 0) return;
      const f = figures[b]?.[s];
      f?.wall.push(r.planMs);
      f?.cpu.push(r.planCpuMs);
      f?.calls.push(r.breakdown);
    });
  });
}
const median = (ms: number[]): number => summarise(ms).medianMs;
figures.forEach(([small, large], b) => {
  if (small === undefined || large === undefined) return;
  const calls = Object.keys(large.calls[0] ?? {})
    .map((name) => {
      const [x, y] = [median(small.calls.map((c) => c[name] ?? 0)), median(large.calls.map((c) => c[name] ?? 0))];
      return `${name} ${x.toFixed(1)} → ${y.toFixed(1)} ms (${(y / x).toFixed(2)}×)`;
    })
    .join(", ");
  process.stdout.write(
    `${dirs[b]}: plan ${median(small.wall).toFixed(1)} → ${median(large.wall).toFixed(1)} ms, ${(median(large.wall) / median(small.wall)).toFixed(2)}× ` +
      `(CPU ${median(small.cpu).toFixed(1)} → ${median(large.cpu).toFixed(1)} ms, ${(median(large.cpu) / median(small.cpu)).toFixed(2)}×); per call: ${calls}\n`,
  );
});
process.stdout.write(`${runs} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
