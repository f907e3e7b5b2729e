// @vitest-environment happy-dom
// Automation rules in the BUNDLED main.js (docs/automation.md): ```jira-rule blocks drawn as rule cards (name,
// on/off, the rule in words, last fired, problems with line and column), the card's switch editing exactly one
// line of the note through Vault.process (or inserting one), a block of malformed YAML drawn as a problem card
// with its text while the note stays as it was, and "Open automation rules" creating the rules note of the
// settings with the example rules (each a card without problems, all off) or opening the one there.
import { afterEach, describe, expect, it } from "vitest";
import { openPlugin, useBundle } from "./harness/bundle-session";
import { fakeApp, type FakeApp, Notice, type Plugin, Setting, type TFile, WorkspaceLeaf } from "./harness/obsidian-stub";

const RULES = "Jira/Automation.md";

let app: FakeApp;
let plugin: Plugin;

async function start(settings: Record<string, unknown> = {}): Promise<void> {
  app = fakeApp({ settings: { siteUrl: "https://example.atlassian.net", projectKeys: "OPS", ...settings } });
  plugin = await openPlugin(app);
}

/** The fenced `jira-rule` blocks of `text` as Obsidian finds them: content and 0-based fence lines. */
function blocks(text: string): { source: string; lineStart: number; lineEnd: number }[] {
  const lines = text.split("\n");
  const out: { source: string; lineStart: number; lineEnd: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```jira-rule") continue;
    const end = lines.findIndex((l, j) => j > i && l === "```");
    out.push({ source: lines.slice(i + 1, end).join("\n"), lineStart: i, lineEnd: end });
    i = end;
  }
  return out;
}

/** Draws block `index` of note `path` as Obsidian does (with or without the block's place in the note). */
async function draw(path: string, index: number, placed = true): Promise<HTMLElement> {
  const text = app.vault.files.get(path)!;
  const block = blocks(text)[index]!;
  const el = createDiv();
  document.body.appendChild(el);
  await plugin.codeBlockProcessors.get("jira-rule")!(block.source, el, {
    sourcePath: path,
    addChild: () => undefined,
    getSectionInfo: () => (placed ? { text: app.vault.files.get(path)!, lineStart: block.lineStart, lineEnd: block.lineEnd } : null),
  });
  return el;
}

const card = (el: HTMLElement) => ({
  name: el.querySelector(".jvs-rule-name")?.textContent,
  state: el.querySelector(".jvs-rule-state-text")?.textContent,
  parts: [...el.querySelectorAll(".jvs-rule-parts dt")].map((dt) => `${dt.textContent}: ${dt.nextElementSibling?.textContent}`),
  problems: [...el.querySelectorAll(".jvs-rule-problems li")].map((li) => li.textContent),
  note: [...el.querySelectorAll(".jvs-rule-note")].map((n) => n.textContent),
  footer: el.querySelector(".jvs-rule-footer")?.textContent,
  source: el.querySelector(".jvs-rule-source")?.textContent ?? null,
});

/** Clicks the card's switch and waits for the note to be written. */
async function flip(el: HTMLElement): Promise<void> {
  const before = app.vault.files.get(RULES);
  el.querySelector<HTMLElement>(".jvs-rule-toggle")!.click();
  await expect.poll(() => app.vault.files.get(RULES) !== before || Notice.messages.length > 0).toBe(true);
}

/** The lines of `after` that differ from `before`, when they differ by one changed or one inserted line. */
function lineChange(before: string, after: string): { changed?: [string, string]; inserted?: string } {
  const a = before.split("\n");
  const b = after.split("\n");
  if (a.length === b.length) {
    const diff = a.flatMap((l, i) => (l === b[i] ? [] : [[l, b[i]!] as [string, string]]));
    expect(diff).toHaveLength(1);
    return { changed: diff[0]! };
  }
  expect(b.length).toBe(a.length + 1);
  const at = b.findIndex((l, i) => l !== a[i]);
  expect([...b.slice(0, at), ...b.slice(at + 1)]).toEqual(a);
  return { inserted: b[at]! };
}

