// Records active editing time on notes linked to issues (docs/assist.md, "Time suggestions"), outside
// Obsidian: an `EditingEvents` source (the Obsidian adapter in ../obsidian/time-suggestion-events.ts, a fake in
// tests) reports edits and note switches; the clock is the injectable `Clock`.
//
// Rules: the time between two edits counts for the note edited first when the pause is at most the idle
// cut-off (a longer pause, or a switch to another note, ends the stretch: the time after the last edit before
// it does not count). An edit of a note without an issue key counts nothing and ends the stretch. Nothing is
// recorded while the setting is off. Consecutive counted stretches of one note extend one span.
//
// Storage: `time-activity.json` in the plugin folder (atomic writes through the JsonFileStore), never in a note
// and never sent anywhere. It holds spans (`{path, key, start, end}`, UTC milliseconds) of the last
// `KEEP_DAYS` days (older ones are dropped on save; at most `MAX_SPANS`, the newest kept) and the last day whose
// suggestions were shown. The file is read on first use; spans recorded before that are added after the read.
import type { Clock } from "../jira/http";
import type { JsonFileStore } from "../state/state-store";
import type { TimeSuggestionSettings } from "./settings";

export const ACTIVITY_FILE = "time-activity.json";
/** Days of activity kept. */
export const KEEP_DAYS = 14;
/** At most this many spans are kept (the newest). */
export const MAX_SPANS = 20_000;
const DAY_MS = 86_400_000;

/** One stretch of active editing of a linked note: the core's `ActivitySpan`. */
export interface ActivitySpan {
  path: string;
  key: string;
  /** UTC milliseconds. */
  start: number;
  end: number;
}

/** The stored activity file. */
export interface ActivityRecord {
  version: 1;
  spans: ActivitySpan[];
  /** The last day (`YYYY-MM-DD`) whose suggestions were shown at the end of the day, or null. */
  shownDay: string | null;
}

/** What an editor reports. */
export interface EditingListener {
  /** A change in the editor of the note at `path`; `key` is its issue key, or null when it has none. */
  edit(path: string, key: string | null): void;
  /** Another note (or no note) became active. */
  leave(): void;
}

/** A source of editing events; `subscribe` returns a function that stops them. */
export interface EditingEvents {
  subscribe(listener: EditingListener): () => void;
}

function validSpan(s: unknown): s is ActivitySpan {
  if (s === null || typeof s !== "object") return false;
  const o = s as Record<string, unknown>;
  return typeof o.path === "string" && typeof o.key === "string" && o.key !== "" && Number.isSafeInteger(o.start) && Number.isSafeInteger(o.end) && (o.end as number) > (o.start as number);
}

/** Reads a stored activity file; anything unreadable is left out. */
export function readActivity(raw: unknown): ActivityRecord {
  const o = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const spans = Array.isArray(o.spans) ? o.spans.filter(validSpan).map((s) => ({ path: s.path, key: s.key, start: s.start, end: s.end })) : [];
  const shownDay = typeof o.shownDay === "string" && /^\d{4}-\d{2}-\d{2}$/.test(o.shownDay) ? o.shownDay : null;
  return { version: 1, spans, shownDay };
}

export class ActivityRecorder implements EditingListener {
  private record: ActivityRecord | null = null;
  private loading: Promise<ActivityRecord> | null = null;
  /** Spans counted before the file was read. */
  private early: ActivitySpan[] = [];
  private last: { path: string; key: string; at: number } | null = null;
  private dirty = false;

  constructor(
    private readonly store: JsonFileStore,
    private readonly clock: Clock,
    private readonly settings: () => TimeSuggestionSettings,
  ) {}

  edit(path: string, key: string | null): void {
    if (!this.settings().enabled) {
      this.last = null;
      return;
    }
    const at = this.clock.now();
    this.count(at);
    this.last = key === null || key === "" ? null : { path, key, at };
  }

  leave(): void {
    this.count(this.clock.now());
    this.last = null;
  }

  /** Counts the time since the last edit for its note, when within the idle cut-off. */
  private count(at: number): void {
    const last = this.last;
    if (last === null || at <= last.at || at - last.at > this.settings().idleMinutes * 60_000) return;
    const spans = this.record?.spans ?? this.early;
    const tail = spans[spans.length - 1];
    if (tail !== undefined && tail.path === last.path && tail.key === last.key && tail.end === last.at) tail.end = at;
    else spans.push({ path: last.path, key: last.key, start: last.at, end: at });
    this.dirty = true;
  }

  /** The activity, read from the file on first use (with the spans counted before added). */
  async activity(): Promise<ActivityRecord> {
    if (this.record !== null) return this.record;
    this.loading ??= this.store.load(ACTIVITY_FILE).then((raw) => {
      const record = readActivity(raw);
      record.spans.push(...this.early);
      this.early = [];
      this.record = record;
      return record;
    });
    return this.loading;
  }

  /** Saves the activity when something changed, without spans older than `KEEP_DAYS`. */
  async flush(): Promise<void> {
    if (!this.dirty) return;
    const record = await this.activity();
    const keepFrom = this.clock.now() - KEEP_DAYS * DAY_MS;
    record.spans = record.spans.filter((s) => s.end >= keepFrom).slice(-MAX_SPANS);
    this.dirty = false;
    await this.store.save(ACTIVITY_FILE, record);
  }

  /** Remembers that the suggestions of `day` were shown, and saves. */
  async markShown(day: string): Promise<void> {
    const record = await this.activity();
    record.shownDay = day;
    this.dirty = true;
    await this.flush();
  }
}
