// The rules note as the core checks it (`checkAutomationRules`, src/automation/outline.rs): one outline per
// ```jira-rule block with its place, name, on/off, the rule in words and its own problems. Shared by the rule
// cards (../obsidian/automation-rules.ts) and `jira-vault-sync automation check` (../cli/automation-check.ts).

/** One problem in the rules note (1-based line and column). */
export interface RuleDiagnostic {
  severity: "error" | "warning";
  code: string;
  message: string;
  line: number;
  column: number;
  offset: number;
}

/** One ```jira-rule block. */
export interface RuleOutline {
  /** 1-based line of the opening fence. */
  line: number;
  /** 1-based line of the closing fence. */
  endLine: number;
  name: string | null;
  enabled: boolean;
  /** Whether `setRuleEnabled` can flip it (a YAML mapping written one key per line). */
  toggleable: boolean;
  /** Whether the rule reads without error (only such rules run). */
  valid: boolean;
  trigger: string | null;
  condition: string | null;
  actions: string[];
  reactsToAutomation: boolean;
  diagnostics: RuleDiagnostic[];
}

/** Every block of a rules note. */
export interface RulesOutline {
  rules: RuleOutline[];
  errors: number;
  warnings: number;
}

/** The core's rules-note exports. */
export interface RulesCore {
  checkAutomationRules(note: string): unknown;
  setRuleEnabled(note: string, fenceLine: number, enabled: boolean): string | undefined;
  automationExampleRules(): string;
}

/** How often a rule fired and when last (from the sync state), by rule name. */
export interface RuleStat {
  lastFired: string;
  count: number;
}

/** A rule's firings by its name; `undefined` when it never fired (or nothing is known yet). */
export type RuleStatsProvider = (ruleName: string) => RuleStat | undefined;

/** The provider used until the sync's rule statistics are wired in: nothing is known. */
export const noRuleStats: RuleStatsProvider = () => undefined;

/** The core's outline of `note`. */
export function outlineRules(core: RulesCore, note: string): RulesOutline {
  return core.checkAutomationRules(note) as RulesOutline;
}

/** The outline of one block drawn on its own, when Obsidian cannot say where it is in the note: lines count from its fence (line 1). */
export function outlineBlock(core: RulesCore, source: string): RuleOutline | null {
  const text = `\`\`\`jira-rule\n${source}${source.endsWith("\n") || source === "" ? "" : "\n"}\`\`\`\n`;
  return outlineRules(core, text).rules[0] ?? null;
}

/** One problem as a line of text: `Line 12, column 7: …`. */
export function diagnosticText(d: RuleDiagnostic): string {
  return `Line ${d.line}, column ${d.column}: ${d.message}`;
}
