/**
 * JQL date values: absolute `yyyy/MM/dd HH:mm`, `yyyy-MM-dd HH:mm`, `yyyy/MM/dd`, `yyyy-MM-dd`, read as
 * wall-clock time in the calling user's time zone (DST-aware via Intl), and relative periods such as
 * `-5m`, `-2h`, `-1d`, `-1w`, `4w 2d` measured from the simulator clock. Everything is in minutes
 * (minute precision): the result is the epoch minute (ms / 60000, floored).
 */
import { wallTimeToMs } from "../time";
import { JqlError } from "./lexer";

const ABS = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})(?:\s+(\d{1,2}):(\d{2}))?$/;
const REL = /^([-+]?)((?:\d+\s*[wdhm]\s*)+)$/;

export function invalidDate(field: string, value: string): JqlError {
  return new JqlError(
    `Date value '${value}' for field '${field}' is invalid. Valid formats include: 'yyyy/MM/dd HH:mm', 'yyyy-MM-dd HH:mm', 'yyyy/MM/dd', 'yyyy-MM-dd', or a period format e.g. '-5d', '4w 2d'.`,
  );
}

/** Epoch minute for a JQL date value, or throws JqlError. */
export function jqlDateMinute(field: string, value: string, zone: string, nowMs: number): number {
  const v = value.trim();
  const abs = ABS.exec(v);
  if (abs) {
    const [y, mo, d, h, mi] = [1, 2, 3, 4, 5].map((k) => Number(abs[k] ?? 0)) as [number, number, number, number, number];
    if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59) throw invalidDate(field, value);
    const check = new Date(Date.UTC(y, mo - 1, d));
    if (check.getUTCMonth() !== mo - 1) throw invalidDate(field, value);
    return Math.floor(wallTimeToMs(zone, y, mo, d, h, mi) / 60000);
  }
  const rel = REL.exec(v);
  if (rel) {
    let secs = 0;
    for (const m of (rel[2] ?? "").matchAll(/(\d+)\s*([wdhm])/g)) {
      const n = Number(m[1]);
      // Relative periods use calendar units (a day is 24h), unlike time tracking's 8h days.
      const unit = m[2] === "w" ? 7 * 86400 : m[2] === "d" ? 86400 : m[2] === "h" ? 3600 : 60;
      secs += n * unit;
    }
    const sign = rel[1] === "-" ? -1 : 1;
    return Math.floor((nowMs + sign * secs * 1000) / 60000);
  }
  throw invalidDate(field, value);
}

