// Jira issue key matching: finds `PROJ-123`-shaped keys in plain text, word-bounded, optionally limited
// to a set of project keys, and parses the comma-separated project list from the settings. Pure: no DOM,
// no Obsidian. No regex lookbehind (unsupported on older iOS WebViews); the left boundary is a group.

/** One key found in a text. `start`/`end` are UTF-16 offsets into the searched string. */
export interface KeyMatch {
  key: string;
  project: string;
  number: number;
  start: number;
  end: number;
}

/** A Jira project key: a capital letter, then 1 to 9 capitals, digits or underscores. */
export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{1,9}$/;

// Left boundary: start of text, or a character that is not a letter, digit, `_`, `-`, `#` (tags) or `/`
// (paths and URLs). Right boundary: not followed by a letter, digit or `_`.
const KEY_RE = /(^|[^\p{L}\p{N}_\-#/])([A-Z][A-Z0-9_]{1,9})-([1-9][0-9]{0,8})(?![\p{L}\p{N}_])/gu;

/** Every key in `text`, in order. When `projects` is given and not empty, only keys of those projects. */
export function findJiraKeys(text: string, projects?: ReadonlySet<string> | null): KeyMatch[] {
  const out: KeyMatch[] = [];
  KEY_RE.lastIndex = 0;
  for (let m = KEY_RE.exec(text); m !== null; m = KEY_RE.exec(text)) {
    const lead = m[1] ?? "";
    const project = m[2] ?? "";
    const digits = m[3] ?? "";
    if (projects && projects.size > 0 && !projects.has(project)) continue;
    const start = m.index + lead.length;
    const key = `${project}-${digits}`;
    out.push({ key, project, number: Number(digits), start, end: start + key.length });
  }
  return out;
}

/** Whether `key` is exactly one issue key. */
export function isJiraKey(key: string): boolean {
  const m = findJiraKeys(key);
  return m.length === 1 && m[0]?.start === 0 && m[0].end === key.length;
}

/** The result of reading the "project keys" setting. */
export interface ProjectList {
  /** Upper-cased, de-duplicated, valid project keys. Empty means "any project". */
  projects: string[];
  /** Entries that are not project keys, as typed. */
  invalid: string[];
}

/** Parses a comma- (or whitespace-) separated list of project keys, case-insensitively. */
export function parseProjectKeys(input: string): ProjectList {
  const projects: string[] = [];
  const invalid: string[] = [];
  for (const raw of input.split(/[,\s]+/)) {
    const entry = raw.trim();
    if (entry === "") continue;
    const upper = entry.toUpperCase();
    if (!PROJECT_KEY_PATTERN.test(upper)) invalid.push(entry);
    else if (!projects.includes(upper)) projects.push(upper);
  }
  return { projects, invalid };
}
