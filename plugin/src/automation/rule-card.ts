// Draws a ```jira-rule block as a card with Obsidian's DOM helpers (`createEl`, `createDiv`) only: every text
// from the note goes in as text, never as markup. The card shows the rule's name, an on/off switch, the trigger,
// condition and actions in words, when it last fired and how often, and its problems with line and column. A
// block whose rule cannot be read shows its problems and its text as written, so nothing of it is hidden.
import { diagnosticText, type RuleOutline, type RuleStat } from "./rules-outline";

export interface RuleCardView {
  /** The block's outline; null when the core found no block (should not happen for a drawn block). */
  rule: RuleOutline | null;
  /** The block's text as written. */
  source: string;
  /** What the sync remembers of the rule's firings. */
  stats: RuleStat | undefined;
  /** A line under the header, e.g. that the block is not in the rules note; null for none. */
  note: string | null;
  /** Whether the switch can be used (the block's place in the note is known and it can be edited in one line). */
  canToggle: boolean;
}

export interface RuleCardEnv {
  /** Switches the rule on or off in the note. */
  onToggle(enabled: boolean): void;
  /** A firing time as the card shows it. */
  formatTime(iso: string): string;
}

/** Replaces `el`'s content with the card. */
export function renderRuleCard(el: HTMLElement, view: RuleCardView, env: RuleCardEnv): void {
  el.empty();
  const { rule } = view;
  const card = el.createDiv({ cls: "jvs-rule-card" });
  const enabled = rule?.enabled ?? true;
  const valid = rule?.valid ?? false;
  card.toggleClass("is-off", !enabled);
  card.toggleClass("has-problems", !valid);

  const header = card.createDiv({ cls: "jvs-rule-header" });
  header.createSpan({ cls: "jvs-rule-name", text: rule?.name ?? "Unnamed rule" });
  const state = header.createDiv({ cls: "jvs-rule-state" });
  state.createSpan({ cls: "jvs-rule-state-text", text: enabled ? "On" : "Off" });
  const toggle = state.createDiv({
    cls: "checkbox-container jvs-rule-toggle",
    attr: { role: "switch", "aria-checked": String(enabled), "aria-label": enabled ? "Switch this rule off" : "Switch this rule on", tabindex: "0" },
  });
  toggle.toggleClass("is-enabled", enabled);
  if (view.canToggle && rule !== null) {
    const flip = (e: Event) => {
      e.preventDefault();
      e.stopPropagation();
      env.onToggle(!enabled);
    };
    // Live preview would put the cursor into the block on a mouse press: the switch keeps it.
    toggle.addEventListener("mousedown", (e) => {
      e.preventDefault();
      e.stopPropagation();
    });
    toggle.addEventListener("click", flip);
    toggle.addEventListener("keydown", (e) => {
      if (e.key === " " || e.key === "Enter") flip(e);
    });
  } else {
    toggle.addClass("is-disabled");
    toggle.setAttr("aria-disabled", "true");
  }

  if (view.note !== null) card.createDiv({ cls: "jvs-rule-note", text: view.note });

  if (rule !== null && valid) {
    const parts = card.createEl("dl", { cls: "jvs-rule-parts" });
    const part = (label: string, text: string | string[]) => {
      parts.createEl("dt", { text: label });
      const dd = parts.createEl("dd");
      if (typeof text === "string") dd.setText(text);
      else {
        const list = dd.createEl("ul");
        for (const t of text) list.createEl("li", { text: t });
      }
    };
    part("When", rule.trigger ?? "");
    if (rule.condition !== null) part("If", rule.condition);
    part("Then", rule.actions);
    if (rule.reactsToAutomation) card.createDiv({ cls: "jvs-rule-note", text: "Also fires on changes made by automation." });
  } else {
    card.createDiv({ cls: "jvs-rule-left-out", text: "This rule does not run until its problems are fixed." });
  }

  const problems = rule?.diagnostics ?? [];
  if (problems.length > 0) {
    const list = card.createEl("ul", { cls: "jvs-rule-problems" });
    for (const d of problems) list.createEl("li", { cls: `jvs-rule-${d.severity}`, text: diagnosticText(d) });
  }
  if (!valid) card.createEl("pre", { cls: "jvs-rule-source", text: view.source });

  const footer = card.createDiv({ cls: "jvs-rule-footer" });
  const { stats } = view;
  footer.setText(stats === undefined || stats.count === 0 ? "Never fired" : `Last fired ${env.formatTime(stats.lastFired)} · ${stats.count} ${stats.count === 1 ? "time" : "times"}`);
}
