// End to end, as a user runs it: the command line syncs two projects of the simulator's company site with two
// automation rules switched on; bob moves an issue to In Review in Jira; the next sync fires both rules (one
// comments, which Jira takes; the other moves the issue to a status no workflow reaches, which fails). The
// firings go into the site's activity record in the state folder, and the digest report shows them: one firing
// per rule, the first fully succeeded, the second not, with the failed action named; `report metrics --json`
// gives the same rates. Cloud and Data Center.
import { Buffer } from "node:buffer";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cliTestHooks, runCli as cli } from "./run-cli";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");
const PROJECTS = ["SRCH", "NOTIF"];
const RULES_NOTE = "Jira/Automation.md";
const RULES = `# Automation

\`\`\`jira-rule
name: Review started
when: {status-changed: {to: In Review}}
then:
  - comment: "{{issue.key}} is ready for review"
\`\`\`

\`\`\`jira-rule
name: Straight to archive
when: {status-changed: {to: In Review}}
then:
  - move-to: Archived forever
\`\`\`
`;

const hooks = cliTestHooks();

interface AutomationJson {
  notAvailable: string | null;
  firings: number;
  succeeded: number;
  successRate: number | null;
  failedActions: { kind: string; count: number }[];
  rules: { rule: string; firings: number; succeeded: number; successRate: number | null; failedActions: { kind: string; count: number }[]; issues: string[] }[];
}

describe.each(["cloud", "datacenter"] as const)("automation efficiency after a sync with rules (%s)", (mode) => {
  it("records each firing with its actions' outcomes and the digest report shows the firings and their success", { timeout: 120_000 }, async () => {
    const sim = await hooks.simulator({ mode, seed: "company" });
    const tmp = hooks.tempDir("jvs-efficiency-");
    const vault = path.join(tmp, "vault");
    const pluginDir = path.join(vault, PLUGIN_DIR);
    mkdirSync(pluginDir, { recursive: true });
    mkdirSync(path.join(vault, "Jira"), { recursive: true });
    writeFileSync(path.join(vault, RULES_NOTE), RULES);
    const settings = { siteUrl: sim.url, deployment: mode, email: "alice@example.com", projectKeys: PROJECTS.join(", "), automation: { enabled: true, rulesPath: RULES_NOTE, dailyCap: 20 } };
    writeFileSync(path.join(pluginDir, "data.json"), JSON.stringify({ settings }));
    const env = { JIRA_API_TOKEN: mode === "cloud" ? "alice-api-token" : "alice-personal-access-token" };

    // The first sync with rules fires nothing, so no record is kept yet and the digest says so.
    const first = await cli(["sync", "--vault", vault], env);
    expect(first.status, first.stderr).toBe(0);
    expect(readdirSync(pluginDir).filter((f) => f.startsWith("activity-"))).toEqual([]);
    const before = await cli(["report", "digest", "--vault", vault, "--out", "Reports/Before.md"]);
    expect(before.status, before.stderr).toBe(0);
    expect(readFileSync(path.join(vault, "Reports/Before.md"), "utf8")).toContain("## Automation\n\nNot available: no record of automation or assistance yet");

    // Bob moves an issue in progress to In Review in Jira.
    const st = sim.sim.store.state;
    const inProgress = st.statuses.find((s) => s.name === "In Progress")?.id;
    const issue = st.issues.find((i) => PROJECTS.includes(i.projectKey) && i.statusId === inProgress && i.parentId === null);
    expect(issue, "an issue in progress").toBeDefined();
    const key = issue?.key ?? "";
    const api = mode === "cloud" ? "/rest/api/3" : "/rest/api/2";
    const auth = mode === "cloud" ? `Basic ${Buffer.from("bob@example.com:bob-api-token").toString("base64")}` : "Bearer bob-personal-access-token";
    const moved = await fetch(`${sim.url}${api}/issue/${key}/transitions`, { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify({ transition: { id: "21" } }) });
    expect(moved.status).toBe(204);

    const second = await cli(["sync", "--vault", vault], env);
    expect(second.status, second.stderr).toBeLessThan(2);
    const file = readdirSync(pluginDir).find((f) => /^activity-.*\.json$/.test(f));
    expect(file, "the activity record in the state folder").toBeDefined();
    expect(existsSync(path.join(pluginDir, `${file ?? ""}.tmp`))).toBe(false);
    const record = JSON.parse(readFileSync(path.join(pluginDir, file ?? ""), "utf8")) as { firings: { rule: string; key: string; actions: { kind: string; outcome: string }[] }[] };
    expect(record.firings.map((f) => [f.rule, f.key, f.actions])).toEqual([
      ["Review started", key, [{ kind: "comment", outcome: "ok" }]],
      ["Straight to archive", key, [{ kind: "move-to", outcome: "failed" }]],
    ]);

    const digest = await cli(["report", "digest", "--vault", vault, "--out", "Reports/Digest.md"]);
    expect(digest.status, digest.stderr).toBe(0);
    const note = readFileSync(path.join(vault, "Reports/Digest.md"), "utf8");
    const section = note.split("## Automation\n")[1] ?? "";
    expect(section).toContain("xychart-beta");
    expect(section).toMatch(/\| Review started \| 1 \| [\d.]+ \| 1 \| 100\\% \| {2}\| \[\[[^\]]+\\\|/);
    expect(section).toMatch(/\| Straight to archive \| 1 \| [\d.]+ \| 0 \| 0\\% \| move-to 1 \| /);
    expect(section).toContain("- Rules fired 2 times; 1 of 2 (50\\%) had every action succeed; failed actions: move-to 1.");
    expect(section).toContain("- Rule Straight to archive fully succeeded in 0 of 1 (0\\%) firings (failed actions: move-to 1)");

    const today = new Date().toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const metrics = await cli(["report", "metrics", "--vault", vault, "--from", yesterday, "--to", tomorrow, "--json"]);
    expect(metrics.status, metrics.stderr).toBe(0);
    const automation = (JSON.parse(metrics.stdout) as { automation: AutomationJson }).automation;
    expect(today >= yesterday).toBe(true);
    expect(automation.notAvailable).toBeNull();
    expect([automation.firings, automation.succeeded, automation.successRate]).toEqual([2, 1, 0.5]);
    expect(automation.failedActions).toEqual([{ kind: "move-to", count: 1 }]);
    expect(automation.rules.map((r) => [r.rule, r.firings, r.successRate, r.issues])).toEqual([
      ["Review started", 1, 1, [key]],
      ["Straight to archive", 1, 0, [key]],
    ]);
  });
});
