// The headless command line with two Jira sites in data.json (a Cloud simulator synced for OPS, a Data Center
// one for PLAT): `sync` runs both in turn into one vault with a token each from JIRA_API_TOKEN_<HOST>, keeps a
// state file per site, `--site` picks one (JIRA_API_TOKEN then suffices), and a site without token is skipped
// by name while the other runs; the exit code is the worst of the sites.
import { mkdirSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { siteTokenEnv } from "../../cli/options";
import { loadCoreSync } from "../e2e/harness";
import type { SimHandle } from "../jira-sim/server";
import { cliTestHooks, runCli as cli } from "./run-cli";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");

/** Note paths under `dir`, relative, dot folders left out. */
/** The issue notes under `dir` (not the projects' own notes and Bases files, `Jira/OPS/OPS.md`, `OPS.base`). */
function notes(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d, { withFileTypes: true })) {
      if (name.name.startsWith(".")) continue;
      const full = path.join(d, name.name);
      if (name.isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.filter((p) => !/^Jira\/([A-Z][A-Z0-9_]*)\/\1\.(md|base)$/.test(p.split(path.sep).join("/"))).sort();
}

const hooks = cliTestHooks();
let cloud: SimHandle;
let dc: SimHandle;
let tmp: string;
let vault: string;

beforeEach(async () => {
  cloud = await hooks.simulator({ mode: "cloud", seed: "demo" });
  dc = await hooks.simulator({ mode: "datacenter", seed: "demo" });
  tmp = hooks.tempDir("jvs-cli-sites-");
  vault = path.join(tmp, "vault");
  mkdirSync(path.join(vault, PLUGIN_DIR), { recursive: true });
  // PLAT's workflow has a Backlog status the default mapping leaves out: it counts as the first state here.
  const statuses = structuredClone((loadCoreSync().defaultSyncConfig() as { statuses: { jiraStatuses: string[] }[] }).statuses);
  statuses[0]!.jiraStatuses.push("Backlog");
  const settings = {
    siteUrl: cloud.url,
    email: "alice@example.com",
    projectKeys: "OPS",
    sync: { statuses },
    additionalSites: [{ siteUrl: dc.url, deployment: "datacenter", email: "", projectKeys: "PLAT", jql: "" }],
  };
  writeFileSync(path.join(vault, PLUGIN_DIR, "data.json"), JSON.stringify({ settings }));
});

describe("jira-vault-sync sync with two sites", () => {
  it("names each site's token variable after its host", () => {
    expect(siteTokenEnv("https://example.atlassian.net")).toBe("JIRA_API_TOKEN_EXAMPLE_ATLASSIAN_NET");
    expect(siteTokenEnv("http://127.0.0.1:8080")).toBe("JIRA_API_TOKEN_127_0_0_1_8080");
  });

  it("syncs both sites in turn with a token each, a state file each, and exits 0", async () => {
    const run = await cli(["sync", "--vault", vault], { [siteTokenEnv(cloud.url)]: "alice-api-token", [siteTokenEnv(dc.url)]: "alice-personal-access-token" });
    expect(run.stderr).not.toContain("jira-vault-sync:");
    expect(run.status).toBe(0);
    expect(run.stdout).toContain(`${cloud.url}\nSync finished: 21 fetched, 21 notes created`);
    expect(run.stdout).toContain(`${dc.url}\nSync finished: 18 fetched, 18 notes created`);
    const all = notes(vault);
    expect(all.filter((p) => p.startsWith("Jira/OPS/"))).toHaveLength(21);
    expect(all.filter((p) => p.startsWith("Jira/PLAT/"))).toHaveLength(18);
    expect(readdirSync(path.join(vault, PLUGIN_DIR)).filter((f) => f.startsWith("sync-state-"))).toHaveLength(2);
    expect(cloud.admin.log().some((e) => e.path.includes("PLAT"))).toBe(false);
    // --json prints one entry per site.
    const again = await cli(["sync", "--vault", vault, "--json"], { [siteTokenEnv(cloud.url)]: "alice-api-token", [siteTokenEnv(dc.url)]: "alice-personal-access-token" });
    expect(again.status).toBe(0);
    const reports = JSON.parse(again.stdout) as { site: string; exitCode: number }[];
    expect(reports.map((r) => [r.site, r.exitCode])).toEqual([
      [cloud.url, 0],
      [dc.url, 0],
    ]);
  });

  it("runs only the site --site picks, with JIRA_API_TOKEN", async () => {
    const run = await cli(["sync", "--vault", vault, "--site", dc.url], { JIRA_API_TOKEN: "alice-personal-access-token" });
    expect(run.status).toBe(0);
    expect(notes(vault).every((p) => p.startsWith("Jira/PLAT/"))).toBe(true);
    expect(notes(vault)).toHaveLength(18);
    expect(cloud.admin.log()).toHaveLength(0);
  });

  it("skips a site without token by name, still syncs the other, and exits 2", async () => {
    const run = await cli(["sync", "--vault", vault], { [siteTokenEnv(cloud.url)]: "alice-api-token" });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`jira-vault-sync: ${dc.url} skipped: neither ${siteTokenEnv(dc.url)} nor JIRA_API_TOKEN is set`);
    expect(notes(vault)).toHaveLength(21);
    expect(dc.admin.log()).toHaveLength(0);
  });

  it("refuses --project without --site when several sites are configured", async () => {
    const run = await cli(["sync", "--vault", vault, "--project", "WEB"], { JIRA_API_TOKEN: "x" });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pass --site URL/);
  });
});
