// Command-line arguments of the headless reports (`jira-vault-sync report <kind> --vault DIR [--project KEY]
// [--epic KEY] [--team NAME] [--from DATE --to DATE | --period P] [--out PATH]` and `jira-vault-sync report
// metrics ... --json`), parsed strictly like the sync command's. Only shapes are checked here; the kind is
// checked against the core's list when the report runs.
import { parseArgs } from "node:util";
import { isIsoDate } from "../plugin/src/time/time-report";

export interface ReportArgs {
  /** A report kind id (`time`, `flow`, …) or `metrics`. */
  kind: string;
  vault: string;
  /** Both or neither. */
  from?: string;
  to?: string;
  /** A relative period (`last-4-weeks`, `last-month`, …); the default when no dates are given. */
  period?: string;
  project?: string;
  epic?: string;
  /** A fix version's name. */
  version?: string;
  team?: string;
  /** Vault-relative note path; undefined means the default. */
  out?: string;
  json: boolean;
  site?: string;
  configDir: string;
}

export type ParsedReportArgs = { kind: "report"; args: ReportArgs } | { kind: "error"; message: string };

/** The period of a report with neither dates nor `--period`. */
export const DEFAULT_PERIOD = "last-4-weeks";

export const REPORT_USAGE = `Usage: jira-vault-sync report <kind> --vault DIR [options]
       jira-vault-sync report metrics --vault DIR --from DATE --to DATE --json [options]

Writes a report note from the last sync's state and issue history (no network, no token needed), or
prints every metric as JSON (field names in docs/metrics.md). A note at the report path is only replaced
when it is a generated report; chart files go to <folder>/assets/.

Kinds: progress, flow, estimates, time, team, digest. For example:
  jira-vault-sync report time --vault DIR --from 2024-03-01 --to 2024-03-31
  jira-vault-sync report flow --vault DIR --project OPS --period last-8-weeks

Options:
  --vault DIR              the vault folder (required)
  --from YYYY-MM-DD        first day of the period (with --to)
  --to YYYY-MM-DD          last day of the period, inclusive (with --from)
  --period P               a relative period instead: last-N-days, last-N-weeks, this-week, last-week,
                           this-month, last-month (default ${DEFAULT_PERIOD})
  --project KEY            only this project
  --epic KEY               only the issues of this epic
  --fix-version NAME       only the issues with this fix version (its name in Jira)
  --team NAME              only this configured team
  --out PATH               the note, relative to the vault (default Reports/<kind title>.md)
  --json                   with "metrics": print the metrics as JSON (required)
  --site URL               the Jira site whose state to read (default: from the plugin settings)
  --config-dir NAME        the vault's configuration folder (default .obsidian)

Exit codes: 0 written (or printed), 2 could not write.
`;

/** Parses the arguments after `report`. */
export function parseReportArgs(argv: readonly string[]): ParsedReportArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        vault: { type: "string" },
        from: { type: "string" },
        to: { type: "string" },
        period: { type: "string" },
        project: { type: "string" },
        epic: { type: "string" },
        "fix-version": { type: "string" },
        team: { type: "string" },
        out: { type: "string" },
        json: { type: "boolean" },
        site: { type: "string" },
        "config-dir": { type: "string" },
      },
    });
  } catch (e) {
    return { kind: "error", message: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  const kind = positionals[0];
  if (positionals.length !== 1 || kind === undefined || !/^[a-z]+$/.test(kind)) return { kind: "error", message: "Name one report: `jira-vault-sync report <kind>` (see --help)." };
  if (values.vault === undefined || values.vault.trim() === "") return { kind: "error", message: "Missing --vault DIR." };
  for (const flag of ["from", "to"] as const) {
    const v = values[flag];
    if (v !== undefined && !isIsoDate(v)) return { kind: "error", message: `--${flag} must be a date like 2024-03-01, not ${v}.` };
  }
  const { from, to, period } = values;
  if ((from === undefined) !== (to === undefined)) return { kind: "error", message: `Missing --${from === undefined ? "from" : "to"} YYYY-MM-DD: give both dates or neither.` };
  if (from !== undefined && to !== undefined && to < from) return { kind: "error", message: "--to must not be before --from." };
  if (from !== undefined && period !== undefined) return { kind: "error", message: "Give either --from/--to or --period, not both." };
  if (kind === "metrics" && values.json !== true) return { kind: "error", message: "`report metrics` prints JSON: add --json." };
  if (kind === "metrics" && values.out !== undefined) return { kind: "error", message: "`report metrics` prints to stdout; --out is for report notes." };
  const out = values.out;
  if (out !== undefined && (out.trim() === "" || out.startsWith("/") || out.split(/[/\\]/).includes("..") || !out.endsWith(".md"))) {
    return { kind: "error", message: "--out must be a note path inside the vault ending in .md." };
  }
  const configDir = values["config-dir"] ?? ".obsidian";
  if (configDir === "" || /[/\\]/.test(configDir) || configDir === "." || configDir === "..") {
    return { kind: "error", message: "--config-dir must be a folder name inside the vault, such as .obsidian." };
  }
  const opt = (v: string | undefined): string | undefined => (v === undefined || v.trim() === "" ? undefined : v.trim());
  return {
    kind: "report",
    args: {
      kind,
      vault: values.vault,
      from,
      to,
      period: from === undefined ? (opt(period) ?? DEFAULT_PERIOD) : undefined,
      project: opt(values.project),
      epic: opt(values.epic),
      version: opt(values["fix-version"]),
      team: opt(values.team),
      out,
      json: values.json === true,
      site: values.site,
      configDir,
    },
  };
}
