// "Reconcile time" outside Obsidian: the input the core's `reconcileTime` takes, the shape of its answer,
// and the local fixes (add a missing line to an issue note's worklog section, remove a line). Fixes are
// text-to-text functions that refuse (return null) when the note no longer has the line the core saw,
// so a note edited in between is never damaged. Pushing to Jira is the sync's job, not a fix here.
import type { TimeTrackingSettings } from "../settings/sync-settings";
import { zoneOffsetMinutes } from "../sync/zone-offset";

export type ProblemKind = "missingInJira" | "notPushed" | "missingLocally" | "differs" | "duplicateId" | "overlap";
export type FixKind = "pushToJira" | "sync" | "addToNote" | "removeLine" | "removeDuplicate" | "review";

export interface Place {
  path: string;
  /** 1-based line. */
  line: number;
  /** The line's text when read. */
  text: string;
}

export interface Problem {
  kind: ProblemKind;
  fix: FixKind;
  issueKey: string;
  message: string;
  place: Place | null;
  other: Place | null;
  worklogId: string | null;
  path: string | null;
  newLine: string | null;
}

export interface IssueTotals {
  issueKey: string;
  path: string | null;
  localSeconds: number;
  jiraSeconds: number;
  local: string;
  jira: string;
  problems: number;
}

export interface Reconciliation {
  issues: IssueTotals[];
  problems: Problem[];
  /** Instants whose zone offsets the input lacks: answer them in `zoneOffsets` and reconcile again. */
  zoneInstants: string[];
}

/** The core's `reconcileTime` input. Only the user's own worklogs are expected in notes unless `everyone`. */
export function reconcileInput(notes: { path: string; content: string }[], state: Record<string, unknown>, tt: TimeTrackingSettings, myselfId: string | undefined): Record<string, unknown> {
  return {
    notes,
    state,
    sectionHeading: tt.sectionHeading,
    dailyFolder: tt.dailyFolder,
    dailyFormat: tt.dailyFormat,
    hoursPerDay: tt.hoursPerDay,
    daysPerWeek: tt.daysPerWeek,
    authorId: tt.everyone ? null : (myselfId ?? null),
  };
}

/** The core function "Reconcile time" uses. */
export interface ReconcileCore {
  reconcileTime(input: unknown): unknown;
}

/** The Jira user's zone from the sync state (`myself.timeZone`, the zone the sync writes worklog times in). */
export function myselfTimeZone(state: Record<string, unknown>): string | undefined {
  const myself = state.myself as { timeZone?: unknown } | undefined;
  return typeof myself?.timeZone === "string" && myself.timeZone !== "" ? myself.timeZone : undefined;
}

/**
 * Runs the core's `reconcileTime` with durations as real elapsed time in `timeZone`: the core has no zone
 * data, so it lists the instants it lacks (`zoneInstants`), answered here with `Intl`, and runs again until it
 * lacks none (two rounds). Without a zone the core uses wall-clock lengths.
 */
export function reconcileInZone(core: ReconcileCore, input: Record<string, unknown>, timeZone: string | undefined): Reconciliation {
  const zoneOffsets: Record<string, number> = {};
  const full = { ...input, zoneOffsets };
  let r = core.reconcileTime(full) as Reconciliation;
  for (let round = 0; timeZone !== undefined && r.zoneInstants.length > 0 && round < 3; round++) {
    for (const at of r.zoneInstants) zoneOffsets[at] = zoneOffsetMinutes(timeZone, at);
    r = core.reconcileTime(full) as Reconciliation;
  }
  return r;
}

/** Whether a problem has a fix that is a local edit. */
export function isLocalFix(p: Problem): boolean {
  if (p.fix === "addToNote") return p.path !== null && p.newLine !== null;
  return (p.fix === "removeLine" || p.fix === "removeDuplicate") && p.place !== null;
}

/** The label of a problem's fix button (sentence case), or null when there is no button. */
export function fixLabel(p: Problem): string | null {
  if (!isLocalFix(p)) return null;
  return p.fix === "addToNote" ? "Add to note" : p.fix === "removeDuplicate" ? "Remove this copy" : "Remove line";
}

/** The note text with 1-based `line` removed, or null when that line is no longer `expected`. */
export function removeLine(text: string, line: number, expected: string): string | null {
  const lines = text.split("\n");
  const index = line - 1;
  const current = lines[index];
  if (current === undefined || current.replace(/\r$/, "") !== expected) return null;
  lines.splice(index, 1);
  return lines.join("\n");
}

/** The path a problem's local fix edits. */
export function fixPath(p: Problem): string | null {
  return p.fix === "addToNote" ? p.path : (p.place?.path ?? null);
}

/**
 * Applies a problem's local fix to the note text; null when it no longer applies (line changed, or the
 * line to add is already there). `insertLine` is the core's `insertWorklogLine`.
 */
export function applyFix(p: Problem, text: string, heading: string, insertLine: (text: string, heading: string, line: string) => string): string | null {
  if (p.fix === "addToNote" && p.newLine !== null) {
    if (text.split(/\r?\n/).includes(p.newLine)) return null;
    return insertLine(text, heading, p.newLine);
  }
  if ((p.fix === "removeLine" || p.fix === "removeDuplicate") && p.place !== null) return removeLine(text, p.place.line, p.place.text);
  return null;
}
