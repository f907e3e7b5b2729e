// Command-line arguments of the headless time report (`jira-vault-sync report time --vault DIR --from DATE
// --to DATE [--out PATH]`), parsed strictly like the sync command's. Only shapes are checked here.
import { parseArgs } from "node:util";
import { isIsoDate } from "../time/time-report";

export interface ReportArgs {
  vault: string;
  from: string;
  to: string;
  /** Vault-relative note path; undefined means the default. */
  out?: string;
  site?: string;
  configDir: string;
}

export type ParsedReportArgs = { kind: "report"; args: ReportArgs } | { kind: "error"; message: string };

export const REPORT_USAGE = `Usage: jira-vault-sync report time --vault DIR --from DATE --to DATE [options]

Writes a time report note (time spent per issue, project and person, hours per day) from the worklogs
and estimates of the last sync. A note at the report path is only replaced when it is a generated report.

Options:
  --vault DIR              the vault folder (required)
  --from YYYY-MM-DD        first day of the period (required)
  --to YYYY-MM-DD          last day of the period, inclusive (required)
  --out PATH               the note, relative to the vault (default Reports/Time report.md)
  --site URL               the Jira site whose state to read (default: from the plugin settings)
  --config-dir NAME        the vault's configuration folder (default .obsidian)

Exit codes: 0 written, 2 could not write.
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
        out: { type: "string" },
        site: { type: "string" },
        "config-dir": { type: "string" },
      },
    });
  } catch (e) {
    return { kind: "error", message: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1 || positionals[0] !== "time") return { kind: "error", message: "Unknown report: use `jira-vault-sync report time`." };
  if (values.vault === undefined || values.vault.trim() === "") return { kind: "error", message: "Missing --vault DIR." };
  for (const flag of ["from", "to"] as const) {
    const v = values[flag];
    if (v === undefined) return { kind: "error", message: `Missing --${flag} YYYY-MM-DD.` };
    if (!isIsoDate(v)) return { kind: "error", message: `--${flag} must be a date like 2024-03-01, not ${v}.` };
  }
  const from = values.from ?? "";
  const to = values.to ?? "";
  if (to < from) return { kind: "error", message: "--to must not be before --from." };
  const out = values.out;
  if (out !== undefined && (out.trim() === "" || out.startsWith("/") || out.split(/[/\\]/).includes("..") || !out.endsWith(".md"))) {
    return { kind: "error", message: "--out must be a note path inside the vault ending in .md." };
  }
  const configDir = values["config-dir"] ?? ".obsidian";
  if (configDir === "" || /[/\\]/.test(configDir) || configDir === "." || configDir === "..") {
    return { kind: "error", message: "--config-dir must be a folder name inside the vault, such as .obsidian." };
  }
  return { kind: "report", args: { vault: values.vault, from, to, out, site: values.site, configDir } };
}