const NOTE = [
  "# Team rules",
  "",
  "```jira-rule",
  "name: Ready for review",
  "when: tasks-checked",
  "if:",
  "  status-category: in-progress",
  "then:",
  "  - move-to: In Review",
  '  - comment: {text: "Ready: {{issue.key}}", mention: [reporter]}',
  "```",
  "",
  "```jira-rule",
  "name: Stale review",
  "enabled: false # until the team agrees",
  "when: {in-status: {status: In Review, for: 3d}}",
  "then:",
  "  - notice: Nudge {{issue.assignee}}",
  "```",
  "",
  "```jira-rule",
  "name: Half written",
  "when: {status-changed: {to: Done}",
  "then:",
  "  - check-tasks:",
  "```",
  "",
].join("\n");

useBundle();

afterEach(() => {
  document.body.empty();
});

describe("bundled main.js: automation rule cards", () => {
  it("draws each block as a card: name, on/off, the rule in words, never fired; malformed YAML as a problem card with its text", async () => {
    await start({ automation: { enabled: true } });
    app.vault.seed(RULES, NOTE);
    const [ready, stale, broken] = [card(await draw(RULES, 0)), card(await draw(RULES, 1)), card(await draw(RULES, 2))];
    expect(ready).toEqual({
      name: "Ready for review",
      state: "On",
      parts: ["When: All tasks in the note are checked", "If: status category is in-progress", "Then: Move the issue to In ReviewComment in Jira “Ready: {{issue.key}}”, mentioning the reporter"],
      problems: [],
      note: [],
      footer: "Never fired",
      source: null,
    });
    expect(stale).toMatchObject({ name: "Stale review", state: "Off", parts: ["When: In status In Review for longer than 3 days", "Then: Show a notice “Nudge {{issue.assignee}}”"], problems: [] });
    expect(broken.name).toBe("Half written");
    expect(broken.parts).toEqual([]);
    expect(broken.problems).toHaveLength(1);
    expect(broken.problems[0]).toMatch(/^Line 2[2-4], column \d+: The rule is not valid YAML/);
    expect(broken.source).toBe("name: Half written\nwhen: {status-changed: {to: Done}\nthen:\n  - check-tasks:");
    // Drawing wrote nothing.
    expect(app.vault.files.get(RULES)).toBe(NOTE);
  });

  it("the switch changes only the enabled line, or inserts one; a problem card's switch edits nothing", async () => {
    await start();
    app.vault.seed(RULES, NOTE);
    let before = NOTE;
    await flip(await draw(RULES, 1));
    expect(lineChange(before, app.vault.files.get(RULES)!)).toEqual({ changed: ["enabled: false # until the team agrees", "enabled: true # until the team agrees"] });
    expect(card(await draw(RULES, 1)).state).toBe("On");

    before = app.vault.files.get(RULES)!;
    await flip(await draw(RULES, 0));
    expect(lineChange(before, app.vault.files.get(RULES)!)).toEqual({ inserted: "enabled: false" });
    expect(card(await draw(RULES, 0)).state).toBe("Off");

    // Without its place in the note (as live preview may draw it), the block is found by its text.
    before = app.vault.files.get(RULES)!;
    await flip(await draw(RULES, 0, false));
    expect(lineChange(before, app.vault.files.get(RULES)!)).toEqual({ changed: ["enabled: false", "enabled: true"] });

    const broken = await draw(RULES, 2);
    expect(broken.querySelector(".jvs-rule-toggle")!.classList.contains("is-disabled")).toBe(true);
    before = app.vault.files.get(RULES)!;
    broken.querySelector<HTMLElement>(".jvs-rule-toggle")!.click();
    await new Promise((r) => window.setTimeout(r, 20));
    expect(app.vault.files.get(RULES)).toBe(before);
  });

  it("says when a block is outside the rules note, and when automation is off", async () => {
    await start();
    app.vault.seed("Notes/Scratch.md", NOTE);
    app.vault.seed(RULES, NOTE);
    expect(card(await draw("Notes/Scratch.md", 0)).note).toEqual(["This block is not in the rules note (Jira/Automation.md), so it does not run."]);
    expect(card(await draw(RULES, 0)).note).toEqual(["Automation is off in the plugin's settings: no rule runs."]);
  });
});

