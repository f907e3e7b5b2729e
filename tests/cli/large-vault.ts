// Generates a large, realistic vault on disk for the command-line tests (generated, never stored): most
// notes are ordinary notes in nested folders (daily notes, meetings, projects, reference pages, deep
// archive trees) with the formatting people really type — front matter with lists and dates, headings,
// `-`/`*`/`+` bullets, tab-indented sub-lists, `1)` lists, tasks with emoji dates, padded tables, code
// fences, callouts, wiki links and embeds, footnotes, escapes, CRLF line ends, files without a final
// newline; some notes are linked by hand to Jira issues (`jira_key`, body = the issue's description) and a
// few ask for a new issue (`jira_project`). Deterministic: the same count gives the same vault.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

export interface GeneratedVault {
  /** Every note written, vault-relative path → text. */
  notes: Map<string, string>;
  /** Linked notes: path → issue key. */
  linked: Map<string, string>;
  /** Notes that ask for a new issue in the project. */
  newIssues: string[];
}

export interface LinkedIssue {
  key: string;
  /** The issue's description as Markdown (the linked note's body). */
  description: string;
}

/** A small deterministic generator (LCG), so a failing vault can be regenerated exactly. */
function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const WORDS = "alert backup budget cache cluster deploy draft estimate incident latency migration on-call pager pipeline postmortem queue release rollback runbook schema service staging ticket token vendor".split(" ");
const PEOPLE = ["Alice Martin", "Bob Chen", "Chloé Dubois", "Dev Patel", "Ewa Nowak"];
const AREAS = ["Work", "Personal", "Reading", "Learning", "Home"];

function sentence(rand: () => number, words = 8): string {
  const out: string[] = [];
  for (let i = 0; i < words; i++) out.push(WORDS[Math.floor(rand() * WORDS.length)] ?? "note");
  const text = out.join(" ");
  return `${text[0]?.toUpperCase() ?? ""}${text.slice(1)}.`;
}

function date(rand: () => number): string {
  const d = new Date(Date.UTC(2023, 0, 1) + Math.floor(rand() * 900) * 86_400_000);
  return d.toISOString().slice(0, 10);
}

/** One ordinary note's text, its shape chosen by `i`. */
function ordinaryNote(i: number, rand: () => number): string {
  const who = PEOPLE[i % PEOPLE.length] ?? "";
  const other = PEOPLE[(i + 2) % PEOPLE.length] ?? "";
  switch (i % 8) {
    case 0:
      return `---\ntags: [daily, ${WORDS[i % WORDS.length]}]\nmood: 7\n---\n# ${date(rand)}\n\n## Notes\n* ${sentence(rand)}\n* Call with ${who} about the ${WORDS[i % 23]} — see [[Meeting ${i - 1}]]\n\t* ${sentence(rand, 5)}\n\t* follow-up: ${sentence(rand, 4)}\n\n- [ ] ${sentence(rand, 6)} 📅 ${date(rand)} ⏫\n- [x] ${sentence(rand, 4)} ✅ ${date(rand)}\n`;
    case 1:
      return `---\ntitle: "Meeting ${i}: ${WORDS[i % 23]} review"\nattendees:\n  - ${who}\n  - ${other}\ndate: ${date(rand)}\n---\n# Meeting ${i}\n\nAttendees: ${who}, ${other}\n\n## Agenda\n1) ${sentence(rand, 5)}\n2) ${sentence(rand, 6)}\n3) AOB\n\n## Decisions\n| Topic     | Owner        | Due        |\n| --------- | ------------ | ---------- |\n| ${WORDS[i % 23]?.padEnd(9)} | ${who.padEnd(12)} | ${date(rand)} |\n| budget    | ${other.padEnd(12)} | ${date(rand)} |\n\nWow! That went well\\! Next time: 3 * 4 = 12, and _maybe_ **cake**.\n`;
    case 2:
      return `# ${sentence(rand, 3)}\r\n\r\n> [!note] Summary\r\n> ${sentence(rand)}\r\n> ${sentence(rand)}\r\n\r\n+ ${sentence(rand, 4)}\r\n+ ${sentence(rand, 5)}\r\n\r\nWritten on Windows, CRLF line ends.\r\n`;
    case 3:
      return `---\naliases: [ref-${i}]\ncreated: ${date(rand)}T09:${String(i % 60).padStart(2, "0")}\n---\n# Reference ${i}\n\n\`\`\`bash\n# not a key: ABC-${i} inside code\nkubectl rollout undo deploy/${WORDS[i % 23]}\n\`\`\`\n\nSee ![[diagram-${i % 40}.png]] and [the docs](https://example.com/docs/${i}).[^1]\n\n[^1]: ${sentence(rand, 5)}\n\n$$E = mc^2$$\n\nLast line without a newline`;
    case 4:
      return `${sentence(rand, 12)}\n\n${sentence(rand, 20)} ^block-${i}\n\n- ${sentence(rand, 3)}\n    - four-space indent ${i}\n        - deeper\n- back out\n\n#${WORDS[i % 23]} #area/${AREAS[i % AREAS.length]?.toLowerCase()}\n`;
    case 5:
      return `---\nstatus: draft\nrating: ${(i % 5) + 1}\ncover: "[[cover-${i}.jpg]]"\n---\n## Highlights\n\n> ${sentence(rand, 15)}\n> — ${who}\n\n- Chapter ${i % 30}: ${sentence(rand, 6)}\n- Escapes as typed: 1\\. not a list, \\*not emphasis\\*, C:\\\\Users\\\\${who.split(" ")[0]}\n\n%% private comment ${i} %%\n`;
    case 6:
      return `# Project log ${i}\n\n## ${date(rand)}\n${sentence(rand, 9)} Mentioned OPS-${(i % 20) + 1} in passing (plain text, not a link).\n\n## ${date(rand)}\n- [ ] ${sentence(rand, 5)} #todo\n- [ ] ${sentence(rand, 4)} 🔁 every week\n\n<details><summary>Raw HTML</summary>\n\n${sentence(rand, 6)}\n</details>\n`;
    default:
      return `${sentence(rand, 30)}\n${sentence(rand, 30)}\n\n${sentence(rand, 30)}\n`;
  }
}

