// Work a command-line sync does on first use anyway, done ahead while the main thread would only wait for the
// vault walk (`FsVault.prefetch`'s `meanwhile`): loading Node's `fetch` implementation (undici, loaded on the
// first request: tens of ms in a fresh process) and the platform's time zone data (on the first `Intl`
// formatter with a zone, which the first zone question builds). Nothing here changes what a sync does.
import { zoneOffsetMinutes } from "../../plugin/src/sync/zone-offset";

/** Loads what the first request and the first zone question need (each costs nothing the second time). */
export function warmUpSync(now: Date = new Date()): void {
  // `Headers` is one of the globals Node defines lazily from the same module as `fetch`.
  void Headers;
  // Builds (and keeps) the UTC formatter; the first one loads the zone data every later one shares.
  zoneOffsetMinutes("UTC", now.toISOString());
}
