// A/B of the analytics benchmark's target figure in one process: two wasm-bindgen builds of the core (e.g. a
// copy of pkg/ from the branch point and the current pkg/) each make the full set of reports (`generateReports`,
// the input of bench/analytics.ts) over the same bytes, the calls interleaved A, B, A, B… so that the load of a
// shared machine falls on both alike. Prints each build's median and range (wall and process CPU) and the ratio
// of the medians. `--full-state` gives the reports a sync state as the product stores it (every synced value, the
// descriptions among them; see `analyticsState`), not only what they read.
//   npx tsx bench/analytics-ab.ts OLD_PKG_DIR NEW_PKG_DIR [--runs N] [--full-state]
import { loadavg } from "node:os";
import process from "node:process";
import { analyticsInput, reportsInput } from "./analytics";
import { loadBuild } from "./pkg-build";
import { summarise, type Timing } from "./stats";

interface Build {
  name: string;
  generateReports(input: Uint8Array): unknown;
  reportKinds(): unknown;
}

async function load(dir: string): Promise<Build> {
  const module = await loadBuild<Omit<Build, "name">>(dir);
  return { generateReports: module.generateReports, reportKinds: module.reportKinds, name: dir };
}

const [oldDir, newDir] = process.argv.slice(2).filter((a) => !a.startsWith("--"));
if (oldDir === undefined || newDir === undefined) {
  process.stderr.write("usage: npx tsx bench/analytics-ab.ts OLD_PKG_DIR NEW_PKG_DIR [--runs N]\n");
  process.exit(2);
}
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Number(process.argv[at + 1]) : 7;
const builds = [await load(oldDir), await load(newDir)];
const input = analyticsInput();
delete input.totalChanges;
const bytes = new TextEncoder().encode(reportsInput(input, (builds[1] as Build).reportKinds() as { id: string; title: string }[], process.argv.includes("--full-state")));
const wall: number[][] = [[], []];
const cpu: number[][] = [[], []];
const outputs: string[] = ["", ""];
// One warm-up call each, then `runs` interleaved rounds.
for (let round = 0; round <= runs; round++) {
  builds.forEach((b, i) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const made = b.generateReports(bytes);
    const t = performance.now() - t0;
    const c = process.cpuUsage(c0);
    if (round === 0) outputs[i] = JSON.stringify(made);
    else {
      (wall[i] as number[]).push(t);
      (cpu[i] as number[]).push((c.user + c.system) / 1000);
    }
  });
}
const show = (t: Timing): string => `${t.medianMs.toFixed(1)} ms (${t.minMs.toFixed(1)}–${t.maxMs.toFixed(1)})`;
const figures = builds.map((b, i) => ({ name: b.name, wall: summarise(wall[i] as number[]), cpu: summarise(cpu[i] as number[]) }));
for (const f of figures) process.stdout.write(`${f.name}: ${show(f.wall)} wall, CPU ${show(f.cpu)}\n`);
const [a, b] = figures as [(typeof figures)[0], (typeof figures)[0]];
process.stdout.write(`new/old: wall ${(b.wall.medianMs / a.wall.medianMs).toFixed(3)}, CPU ${(b.cpu.medianMs / a.cpu.medianMs).toFixed(3)}; same reports: ${outputs[0] === outputs[1]}; ${runs} rounds; ${(bytes.length / 1e6).toFixed(1)} MB in; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`);
