// Interleaved A/B of command-line builds on the vault-size benchmark's vaults (issue #13 goal 1), for a loaded
// machine where one absolute figure says little: `npx tsx bench/cli-ab.ts [--rounds N] A.cjs B.cjs …` (e.g. a copy
// of the base commit's bin/jira-vault-sync.cjs and this tree's).
// Sets up the same two vaults as `vault-size.ts` (the demo project + 200 generated issues pulled into ~220 linked
// notes; a copy with 20,000 unrelated notes), gives every build its own copy of both (each keeps its own state and
// note index), warms each up, then runs rounds: in each round every build does a no-op sync of the small vault,
// of the large one, then one pushed edit in each, in turn, so every build meets the same load. Prints per build
// the medians, the ratios large ÷ small, and the CPU time (user + sys) the child used.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import process from "node:process";
import { performance } from "node:perf_hooks";
import { generateVault } from "../tests/cli/large-vault";
import { startSimulator } from "../tests/jira-sim/server";
import { settleVault } from "./vault-settle";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");

interface Run {
  wallMs: number;
  cpuMs: number;
}

function cli(bin: string, vault: string): Promise<Run> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    // bash's `time` around the child gives its CPU time (user + sys), which the load of other work inflates
    // less than the wall time; the wall time includes bash's start (the same for every build).
    const child = spawn("/usr/bin/env", ["bash", "-c", 'TIMEFORMAT="%U %S"; { time node "$0" sync --vault "$1" --json >/dev/null; } 2>&1 1>/dev/null | tail -n 1', bin, vault], {
      env: { PATH: process.env.PATH, JIRA_API_TOKEN: "alice-api-token" },
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.resume();
    child.on("error", reject);
    child.on("close", (status) => {
      const wallMs = performance.now() - t0;
      const [user, sys] = out.trim().split(/\s+/).map(Number);
      if (status !== 0 || user === undefined || sys === undefined || Number.isNaN(user) || Number.isNaN(sys)) reject(new Error(`sync failed (${status}): ${out}`));
      else resolve({ wallMs, cpuMs: (user + sys) * 1000 });
    });
  });
}

function editOne(file: string, n: number): void {
  const text = readFileSync(file, "utf8");
  writeFileSync(file, `${text.trimEnd()}\n\nEdited for the benchmark, round ${n}.\n`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  let rounds = 7;
  const bins: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a === "--rounds") rounds = Number(argv[++i]);
    else bins.push(path.resolve(a));
  }
  if (bins.length === 0) throw new Error("usage: npx tsx bench/cli-ab.ts [--rounds N] A.cjs [B.cjs …]");
  const sim = await startSimulator({ mode: "cloud", seed: "demo" });
  sim.admin.generate("OPS", 200, ["generated"]);
  const tmp = mkdtempSync(path.join(tmpdir(), "jvs-cli-ab-"));
  try {
    const small = path.join(tmp, "small");
    const large = path.join(tmp, "large");
    const data = JSON.stringify({ settings: { siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS" } });
    mkdirSync(path.join(small, PLUGIN_DIR), { recursive: true });
    writeFileSync(path.join(small, PLUGIN_DIR, "data.json"), data);
    await cli(bins[0] as string, small);
    await settleVault(sim, () => cli(bins[0] as string, small));
    cpSync(small, large, { recursive: true });
    generateVault(large, 20_000, "OPS", [], 0);
    const linked = readdirSync(path.join(small, "Jira", "OPS")).map((f) => path.join("Jira", "OPS", f));
    const vaults = bins.map((bin, b) => {
      const own = { small: path.join(tmp, `b${b}-small`), large: path.join(tmp, `b${b}-large`) };
      for (const [from, to] of [[small, own.small], [large, own.large]] as const) {
        rmSync(to, { recursive: true, force: true });
        cpSync(from, to, { recursive: true });
        rmSync(path.join(to, PLUGIN_DIR, "note-index.json"), { force: true });
        writeFileSync(path.join(to, PLUGIN_DIR, "data.json"), data);
      }
      return { bin, ...own };
    });
    // Warm-up: builds every copy's note index and settles its watermark.
    for (const v of vaults) for (const root of [v.small, v.large]) for (let i = 0; i < 2; i++) await cli(v.bin, root);
    const figures = vaults.map(() => ({ noopS: [] as Run[], noopL: [] as Run[], editS: [] as Run[], editL: [] as Run[] }));
    const loads: number[] = [];
    let n = 0;
    for (let r = 0; r < rounds; r++) {
      loads.push(loadavg()[0] as number);
      for (const [b, v] of vaults.entries()) {
        const f = figures[b] as (typeof figures)[number];
        f.noopS.push(await cli(v.bin, v.small));
        f.noopL.push(await cli(v.bin, v.large));
        editOne(path.join(v.small, linked[n % linked.length] as string), n++);
        f.editS.push(await cli(v.bin, v.small));
        editOne(path.join(v.large, linked[n % linked.length] as string), n++);
        f.editL.push(await cli(v.bin, v.large));
      }
      process.stderr.write(`round ${r + 1}/${rounds} (load ${loads[loads.length - 1]?.toFixed(2)})\n`);
    }
    const wall = (rs: Run[]): number => median(rs.map((x) => x.wallMs));
    const cpu = (rs: Run[]): number => median(rs.map((x) => x.cpuMs));
    console.log(`${rounds} rounds, load average ${Math.min(...loads).toFixed(2)}–${Math.max(...loads).toFixed(2)}; medians, wall ms (CPU ms)`);
    console.log("| build | no-op small | no-op large | no-op ratio | edit small | edit large | edit ratio |");
    console.log("| --- | ---: | ---: | ---: | ---: | ---: | ---: |");
    for (const [b, v] of vaults.entries()) {
      const f = figures[b] as (typeof figures)[number];
      const cell = (rs: Run[]): string => `${wall(rs).toFixed(0)} (${cpu(rs).toFixed(0)})`;
      console.log(`| ${path.basename(v.bin)} | ${cell(f.noopS)} | ${cell(f.noopL)} | ${(wall(f.noopL) / wall(f.noopS)).toFixed(2)}× | ${cell(f.editS)} | ${cell(f.editL)} | ${(wall(f.editL) / wall(f.editS)).toFixed(2)}× |`);
    }
  } finally {
    await sim.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
