/**
 * Time helpers for the Jira simulator: Jira-style timestamp formatting (`2024-03-20T10:15:30.000+0000`),
 * time-zone offsets via the Intl API (DST-aware), conversion of a wall-clock time in a named zone to epoch
 * milliseconds, and Jira duration strings ("1w 2d 3h 30m" with 8h days and 5d weeks).
 */

const pad = (n: number, w = 2): string => String(Math.trunc(Math.abs(n))).padStart(w, "0");

/** Offset of `zone` from UTC at instant `ms`, in minutes (Berlin in summer → 120). */
export function zoneOffsetMinutes(zone: string, ms: number): number {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  });
  const parts: Record<string, number> = {};
  for (const p of fmt.formatToParts(new Date(ms))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const asUtc = Date.UTC(parts.year ?? 1970, (parts.month ?? 1) - 1, parts.day ?? 1, parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0);
  const floored = ms - (((ms % 1000) + 1000) % 1000);
  return Math.round((asUtc - floored) / 60000);
}

/** Epoch ms of a wall-clock time in `zone`. Gaps (spring-forward) resolve forwards, overlaps to the earlier instant. */
export function wallTimeToMs(zone: string, y: number, mo: number, d: number, h: number, mi: number): number {
  const guess = Date.UTC(y, mo - 1, d, h, mi);
  const off1 = zoneOffsetMinutes(zone, guess);
  const t1 = guess - off1 * 60000;
  const off2 = zoneOffsetMinutes(zone, t1);
  if (off1 === off2) {
    // Overlap: prefer the earlier instant if the other offset maps to the same wall time.
    const earlier = guess - zoneOffsetMinutes(zone, t1 - 3600000) * 60000;
    if (earlier < t1 && zoneOffsetMinutes(zone, earlier) !== off1 && formatWall(zone, earlier) === formatWall(zone, t1)) return earlier;
    return t1;
  }
  const t2 = guess - off2 * 60000;
  return zoneOffsetMinutes(zone, t2) === off2 ? t2 : Math.max(t1, t2);
}

function formatWall(zone: string, ms: number): string {
  const off = zoneOffsetMinutes(zone, ms);
  return new Date(ms + off * 60000).toISOString().slice(0, 16);
}

/** Jira timestamp: `2024-03-20T10:15:30.000+0000`, in `zone` (default UTC). */
export function jiraTimestamp(ms: number, zone = "UTC"): string {
  const off = zoneOffsetMinutes(zone, ms);
  const local = new Date(ms + off * 60000).toISOString().slice(0, 23);
  const sign = off < 0 ? "-" : "+";
  return `${local}${sign}${pad(Math.abs(off) / 60)}${pad(Math.abs(off) % 60)}`;
}

const STARTED_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})([+-])(\d{2})(\d{2})$/;

/** Parses Jira's strict `yyyy-MM-dd'T'HH:mm:ss.SSS+hhmm`; returns null for anything else (including `Z`). */
export function parseJiraTimestamp(s: string): number | null {
  const m = STARTED_RE.exec(s);
  if (!m) return null;
  const n = m.slice(1).map((x) => (x === "+" || x === "-" ? 0 : Number(x)));
  const [y, mo, d, h, mi, sec, msec] = n as [number, number, number, number, number, number, number];
  const offMin = (Number(m[9]) * 60 + Number(m[10])) * (m[8] === "-" ? -1 : 1);
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || sec > 59) return null;
  return Date.UTC(y, mo - 1, d, h, mi, sec, msec) - offMin * 60000;
}

export const SECONDS_PER_MINUTE = 60;
export const SECONDS_PER_HOUR = 3600;
export const SECONDS_PER_DAY = 8 * SECONDS_PER_HOUR;
export const SECONDS_PER_WEEK = 5 * SECONDS_PER_DAY;

/** Parses "1w 2d 3h 30m" (also "1.5h", "90m", plain number = minutes). Null when invalid. */
export function parseDuration(s: string): number | null {
  const text = s.trim();
  if (text === "") return null;
  if (/^\d+$/.test(text)) return Number(text) * 60;
  let total = 0;
  const re = /(\d+(?:\.\d+)?)\s*([wdhm])\s*/gy;
  let pos = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const v = Number(m[1]);
    const unit = m[2];
    total += v * (unit === "w" ? SECONDS_PER_WEEK : unit === "d" ? SECONDS_PER_DAY : unit === "h" ? SECONDS_PER_HOUR : SECONDS_PER_MINUTE);
    pos = re.lastIndex;
  }
  if (pos !== text.length) return null;
  return Math.round(total);
}

/** Formats seconds as Jira does: "1w 2d 3h 30m" (zero → "0m"). */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.round(seconds / 60) * 60);
  const parts: string[] = [];
  for (const [unit, size] of [["w", SECONDS_PER_WEEK], ["d", SECONDS_PER_DAY], ["h", SECONDS_PER_HOUR], ["m", SECONDS_PER_MINUTE]] as const) {
    const n = Math.floor(rest / size);
    if (n > 0) parts.push(`${n}${unit}`);
    rest -= n * size;
  }
  return parts.length ? parts.join(" ") : "0m";
}

/** The simulator's own clock: real time plus an offset, or frozen at a fixed instant. */
export class SimClock {
  private offsetMs = 0;
  private frozenAt: number | null = null;
  private last = 0;

  constructor(start?: number | string, frozen = false) {
    if (start !== undefined) this.set(start, frozen);
  }

  /** Current simulated epoch ms; strictly increasing so that every change gets a distinct `updated`. */
  now(): number {
    const base = this.frozenAt ?? Date.now() + this.offsetMs;
    return Math.max(base, this.last);
  }

  /** Like now() but reserves the instant, so consecutive writes get increasing timestamps even when frozen. */
  tick(): number {
    const t = Math.max(this.now(), this.last + 1);
    this.last = t;
    return t;
  }

  set(at: number | string, frozen?: boolean): void {
    const ms = typeof at === "number" ? at : Date.parse(at);
    if (Number.isNaN(ms)) throw new Error(`invalid clock time: ${String(at)}`);
    this.last = 0;
    if (frozen ?? this.frozenAt !== null) this.frozenAt = ms;
    else {
      this.frozenAt = null;
      this.offsetMs = ms - Date.now();
    }
  }

  advance(ms: number): void {
    if (this.frozenAt !== null) this.frozenAt += ms;
    else this.offsetMs += ms;
  }

  get frozen(): boolean {
    return this.frozenAt !== null;
  }
}
