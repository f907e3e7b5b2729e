// Which notices a finished (or refused) run raises. User-started runs always report: their summary (or why
// they did not run) and the sites skipped. Scheduled runs (startup, interval, after an edit) stay quiet when
// clean, and report a problem (errors, a fatal stop, a refusal, skipped sites) once: a scheduled run whose
// problem is the same as the one last shown raises nothing. The memory is cleared by a clean run and by a
// user-started run, so a problem that comes back, or that changes, is shown again. Automation rules' `notice`
// actions (the report's typed `notices`) are shown after every run that carried them out: the rules fire once per
// episode, so they never repeat on their own. No Obsidian imports.
import { type RunOutcome, summarize } from "./sync-service";

export class RunNotices {
  /** The problem last shown by a scheduled run, or null. */
  private shown: string | null = null;

  /** The notice texts for `outcome`, in order (possibly none). */
  messages(outcome: RunOutcome): string[] {
    const skipped = outcome.kind === "done" && outcome.skipped !== undefined ? [`Jira sync skipped ${outcome.skipped.join(" ")}`] : [];
    const main = outcome.kind === "refused" ? `Jira sync did not run: ${outcome.reason}` : summarize(outcome.report);
    const rules = outcome.kind === "done" ? (outcome.report.notices ?? []).map((n) => `${n.key}: ${n.text}`) : [];
    if (outcome.origin === "user") {
      this.shown = null;
      return [main, ...skipped, ...rules];
    }
    const problem = problemOf(outcome);
    if (problem === null) {
      this.shown = null;
      return rules;
    }
    if (problem === this.shown) return rules;
    this.shown = problem;
    const failed = outcome.kind === "refused" || outcome.report.counts.errors > 0 || outcome.report.fatal !== undefined;
    return [...(failed ? [main] : []), ...skipped, ...rules];
  }
}

/** What is wrong with a run, as a comparable text (null: nothing). Counts of changed notes play no part. */
function problemOf(outcome: RunOutcome): string | null {
  if (outcome.kind === "refused") return `refused\n${outcome.reason}`;
  const { report } = outcome;
  const parts: string[] = [];
  if (report.fatal !== undefined) parts.push(`fatal\n${report.fatal}`);
  if (report.counts.errors > 0) {
    const errors = report.entries.filter((e) => e.level === "error").map((e) => `${e.key ?? ""} ${e.path ?? ""} ${e.message}`);
    parts.push(`errors ${report.counts.errors}`, ...[...new Set(errors)].sort());
  }
  if (outcome.skipped !== undefined) parts.push("skipped", ...outcome.skipped);
  return parts.length === 0 ? null : parts.join("\n");
}
