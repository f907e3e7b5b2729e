// The headless command line (bin/jira-vault-sync.cjs, built by the vitest global setup) run as a child
// process against the in-process Jira simulator, on temporary copies of examples/vault: a first sync,
// a dry run that changes nothing anywhere, a conflict, and the ways it can refuse to run (exit 2).
import { Buffer } from "node:buffer";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import type { SimHandle } from "../jira-sim/server";
import { type CliRun, cliTestHooks, runCli } from "./run-cli";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");
const NOTE = "Jira/OPS/OPS-16 Clean up stale alert rules.md";

/** Runs the CLI asynchronously (the simulator lives in this process), with alice's token unless told otherwise. */
function cli(args: string[], env: Record<string, string> = { JIRA_API_TOKEN: "alice-api-token" }): Promise<CliRun> {
  return runCli(args, env);
}

/** Every file under `dir` (dot folders included) with its text. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  walk(dir);
  return out;
}

const hooks = cliTestHooks();
let sim: SimHandle;
let tmp: string;
let vault: string;

function writeData(settings: Record<string, unknown>): void {
  mkdirSync(path.join(vault, PLUGIN_DIR), { recursive: true });
  writeFileSync(path.join(vault, PLUGIN_DIR, "data.json"), JSON.stringify({ settings }));
}

beforeEach(async () => {
  sim = await hooks.simulator({ mode: "cloud", seed: "demo" });
  tmp = hooks.tempDir("jvs-cli-");
  vault = path.join(tmp, "vault");
  cpSync("examples/vault", vault, { recursive: true });
  writeData({ siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS" });
});

describe("jira-vault-sync sync", () => {
  it("writes notes on a first sync, saves state in the plugin folder and exits 0", async () => {
    const run = await cli(["sync", "--vault", vault]);
    expect(run.stderr).toMatch(/^syncing… \d+ requests, \d+ edits\n$/);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Sync finished: 22 fetched, 18 notes created, .*1 issue created/);
    expect(readFileSync(path.join(vault, "Jira/OPS/OPS-1 Incident automation.md"), "utf8")).toContain("jira_key: OPS-1\ntitle: Incident automation\n");
    expect(readFileSync(path.join(vault, "Projects/Release 2.4.md"), "utf8")).toContain("jira_key: OPS-22");
    const files = readdirSync(path.join(vault, PLUGIN_DIR)).sort();
    expect(files.some((f) => f.startsWith("sync-state-127-0-0-1-"))).toBe(true);
    expect(`${run.stdout}${run.stderr}`).not.toContain("alice-api-token");
    // The project note and Bases file, as the plugin writes them (docs/projects.md).
    expect(run.stdout).toMatch(/^Projects: 1 project note written; 1 Bases file written/m);
    expect(readFileSync(path.join(vault, "Jira/OPS/OPS.md"), "utf8")).toContain("jira_project_note: OPS\nproject_name: Operations\n");
    expect(readFileSync(path.join(vault, "Jira/OPS/OPS.base"), "utf8")).toContain('file.inFolder(\\"Jira/OPS\\")');
    expect(files.some((f) => f.startsWith("project-notes-127-0-0-1-"))).toBe(true);
    // Nothing left to do: a second run is one search.
    const again = await cli(["sync", "--vault", vault, "--json"]);
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout) as { exitCode: number; counts: { requests: number; notesCreated: number } };
    expect(report.exitCode).toBe(0);
    expect(report.counts.notesCreated).toBe(0);
    expect(report).not.toHaveProperty("projects");
  });

  it("writes no project notes when the setting is off", async () => {
    writeData({ siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS", sync: { projectNotes: false } });
    const run = await cli(["sync", "--vault", vault]);
    expect(run.status).toBe(0);
    expect(run.stdout).not.toContain("Projects:");
    expect(existsSync(path.join(vault, "Jira/OPS/OPS.md"))).toBe(false);
  });

  it("on a site without the AI custom fields: exit 0, one warning per missing field, then a sync of one request", async () => {
    await sim.stop();
    sim = await hooks.simulator({ mode: "cloud", seed: "demo", withoutCustomFields: ["LLM Context", "Model Suggestions", "Automation Status"] });
    rmSync(vault, { recursive: true, force: true });
    mkdirSync(vault, { recursive: true });
    writeData({ siteUrl: sim.url, email: "alice@example.com", projectKeys: "OPS" });
    const first = await cli(["sync", "--vault", vault]);
    expect(first.status).toBe(0);
    const warnings = first.stdout.split("\n").filter((l) => l.trimStart().startsWith("warning"));
    expect(warnings).toHaveLength(3);
    for (const name of ["LLM Context", "Model Suggestions", "Automation Status"]) expect(warnings.some((l) => l.includes(`"${name}"`) && l.includes("Create the field in Jira or remove the mapping"))).toBe(true);
    expect(first.stdout).not.toMatch(/^\s*error/m);
    sim.admin.clearLog();
    const second = await cli(["sync", "--vault", vault]);
    expect(second.status).toBe(0);
    // One search for the sync, one for the issue history (nothing new: no changelog read).
    expect(sim.admin.log().map((e) => e.path)).toEqual(["/rest/api/3/search/jql", "/rest/api/3/search/jql"]);
  });

  it("keeps the issue history beside the sync state, and --rebuild-history reads it whole again", async () => {
    const first = await cli(["sync", "--vault", vault]);
    expect(first.status).toBe(0);
    expect(first.stdout).toMatch(/^History: 22 issues read \(full, \d+ requests\), \d+ changes; 22 issues kept\.$/m);
    const file = readdirSync(path.join(vault, PLUGIN_DIR)).find((f) => /^history-127-0-0-1-\d+\.json$/.test(f));
    expect(file).toBeDefined();
    const kept = JSON.parse(readFileSync(path.join(vault, PLUGIN_DIR, file ?? ""), "utf8")) as { issues: Record<string, { key: string }> };
    expect(Object.values(kept.issues).map((i) => i.key)).toContain("OPS-1");
    const again = await cli(["sync", "--vault", vault, "--json"]);
    expect(JSON.parse(again.stdout)).toMatchObject({ history: { full: false, issues: 0, requests: 1, kept: 22 } });
    const rebuilt = await cli(["sync", "--vault", vault, "--rebuild-history"]);
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/^History: 22 issues read \(full, /m);
  });

  it("prints the plan of a dry run and changes nothing: no edits, no state, only reads and searches", async () => {
    const before = snapshot(vault);
    const run = await cli(["sync", "--vault", vault, "--dry-run"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("Dry run (nothing changed)");
    expect(run.stdout).toContain("Jira/OPS/OPS-1 Incident automation.md OPS-1: would create the note");
    expect(run.stdout).toContain("Projects/Release 2.4.md: would create an issue in OPS");
    expect(run.stdout).toMatch(/Jira\/OPS\/OPS-16 Clean up stale alert rules\.md OPS-16: would update Jira: .*ai_context/);
    expect(snapshot(vault)).toEqual(before);
    const log = sim.admin.log();
    expect(log.length).toBeGreaterThan(0);
    for (const entry of log) {
      expect(entry.method === "GET" || (entry.method === "POST" && /\/search(\/jql)?$/.test(entry.path))).toBe(true);
    }
  });

  it("exits 1 and lists the conflict when a field changed on both sides", async () => {
    expect((await cli(["sync", "--vault", vault])).status).toBe(0);
    const file = path.join(vault, NOTE);
    writeFileSync(file, readFileSync(file, "utf8").replace("title: Clean up stale alert rules", "title: Delete stale alert rules"));
    const put = await fetch(`${sim.url}/rest/api/3/issue/OPS-16`, {
      method: "PUT",
      headers: { Authorization: `Basic ${Buffer.from("bob@example.com:bob-api-token").toString("base64")}`, "Content-Type": "application/json" },
      body: JSON.stringify({ fields: { summary: "Clean up stale and flapping alert rules" } }),
    });
    expect(put.status).toBe(204);
    const run = await cli(["sync", "--vault", vault]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/conflict +Jira\/OPS\/OPS-16 Clean up stale alert rules\.md OPS-16: conflict in title/);
    const note = readFileSync(file, "utf8");
    expect(note).toContain("sync_conflict: true");
    expect(note).toContain("title: Delete stale alert rules");
    expect(note).toContain("Clean up stale and flapping alert rules");
  });

  it("exits 2 with a one-line message when the token is missing", async () => {
    const before = snapshot(vault);
    const run = await cli(["sync", "--vault", vault], {});
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe("jira-vault-sync: JIRA_API_TOKEN is not set: export your Jira API token (or Data Center personal access token).\n");
    expect(sim.admin.log()).toHaveLength(0);
    expect(snapshot(vault)).toEqual(before);
  });

  it("exits 2 with one line naming the setting, before any request, when no projects and no JQL are set", async () => {
    writeData({ siteUrl: sim.url, email: "alice@example.com", projectKeys: "" });
    const before = snapshot(vault);
    const run = await cli(["sync", "--vault", vault]);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr.split("\n")).toHaveLength(2);
    expect(run.stderr).toMatch(/^jira-vault-sync: Nothing to sync on .*no project keys and no JQL filter.*Project keys.*JQL filter.*--project KEY.*\n$/);
    expect(sim.admin.log()).toHaveLength(0);
    const notes = (files: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(files).filter(([p]) => !p.startsWith(PLUGIN_DIR)));
    expect(notes(snapshot(vault))).toEqual(notes(before));
    const scoped = await cli(["sync", "--vault", vault, "--project", "OPS"]);
    expect(scoped.status).toBe(0);
  });

  it("exits 2 on a bad token without printing it or a stack trace", async () => {
    const run = await cli(["sync", "--vault", vault], { JIRA_API_TOKEN: "not-the-token" });
    expect(run.status).toBe(2);
    const message = run.stderr.split("\n").filter((l) => l.startsWith("jira-vault-sync: "));
    expect(message).toHaveLength(1);
    expect(message[0]).toMatch(/401|authenticat|token/i);
    expect(run.stderr).not.toContain("not-the-token");
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(vault, "Jira/OPS/OPS-1 Incident automation.md"))).toBe(false);
  });

  // The transport retries a refused connection with real backoff (a few seconds) before giving up.
  it("exits 2 with a one-line message when the site is unreachable", { timeout: 60_000 }, async () => {
    const down = sim.url;
    await sim.stop();
    sim = await hooks.simulator({ mode: "cloud", seed: "empty" });
    const unreachable = await cli(["sync", "--vault", vault, "--site", down]);
    expect(unreachable.status).toBe(2);
    expect(unreachable.stderr).toMatch(/^(syncing… .*\n)?jira-vault-sync: .+\n$/);
    expect(existsSync(path.join(vault, "Jira/OPS/OPS-1 Incident automation.md"))).toBe(false);
  });

  it("exits 2 when the site is missing or a flag is wrong", async () => {
    writeData({ email: "alice@example.com", projectKeys: "OPS" });
    const noSite = await cli(["sync", "--vault", vault]);
    expect(noSite.status).toBe(2);
    expect(noSite.stderr).toBe("jira-vault-sync: No Jira site: set it in the plugin settings or pass --site URL.\n");

    const badSite = await cli(["sync", "--vault", vault, "--site", "http://jira.example.com"]);
    expect(badSite.status).toBe(2);
    expect(badSite.stderr).toContain("Plain http:// is only allowed for localhost");

    const badFlag = await cli(["sync", "--vault", vault, "--frobnicate"]);
    expect(badFlag.status).toBe(2);
    expect(badFlag.stderr).toContain("--frobnicate");

    const missingVault = await cli(["sync", "--vault", path.join(tmp, "nowhere")]);
    expect(missingVault.status).toBe(2);
    expect(missingVault.stderr).toBe(`jira-vault-sync: Not a folder: ${path.join(tmp, "nowhere")} (--vault takes the vault's folder).\n`);

    const noVault = await cli(["sync"]);
    expect(noVault.status).toBe(2);
    expect(noVault.stderr).toContain("Missing --vault DIR.");
  });

  it("takes the site, email and projects from flags over data.json", async () => {
    writeData({});
    const run = await cli(["sync", "--vault", vault, "--site", `${sim.url}/`, "--email", "alice@example.com", "--project", "OPS", "--pull"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/21 fetched, 18 notes created/);
    // --pull pushes nothing: the project note stays without a key.
    expect(readFileSync(path.join(vault, "Projects/Release 2.4.md"), "utf8")).not.toContain("jira_key");
  });

  it("syncs with Data Center and a personal access token", async () => {
    const dc = await hooks.simulator({ mode: "datacenter", seed: "demo" });
    const run = await cli(["sync", "--vault", vault, "--site", dc.url, "--deployment", "datacenter", "--project", "OPS"], { JIRA_API_TOKEN: "alice-personal-access-token" });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Sync finished: 22 fetched, 18 notes created/);
    expect(dc.admin.log().every((e) => e.path.startsWith("/rest/api/2/"))).toBe(true);
  });
});
