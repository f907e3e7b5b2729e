// Command-line arguments of the headless sync (`jira-vault-sync sync --vault DIR …`), parsed with
// node:util parseArgs (strict: unknown flags and stray words are errors). Parsing never touches the disk
// or the network; values are only checked for shape here, settings validation happens in options.ts.
import { parseArgs } from "node:util";
import manifest from "../manifest.json";
import { type ReportArgs, parseReportArgs } from "./report-args";

/** The release version (the plugin's `manifest.json`), printed by `--version`. */
export const VERSION: string = manifest.version;

/** The commands, as an unknown one's error lists them. */
const COMMANDS = "sync, check, automation check, report <kind>, report metrics, assist detect, assist estimate, assist suggest, assist summarise, assist time";

export interface CliArgs {
  vault: string;
  site?: string;
  email?: string;
  deployment?: "cloud" | "datacenter";
  projects: string[];
  configDir: string;
  dryRun: boolean;
  full: boolean;
  pull: boolean;
  /** Arrange notes by epic: a full sync that moves epic children's notes into their epic's folder. */
  arrange: boolean;
  /** Read the whole issue history again after the sync (not only issues updated since the last read). */
  rebuildHistory: boolean;
  json: boolean;
}

export type ParsedArgs = { kind: "help"; topic?: "report" } | { kind: "check"; argv: string[] } | { kind: "automation"; argv: string[] } | { kind: "assist"; argv: string[] } | { kind: "version" } | { kind: "run"; args: CliArgs } | { kind: "report"; args: ReportArgs } | { kind: "error"; message: string };

export const USAGE = `Usage: jira-vault-sync sync --vault DIR [options]

Syncs the notes of an Obsidian vault with Jira, with the plugin's settings and state.

Options:
  --vault DIR              the vault folder (required)
  --site URL               Jira site (overrides the plugin settings)
  --email ADDRESS          Atlassian account email (Cloud)
  --deployment KIND        cloud or datacenter
  --project KEY            project to sync (repeatable; replaces the configured projects)
  --dry-run                print what would change; change nothing
  --full                   re-read every issue in scope, not only those changed since the last sync
  --pull                   only bring Jira changes into notes; push nothing
  --arrange                a full sync that also moves each epic's child notes into the epic's folder
                           (needs sync.epicFolders on in the vault's settings; see docs/epic-folders.md)
  --rebuild-history        read the whole issue history again (after the sync; see docs/history.md)
  --json                   print the report as JSON
  --config-dir NAME        the vault's configuration folder (default .obsidian)
  -h, --help               show this help
  -V, --version            print the version

Environment:
  JIRA_API_TOKEN           API token (Cloud) or personal access token (Data Center)

Exit codes: 0 clean, 1 finished with conflicts or errors, 2 could not run.

Also: jira-vault-sync check --vault DIR [--json]
  check the synced notes against the sync state and the settings (exit 1 when something is found).
      jira-vault-sync automation check --vault DIR [--json]
  check the automation rules note (exit 1 when a rule has a problem).
      jira-vault-sync report <kind> --vault DIR [--project KEY] [--from DATE --to DATE] [--out PATH]
      jira-vault-sync report metrics --vault DIR --from DATE --to DATE --json
  write report notes with charts, or print every metric as JSON.
      jira-vault-sync assist detect --vault DIR --note PATH [--json]
      jira-vault-sync assist estimate --vault DIR --key KEY [--json]
      jira-vault-sync assist suggest --vault DIR --key KEY [--json]
      jira-vault-sync assist summarise --vault DIR --key KEY [--post] [--json]
      jira-vault-sync assist time --vault DIR [--day YYYY-MM-DD] [--json]
  list the tasks in a note that could become issues (rules, and the model when assistance is on); suggest an
  estimate from the done issues of the kept history; suggest an issue's priority, estimate and assignee; draft
  (and with --post, post) a comment saying what changed in an issue's note since the last sync; print a day's
  worklog suggestions from the editing activity recorded in Obsidian.
`;

/** Parses `argv` (without node and the script). */
export function parseCliArgs(argv: readonly string[]): ParsedArgs {
  const command = argv.find((a) => !a.startsWith("-"));
  // An unknown command is an error even with --help, so a typo never looks like a valid command.
  if (command !== undefined && command !== "sync" && command !== "report" && command !== "check" && command !== "automation" && command !== "assist" && argv[0] === command) {
    return { kind: "error", message: `Unknown command: ${command}. Commands: ${COMMANDS}.` };
  }
  if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-V")) return { kind: "version" };
  if (argv[0] === "check") return { kind: "check", argv: argv.slice(1) };
  if (argv[0] === "automation") return { kind: "automation", argv: argv.slice(1) };
  if (argv[0] === "assist") return { kind: "assist", argv: argv.slice(1) };
  if (argv[0] === "report") return argv.includes("--help") || argv.includes("-h") ? { kind: "help", topic: "report" } : parseReportArgs(argv.slice(1));
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        vault: { type: "string" },
        site: { type: "string" },
        email: { type: "string" },
        deployment: { type: "string" },
        project: { type: "string", multiple: true },
        "config-dir": { type: "string" },
        "dry-run": { type: "boolean" },
        full: { type: "boolean" },
        pull: { type: "boolean" },
        arrange: { type: "boolean" },
        "rebuild-history": { type: "boolean" },
        json: { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    return { kind: "error", message: e instanceof Error ? e.message : String(e) };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: "help" };
  if (positionals.length === 0) return { kind: "error", message: "Missing command: use `jira-vault-sync sync --vault DIR`." };
  if (positionals[0] !== "sync" || positionals.length > 1) return { kind: "error", message: `Unknown command: ${positionals.join(" ")}. Commands: ${COMMANDS}.` };
  if (values.vault === undefined || values.vault.trim() === "") return { kind: "error", message: "Missing --vault DIR." };
  const deployment = values.deployment;
  if (deployment !== undefined && deployment !== "cloud" && deployment !== "datacenter") {
    return { kind: "error", message: `--deployment must be cloud or datacenter, not ${deployment}.` };
  }
  if (values.full === true && values.pull === true) return { kind: "error", message: "Use --full or --pull, not both." };
  if (values.arrange === true && values.pull === true) return { kind: "error", message: "Use --arrange or --pull, not both (arranging is a full sync)." };
  if (values["rebuild-history"] === true && values["dry-run"] === true) return { kind: "error", message: "Use --rebuild-history without --dry-run (a dry run writes nothing)." };
  const configDir = values["config-dir"] ?? ".obsidian";
  if (configDir === "" || /[/\\]/.test(configDir) || configDir === "." || configDir === "..") {
    return { kind: "error", message: "--config-dir must be a folder name inside the vault, such as .obsidian." };
  }
  return {
    kind: "run",
    args: {
      vault: values.vault,
      site: values.site,
      email: values.email,
      deployment,
      projects: values.project ?? [],
      configDir,
      dryRun: values["dry-run"] === true,
      full: values.full === true,
      pull: values.pull === true,
      arrange: values.arrange === true,
      rebuildHistory: values["rebuild-history"] === true,
      json: values.json === true,
    },
  };
}
