// A/B of `parseNote` in one process: two wasm-bindgen builds of the core (e.g. a copy of pkg/ from the branch point
// and the current pkg/) read the same notes (a NUL-separated file that `npx tsx bench/run.ts --only scan` writes to
// bench/results/: `tasks-250000.txt`, `vault-1000.txt`, `obsidian-2000.txt`), the runs interleaved A, B, A, B… so
// that the load of a shared machine falls on both alike. Prints each build's median and range, wall and process CPU
// time, the ratios of the medians, and whether both builds gave the same result for every note (its JSON text).
//   npx tsx bench/scan-ab.ts OLD_PKG_DIR NEW_PKG_DIR NOTES.txt [--runs N]
import { readFileSync } from "node:fs";
import { loadavg } from "node:os";
import process from "node:process";
import { loadBuild } from "./pkg-build";
import { summarise, type Timing } from "./stats";

interface Build {
  name: string;
  parseNote: (text: string, path?: string | null) => unknown;
}

async function load(dir: string): Promise<Build> {
  const module = await loadBuild<Omit<Build, "name">>(dir);
  return { name: dir, parseNote: module.parseNote };
}

const [oldDir, newDir, file] = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && all[i - 1] !== "--runs");
if (oldDir === undefined || newDir === undefined || file === undefined) {
  process.stderr.write("usage: npx tsx bench/scan-ab.ts OLD_PKG_DIR NEW_PKG_DIR NOTES.txt [--runs N]\n");
  process.exit(2);
}
const at = process.argv.indexOf("--runs");
const runs = at > 0 ? Number(process.argv[at + 1]) : 5;
const builds = [await load(oldDir), await load(newDir)];
const notes = readFileSync(file, "utf8").split("\0");
const paths = notes.map((_, i) => `Notes/note-${i}.md`);

// The warm-up run of each build also checks that both read every note alike.
const results = builds.map((b) => notes.map((n, i) => JSON.stringify(b.parseNote(n, paths[i]))));
const differing = notes.filter((_, i) => results[0]?.[i] !== results[1]?.[i]).length;
results.length = 0;

const wall: number[][] = [[], []];
const cpu: number[][] = [[], []];
for (let round = 0; round < runs; round++) {
  builds.forEach((b, i) => {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    for (let k = 0; k < notes.length; k++) b.parseNote(notes[k] as string, paths[k]);
    (wall[i] as number[]).push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    (cpu[i] as number[]).push((c.user + c.system) / 1e3);
  });
}
const show = (t: Timing): string => `${t.medianMs.toFixed(1)} ms (${t.minMs.toFixed(1)}–${t.maxMs.toFixed(1)})`;
const figures = builds.map((b, i) => ({ name: b.name, wall: summarise(wall[i] as number[]), cpu: summarise(cpu[i] as number[]) }));
for (const f of figures) process.stdout.write(`${f.name}: ${show(f.wall)}, CPU ${show(f.cpu)}\n`);
const [a, b] = figures as [(typeof figures)[0], (typeof figures)[0]];
const ratio = (x: Timing, y: Timing): string => (y.medianMs / x.medianMs).toFixed(3);
process.stdout.write(
  `new/old: wall ${ratio(a.wall, b.wall)}, CPU ${ratio(a.cpu, b.cpu)}; ${notes.length} notes, ${differing} read differently; ${runs} rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(" ")}\n`,
);
