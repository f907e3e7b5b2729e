// Deterministic benchmark input: a seeded generator of realistic operations notes (headings, lists, tasks,
// tables, code, callouts, links, Jira keys), and a fidelity corpus with one small sample per construct.

/** mulberry32: a tiny seeded PRNG, so every run converts the very same text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  "deploy rollback cluster latency queue worker timeout retry pool session cache index replica shard alert " +
  "runbook incident customer release branch review migration schema backup certificate quota budget owner " +
  "the a of to and in for with on after before during while under against"
).split(" ");

function sentence(r: () => number, min = 6, max = 16): string {
  const n = min + Math.floor(r() * (max - min));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(r() * WORDS.length)] ?? "x");
  const s = words.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
}

function inline(r: () => number): string {
  const parts = [sentence(r)];
  const pick = r();
  if (pick < 0.15) parts.push(`**${sentence(r, 2, 4).slice(0, -1)}**`);
  else if (pick < 0.3) parts.push(`*${sentence(r, 2, 4).slice(0, -1)}*`);
  else if (pick < 0.4) parts.push(`\`kubectl get pods -n ops\``);
  else if (pick < 0.5) parts.push(`[the runbook](https://wiki.example.com/runbooks/${Math.floor(r() * 100)})`);
  else if (pick < 0.6) parts.push(`See OPS-${1 + Math.floor(r() * 500)}.`);
  else if (pick < 0.65) parts.push(`~~${sentence(r, 2, 3).slice(0, -1)}~~`);
  parts.push(sentence(r));
  return parts.join(" ");
}

/** One section of a note, a few hundred bytes to a few KB. */
function section(r: () => number, i: number): string {
  const out = [`## Section ${i}: ${sentence(r, 2, 5).slice(0, -1)}`, "", inline(r), ""];
  const kind = Math.floor(r() * 6);
  if (kind === 0) {
    for (let k = 0; k < 4; k++) out.push(`- ${inline(r)}`);
    out.push(`    - ${sentence(r)}`, "");
  } else if (kind === 1) {
    for (let k = 0; k < 3; k++) out.push(`- [${r() < 0.5 ? " " : "x"}] ${sentence(r, 3, 8)}`);
    out.push("");
  } else if (kind === 2) {
    out.push("| Service | Owner | p95 (ms) |", "| --- | --- | --- |");
    for (let k = 0; k < 4; k++) out.push(`| svc-${k} | team-${Math.floor(r() * 9)} | ${Math.floor(r() * 900)} |`);
    out.push("");
  } else if (kind === 3) {
    out.push("```bash", "kubectl -n ops rollout restart deploy/api", `echo "${sentence(r)}"`, "```", "");
  } else if (kind === 4) {
    out.push(`> ${inline(r)}`, "");
  } else {
    out.push("1. " + sentence(r), "2. " + sentence(r), "3. " + sentence(r), "");
  }
  return out.join("\n");
}

/** A Markdown document of about `bytes` bytes (CommonMark + GFM only, so every converter can read it). */
export function markdownDocument(bytes: number, seed = 42): string {
  const r = rng(seed);
  const parts = ["# Operations handbook", "", inline(r), ""];
  let size = parts.join("\n").length;
  for (let i = 1; size < bytes; i++) {
    const s = section(r, i);
    parts.push(s);
    size += s.length + 1;
  }
  return parts.join("\n");
}

/** One sample per construct, for the fidelity comparison: each must survive Markdown → Jira → Markdown. */
export const FIDELITY_SAMPLES: Record<string, string> = {
  paragraph: "Plain text with several words.",
  "heading 1": "# Title",
  "heading 3": "### Section",
  strong: "Some **bold** text.",
  emphasis: "Some *italic* text.",
  strikethrough: "Some ~~struck~~ text.",
  "code span": "Run `make test` now.",
  link: "[Docs](https://example.com/docs)",
  autolink: "<https://example.com>",
  "bullet list": "- one\n- two\n- three",
  "nested list": "- one\n    - inner\n- two",
  "ordered list (start 3)": "3. three\n4. four",
  "task list": "- [ ] open\n- [x] done",
  "code block (lang)": "```rust\nfn main() {}\n```",
  blockquote: "> quoted text",
  rule: "---",
  table: "| a | b |\n| --- | --- |\n| 1 | 2 |",
  "hard break": "line one\\\nline two",
  image: "![diagram](https://example.com/d.png)",
  "callout (info panel)": "> [!info] Heads up\n> Body text.",
  "foldable callout (expand)": "> [!note]- Details\n> Hidden body.",
  highlight: "Some ==marked== text.",
  "wiki link": "See [[OPS-12 Fix login]].",
  tag: "Tagged #ops/oncall here.",
  "inline math": "Area is $a^2$.",
  "obsidian comment": "Visible %%hidden%% text.",
};

