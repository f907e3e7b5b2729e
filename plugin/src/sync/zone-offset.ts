// The UTC offset of an IANA time zone at an instant, from the platform's Intl data (the core has no time
// zone database: it asks the driver). An unknown zone counts as UTC.

/** Minutes east of UTC of `timeZone` at `instant` (RFC 3339). */
export function zoneOffsetMinutes(timeZone: string, instant: string): number {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return 0;
  let name: string | undefined;
  try {
    const parts = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" }).formatToParts(date);
    name = parts.find((p) => p.type === "timeZoneName")?.value;
  } catch {
    return 0;
  }
  const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name ?? "");
  if (m === null) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? "0");
  return m[1] === "-" ? -minutes : minutes;
}
