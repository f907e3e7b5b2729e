// How the headless sync prints a report: a counts line, then one line per log entry worth the user's
// attention (every warning, conflict and error; in a dry run also the "would …" plan), each with its note
// path and issue key. Plain text, no colours; the JSON form leaves out the state and journal.
import type { LogEntry, RunReport } from "../plugin/src/sync/types";
import { count } from "../plugin/src/text/count";

/** The counts as one line. */
export function countsLine(report: RunReport): string {
  const c = report.counts;
  return [
    `${c.fetched} fetched`,
    `${count(c.notesCreated, "note")} created`,
    `${count(c.notesUpdated, "note")} updated`,
    `${count(c.issuesCreated, "issue")} created`,
    `${count(c.issuesUpdated, "issue")} updated`,
    count(c.transitions, "transition"),
    `${c.deleted} deleted`,
    count(c.conflicts, "conflict"),
    count(c.errors, "error"),
    count(c.requests, "request"),
  ].join(", ");
}

/** One log entry: level, note path, key, message. */
export function entryLine(entry: LogEntry): string {
  const where = [entry.path, entry.key].filter((s): s is string => s !== undefined && s !== "").join(" ");
  return `  ${entry.level.padEnd(8)} ${where === "" ? "" : `${where}: `}${entry.message}`;
}

/** The text summary printed on stdout. */
export function summaryText(report: RunReport, dryRun: boolean): string {
  const lines: string[] = [];
  lines.push(`${dryRun ? "Dry run (nothing changed)" : "Sync finished"}: ${countsLine(report)}`);
  const shown = report.entries.filter((e) => e.level !== "info" || (dryRun && e.message.startsWith("would ")));
  if (dryRun) {
    const plan = shown.filter((e) => e.level === "info");
    lines.push(plan.length === 0 ? "Plan: nothing to do." : `Plan (${plan.length}):`);
    for (const e of plan) lines.push(entryLine(e));
  }
  // The rules that fired (or would fire), each action with its exact values (docs/automation.md).
  const firings = report.firings ?? [];
  if (firings.length > 0) lines.push(`Automation${dryRun ? " (would fire)" : ""} (${firings.length}):`);
  for (const f of firings) lines.push(`  ${f.key}  ${f.rule}: ${f.actions.join("; ")}`);
  // Notes the epic folder layout moved (or would move).
  const moves = report.moves ?? [];
  if (moves.length > 0) lines.push(`${dryRun ? "Would move" : "Moved"} into epic folders (${moves.length}):`);
  for (const m of moves) lines.push(`  ${m.key}  ${m.from} -> ${m.to}`);
  const problems = shown.filter((e) => e.level !== "info");
  if (problems.length > 0) {
    lines.push(`Needs attention (${problems.length}):`);
    for (const e of problems) lines.push(entryLine(e));
  }
  return `${lines.join("\n")}\n`;
}

/** The report as JSON (without the state and journal, which stay in the plugin folder). */
export function reportJson(report: RunReport, dryRun: boolean): string {
  const { exitCode, fatal, counts, entries, firings, moves } = report;
  return `${JSON.stringify({ exitCode, dryRun, ...(fatal === undefined ? {} : { fatal }), counts, ...(firings === undefined || firings.length === 0 ? {} : { firings }), ...(moves === undefined || moves.length === 0 ? {} : { moves }), entries }, null, 2)}\n`;
}
