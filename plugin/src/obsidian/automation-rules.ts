// Automation rules in Obsidian (docs/automation.md): the ```jira-rule code block processor, which draws each
// block as a rule card (reading view and live preview both use it), and the command "Open automation rules",
// which opens the rules note of the settings, creating it with the example rules (all switched off) when it is
// missing. A card's switch flips the block's `enabled:` line through `Vault.process`, the core making the
// one-line edit (setRuleEnabled) on the note's current text. The logic lives in the core and ../automation;
// this file only wires Obsidian.
import { type App, type MarkdownPostProcessorContext, Notice, normalizePath, type Plugin, type TFile } from "obsidian";
import { noRuleStats, outlineBlock, outlineRules, type RuleOutline, type RulesCore, type RulesOutline, type RuleStatsProvider } from "../automation/rules-outline";
import { renderRuleCard } from "../automation/rule-card";
import type { SettingsStore } from "../data/plugin-data";

export interface AutomationRulesDeps {
  app: App;
  /** The core once started (cards wait for it). */
  core: Promise<RulesCore>;
  /** The core now (throws while it starts; the command then says so). */
  coreNow: () => RulesCore;
  settings: SettingsStore;
  /** What the sync remembers of each rule's firings (none by default). */
  stats?: RuleStatsProvider;
}

/**
 * The lines of `text` a block's content may span, as Obsidian hands the block's source (no trailing newline):
 * up to its closing fence, or to the note's last line when the block is never closed.
 */
function blockContents(lines: string[], rule: RuleOutline): string[] {
  const text = (end: number) =>
    lines
      .slice(rule.line, end)
      .map((l) => l.replace(/\r$/, ""))
      .join("\n");
  return [text(rule.endLine - 1), text(rule.endLine)];
}

const trimmed = (s: string) => s.replace(/\r/g, "").replace(/\n+$/, "");

/**
 * The block of `rules` drawn from `source`: the one opening on `hint` (1-based) when its text is `source`,
 * else the only block whose text is `source`; null when none or several match.
 */
export function findRuleBlock(text: string, rules: RuleOutline[], source: string, hint: number | null): RuleOutline | null {
  const lines = text.split("\n");
  const want = trimmed(source);
  const matching = rules.filter((r) => blockContents(lines, r).some((c) => trimmed(c) === want));
  return matching.find((r) => r.line === hint) ?? (matching.length === 1 ? matching[0]! : null);
}

/** Registers the code block processor and the command. */
export function registerAutomationRules(plugin: Plugin, deps: AutomationRulesDeps): void {
  const { app } = deps;
  const stats = deps.stats ?? noRuleStats;

  const formatTime = (iso: string): string => {
    const ms = Date.parse(iso);
    return Number.isNaN(ms) ? iso : new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" });
  };

  const noteLine = (sourcePath: string): string | null => {
    const { rulesPath, enabled } = deps.settings.get().automation;
    if (normalizePath(sourcePath) !== normalizePath(rulesPath)) return `This block is not in the rules note (${rulesPath}), so it does not run.`;
    return enabled ? null : "Automation is off in the plugin's settings: no rule runs.";
  };

  const lineHint = (el: HTMLElement, ctx: MarkdownPostProcessorContext): number | null => {
    const info = ctx.getSectionInfo(el);
    return info === null ? null : info.lineStart + 1;
  };

  const toggle = async (core: RulesCore, file: TFile, source: string, hint: number | null, enabled: boolean): Promise<void> => {
    let changed = false;
    await app.vault.process(file, (text) => {
      const rule = findRuleBlock(text, outlineRules(core, text).rules, source, hint);
      const next = rule === null ? undefined : core.setRuleEnabled(text, rule.line, enabled);
      if (next === undefined) return text;
      changed = true;
      return next;
    });
    if (!changed) new Notice("This rule could not be switched: its block changed or its enabled line cannot be edited. Edit the block's text instead.");
  };

  // Every card of a note outlines the whole note (names must be unique, lines are the note's): the cards of one
  // drawing share the outline of the same text.
  let last: { text: string; outline: RulesOutline } | null = null;
  const outlineOf = (core: RulesCore, text: string): RulesOutline => {
    if (last?.text !== text) last = { text, outline: outlineRules(core, text) };
    return last.outline;
  };

  const draw = async (source: string, el: HTMLElement, ctx: MarkdownPostProcessorContext): Promise<void> => {
    const core = await deps.core;
    const info = ctx.getSectionInfo(el);
    const file = app.vault.getFileByPath(ctx.sourcePath);
    const text = info?.text ?? (file === null ? null : await app.vault.cachedRead(file));
    let rule: RuleOutline | null = null;
    let note = noteLine(ctx.sourcePath);
    if (text !== null) rule = findRuleBlock(text, outlineOf(core, text).rules, source, info === null ? null : info.lineStart + 1);
    const placed = rule !== null;
    if (rule === null) {
      // Where the block is in the note is unknown: its own lines, counted from its opening fence.
      rule = outlineBlock(core, source);
      note = [note, "Line numbers count from this block's first line."].filter((n) => n !== null).join(" ");
    }
    const name = rule?.name ?? null;
    renderRuleCard(
      el,
      { rule, source, stats: name === null ? undefined : stats(name), note, canToggle: placed && file !== null && rule !== null && rule.toggleable },
      {
        formatTime,
        onToggle: (enabled) => {
          if (file === null) return;
          toggle(core, file, source, lineHint(el, ctx) ?? rule?.line ?? null, enabled).catch((e: unknown) => {
            new Notice(`This rule could not be switched: ${e instanceof Error ? e.message : String(e)}`);
          });
        },
      },
    );
  };

  plugin.registerMarkdownCodeBlockProcessor("jira-rule", (source: string, el: HTMLElement, ctx: MarkdownPostProcessorContext): Promise<void> =>
    draw(source, el, ctx).catch((e: unknown) => {
      el.empty();
      el.createDiv({ cls: "jvs-rule-card has-problems" }).createDiv({ cls: "jvs-rule-left-out", text: `This rule could not be drawn: ${e instanceof Error ? e.message : String(e)}` });
    }),
  );

  plugin.addCommand({
    id: "open-automation-rules",
    name: "Open automation rules",
    callback: async () => {
      const path = normalizePath(deps.settings.get().automation.rulesPath);
      let file = app.vault.getFileByPath(path);
      if (file === null) {
        const examples = deps.coreNow().automationExampleRules();
        const folder = path.includes("/") ? path.slice(0, path.lastIndexOf("/")) : "";
        try {
          if (folder !== "" && app.vault.getFolderByPath(folder) === null) await app.vault.createFolder(folder);
          file = await app.vault.create(path, examples);
        } catch (e) {
          new Notice(`The rules note ${path} could not be created: ${e instanceof Error ? e.message : String(e)}`);
          return;
        }
        new Notice(`Created ${path} with example rules, all switched off.`);
      }
      await app.workspace.getLeaf(false).openFile(file);
    },
  });
}
