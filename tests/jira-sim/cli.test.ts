/**
 * The command line: spawns `node scripts/jira-sim.mjs --seed demo` (what `npm run jira-sim` runs), reads the first stdout line
 * (`listening on http://127.0.0.1:PORT`), reports the start-up time, and checks `--data` persistence across
 * restarts and `--mode datacenter`.
 */
import { Buffer } from "node:buffer";
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import process from "node:process";
import { afterEach, describe, expect, it } from "vitest";
import { CLOUD_USERS, DC_USERS, rawRequest } from "./test/harness";

const procs: ChildProcess[] = [];
afterEach(() => {
  for (const p of procs.splice(0)) p.kill("SIGTERM");
});

async function start(args: string[]): Promise<{ url: string; ms: number; firstLine: string }> {
  const t0 = performance.now();
  const p = spawn(process.execPath, ["scripts/jira-sim.mjs", ...args], { stdio: ["ignore", "pipe", "pipe"] });
  procs.push(p);
  const firstLine = await new Promise<string>((resolve, reject) => {
    let buf = "";
    let err = "";
    p.stdout?.on("data", (c: Buffer) => {
      buf += c.toString();
      const nl = buf.indexOf("\n");
      if (nl >= 0) resolve(buf.slice(0, nl));
    });
    p.stderr?.on("data", (c: Buffer) => (err += c.toString()));
    p.on("exit", (code) => reject(new Error(`exited ${String(code)}: ${err}`)));
  });
  const ms = performance.now() - t0;
  const m = /^listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(firstLine);
  expect(m, firstLine).not.toBeNull();
  return { url: m?.[1] ?? "", ms, firstLine };
}

describe("cli", () => {
  it("starts with --seed demo and prints the URL first (start-up time reported)", async () => {
    const { url, ms } = await start(["--seed", "demo", "--port", "0"]);
    process.stdout.write(`jira-sim start-up (spawn → first line): ${ms.toFixed(0)} ms\n`);
    expect(ms).toBeLessThan(10_000);
    const r = await rawRequest(`${url}/rest/api/3/myself`, "GET", { Authorization: CLOUD_USERS.alice });
    expect(r.status).toBe(200);
  });

  it("persists to --data after every write and loads it on start", async () => {
    const dir = mkdtempSync(join(tmpdir(), "jira-sim-"));
    const file = join(dir, "state.json");
    try {
      const a = await start(["--data", file, "--seed", "empty"]);
      expect(existsSync(file)).toBe(true);
      const body = JSON.stringify({ fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "persisted" } });
      const c = await rawRequest(`${a.url}/rest/api/3/issue`, "POST", { Authorization: CLOUD_USERS.alice, "Content-Type": "application/json" }, body);
      expect(c.status).toBe(201);
      expect(readFileSync(file, "utf8")).toContain("persisted");
      for (const p of procs.splice(0)) p.kill("SIGTERM");
      const b = await start(["--data", file]);
      const g = await rawRequest(`${b.url}/rest/api/3/issue/OPS-1?fields=summary`, "GET", { Authorization: CLOUD_USERS.alice });
      expect(JSON.parse(g.text)).toMatchObject({ key: "OPS-1", fields: { summary: "persisted" } });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("serves the company site with Jira's clock 5 minutes behind (--seed company --clock-offset -5m)", async () => {
    const { url, ms } = await start(["--seed", "company", "--clock-offset", "-5m"]);
    process.stdout.write(`jira-sim --seed company start-up (spawn → first line): ${ms.toFixed(0)} ms\n`);
    const r = await rawRequest(`${url}/rest/api/3/serverInfo`, "GET", { Authorization: CLOUD_USERS.alice });
    const jiraNow = Date.parse(String(r.headers.date));
    expect(Math.abs(jiraNow - (Date.now() - 300_000))).toBeLessThan(5_000);
    const serverTime = Date.parse((JSON.parse(r.text) as { serverTime: string }).serverTime.replace(/(\d\d)(\d\d)$/, "$1:$2"));
    expect(Math.abs(serverTime - (Date.now() - 300_000))).toBeLessThan(5_000);
    const p = await rawRequest(`${url}/rest/api/3/project/search?maxResults=100`, "GET", { Authorization: CLOUD_USERS.alice });
    expect((JSON.parse(p.text) as { total: number }).total).toBe(25);
  });

  it("refuses an unknown seed and a malformed clock offset", async () => {
    await expect(start(["--seed", "nope"])).rejects.toThrow(/--seed must be one of demo, empty, company/);
    await expect(start(["--clock-offset", "five minutes"])).rejects.toThrow(/--clock-offset takes a signed duration/);
  });

  it("runs in Data Center mode", async () => {
    const { url } = await start(["--mode", "datacenter"]);
    const r = await rawRequest(`${url}/rest/api/2/myself`, "GET", { Authorization: DC_USERS.bob });
    expect(JSON.parse(r.text)).toMatchObject({ name: "bob", timeZone: "America/Los_Angeles" });
  });
});