/** The folder of ordinary note `i`: nested by year/month, by area and topic, and a few deep archive trees. */
function folderOf(i: number, rand: () => number): string {
  const area = AREAS[i % AREAS.length] ?? "Misc";
  switch (i % 6) {
    case 0: {
      const d = date(rand);
      return `Daily/${d.slice(0, 4)}/${d.slice(5, 7)}`;
    }
    case 1:
      return `Meetings/${2023 + (i % 3)}/Q${(i % 4) + 1}`;
    case 2:
      return `${area}/Projects/${WORDS[i % 23]}`;
    case 3:
      return `${area}/Reference/${WORDS[(i * 7) % 23]}/${WORDS[(i * 3) % 23]}`;
    case 4:
      return `Archive/${2019 + (i % 4)}/${area}/${WORDS[i % 23]}/old/older/oldest`;
    default:
      return i % 12 === 5 ? "" : `Inbox/${WORDS[i % 23]}`;
  }
}

/**
 * Writes `count` notes under `vault`: one note per issue of `linked` (linked by hand, in the user's own
 * folders), `newIssues` notes naming `project`, and ordinary notes for the rest.
 */
export function generateVault(vault: string, count: number, project: string, linked: LinkedIssue[], newIssues: number): GeneratedVault {
  const rand = random(count);
  const out: GeneratedVault = { notes: new Map(), linked: new Map(), newIssues: [] };
  const put = (rel: string, text: string): void => {
    mkdirSync(path.dirname(path.join(vault, rel)), { recursive: true });
    writeFileSync(path.join(vault, rel), text);
    out.notes.set(rel, text);
  };
  linked.forEach((issue, n) => {
    const rel = `Work/Tickets/${2024 + (n % 2)}/${String((n % 12) + 1).padStart(2, "0")}/${issue.key} notes.md`;
    put(rel, `---\njira_key: ${issue.key}\ntags: [ticket, ${WORDS[n % 23]}]\naliases: ["${issue.key}"]\n---\n${issue.description}\n`);
    out.linked.set(rel, issue.key);
  });
  for (let n = 0; n < newIssues; n++) {
    const rel = `Work/Plans/Proposal ${n + 1}.md`;
    put(rel, `---\ntitle: Proposal ${n + 1} for the ${WORDS[n % 23]}\njira_project: ${project}\n---\n${sentence(rand, 10)}\n\n- ${sentence(rand, 4)}\n- ${sentence(rand, 5)}\n`);
    out.newIssues.push(rel);
  }
  for (let i = 0; out.notes.size < count; i++) {
    const folder = folderOf(i, rand);
    const rel = `${folder === "" ? "" : `${folder}/`}${i % 8 === 1 ? `Meeting ${i}` : `${sentence(rand, 3).slice(0, -1)} ${i}`}.md`;
    put(rel, ordinaryNote(i, rand));
  }
  return out;
}
