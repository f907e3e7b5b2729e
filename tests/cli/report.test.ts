// The headless time report (`jira-vault-sync report time`) run as a child process of the built CLI on a
// temporary vault with a hand-written sync state: it writes the report note, regenerates it in place,
// refuses to overwrite a note that is not a generated report, and exits 2 when it cannot write.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { cliTestHooks, runCliSync as cli } from "./run-cli";

const PLUGIN_DIR = path.join(".obsidian", "plugins", "jira-vault-sync");
const SITE = "https://example.atlassian.net";

let tmp: string;
let vault: string;

const hooks = cliTestHooks();

const worklog = (issueId: string, issueKey: string, author: string, started: string, seconds: number) => ({ issueId, issueKey, authorId: author, author, started, seconds, comment: "" });

// OPS-1 (done, original 2h): alice 1h on 03-01, bob 30m on 03-02 → 1h 30m in the period; accuracy 1h 30m / 2h = 75 %.
// OPS-2 (open, original 1d, remaining 6h): alice 2h on 03-02; a worklog on 03-05 is outside the period.
// Total 3h 30m = 3.5 h; per day 1.0, 2.5, 0.0; two authors, so a per-person table.
const STATE = {
  baseUrl: SITE,
  issues: {
    "100": { key: "OPS-1", path: "Jira/OPS-1.md", status: "Done", values: { title: "Fix login", estimate: "2h", remaining: "0m" } },
    "101": { key: "OPS-2", path: "Jira/OPS-2.md", status: "In Progress", values: { title: "Rotate keys", estimate: "1d", remaining: "6h" } },
  },
  worklogs: {
    "1": worklog("100", "OPS-1", "Alice", "2024-03-01T09:00:00.000+0100", 3600),
    "2": worklog("100", "OPS-1", "Bob", "2024-03-02T16:00:00.000-0800", 1800),
    "3": worklog("101", "OPS-2", "Alice", "2024-03-02T10:00:00.000+0100", 7200),
    "4": worklog("101", "OPS-2", "Alice", "2024-03-05T10:00:00.000+0100", 7200),
  },
};

beforeEach(() => {
  tmp = hooks.tempDir("jvs-report-");
  vault = path.join(tmp, "vault");
  mkdirSync(path.join(vault, PLUGIN_DIR), { recursive: true });
  writeFileSync(path.join(vault, PLUGIN_DIR, "data.json"), JSON.stringify({ settings: { siteUrl: SITE } }));
  writeFileSync(path.join(vault, PLUGIN_DIR, "sync-state-example-atlassian-net.json"), JSON.stringify(STATE));
});

