// `jira-vault-sync automation check --vault DIR [--json]`: validates the vault's rules note (docs/automation.md)
// without Jira and without a token. The note is the one the vault's saved plugin settings name (Automation →
// Rules note, default Jira/Automation.md). Prints every rule block with its rule in words and its problems (text,
// or the core's outline as JSON) and writes nothing. Exit codes: 0 no problem, 1 problems (errors or warnings),
// 2 could not run (usage errors, no rules note, unreadable files). Never throws.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { diagnosticText, outlineRules, type RuleOutline, type RulesCore, type RulesOutline } from "../plugin/src/automation/rules-outline";
import { count } from "../plugin/src/text/count";
import { type CheckArgs, parseCheckArgs } from "./check";
import { loadVaultSettings } from "./options";

export const AUTOMATION_USAGE = `Usage: jira-vault-sync automation check --vault DIR [--json]

Checks the vault's automation rules note (the "Rules note" of the plugin's settings, default Jira/Automation.md):
every jira-rule block, its rule in words, and each problem with its line and column. Needs no network and
writes nothing. See docs/automation.md.

Options:
  --vault DIR              the vault folder (required)
  --json                   print {"path", "ok", "rules", "errors", "warnings"} as JSON (fields in docs/automation.md)
  --config-dir NAME        the vault's configuration folder (default .obsidian)
  -h, --help               show this help

Exit codes: 0 no problem, 1 problems found, 2 could not run.
`;

export interface AutomationCheckIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

class Failure extends Error {}

/** Parses the arguments after `automation`: `check` and then the same options as `check` (see check.ts). */
export function parseAutomationArgs(argv: readonly string[]): CheckArgs | "help" | { error: string } {
  if (argv[0] === "--help" || argv[0] === "-h") return "help";
  if (argv[0] !== "check") return { error: argv[0] === undefined ? "Missing subcommand: use `automation check --vault DIR`." : `Unknown subcommand: automation ${argv[0]}. Use \`automation check\`.` };
  return parseCheckArgs(argv.slice(1));
}

function ruleText(rule: RuleOutline): string {
  const state = `${rule.enabled ? "on" : "off"}${rule.valid ? "" : ", does not run"}`;
  const lines = [`Line ${rule.line}: ${rule.name ?? "(unnamed rule)"} (${state})`];
  if (rule.valid) {
    lines.push(`  When: ${rule.trigger ?? ""}`);
    if (rule.condition !== null) lines.push(`  If: ${rule.condition}`);
    for (const action of rule.actions) lines.push(`  Then: ${action}`);
  }
  for (const d of rule.diagnostics) lines.push(`  ${d.severity}: ${diagnosticText(d)}`);
  return lines.join("\n");
}

/** The outline as text: a summary line, then each rule. */
export function automationCheckText(notePath: string, outline: RulesOutline): string {
  const problems = outline.errors + outline.warnings;
  const head = `${notePath}: ${count(outline.rules.length, "rule")}, ${problems === 0 ? "no problems" : `${count(outline.errors, "error")}, ${count(outline.warnings, "warning")}`}.`;
  return `${[head, ...outline.rules.map(ruleText)].join("\n\n")}\n`;
}

/** Runs `automation …` with the arguments after the command word; resolves to the exit code. */
export async function runAutomation(argv: readonly string[], io: AutomationCheckIo, core: RulesCore): Promise<number> {
  const args = parseAutomationArgs(argv);
  if (args === "help") {
    io.stdout(AUTOMATION_USAGE);
    return 0;
  }
  if ("error" in args) {
    io.stderr(`jira-vault-sync: ${args.error}\nRun jira-vault-sync automation --help for usage.\n`);
    return 2;
  }
  try {
    const { settings } = await loadVaultSettings(args.vault, args.configDir, (m) => new Failure(m));
    const notePath = settings.automation.rulesPath;
    let text: string;
    try {
      text = await readFile(path.join(args.vault, ...notePath.split("/")), "utf8");
    } catch (e) {
      const missing = (e as { code?: unknown }).code === "ENOENT";
      throw new Failure(missing ? `No rules note at ${notePath} (in Obsidian, "Open automation rules" creates one with example rules).` : `Cannot read ${notePath}: ${e instanceof Error ? e.message : String(e)}`);
    }
    const outline = outlineRules(core, text);
    const ok = outline.errors + outline.warnings === 0;
    io.stdout(args.json ? `${JSON.stringify({ path: notePath, ok, ...outline }, null, 2)}\n` : automationCheckText(notePath, outline));
    return ok ? 0 : 1;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    io.stderr(`jira-vault-sync: ${e instanceof Failure ? text : `could not check the rules: ${text.split("\n")[0] ?? text}`}\n`);
    return 2;
  }
}
