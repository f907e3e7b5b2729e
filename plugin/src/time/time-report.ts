// Time tracking outside the sync, shared by the plugin and the headless CLI: reading the time-tracking
// settings from a sync config, loading a site's state, the report period, and writing the generated
// report note. The note is written only when nothing is at its path or the note there carries the
// report marker (`generated_by: jira-vault-sync`, checked by the core), so a user's note is never
// clobbered; the write is guarded (a note changed meanwhile is left alone). No Obsidian, no Node.
import { readTimeTracking, type TimeTrackingSettings } from "../settings/sync-settings";
import type { JsonFileStore } from "../state/state-store";
import { stateFileNames } from "../sync/driver";
import type { SyncConfig } from "../sync/types";
import type { VaultPort } from "../vault/vault";

/** Where the report goes unless configured otherwise. */
export const DEFAULT_REPORT_PATH = "Reports/Time report.md";

/** The time-tracking part of a sync config, with defaults for anything missing or mistyped. */
export function timeTrackingOf(config: SyncConfig): TimeTrackingSettings {
  return readTimeTracking(config.timeTracking);
}

/** True for a real `YYYY-MM-DD` calendar date. */
export function isIsoDate(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** The calendar month (in local time) containing `now`, as `YYYY-MM-DD` dates. */
export function monthPeriod(now: Date): { from: string; to: string } {
  const y = now.getFullYear();
  const m = now.getMonth();
  const pad = (n: number): string => String(n).padStart(2, "0");
  const last = new Date(y, m + 1, 0).getDate();
  return { from: `${y}-${pad(m + 1)}-01`, to: `${y}-${pad(m + 1)}-${pad(last)}` };
}

/** A site's saved sync state (`{}` when there is none yet). */
export async function loadSiteState(store: JsonFileStore, siteUrl: string): Promise<Record<string, unknown>> {
  const state = await store.load(stateFileNames(siteUrl).state);
  return state !== null && typeof state === "object" ? (state as Record<string, unknown>) : {};
}

/** The connection user's account id from a state, if known. */
export function myselfId(state: Record<string, unknown>): string | undefined {
  const myself = state.myself as { accountId?: unknown } | undefined;
  return typeof myself?.accountId === "string" ? myself.accountId : undefined;
}

export type ReportWrite = { kind: "created" | "replaced" | "unchanged" } | { kind: "refused"; reason: string };

/** Writes the report note at `path` unless a note without the marker is there. */
export async function writeReportNote(vault: VaultPort, path: string, content: string, isGenerated: (text: string) => boolean): Promise<ReportWrite> {
  if (!path.endsWith(".md")) return { kind: "refused", reason: `the report path must end in .md: ${path}` };
  const current = await vault.read(path);
  if (current === null) {
    const r = await vault.createIfAbsent(path, content);
    return r.applied ? { kind: "created" } : { kind: "refused", reason: `${path} appeared while writing; nothing was overwritten` };
  }
  if (!isGenerated(current)) return { kind: "refused", reason: `${path} exists and is not a generated report (no "generated_by: jira-vault-sync" in its front matter); it was left alone` };
  if (current === content) return { kind: "unchanged" };
  const r = await vault.replaceIfUnchanged(path, current, content);
  return r.applied ? { kind: "replaced" } : { kind: "refused", reason: `${path} changed while writing; nothing was overwritten` };
}
