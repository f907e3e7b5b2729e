/**
 * Command line: `npm run jira-sim -- [--port N] [--mode cloud|datacenter] [--data FILE] [--seed demo|empty]
 * [--clock ISO] [--frozen]`. Prints `listening on http://127.0.0.1:PORT` as the first stdout line and
 * runs until interrupted.
 */
import process from "node:process";
import { startSimulator, type SimOptions } from "./server";

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
      case "--seed": { const s = v(); if (s !== "demo" && s !== "empty") throw new Error(`--seed must be demo or empty`); o.seed = s; break; }
      case "--clock": o.clockStart = v(); break;
      case "--frozen": o.clockFrozen = true; break;
      case "--help":
        process.stdout.write("usage: jira-sim [--port N] [--mode cloud|datacenter] [--data FILE] [--seed demo|empty] [--clock ISO] [--frozen]\n");
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
