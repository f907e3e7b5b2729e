// The words the app shows for the sync's status: the status bar item ("Jira: synced 10:42", "Jira: syncing
// (12 requests, 3 notes)", "Jira: 2 conflicts", "Jira: 1 error") and the progress notice of a long run.
// Errors outrank conflicts, which outrank the last sync time. Times are local, 24-hour.
import type { SyncStatus } from "./sync-service";

/** The progress notice's text. */
export function progressText(status: SyncStatus): string {
  const p = status.progress;
  if (p === null) return "Jira sync: waiting…";
  return `Jira sync: ${p.requests} requests, ${p.edits} notes written…`;
}

/** The status bar's text. */
export function statusBarText(status: SyncStatus): string {
  if (status.syncing) {
    const p = status.progress;
    return p === null ? "Jira: syncing" : `Jira: syncing (${p.requests} requests, ${p.edits} notes)`;
  }
  if (status.errors > 0) return `Jira: ${status.errors} ${status.errors === 1 ? "error" : "errors"}`;
  if (status.conflicts > 0) return `Jira: ${status.conflicts} ${status.conflicts === 1 ? "conflict" : "conflicts"}`;
  if (status.lastSyncAt !== null) {
    const at = new Date(status.lastSyncAt);
    return `Jira: synced ${String(at.getHours()).padStart(2, "0")}:${String(at.getMinutes()).padStart(2, "0")}`;
  }
  return "Jira: not synced";
}
