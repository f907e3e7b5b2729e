// Time suggestions from editing activity (docs/assist.md, issue #17 item 5): off by default. When on, the
// plugin records active editing minutes on notes linked to issues (a pause longer than the idle cut-off ends a
// stretch), in a file in the plugin folder only, and at the end of the day suggests worklog entries, rounded to
// a step (nothing under one step). Reading is migration-tolerant: data saved before this existed (or
// hand-edited) gives the defaults field by field.

export interface TimeSuggestionSettings {
  /** Record editing activity and suggest time (off: nothing is recorded). */
  enabled: boolean;
  /** Minutes without an edit after which the time stops counting. */
  idleMinutes: number;
  /** Suggestions are multiples of this many minutes; nothing under one step is suggested. */
  roundMinutes: number;
  /** Local time (`HH:MM`) after which the day's suggestions are shown, once a day. */
  endOfDay: string;
}

export const DEFAULT_TIME_SUGGESTION_SETTINGS: Readonly<TimeSuggestionSettings> = Object.freeze({
  enabled: false,
  idleMinutes: 5,
  roundMinutes: 15,
  endOfDay: "17:30",
});

/** A `H:MM` or `HH:MM` time as typed, normalised to `HH:MM`, or null. */
export function readClockTime(raw: string): string | null {
  const m = /^\s*(\d{1,2}):(\d{2})\s*$/.exec(raw);
  if (m === null || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
  return `${m[1]!.padStart(2, "0")}:${m[2]!}`;
}

function minutesIn(raw: unknown, min: number, max: number): number | null {
  return typeof raw === "number" && Number.isInteger(raw) && raw >= min && raw <= max ? raw : null;
}

/** Reads stored settings; every missing or invalid field gets its default. */
export function readTimeSuggestionSettings(raw: unknown): TimeSuggestionSettings {
  const o = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const d = DEFAULT_TIME_SUGGESTION_SETTINGS;
  return {
    enabled: typeof o.enabled === "boolean" ? o.enabled : d.enabled,
    idleMinutes: minutesIn(o.idleMinutes, 1, 120) ?? d.idleMinutes,
    roundMinutes: minutesIn(o.roundMinutes, 1, 240) ?? d.roundMinutes,
    endOfDay: (typeof o.endOfDay === "string" ? readClockTime(o.endOfDay) : null) ?? d.endOfDay,
  };
}