/** One generated vault note: a vault-relative path and its text. */
export interface VaultNote {
  path: string;
  content: string;
}

const STATUSES = ["To Do", "In Progress", "In Review", "Done", "Blocked"];
const EXTRA_KEYS = ["owner", "team", "sprint", "component", "severity", "service", "region", "customer", "due", "estimate",
  "reviewed", "aliases", "cssclasses", "rank", "epic", "fix_version", "environment", "runbook"];

/** YAML front matter of 5–20 keys: scalars, dates, booleans, numbers, lists. */
function frontMatter(r: () => number, i: number): string {
  const lines = ["---", `jira_key: OPS-${i + 1}`, `title: ${sentence(r, 2, 6).slice(0, -1)}`, `status: ${STATUSES[i % STATUSES.length] ?? "To Do"}`];
  lines.push(`tags:`, `  - ops`, `  - ${WORDS[Math.floor(r() * WORDS.length)] ?? "x"}`);
  lines.push(`updated: 2025-06-${String(1 + (i % 28)).padStart(2, "0")}T08:30:00.000+0200`);
  const extra = 1 + Math.floor(r() * 16); // 5–20 keys in all
  for (let k = 0; k < extra; k++) {
    const key = EXTRA_KEYS[k % EXTRA_KEYS.length] ?? `k${k}`;
    const pick = r();
    if (pick < 0.4) lines.push(`${key}: ${sentence(r, 1, 4).slice(0, -1)}`);
    else if (pick < 0.6) lines.push(`${key}: ${Math.floor(r() * 1000)}`);
    else if (pick < 0.7) lines.push(`${key}: ${r() < 0.5 ? "true" : "false"}`);
    else if (pick < 0.85) lines.push(`${key}: [${WORDS[Math.floor(r() * WORDS.length)] ?? "x"}, ${WORDS[Math.floor(r() * WORDS.length)] ?? "y"}]`);
    else lines.push(`${key}: "${sentence(r, 2, 5)}"`);
  }
  lines.push("---", "");
  return lines.join("\n");
}

/** Obsidian additions a vault note carries beside CommonMark + GFM: wiki links and tags. */
function obsidianLine(r: () => number, i: number): string {
  return `Related: [[OPS-${1 + Math.floor(r() * (i + 10))} ${sentence(r, 2, 4).slice(0, -1)}]] #ops/${WORDS[Math.floor(r() * WORDS.length)] ?? "x"}`;
}

/**
 * A deterministic vault of `count` notes: front matter of 5–20 keys and bodies of 0.5–20 KB (log-uniform, so most
 * notes are small as in real vaults) with headings, lists, tasks, tables, code, links, wiki links, tags, Jira keys.
 */
export function generateVault(count: number, seed = 7): VaultNote[] {
  const r = rng(seed);
  const notes: VaultNote[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.round(500 * Math.pow(40, r())); // 0.5–20 KB
    const parts = [frontMatter(r, i), `# ${sentence(r, 2, 6).slice(0, -1)}`, "", inline(r), "", obsidianLine(r, i), ""];
    let size = parts.reduce((n, p) => n + p.length + 1, 0);
    for (let s = 1; size < target; s++) {
      const sec = section(r, s);
      parts.push(sec);
      size += sec.length + 1;
    }
    notes.push({ path: `Jira/OPS/OPS-${i + 1}.md`, content: parts.join("\n") });
  }
  return notes;
}