describe("bundled main.js: Open automation rules", () => {
  it("creates the rules note of the settings with the example rules, all off and without problems, and opens it; an existing note is opened as it is", async () => {
    await start({ automation: { rulesPath: "Team/Ops rules.md" } });
    const opened: TFile[] = [];
    app.workspace.getLeaf = () => {
      const leaf = new WorkspaceLeaf(app.workspace.viewFactories, app);
      leaf.openFile = (file: TFile) => {
        opened.push(file);
        return Promise.resolve();
      };
      return leaf;
    };
    const command = plugin.commands.find((c) => c.name === "Open automation rules")!;
    expect(command.id).toBe("open-automation-rules");
    await command.callback!();
    expect(opened.map((f) => f.path)).toEqual(["Team/Ops rules.md"]);
    expect(Notice.messages).toEqual(["Created Team/Ops rules.md with example rules, all switched off."]);
    const text = app.vault.files.get("Team/Ops rules.md")!;
    const found = blocks(text);
    expect(found).toHaveLength(5);
    const cards = [];
    for (let i = 0; i < found.length; i++) cards.push(card(await draw("Team/Ops rules.md", i)));
    expect(cards.map((c) => c.name)).toEqual(["Tasks done, ready for review", "Review waiting three days", "Unblocked, back to To Do", "Done in Jira, check the task", "Due soon, not started"]);
    for (const c of cards) expect(c).toMatchObject({ state: "Off", problems: [], source: null });
    expect(cards.map((c) => c.parts[0])).toEqual([
      "When: All tasks in the note are checked",
      "When: In status In Review for longer than 3 days",
      "When: Every issue blocking it is done",
      "When: Status changes in Jira to Done",
      "When: Due within 2 days",
    ]);

    // A second run opens the note as the user left it.
    app.vault.files.set("Team/Ops rules.md", "my own rules\n");
    Notice.messages = [];
    await command.callback!();
    expect(app.vault.files.get("Team/Ops rules.md")).toBe("my own rules\n");
    expect(opened.map((f) => f.path)).toEqual(["Team/Ops rules.md", "Team/Ops rules.md"]);
    expect(Notice.messages).toEqual([]);
  });
});

describe("bundled main.js: automation settings", () => {
  it("turns automation on, sets the rules note, the daily limit and the digest note; invalid values are shown, not saved; older data keeps its settings", async () => {
    await start({ healthReportPath: "Checks/Health.md" });
    await new Promise((r) => window.setTimeout(r, 0));
    Setting.all = [];
    plugin.settingTabs[0]!.display();
    const row = (name: string) => Setting.all.find((s) => s.nameEl.textContent === name)!;
    const saved = () => (app.data as { settings: { automation: unknown; healthReportPath: string } }).settings;
    expect(row("Run automation rules").toggles[0]!.value).toBe(false);
    await row("Run automation rules").toggles[0]!.changed!(true);
    expect(saved().automation).toEqual({ enabled: true, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" });
    await row("Rules note").texts[0]!.type("../outside");
    expect(row("Rules note").descEl.textContent).toContain("Enter a note path inside the vault");
    await row("Rules note").texts[0]!.type("Team/Rules");
    await row("Daily limit per rule").texts[0]!.type("0");
    expect(row("Daily limit per rule").descEl.textContent).toContain("Enter a whole number from 1 to 1000");
    await row("Daily limit per rule").texts[0]!.type("5");
    expect(saved().automation).toEqual({ enabled: true, rulesPath: "Team/Rules.md", dailyCap: 5, digestPath: "Jira/Automation digest.md" });
    await row("Automation digest note").texts[0]!.type("../digest");
    expect(row("Automation digest note").descEl.textContent).toContain("Enter a note path inside the vault");
    await row("Automation digest note").texts[0]!.type("Team/Digest");
    expect(saved().automation).toEqual({ enabled: true, rulesPath: "Team/Rules.md", dailyCap: 5, digestPath: "Team/Digest.md" });
    expect(saved().healthReportPath).toBe("Checks/Health.md");
  });
});
