// The record of what automation and assistance did on a site (the core's `ActivityRecord`,
// `src/analytics/activity.rs`): rule firings with each action's outcome, issues created from detected tasks, and
// reviews of suggested values. Kept per site beside the sync state through the state store (atomic writes, in the
// plugin folder or the command line's state folder, never in notes); the core adds events and prunes the record
// to its last 400 days, so this file only carries texts. The automation metric and the digest report read it.
import type { FiringReport } from "../automation/run-input";
import { type JsonFileStore, loadWithText, pickJsonText } from "../state/state-store";
import { siteFileId } from "../sync/driver";

/** An action's outcome in a firing (`FiringReport.outcomes`). */
export interface ActionEntry {
  kind: string;
  outcome: "ok" | "failed" | "skipped";
}

/** New events for a site's record (any list may be absent). */
export interface ActivityEvents {
  firings?: { at: number; rule: string; key: string; actions: ActionEntry[] }[];
  created?: { at: number; key: string; by: "rules" | "model" }[];
  reviews?: { at: number; key: string; field: string; offered: string; outcome: "accepted" | "edited" | "rejected" }[];
}

/** The core export that adds events to a record's text (`recordActivity`). */
export interface ActivityCore {
  recordActivity(old: string, events: ActivityEvents, now: number): { text: string; diagnostic: string | null };
}

/** The file name of a site's record (in the plugin folder, beside `sync-state-<site>.json`). */
export function activityFileName(siteUrl: string): string {
  return `activity-${siteFileId(siteUrl)}.json`;
}

/** The text of a site's record as stored (undefined: none kept yet, or unreadable). */
export async function loadActivityText(store: JsonFileStore, siteUrl: string): Promise<string | undefined> {
  const { value, text } = await loadWithText(store, activityFileName(siteUrl));
  if (value === null) return undefined;
  return text ?? JSON.stringify(value);
}

/**
 * Adds `events` to the site's record and saves it atomically. Resolves to the sentence saying why an unreadable
 * record was started afresh, or null. Nothing is written when there is nothing to add.
 */
export async function recordActivity(store: JsonFileStore, core: ActivityCore, siteUrl: string, events: ActivityEvents, now: number): Promise<string | null> {
  const count = (events.firings?.length ?? 0) + (events.created?.length ?? 0) + (events.reviews?.length ?? 0);
  if (count === 0) return null;
  const name = activityFileName(siteUrl);
  const { main, tmp } = store.loadTexts ? await store.loadTexts(name) : { main: toText(await store.load(name)), tmp: null };
  // The text that parses (a crash mid-save leaves the temp file whole), else the main one, so the core says why.
  const { text, diagnostic } = core.recordActivity(pickJsonText(main, tmp).text ?? main ?? "", events, now);
  if (store.saveText !== undefined) await store.saveText(name, text);
  else await store.save(name, JSON.parse(text) as unknown);
  return diagnostic;
}

function toText(value: unknown): string | null {
  return value === null || value === undefined ? null : JSON.stringify(value);
}

/** A run's firings as record events, at the run's instant (a firing without outcomes counts its actions as ok). */
export function firingEvents(firings: readonly FiringReport[], at: number): ActivityEvents {
  return {
    firings: firings.map((f) => ({ at, rule: f.rule, key: f.key, actions: f.outcomes ?? f.actions.map(() => ({ kind: "action", outcome: "ok" as const })) })),
  };
}

/** A reviewed suggestion: its field's label (`Priority`, `Estimate`, …) and where the value came from. */
export interface ReviewedSuggestion {
  label: string;
  offered: "model" | "history";
}

/**
 * The reviews of one issue's suggestions as record events: each offered value that is among `accepted` was
 * taken, as offered or, when it is also among `edited` (the user changed it in the review window first), edited;
 * each other one was rejected.
 */
export function reviewEvents(key: string, offered: readonly ReviewedSuggestion[], accepted: readonly ReviewedSuggestion[], at: number, edited: ReadonlySet<ReviewedSuggestion> = new Set()): ActivityEvents {
  const outcome = (p: ReviewedSuggestion) => (!accepted.includes(p) ? ("rejected" as const) : edited.has(p) ? ("edited" as const) : ("accepted" as const));
  return { reviews: offered.map((p) => ({ at, key, field: p.label.toLowerCase(), offered: p.offered, outcome: outcome(p) })) };
}

/** Issues created from detected tasks as record events: the candidate's origin says who found the task. */
export function createdEvents(created: readonly { key: string | null; candidate: { origin: string } }[], at: number): ActivityEvents {
  return { created: created.flatMap((c) => (c.key === null ? [] : [{ at, key: c.key, by: c.candidate.origin === "model" ? ("model" as const) : ("rules" as const) }])) };
}