const PEOPLE = ["Ana Ruiz", "Bob Stone", "Chen Wei", "Dara Okafor", "Eli Novak", "Fay Lund"];
const PROJECTS = ["Checkout revamp", "Search relevance", "Billing migration", "Mobile offline", "Data retention"];
const CALLOUTS = ["note", "info", "tip", "warning", "danger", "example", "quote", "todo", "question", "bug"];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const date = (r: () => number): string => `2025-${String(1 + Math.floor(r() * 12)).padStart(2, "0")}-${String(1 + Math.floor(r() * 28)).padStart(2, "0")}`;

/** One Obsidian Tasks line, sometimes with fields, links and tags. */
function taskLine(r: () => number, indent = ""): string {
  const parts = [`${indent}- [${pick(r, [" ", " ", " ", "x", "/", "-"])}] ${sentence(r, 3, 9).slice(0, -1)}`];
  if (r() < 0.3) parts.push(`[[${pick(r, PEOPLE)}]]`);
  if (r() < 0.3) parts.push(`OPS-${1 + Math.floor(r() * 900)}`);
  if (r() < 0.25) parts.push(`#${pick(r, ["waiting", "ops/oncall", "review", "q3"])}`);
  if (r() < 0.35) parts.push(`📅 ${date(r)}`);
  if (r() < 0.1) parts.push(pick(r, ["⏫", "🔼", "🔽", "🔁 every week"]));
  if (r() < 0.08) parts.push(`^task-${Math.floor(r() * 1e6).toString(36)}`);
  return parts.join(" ");
}

/** A block of Obsidian formatting: callouts, nested lists, tables with escaped aliases, code, math, embeds, … */
function obsidianBlock(r: () => number): string {
  const k = Math.floor(r() * 12);
  const para = (): string => inline(r).replace(/See (OPS-\d+)\./, "See [[$1]].") + (r() < 0.3 ? ` [[${pick(r, PROJECTS)}#Decisions|decisions]]` : "");
  switch (k) {
    case 0:
      return [`> [!${pick(r, CALLOUTS)}]${r() < 0.3 ? "-" : ""} ${sentence(r, 2, 5).slice(0, -1)}`, `> ${para()}`, `> - ${sentence(r)}`, `>   - ${sentence(r)}`, `> ${taskLine(r)}`].join("\n");
    case 1:
      return Array.from({ length: 3 + Math.floor(r() * 5) }, (_, i) => taskLine(r, i > 0 && r() < 0.3 ? "\t" : "")).join("\n");
    case 2:
      return ["- " + sentence(r), "\t- " + para(), "\t\t- " + sentence(r) + ` #${pick(r, WORDS)}`, "\t- " + sentence(r), "- " + sentence(r), "    1. " + sentence(r), "    2. " + sentence(r)].join("\n");
    case 3:
      return ["| Item | Owner | Link | Due |", "| :--- | :---: | --- | ---: |", ...Array.from({ length: 2 + Math.floor(r() * 6) }, () => `| ${sentence(r, 2, 4).slice(0, -1)} | [[${pick(r, PEOPLE)}\\|${pick(r, PEOPLE).split(" ")[0] ?? ""}]] | OPS-${1 + Math.floor(r() * 900)} | ${date(r)} |`)].join("\n");
    case 4:
      return ["```" + pick(r, ["ts", "sql", "bash", "yaml", "mermaid", "dataview"]), "SELECT id, status FROM issues WHERE key = 'OPS-12' -- #not-a-tag [[not a link]]", "  const x = items.filter((i) => i.done); // OPS-99", "```"].join("\n");
    case 5:
      return [`![[${pick(r, ["diagram.png", "arch.excalidraw", "Screenshot 2025-06-01.png"])}${r() < 0.5 ? "|600" : ""}]]`, `![[${pick(r, PROJECTS)}#Summary]]`, para()].join("\n\n");
    case 6:
      return ["$$", "p_{95} = \\operatorname{quantile}(t, 0.95) \\quad \\#notatag", "$$", `Latency $t_{OPS-1}$ stays under budget.[^${1 + Math.floor(r() * 3)}]`].join("\n");
    case 7:
      return [`%% ${sentence(r)} OPS-${Math.floor(r() * 900) + 1} %%`, para(), `Highlight: ==${sentence(r, 2, 4).slice(0, -1)}==, status:: ${pick(r, STATUSES)}`].join("\n");
    case 8:
      return [`### ${sentence(r, 2, 5).slice(0, -1)} ^${Math.floor(r() * 1e6).toString(36)}`, para(), para()].join("\n\n");
    case 9:
      return ["<details><summary>Raw log</summary>", "", "```", `2025-06-01T10:00:00Z ERROR OPS-${Math.floor(r() * 900) + 1} timeout`, "```", "", "</details>"].join("\n");
    case 10:
      return [`[^${1 + Math.floor(r() * 3)}]: ${sentence(r)} https://example.com/issues/OPS-1#c${Math.floor(r() * 9)}`, `Reference: <https://jira.example.com/browse/OPS-${Math.floor(r() * 900) + 1}> and [spec](Specs/API%20v2.md#auth).`].join("\n");
    default:
      return [para(), para(), para()].join("\n");
  }
}

