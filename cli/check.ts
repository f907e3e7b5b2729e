// `jira-vault-sync check --vault DIR [--json]`: the vault health checks (docs/health.md) from the vault's plugin
// settings, each site's sync state and the notes the sync would read (no network, no token). Prints the
// findings (text, or `{clean, findings}` as JSON) and writes nothing. Exit codes: 0 nothing found, 1 findings,
// 2 could not run (usage errors included). Never throws.
import { parseArgs } from "node:util";
import { type HealthCore, checkVaultHealth, findingsText } from "../plugin/src/health/health-check";
import { FsStore } from "./node/fs-store";
import { FsVault } from "./node/fs-vault";
import { toSyncConfig } from "../plugin/src/settings/sync-settings";
import type { JsonFileStore } from "../plugin/src/state/state-store";
import type { SyncConfig } from "../plugin/src/sync/types";
import { IO_CONCURRENCY } from "../plugin/src/vault/bounded-io";
import { loadVaultSettings } from "./options";

export const CHECK_USAGE = `Usage: jira-vault-sync check --vault DIR [--json]

Checks the vault's synced notes against the sync state and the settings (no network): states that map to no
status, state changes no transition reaches, duplicate keys, notes outside their project's folder, parents
without a note, done parents with open children, issues deleted in Jira, mappings naming fields the site lacks,
front matter that cannot be read. See docs/health.md.

Options:
  --vault DIR              the vault folder (required)
  --json                   print {"clean", "findings"} as JSON (field names in docs/health.md)
  --config-dir NAME        the vault's configuration folder (default .obsidian)
  -h, --help               show this help

Exit codes: 0 nothing found, 1 something found, 2 could not run.
`;

export interface CheckArgs {
  vault: string;
  json: boolean;
  configDir: string;
}

/** The core's parts `check` needs. */
export interface CheckCore extends HealthCore {
  defaultSyncConfig(): unknown;
}

export interface CheckIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** Parses the arguments after `check`: the args, "help", or an error message. */
export function parseCheckArgs(argv: readonly string[]): CheckArgs | "help" | { error: string } {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      allowPositionals: false,
      strict: true,
      options: { vault: { type: "string" }, json: { type: "boolean" }, "config-dir": { type: "string" }, help: { type: "boolean", short: "h" } },
    }));
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
  }
  if (values.help === true) return "help";
  if (values.vault === undefined || values.vault.trim() === "") return { error: "Missing --vault DIR." };
  const configDir = values["config-dir"] ?? ".obsidian";
  if (configDir === "" || /[/\\]/.test(configDir) || configDir === "." || configDir === "..") {
    return { error: "--config-dir must be a folder name inside the vault, such as .obsidian." };
  }
  return { vault: values.vault, json: values.json === true, configDir };
}

class CheckFailure extends Error {}

/** Runs `check` with the arguments after the command word; resolves to the exit code. */
export async function runCheck(argv: readonly string[], io: CheckIo, core: CheckCore): Promise<number> {
  const args = parseCheckArgs(argv);
  if (args === "help") {
    io.stdout(CHECK_USAGE);
    return 0;
  }
  if ("error" in args) {
    io.stderr(`jira-vault-sync: ${args.error}\nRun jira-vault-sync check --help for usage.\n`);
    return 2;
  }
  try {
    const { pluginDir, settings } = await loadVaultSettings(args.vault, args.configDir, (m) => new CheckFailure(m));
    const config = toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig);
    const store = new FsStore(pluginDir);
    // The sync's note index is used to find the notes, never written: a check changes nothing.
    const index: JsonFileStore = { load: (name) => store.load(name), save: () => Promise.resolve() };
    const findings = await checkVaultHealth(core, new FsVault(args.vault, IO_CONCURRENCY, index), store, config);
    io.stdout(args.json ? `${JSON.stringify({ clean: findings.length === 0, findings }, null, 2)}\n` : findingsText(findings));
    return findings.length === 0 ? 0 : 1;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    io.stderr(`jira-vault-sync: ${e instanceof CheckFailure ? text : `could not check the vault: ${text.split("\n")[0] ?? text}`}\n`);
    return 2;
  }
}
