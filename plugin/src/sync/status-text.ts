// The words the app shows for the sync's status: the status bar item ("Jira: synced 10:42", "Jira: syncing
// (12 requests, 3 notes)", "Jira: 2 conflicts", "Jira: 1 error"), its tooltip (when the last sync ran and
// what it did, per site) and the progress notice of a long run. Errors outrank conflicts, which outrank the
// last sync time. Times are local, 24-hour; a sync on another day than `now` shows its date too.
import { count } from "../text/count";
import type { SiteSummary, SyncStatus } from "./sync-service";

const pad = (n: number) => String(n).padStart(2, "0");

/** "2025-06-10 09:05", local time. */
export function dateTimeText(at: number): string {
  const d = new Date(at);
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

/** "09:05", or "2025-06-10 09:05" when `at` is not on the same local day as `now` (when given). */
export function syncTime(at: number, now?: number): string {
  const full = dateTimeText(at);
  return now === undefined || dateTimeText(now).slice(0, 10) === full.slice(0, 10) ? full.slice(11) : full;
}

/** The progress notice's text. */
export function progressText(status: SyncStatus): string {
  const p = status.progress;
  if (p === null) return "Jira sync: waiting…";
  return `Jira sync: ${count(p.requests, "request")}, ${count(p.edits, "note")} written…`;
}

/** The status bar's text. */
export function statusBarText(status: SyncStatus, now?: number): string {
  if (status.syncing) {
    const p = status.progress;
    return p === null ? "Jira: syncing" : `Jira: syncing (${count(p.requests, "request")}, ${count(p.edits, "note")})`;
  }
  if (status.errors > 0) return `Jira: ${count(status.errors, "error")}`;
  if (status.conflicts > 0) return `Jira: ${count(status.conflicts, "conflict")}`;
  if (status.lastSyncAt !== null) return `Jira: synced ${syncTime(status.lastSyncAt, now)}`;
  return "Jira: not synced";
}

/** The status bar's tooltip: the last sync and each site's last summary, then what a click does. */
export function statusBarLabel(status: SyncStatus, sites: Readonly<Record<string, SiteSummary>>): string {
  const lines: string[] = [];
  if (status.lastSyncAt !== null) lines.push(`Last sync: ${dateTimeText(status.lastSyncAt)}`);
  const hosts = Object.keys(sites).map((url) => [url.replace(/^https?:\/\//, ""), url] as const);
  hosts.sort(([a], [b]) => a.localeCompare(b));
  for (const [host, url] of hosts) {
    const summary = sites[url]?.summary ?? "";
    lines.push(hosts.length > 1 ? `${host}: ${summary}` : summary);
  }
  lines.push("Click to open the Jira sync log.");
  return lines.join("\n");
}