describe("jira-vault-sync report time", () => {
  it("writes the report note with the hand-computed numbers, then regenerates it in place", () => {
    const run = cli(["report", "time", "--vault", vault, "--from", "2024-03-01", "--to", "2024-03-03"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("Wrote Reports/Time report.md (2024-03-01 – 2024-03-03).\n");
    const note = readFileSync(path.join(vault, "Reports", "Time report.md"), "utf8");
    expect(note.startsWith("---\ngenerated_by: jira-vault-sync\n")).toBe(true);
    expect(note).toContain("Total time spent: 3h 30m (3.5 h) on 2 issues.");
    expect(note).toContain("| OPS-1 | Fix login | 1h 30m | 1.5 | 2h | 0m | 75% |");
    expect(note).toContain("| OPS-2 | Rotate keys | 2h | 2.0 | 1d | 6h |  |");
    expect(note).toContain("| OPS | 2 | 3h 30m | 3.5 | 1d 2h | 6h |");
    expect(note).toContain("| Alice | 3h | 3.0 | OPS-1, OPS-2 |");
    expect(note).toContain("| Bob | 30m | 0.5 | OPS-1 |");
    expect(note).toContain('    x-axis ["03-01", "03-02", "03-03"]\n    y-axis "Hours" 0 --> 3\n    bar [1.0, 2.5, 0.0]');

    const again = cli(["report", "time", "--vault", vault, "--from", "2024-03-01", "--to", "2024-03-03"]);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain("Up to date");
    const other = cli(["report", "time", "--vault", vault, "--from", "2024-03-05", "--to", "2024-03-05", "--out", "Reports/Time report.md"]);
    expect(other.status).toBe(0);
    expect(other.stdout).toContain("Updated");
    expect(readFileSync(path.join(vault, "Reports", "Time report.md"), "utf8")).toContain("Total time spent: 2h (2.0 h) on 1 issue.");
  });

  it("never overwrites a note that is not a generated report", () => {
    mkdirSync(path.join(vault, "Notes"));
    const mine = "# My time notes\n\nDo not touch.\n";
    writeFileSync(path.join(vault, "Notes", "Time.md"), mine);
    const run = cli(["report", "time", "--vault", vault, "--from", "2024-03-01", "--to", "2024-03-03", "--out", "Notes/Time.md"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("is not a generated report");
    expect(readFileSync(path.join(vault, "Notes", "Time.md"), "utf8")).toBe(mine);
  });

  it("exits 2 when it cannot run", () => {
    expect(cli(["report", "time", "--vault", vault, "--from", "2024-03-01"]).status).toBe(2);
    expect(cli(["report", "time", "--vault", vault, "--from", "2024-02-30", "--to", "2024-03-01"]).status).toBe(2);
    expect(cli(["report", "time", "--vault", vault, "--from", "2024-03-02", "--to", "2024-03-01"]).status).toBe(2);
    expect(cli(["report", "time", "--vault", vault, "--from", "2024-03-01", "--to", "2024-03-02", "--out", "../x.md"]).status).toBe(2);
    expect(cli(["report", "weekly", "--vault", vault]).status).toBe(2);
    const noState = cli(["report", "time", "--vault", vault, "--from", "2024-03-01", "--to", "2024-03-02", "--site", "https://other.example.com"]);
    expect(noState.status).toBe(2);
    expect(noState.stderr).toContain("run a sync first");
    expect(existsSync(path.join(vault, "Reports"))).toBe(false);
    const help = cli(["report", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("report time --vault DIR");
  });
});

describe("jira-vault-sync report <kind> and report metrics", () => {
  it("writes any kind with its parameters in the front matter, refreshable in place", () => {
    const run = cli(["report", "flow", "--vault", vault, "--project", "OPS", "--from", "2024-03-01", "--to", "2024-03-31"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toBe("Wrote Reports/Flow OPS.md (2024-03-01 – 2024-03-31).\n");
    const note = readFileSync(path.join(vault, "Reports", "Flow OPS.md"), "utf8");
    expect(note.startsWith("---\ngenerated_by: jira-vault-sync\nreport: flow\nproject: OPS\nfrom: 2024-03-01\nto: 2024-03-31\n---\n# Flow 2024-03-01 – 2024-03-31 · OPS\n")).toBe(true);
    expect(note).toContain("## Cycle time");
    const again = cli(["report", "flow", "--vault", vault, "--project", "OPS", "--from", "2024-03-01", "--to", "2024-03-31"]);
    expect(again.stdout).toContain("Up to date");
  });

  it("defaults to the last four weeks and takes a relative period", () => {
    const run = cli(["report", "digest", "--vault", vault, "--period", "last-month", "--out", "Reports/Digest.md"]);
    expect(run.status).toBe(0);
    expect(readFileSync(path.join(vault, "Reports", "Digest.md"), "utf8")).toContain("report: digest\nperiod: last-month\n");
    const plain = cli(["report", "estimates", "--vault", vault]);
    expect(plain.status).toBe(0);
    expect(readFileSync(path.join(vault, "Reports", "Estimates.md"), "utf8")).toContain("period: last-4-weeks\n");
  });

  it("prints every metric as JSON", () => {
    const run = cli(["report", "metrics", "--vault", vault, "--project", "OPS", "--from", "2024-03-01", "--to", "2024-03-31", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const metrics = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(metrics.period).toEqual({ from: "2024-03-01", to: "2024-03-31" });
    for (const key of ["cycleTime", "leadTime", "timeInStatus", "flow", "velocity", "estimates", "time", "trends", "insights", "forecast"]) expect(metrics).toHaveProperty(key);
    expect(existsSync(path.join(vault, "Reports"))).toBe(false);
  });

  it("exits 2 on a bad request", () => {
    expect(cli(["report", "metrics", "--vault", vault, "--from", "2024-03-01", "--to", "2024-03-31"]).status).toBe(2);
    expect(cli(["report", "flow", "--vault", vault, "--period", "soon"]).status).toBe(2);
    expect(cli(["report", "flow", "--vault", vault, "--period", "last-week", "--from", "2024-03-01", "--to", "2024-03-02"]).status).toBe(2);
    const unknown = cli(["report", "velocityx", "--vault", vault]);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain("progress, flow, estimates, time, team, digest");
  });
});
