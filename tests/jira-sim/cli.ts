/**
 * Command line: `npm run jira-sim -- [--port N] [--mode cloud|datacenter] [--data FILE] [--seed demo|empty|company]
 * [--clock ISO] [--clock-offset DURATION] [--frozen]`. Prints `listening on http://127.0.0.1:PORT` as the first stdout line and
 * runs until interrupted.
 */
import process from "node:process";
import { SEEDS } from "./seed";
import { startSimulator, type SimOptions } from "./server";

/** `-5m`, `+90s`, `2h`, `-1500` (ms): Jira's clock offset from the machine's. */
function offsetMs(text: string): number {
  const m = /^([+-]?\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (!m) throw new Error(`--clock-offset takes a signed duration such as -5m, +90s, 2h or -1500 (ms), not '${text}'`);
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(m[2] ?? "ms") as "ms" | "s" | "m" | "h"];
  return Math.round(Number(m[1]) * unit);
}

function parseArgs(argv: string[]): SimOptions {
  const o: SimOptions = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = (): string => {
      const x = argv[++i];
      if (x === undefined) throw new Error(`missing value for ${String(a)}`);
      return x;
    };
    switch (a) {
      case "--port": o.port = Number(v()); break;
      case "--mode": { const m = v(); if (m !== "cloud" && m !== "datacenter") throw new Error(`--mode must be cloud or datacenter`); o.mode = m; break; }
      case "--data": o.dataFile = v(); break;
      case "--seed": { const s = v(); const seed = SEEDS.find((x) => x === s); if (!seed) throw new Error(`--seed must be one of ${SEEDS.join(", ")}`); o.seed = seed; break; }
      case "--clock": o.clockStart = v(); break;
      case "--clock-offset": o.clockOffsetMs = offsetMs(v()); break;
      case "--frozen": o.clockFrozen = true; break;
      case "--help":
        process.stdout.write(`usage: jira-sim [--port N] [--mode cloud|datacenter] [--data FILE] [--seed ${SEEDS.join("|")}] [--clock ISO] [--clock-offset ±N(ms|s|m|h)] [--frozen]\n`);
        process.exit(0);
        break;
      default: throw new Error(`unknown option ${String(a)}`);
    }
  }
  return o;
}

async function main(): Promise<void> {
  // A reader that stops listening (`| head -1`) must not crash the simulator.
  process.stdout.on("error", () => undefined);
  const opts = parseArgs(process.argv.slice(2));
  const h = await startSimulator(opts);
  process.stdout.write(`listening on ${h.url}\n`);
  process.stdout.write(`mode ${opts.mode ?? "cloud"}; users: alice@example.com / alice-api-token, bob@example.com / bob-api-token (see tests/jira-sim/README.md)\n`);
  const shutdown = (): void => {
    void h.stop().then(() => process.exit(0));
  };
  process.on("SIGINT", shutdown);
  process.on("SIGTERM", shutdown);
}

main().catch((e: unknown) => {
  process.stderr.write(`jira-sim: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