/** Front matter as Obsidian users write it: aliases, tags list, dates, links in quotes, cssclasses. */
function obsidianFrontMatter(r: () => number, i: number): string {
  const lines = ["---", `created: ${date(r)}T${String(Math.floor(r() * 24)).padStart(2, "0")}:15`, `tags:`, `  - ${pick(r, ["meeting", "project", "daily", "reference"])}`, `  - ${pick(r, WORDS)}/${pick(r, WORDS)}`];
  if (r() < 0.5) lines.push(`aliases: [${sentence(r, 1, 3).slice(0, -1)}, N${i}]`);
  if (r() < 0.4) lines.push(`attendees:`, `  - "[[${pick(r, PEOPLE)}]]"`, `  - "[[${pick(r, PEOPLE)}]]"`);
  if (r() < 0.3) lines.push(`jira_key: OPS-${1 + (i % 900)}`, `status: ${pick(r, STATUSES)}`);
  if (r() < 0.3) lines.push(`cssclasses: [wide]`, `publish: ${r() < 0.5}`);
  lines.push("---", "");
  return lines.join("\n");
}

/**
 * A realistic corpus of `count` Obsidian notes (about 5 KB each on average, log-uniform 0.3–60 KB, some without
 * front matter): daily, meeting and project notes with callouts, nested and tab-indented lists, Tasks-plugin
 * tasks, tables with escaped wiki link aliases, code fences, math, footnotes, embeds, block ids, comments,
 * highlights, inline fields and HTML — the formatting real vaults have, beyond the generated vault's.
 */
export function generateObsidianCorpus(count: number, seed = 11): VaultNote[] {
  const r = rng(seed);
  const notes: VaultNote[] = [];
  for (let i = 0; i < count; i++) {
    const target = Math.round(300 * Math.pow(200, r() * r())); // 0.3–60 KB, most notes small
    const kind = pick(r, ["Daily", "Meetings", "Projects", "Reference"]);
    const parts = [r() < 0.85 ? obsidianFrontMatter(r, i) : "", `# ${kind === "Daily" ? date(r) : sentence(r, 2, 6).slice(0, -1)}`, ""];
    let size = parts.reduce((n, p) => n + p.length + 1, 0);
    for (let s = 1; size < target; s++) {
      const block = (r() < 0.3 ? `## ${sentence(r, 2, 4).slice(0, -1)}\n\n` : "") + obsidianBlock(r) + "\n";
      parts.push(block);
      size += block.length + 1;
    }
    notes.push({ path: `${kind}/Note ${i + 1}.md`, content: parts.join("\n") });
  }
  return notes;
}

/** One note of `lines` Tasks-plugin task lines (about 40 bytes each: 250,000 lines are about 10 MB). */
export function taskListNote(lines = 250_000, seed = 5): string {
  const r = rng(seed);
  const out: string[] = ["# Backlog", ""];
  for (let i = 0; i < lines; i++) {
    const box = r() < 0.3 ? "x" : " ";
    const extra = r();
    const tail = extra < 0.3 ? ` 📅 ${date(r)}` : extra < 0.5 ? ` OPS-${1 + Math.floor(r() * 9000)}` : extra < 0.6 ? " #waiting" : "";
    out.push(`${r() < 0.1 ? "    " : ""}- [${box}] ${pick(r, ["Call", "Fix", "Review", "Ship", "Write"])} ${pick(r, WORDS)} ${pick(r, WORDS)} ${i}${tail}`);
  }
  return out.join("\n") + "\n";
}
