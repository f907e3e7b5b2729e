// The headless time report: reads the vault's plugin settings and the site's sync state (no network, no
// token needed), asks the core for the report note and writes it into the vault with the marker check.
// Exit codes: 0 written (or already up to date), 2 could not write. Never throws.
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { FsStore } from "../node/fs-store";
import { FsVault } from "../node/fs-vault";
import { normalizeSiteUrl } from "../settings/settings";
import { toSyncConfig } from "../settings/sync-settings";
import { stateFileNames } from "../sync/driver";
import type { SyncConfig } from "../sync/types";
import { DEFAULT_REPORT_PATH, timeTrackingOf, writeReportNote } from "../time/time-report";
import { loadVaultSettings } from "./options";
import type { ReportArgs } from "./report-args";

/** The parts of the wasm core the report needs. */
export interface ReportCore {
  defaultSyncConfig(): unknown;
  timeReportFromState(state: unknown, options: unknown): string;
  isGeneratedReport(text: string): boolean;
}

export interface ReportIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

class ReportFailure extends Error {}

/** The state file name: the configured site's, or the only state file in the folder. */
async function stateFileName(pluginDir: string, siteUrl: string): Promise<string> {
  if (siteUrl !== "") return stateFileNames(siteUrl).state;
  const names = await readdir(pluginDir).catch(() => [] as string[]);
  const states = names.filter((n) => /^sync-state-.+\.json$/.test(n));
  if (states.length === 1 && states[0] !== undefined) return states[0];
  throw new ReportFailure(states.length === 0 ? "No sync state found: run a sync first." : "Several sites have a sync state: pass --site URL.");
}

/** Runs `report time`; resolves to the exit code. */
export async function runReport(args: ReportArgs, io: ReportIo, core: ReportCore): Promise<number> {
  try {
    const { pluginDir, settings } = await loadVaultSettings(args.vault, args.configDir, (m) => new ReportFailure(m));
    const siteUrl = args.site !== undefined ? normalizeSiteUrl(args.site) : settings.siteUrl;
    const name = await stateFileName(pluginDir, siteUrl);
    const state = await new FsStore(pluginDir).load(name);
    if (state === null || typeof state !== "object") throw new ReportFailure(`No sync state in ${join(pluginDir, name)}: run a sync first.`);
    const config = toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig);
    const tt = timeTrackingOf(config);
    const markdown = core.timeReportFromState(state, { from: args.from, to: args.to, hoursPerDay: tt.hoursPerDay, daysPerWeek: tt.daysPerWeek });
    const path = args.out ?? DEFAULT_REPORT_PATH;
    const written = await writeReportNote(new FsVault(args.vault), path, markdown, (t) => core.isGeneratedReport(t));
    if (written.kind === "refused") throw new ReportFailure(`Not written: ${written.reason}.`);
    io.stdout(`${written.kind === "unchanged" ? "Up to date" : written.kind === "created" ? "Wrote" : "Updated"} ${path} (${args.from} – ${args.to}).\n`);
    return 0;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    io.stderr(`jira-vault-sync: ${e instanceof ReportFailure ? text : `could not write the report: ${text.split("\n")[0] ?? text}`}\n`);
    return 2;
  }
}
