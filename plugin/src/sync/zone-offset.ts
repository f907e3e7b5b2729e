// The UTC offset of an IANA time zone at an instant, from the platform's Intl data (the core has no time
// zone database: it asks the driver). An unknown zone counts as UTC.

// Formatters by zone: building one costs far more than using it, and a reconcile asks thousands of instants.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes east of UTC of `timeZone` at `instant` (RFC 3339). */
export function zoneOffsetMinutes(timeZone: string, instant: string): number {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return 0;
  let name: string | undefined;
  try {
    const parts = formatter(timeZone).formatToParts(date);
    name = parts.find((p) => p.type === "timeZoneName")?.value;
  } catch {
    return 0;
  }
  const m = /GMT([+-])(\d{1,2})(?::?(\d{2}))?/.exec(name ?? "");
  if (m === null) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? "0");
  return m[1] === "-" ? -minutes : minutes;
}
