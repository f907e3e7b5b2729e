// The command line on a 3,000-note vault under an open-file limit of 256 (`ulimit -n 256`, soft and hard:
// Node raises a soft limit to the hard one at start-up), as on a Mac: the built CLI runs as a child of
// bash against the in-process Jira simulator. It used to open every note at once and die with EMFILE; it
// must sync (exit 0), link and create the expected notes, and leave every ordinary note byte for byte.
import { Buffer } from "node:buffer";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import process from "node:process";
import { beforeEach, describe, expect, it } from "vitest";
import type { SimHandle } from "../jira-sim/server";
import { generateVault } from "./large-vault";
import { BIN, type CliRun, cliTestHooks } from "./run-cli";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");

/** Runs the CLI under `ulimit -n LIMIT` (asynchronously: the simulator lives in this process). */
function limitedCli(limit: number, args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    // --norc: bash reads ~/.bashrc when its stdin is a socket, as Node's pipes are.
    const script = `ulimit -n ${limit} && exec "$0" "$@"`;
    const child = spawn("bash", ["--norc", "--noprofile", "-c", script, process.execPath, BIN, ...args], { env: { PATH: process.env.PATH, JIRA_API_TOKEN: "alice-api-token" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

const hooks = cliTestHooks();
let sim: SimHandle;
let tmp: string;

beforeEach(async () => {
  sim = await hooks.simulator({ mode: "cloud", seed: "demo" });
  tmp = hooks.tempDir("jvs-cli-large-");
});

describe("jira-vault-sync sync on a large vault", () => {
  it("syncs a 3,000-note vault under `ulimit -n 256`, twice", { timeout: 60_000 }, async () => {
    // 200 more issues in OPS (after the demo's): 40 linked by hand from the user's folders, the rest pulled as new notes.
    const generated = sim.admin.generate("OPS", 200, ["generated"]);
    const first = Number(generated.firstKey?.slice("OPS-".length));
    const inJira = first - 1 + 200;
    const linkedIssues = Array.from({ length: 40 }, (_, i) => ({ key: `OPS-${first + i}`, description: `Generated description ${first + i}.` }));
    const vault = path.join(tmp, "vault");
    const made = generateVault(vault, 3000, "OPS", linkedIssues, 3);
    mkdirSync(path.join(vault, PLUGIN_DIR), { recursive: true });
    writeFileSync(path.join(vault, PLUGIN_DIR, "data.json"), JSON.stringify({ settings: { siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS" } }));
    expect(made.notes.size).toBe(3000);

    const run = await limitedCli(256, ["sync", "--vault", vault, "--json"]);
    expect(run.stderr).toMatch(/^syncing… \d+ requests, \d+ edits\n$/);
    expect(run.status).toBe(0);
    const report = JSON.parse(run.stdout) as { exitCode: number; counts: { notesCreated: number; issuesCreated: number; errors: number } };
    expect(report.counts).toMatchObject({ notesCreated: inJira - 40, issuesCreated: 3, errors: 0 });

    // Linked notes took Jira's fields (title, status) and kept their text.
    for (const [rel, key] of made.linked) {
      const text = readFileSync(path.join(vault, rel), "utf8");
      expect(text).toContain(`jira_key: ${key}\n`);
      expect(text).toContain(`title: Generated issue ${key.slice(4)}\n`);
      expect(text).toContain(`Generated description ${key.slice(4)}.`);
    }
    // The proposals became issues; their notes carry the new keys.
    for (const rel of made.newIssues) expect(readFileSync(path.join(vault, rel), "utf8")).toMatch(/\njira_key: OPS-\d+\n/);
    // Every other issue got a note in the project folder, beside the project's note and Bases file.
    expect(readdirSync(path.join(vault, "Jira", "OPS")).filter((f) => f !== "OPS.md" && f !== "OPS.base")).toHaveLength(inJira - 40);
    // Not one ordinary note changed.
    const touched = [...made.notes].filter(([rel, text]) => !made.linked.has(rel) && !made.newIssues.includes(rel) && readFileSync(path.join(vault, rel), "utf8") !== text);
    expect(touched.map(([rel]) => rel)).toEqual([]);

    // A second run over the grown vault: nothing to do, only searches (the watermark's minute of overlap
    // brings back the issues just written, as echoes).
    sim.admin.clearLog();
    const second = await limitedCli(256, ["sync", "--vault", vault, "--json"]);
    expect(second.status).toBe(0);
    expect(JSON.parse(second.stdout)).toMatchObject({ exitCode: 0, counts: { notesCreated: 0, notesUpdated: 0, issuesCreated: 0 } });
    expect(sim.admin.log().every((e) => e.method === "POST" && e.path.endsWith("/search/jql"))).toBe(true);
    expect(existsSync(path.join(vault, PLUGIN_DIR, "data.json"))).toBe(true);
  });
});
