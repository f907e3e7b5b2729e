// What a sync hands the core's rules (the core's `AutomationInput`, src/automation/in_sync.rs): the rules
// note's text, the daily cap, the user's UTC offset now, and per issue key when it entered its current status,
// from the issue history the sync keeps beside its state (`history-<site>.json`, see docs/history.md). An issue
// the history does not hold has no such instant, so only its time-in-status triggers stay quiet. The digest note
// goes in with its text as read now (null: missing): the core adds the run's `digest` entries to that text as a
// guarded edit, so a note the user changes meanwhile is never overwritten.
import { historyFileName } from "../history/driver";
import type { JsonFileStore } from "../state/state-store";
import type { VaultPort } from "../vault/vault";
import type { AutomationSettings } from "./settings";

/** The core's `AutomationInput`. */
export interface AutomationInput {
  rules: string;
  dailyCap: number;
  offsetMinutes: number;
  statusSince: Record<string, number>;
  /** The digest note and its text now (null: the note does not exist). */
  digest?: { path: string; text: string | null };
}

/** One firing as the core reports it (`FiringReport`): the rule, the issue, each action with its exact values. */
export interface FiringReport {
  rule: string;
  key: string;
  actions: string[];
  /** Each action's kind and outcome, in order (what the activity record keeps; absent from older cores). */
  outcomes?: { kind: string; outcome: "ok" | "failed" | "skipped" }[];
}

/** A `notice` action a run carried out (`RuleNotice`): the rule, the issue, the rendered text. */
export interface RuleNotice {
  rule: string;
  key: string;
  text: string;
}

/**
 * The rules' input for a run of the site at `siteUrl` at `nowMs`, or null when automation is off. A missing
 * rules note is an empty rule set (nothing fires).
 */
export async function automationInput(deps: { vault: Pick<VaultPort, "read">; store: Pick<JsonFileStore, "load"> }, settings: Readonly<AutomationSettings>, siteUrl: string, nowMs: number): Promise<AutomationInput | null> {
  if (!settings.enabled) return null;
  const rules = (await deps.vault.read(settings.rulesPath)) ?? "";
  const history = await deps.store.load(historyFileName(siteUrl)).catch(() => null);
  const digest = { path: settings.digestPath, text: await deps.vault.read(settings.digestPath) };
  return { rules, dailyCap: settings.dailyCap, offsetMinutes: -new Date(nowMs).getTimezoneOffset(), statusSince: statusSince(history), digest };
}

interface HistoryShape {
  issues?: Record<string, { key?: unknown; created?: unknown; changes?: { at?: unknown; field?: unknown }[] }>;
}

/** Per issue key: the instant of its last status change, else its creation (ms since the epoch). */
export function statusSince(history: unknown): Record<string, number> {
  const out: Record<string, number> = {};
  const issues = history !== null && typeof history === "object" ? (history as HistoryShape).issues : undefined;
  for (const issue of Object.values(issues ?? {})) {
    if (typeof issue.key !== "string") continue;
    let since = typeof issue.created === "number" ? issue.created : undefined;
    for (const change of issue.changes ?? []) {
      if (change.field === "status" && typeof change.at === "number" && (since === undefined || change.at >= since)) since = change.at;
    }
    if (since !== undefined) out[issue.key] = since;
  }
  return out;
}
