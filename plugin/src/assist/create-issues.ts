// Accepted candidates become Jira issues through the sync's own crash-safe create path: each becomes a new
// key-less note naming its project (`jira_project`, `jira_issue_type`, `title`, the description as its body),
// the sync creates the issues (journal first, creation token as label, so a run killed after any request never
// creates an issue twice) and writes each key into its note; then the key is written into the source line, so
// the line shows the issue's badge and is never offered again. Every step can be run again after a crash:
// notes are created only when absent, and a source line that already holds its key is left alone.
//
// Suggestions the default mappings do not carry (priority, assignee, labels, estimate) go into the new note's
// front matter under `priority`, `assignee`, `labels` and `estimate`; they reach Jira when those fields are
// mapped (docs/assist.md).
import type { VaultPort } from "../vault/vault";
import type { Candidate } from "./detect-tasks";

/** One accepted candidate, as written. */
export interface Created {
  candidate: Candidate;
  /** The new note. */
  path: string;
  /** The source line's text when the candidate was accepted (found again by it if lines moved). */
  lineText: string;
  /** The issue key, once the sync created it. */
  key: string | null;
}

/** The folder new notes go to: the folder template with the project filled in. */
export function folderFor(template: string, project: string): string {
  const folder = template.replace(/\{PROJECT\}/g, project.toUpperCase()).replace(/\{project\}/g, project.toLowerCase());
  const clean = folder.replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  return /[{}]/.test(clean) || clean.split("/").includes("..") ? `Jira/${project.toUpperCase()}` : clean;
}

/** A file name stem from a summary: characters no file system or wiki link accepts removed, at most 80 characters. */
export function stemFor(summary: string): string {
  const stem = summary
    .replace(/[\\/:*?"<>|#^[\]]/g, " ")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, 80)
    .trim();
  return stem === "" ? "New issue" : stem;
}

/** The new note's text (front matter values written as JSON strings, which YAML reads as they are). */
export function noteText(c: Candidate, sourcePath: string): string {
  const lines = ["---", `title: ${JSON.stringify(c.summary)}`, `jira_project: ${JSON.stringify(c.project ?? "")}`, `jira_issue_type: ${JSON.stringify(c.issueType)}`];
  if (c.priority !== null) lines.push(`priority: ${JSON.stringify(c.priority)}`);
  if (c.assignee !== null) lines.push(`assignee: ${JSON.stringify(c.assignee.displayName)}`);
  if (c.labels.length > 0) lines.push(`labels: ${JSON.stringify(c.labels)}`);
  if (c.estimate !== null) lines.push(`estimate: ${JSON.stringify(c.estimate)}`);
  lines.push(`jira_source: ${JSON.stringify(`[[${sourcePath.replace(/\.md$/, "")}]]`)}`, "---", c.description, "");
  return lines.join("\n");
}

/**
 * Writes one new note per candidate (a candidate without a project is a problem, not a note). A note that
 * already exists with the same text (an earlier, interrupted run) is reused; another file at that name gets
 * ` 2`, ` 3`… appended.
 */
export async function writeCandidateNotes(vault: Pick<VaultPort, "read" | "createIfAbsent">, sourcePath: string, sourceText: string, accepted: Candidate[], folderTemplate: string): Promise<{ created: Created[]; problems: string[] }> {
  const sourceLines = sourceText.split("\n");
  const created: Created[] = [];
  const problems: string[] = [];
  for (const c of accepted) {
    if (c.project === null || c.project === "") {
      problems.push(`“${c.summary}” has no project; choose one to create it.`);
      continue;
    }
    const text = noteText(c, sourcePath);
    const folder = folderFor(folderTemplate, c.project);
    for (let n = 1; n < 100; n++) {
      const path = `${folder === "" ? "" : `${folder}/`}${stemFor(c.summary)}${n === 1 ? "" : ` ${n}`}.md`;
      const outcome = await vault.createIfAbsent(path, text);
      if (outcome.applied || outcome.current === text) {
        created.push({ candidate: c, path, lineText: sourceLines[c.line - 1] ?? "", key: null });
        break;
      }
    }
  }
  return { created, problems };
}

/** The `jira_key` in a note's front matter, or null. */
export function frontmatterKey(text: string): string | null {
  const block = /^---\r?\n([\s\S]*?)\r?\n---/.exec(text);
  const m = block === null ? null : /^jira_key:\s*["']?([A-Z][A-Z0-9_]*-\d+)["']?\s*$/m.exec(block[1] ?? "");
  return m?.[1] ?? null;
}

/** `line` with `key` added: after the checkbox of a task item, else at the end. */
export function withKey(line: string, key: string): string {
  const task = /^(\s*(?:>\s*)*(?:[-*+]|\d+[.)])\s+\[.\]\s+)(.*)$/.exec(line);
  if (task !== null) return `${task[1] ?? ""}${key} ${task[2] ?? ""}`;
  return `${line.replace(/\s+$/, "")} ${key}`;
}

/**
 * After the sync: reads each new note's key and writes it into its source line (found by its text, nearest to
 * the original line). Returns the keys and the problems (a note without a key yet, a source line that is gone).
 */
export async function writeBackKeys(vault: Pick<VaultPort, "read" | "replaceIfUnchanged">, sourcePath: string, created: Created[]): Promise<{ created: Created[]; problems: string[] }> {
  const problems: string[] = [];
  const out = await Promise.all(created.map(async (c) => ({ ...c, key: frontmatterKey((await vault.read(c.path)) ?? "") })));
  for (let attempt = 0; attempt < 3; attempt++) {
    const text = await vault.read(sourcePath);
    if (text === null) return { created: out, problems: [`${sourcePath} is gone; the keys were not written back.`] };
    const lines = text.split("\n");
    problems.length = 0;
    for (const c of out) {
      if (c.key === null) {
        problems.push(`“${c.candidate.summary}” has no issue yet (${c.path}); run the sync again.`);
        continue;
      }
      if (lines.some((l) => l === withKey(c.lineText, c.key ?? ""))) continue;
      const at = nearest(lines, c.lineText, c.candidate.line - 1);
      if (at === null) {
        problems.push(`The line of “${c.candidate.summary}” changed; add ${c.key} to it by hand.`);
        continue;
      }
      lines[at] = withKey(c.lineText, c.key);
    }
    const next = lines.join("\n");
    if (next === text || (await vault.replaceIfUnchanged(sourcePath, text, next)).applied) return { created: out, problems };
  }
  return { created: out, problems: [...problems, `${sourcePath} kept changing; the keys were not written back.`] };
}

function nearest(lines: string[], text: string, from: number): number | null {
  let best: number | null = null;
  lines.forEach((l, i) => {
    if (l === text && (best === null || Math.abs(i - from) < Math.abs(best - from))) best = i;
  });
  return best;
}
