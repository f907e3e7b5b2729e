// `jira-vault-sync automation check` run as a child process of the built CLI on temporary vaults: the rules note
// the vault's saved settings name (and the default one without settings), the example rules (exit 0, text and
// --json with every rule in words), a note with a malformed block and a typo (exit 1, each problem with its line
// and column), and usage or I/O errors (exit 2). Nothing is written to the vault.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { cliTestHooks, runCliSync as cli } from "./run-cli";

const EXAMPLES = readFileSync(path.resolve("src/automation/example_rules.md"), "utf8");

const hooks = cliTestHooks();
let tmp: string;

/** A vault with `files` (path → text) and, when given, the plugin's saved settings. */
function vault(files: Record<string, string>, settings?: unknown): string {
  const dir = mkdtempSync(path.join(tmp, "vault-"));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  if (settings !== undefined) {
    const plugin = path.join(dir, ".obsidian", "plugins", "jira-vault-sync");
    mkdirSync(plugin, { recursive: true });
    writeFileSync(path.join(plugin, "data.json"), JSON.stringify({ settings }));
  }
  return dir;
}

function listing(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" }).sort();
}

const BROKEN = [
  "# Rules",
  "```jira-rule",
  "name: Fine",
  "when: comment-added",
  "then:",
  "  - notice: hi",
  "```",
  "```jira-rule",
  "name: Typo",
  "when: status-changd",
  "then:",
  "  - notice: hi",
  "```",
  "```jira-rule",
  "name: Half",
  "when: {due-within: 2d",
  "```",
  "",
].join("\n");

beforeEach(() => {
  tmp = hooks.tempDir("jvs-automation-");
});

describe("jira-vault-sync automation check", () => {
  it("passes the example rules at the default path (no saved settings): every rule in words, exit 0, nothing written", () => {
    const dir = vault({ "Jira/Automation.md": EXAMPLES });
    const before = listing(dir);
    const run = cli(["automation", "check", "--vault", dir]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Jira\/Automation\.md: 5 rules, no problems\.\n/);
    expect(run.stdout).toContain("Line 8: Tasks done, ready for review (off)\n  When: All tasks in the note are checked\n  If: status category is in-progress\n  Then: Move the issue to In Review\n");
    expect(run.stdout).toContain("  When: Due within 2 days\n");
    expect(listing(dir)).toEqual(before);
  });

  it("reads the rules note the saved settings name, and reports each problem with line and column (exit 1; --json)", () => {
    const dir = vault({ "Team/Rules.md": BROKEN, "Jira/Automation.md": EXAMPLES }, { automation: { enabled: true, rulesPath: "Team/Rules.md", dailyCap: 5 } });
    const text = cli(["automation", "check", "--vault", dir]);
    expect(text.status).toBe(1);
    expect(text.stdout).toMatch(/^Team\/Rules\.md: 3 rules, 2 errors, 0 warnings\.\n/);
    expect(text.stdout).toContain("Line 8: Typo (on, does not run)\n  error: Line 10, column 7: `status-changd` is not a key here. Did you mean `status-changed`?");
    expect(text.stdout).toMatch(/Line 14: Half \(on, does not run\)\n {2}error: Line 1[67], column \d+: The rule is not valid YAML/);

    const json = cli(["automation", "check", "--vault", dir, "--json"]);
    expect(json.status).toBe(1);
    const out = JSON.parse(json.stdout) as { path: string; ok: boolean; errors: number; warnings: number; rules: { name: string; valid: boolean; enabled: boolean; trigger: string | null; actions: string[]; diagnostics: { line: number; column: number; code: string }[] }[] };
    expect(out).toMatchObject({ path: "Team/Rules.md", ok: false, errors: 2, warnings: 0 });
    expect(out.rules.map((r) => [r.name, r.valid, r.trigger])).toEqual([
      ["Fine", true, "Someone adds a comment in Jira"],
      ["Typo", false, null],
      ["Half", false, null],
    ]);
    expect(out.rules[1]!.diagnostics).toEqual([expect.objectContaining({ line: 10, column: 7, code: "rule-unknown-key" })]);
  });

  it("exits 2 for usage errors, a missing rules note and a missing vault", () => {
    const dir = vault({});
    const missing = cli(["automation", "check", "--vault", dir]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("No rules note at Jira/Automation.md");
    expect(cli(["automation", "check"]).status).toBe(2);
    expect(cli(["automation", "check", "--vault", dir, "--bogus"]).status).toBe(2);
    expect(cli(["automation", "lint", "--vault", dir]).stderr).toContain("Unknown subcommand: automation lint");
    expect(cli(["automation", "check", "--vault", path.join(dir, "nope")]).status).toBe(2);
    const help = cli(["automation", "--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toContain("Usage: jira-vault-sync automation check --vault DIR [--json]");
    expect(cli(["--help"]).stdout).toContain("jira-vault-sync automation check --vault DIR [--json]");
  });
});
