// `jira-vault-sync check` run as a child process of the built CLI on the fixture vaults of tests/fixtures/health
// (copied to a temporary folder): the findings vault gives exactly one finding of each kind (text and --json,
// exit 1), the clean vault none (exit 0), usage errors exit 2. Nothing is written to the vault.
import { cpSync, readdirSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { cliTestHooks, runCliSync as cli } from "./run-cli";

const FIXTURES = path.resolve("tests/fixtures/health");

const hooks = cliTestHooks();
let tmp: string;

/** A copy of fixture vault `name`. */
function vault(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  return dir;
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

interface Finding {
  kind: string;
  severity: string;
  message: string;
  paths: string[];
  key?: string;
  line?: number;
  column?: number;
  fix?: { kind: string; from: string; to: string };
}

beforeEach(() => {
  tmp = hooks.tempDir("jvs-check-");
});

describe("jira-vault-sync check", () => {
  it("finds exactly one example of each finding in the fixture vault, as JSON with the documented fields (exit 1)", () => {
    const dir = vault("findings");
    const before = listing(dir);
    const run = cli(["check", "--vault", dir, "--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const out = JSON.parse(run.stdout) as { clean: boolean; findings: Finding[] };
    expect(out.clean).toBe(false);
    expect(out.findings.map((f) => [f.kind, f.severity, f.key ?? null, f.paths])).toEqual([
      ["unmappedState", "error", "OPS-3", ["Jira/OPS/OPS-3 Someday.md"]],
      ["unreachableState", "error", "OPS-4", ["Jira/OPS/OPS-4 Sign-off.md"]],
      ["duplicateKey", "error", "OPS-2", ["Jira/OPS/OPS-2 Runbook (copy).md", "Jira/OPS/OPS-2 Runbook.md"]],
      ["outsideProjectFolder", "warning", "OPS-5", ["Inbox/OPS-5 Pager rotation.md"]],
      ["missingParent", "warning", "OPS-6", ["Jira/OPS/OPS-6 Dashboards.md"]],
      ["doneParentOpenChildren", "warning", "OPS-1", ["Jira/OPS/OPS-1 Incident automation.md", "Jira/OPS/OPS-2 Runbook.md"]],
      ["deletedInJira", "warning", "OPS-7", ["Jira/OPS/OPS-7 Old alert.md"]],
      ["missingField", "warning", null, []],
      ["unreadableFrontmatter", "error", null, ["Jira/OPS/OPS-8 Broken.md"]],
    ]);
    const byKind = new Map(out.findings.map((f) => [f.kind, f]));
    expect(byKind.get("outsideProjectFolder")?.fix).toEqual({ kind: "move", from: "Inbox/OPS-5 Pager rotation.md", to: "Jira/OPS/OPS-5 Pager rotation.md" });
    expect(out.findings.filter((f) => f.fix !== undefined)).toHaveLength(1);
    expect(byKind.get("unreadableFrontmatter")).toMatchObject({ line: 4, column: 14 });
    expect(byKind.get("missingField")?.message).toContain('The custom field "LLM Context" (mapped to ai_context) does not exist on this Jira site.');
    expect(byKind.get("unreachableState")?.message).toContain('no workflow transition of Task issues of OPS leads there from "To Do"');
    // A check writes nothing.
    expect(listing(dir)).toEqual(before);
  });

  it("prints the findings as text, one block each with the fix, and a count (exit 1)", () => {
    const run = cli(["check", "--vault", vault("findings")]);
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("warning outsideProjectFolder: Inbox/OPS-5 Pager rotation.md\n  OPS-5 belongs in Jira/OPS/ (project OPS).");
    expect(run.stdout).toContain("\n  fix: move to Jira/OPS/OPS-5 Pager rotation.md\n");
    expect(run.stdout).toContain("error unreadableFrontmatter: Jira/OPS/OPS-8 Broken.md (line 4, column 14)\n");
    expect(run.stdout).toContain("warning missingField: settings\n");
    expect(run.stdout.endsWith("9 findings (4 errors, 5 warnings).\n")).toBe(true);
  });

  it("says the clean vault is clean (exit 0), as text and as JSON", () => {
    const dir = vault("clean");
    const text = cli(["check", "--vault", dir]);
    expect(text).toEqual({ status: 0, stdout: "No findings: the synced notes agree with Jira and the settings.\n", stderr: "" });
    const json = cli(["check", "--vault", dir, "--json"]);
    expect(json.status).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({ clean: true, findings: [] });
  });

  it("exits 2 on usage errors and a missing vault; lists check in the help", () => {
    for (const args of [["check"], ["check", "--vault"], ["check", "--vault", tmp, "--bogus"], ["check", "--vault", tmp, "stray"]]) {
      const run = cli(args);
      expect(run.status, args.join(" ")).toBe(2);
      expect(run.stdout).toBe("");
      expect(run.stderr).toMatch(/^jira-vault-sync: /);
    }
    const missing = cli(["check", "--vault", path.join(tmp, "nope")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("Not a folder");
    const help = cli(["check", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: jira-vault-sync check --vault DIR [--json]");
    expect(cli(["--help"]).stdout).toContain("jira-vault-sync check --vault DIR [--json]");
    expect(cli(["chek"]).stderr).toContain("Commands: sync, check, automation check, report <kind>, report metrics, assist detect, assist estimate, assist suggest, assist summarise, assist time.");
  });
});
