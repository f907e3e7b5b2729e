// Time suggestions for a day, outside Obsidian (docs/assist.md): the notes the core needs (the notes of the
// issues with activity, and the day's daily note), the core's `timeSuggestions` run in the user's zone (it
// asks for the zone offsets it lacks, answered here with `Intl`), when the end-of-day review is due, and the
// writing of accepted entries into each note's worklog section with the core's own line writer
// (`timeSuggestionLine`, then `insertWorklogLine`), so the sync reads and pushes them like any worklog line.
import { zoneOffsetMinutes } from "../sync/zone-offset";
import type { ActivitySpan } from "./recorder";

/** One suggestion, as the core gives it. */
export interface TimeSuggestion {
  key: string;
  /** The note whose worklog section takes the line. */
  path: string;
  activeMinutes: number;
  loggedMinutes: number;
  minutes: number;
  /** Jira's form, e.g. `45m`. */
  duration: string;
  line: string;
}

export interface TimeSuggestions {
  day: string;
  suggestions: TimeSuggestion[];
  zoneInstants: string[];
}

/** The core functions used here. */
export interface TimeSuggestCore {
  timeSuggestions(input: unknown): unknown;
  timeSuggestionLine(day: string, duration: string, comment: string, hoursPerDay: number, daysPerWeek: number): unknown;
  insertWorklogLine(text: string, heading: string, line: string): string;
  parseDailyNoteDate(name: string, format: string): string | undefined;
}

/** The notes the suggestions read and write. */
export interface SuggestVault {
  /** Paths of the notes whose key property is `key`. */
  notesWithKey(key: string): string[];
  /** Paths of the Markdown notes directly inside `folder`. */
  notesIn(folder: string): string[];
  /** A note's text, or null when it does not exist. */
  read(path: string): Promise<string | null>;
  /** Replaces a note's text with `edit(text)`; false when the note does not exist. */
  process(path: string, edit: (text: string) => string): Promise<boolean>;
}

/** Where worklogs live and how durations read (the sync's time tracking settings) and the key property. */
export interface WorklogPlaces {
  keyProperty: string;
  sectionHeading: string;
  dailyFolder: string;
  dailyFormat: string;
  hoursPerDay: number;
  daysPerWeek: number;
}

const dayFormatters = new Map<string, Intl.DateTimeFormat>();

function parts(ms: number, timeZone: string): Record<string, string> {
  let f = dayFormatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    dayFormatters.set(timeZone, f);
  }
  return Object.fromEntries(f.formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
}

/** The local date (`YYYY-MM-DD`) of an instant in `timeZone`. */
export function localDay(ms: number, timeZone: string): string {
  const p = parts(ms, timeZone);
  return `${p.year}-${p.month}-${p.day}`;
}

/** Minutes since local midnight of an instant in `timeZone`. */
export function localMinutes(ms: number, timeZone: string): number {
  const p = parts(ms, timeZone);
  return Number(p.hour) * 60 + Number(p.minute);
}

/** The platform's own time zone. */
export function systemTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/**
 * The day whose suggestions are due at `now`, or null: today once the end-of-day time has passed (when there
 * was activity today), else the most recent earlier day with activity that was not shown yet (missed because
 * the app was closed at the end of that day). `shownDay` is the last day shown.
 */
export function dueDay(now: number, timeZone: string, endOfDay: string, shownDay: string | null, spans: ActivitySpan[]): string | null {
  const today = localDay(now, timeZone);
  const days = new Set(spans.flatMap((s) => [localDay(s.start, timeZone), localDay(s.end - 1, timeZone)]));
  const [h, m] = endOfDay.split(":").map(Number);
  const pastEnd = localMinutes(now, timeZone) >= (h ?? 17) * 60 + (m ?? 30);
  if (pastEnd && days.has(today) && shownDay !== today) return today;
  const missed = [...days].filter((d) => d < today && (shownDay === null || d > shownDay)).sort();
  return missed[missed.length - 1] ?? null;
}

function leaf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  return name.endsWith(".md") ? name.slice(0, -3) : name;
}

/** The suggestions for `day` from the recorded spans, in `timeZone`, rounded to `roundMinutes`. */
export async function daySuggestions(core: TimeSuggestCore, vault: SuggestVault, spans: ActivitySpan[], day: string, places: WorklogPlaces, roundMinutes: number, timeZone: string): Promise<TimeSuggestions> {
  const paths = new Set<string>();
  for (const s of spans) {
    paths.add(s.path);
    for (const p of vault.notesWithKey(s.key)) paths.add(p);
  }
  if (places.dailyFolder.trim() !== "") {
    for (const p of vault.notesIn(places.dailyFolder)) if (core.parseDailyNoteDate(leaf(p), places.dailyFormat) === day) paths.add(p);
  }
  const notes: { path: string; content: string }[] = [];
  for (const path of paths) {
    const content = await vault.read(path);
    if (content !== null) notes.push({ path, content });
  }
  const zoneOffsets: Record<string, number> = {};
  const input = { day, spans, notes, ...places, roundMinutes, minimumMinutes: roundMinutes, zoneOffsets };
  let out = core.timeSuggestions(input) as TimeSuggestions;
  for (let round = 0; out.zoneInstants.length > 0 && round < 3; round++) {
    for (const at of out.zoneInstants) zoneOffsets[at] = zoneOffsetMinutes(timeZone, at);
    out = core.timeSuggestions(input) as TimeSuggestions;
  }
  return out;
}

/** A suggestion as the user accepted it (the duration and comment possibly edited). */
export interface AcceptedEntry {
  key: string;
  path: string;
  duration: string;
  comment: string;
}

/** The line of an accepted entry, or the message naming what to fix. */
export function entryLine(core: TimeSuggestCore, day: string, entry: AcceptedEntry, places: WorklogPlaces): { line: string } | { problem: string } {
  return core.timeSuggestionLine(day, entry.duration, entry.comment, places.hoursPerDay, places.daysPerWeek) as { line: string } | { problem: string };
}

/**
 * Writes accepted entries into their notes' worklog sections (the section is created at the end of a note
 * without one). All lines are checked first: when one cannot be written, nothing is, and the problems are
 * returned (`KEY: message`). Returns the number of lines written.
 */
export async function writeAccepted(core: TimeSuggestCore, vault: SuggestVault, day: string, entries: AcceptedEntry[], places: WorklogPlaces): Promise<{ written: number; problems: string[] }> {
  const lines: { path: string; line: string }[] = [];
  const problems: string[] = [];
  for (const e of entries) {
    const r = entryLine(core, day, e, places);
    if ("problem" in r) problems.push(`${e.key}: ${r.problem}`);
    else lines.push({ path: e.path, line: r.line });
  }
  if (problems.length > 0) return { written: 0, problems };
  let written = 0;
  for (const { path, line } of lines) {
    if (await vault.process(path, (text) => core.insertWorklogLine(text, places.sectionHeading, line))) written++;
    else problems.push(`${path}: the note is gone.`);
  }
  return { written, problems };
}

/** The front matter property of the issue key in a sync configuration (the `key` mapping's, else `jira_key`). */
export function keyPropertyOf(config: object): string {
  const fields: unknown = (config as { fields?: unknown }).fields;
  const list = Array.isArray(fields) ? (fields as { jira?: unknown; note?: { frontmatter?: unknown } | null }[]) : [];
  const property = list.find((f) => f.jira === "key")?.note?.frontmatter;
  return typeof property === "string" && property !== "" ? property : "jira_key";
}
