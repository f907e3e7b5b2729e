// The headless reports: read the vault's plugin settings, the site's sync state and issue history (no
// network, no token needed), ask the core for the report (or the metrics) and write the note and its charts
// into the vault with the marker checks. Exit codes: 0 written/printed (or already up to date), 2 could not
// write. Never throws.
import { loadActivityText } from "../plugin/src/activity/activity-record";
import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { FsStore } from "./node/fs-store";
import { FsVault } from "./node/fs-vault";
import { myselfTimeZone } from "../plugin/src/time/reconcile";
import { DEFAULT_REPORTS_FOLDER, defaultReportPath, loadSiteHistoryText, type ReportParams, type ReportRequest, type ReportsCore, renderReport, reportKinds, reportMetrics, teamProblems, writeRenderedReport } from "../plugin/src/report/reports";
import { normalizeSiteUrl } from "../plugin/src/settings/settings";
import { toSyncConfig } from "../plugin/src/settings/sync-settings";
import { loadWithText } from "../plugin/src/state/state-store";
import { stateFileNames } from "../plugin/src/sync/driver";
import type { SyncConfig } from "../plugin/src/sync/types";
import { timeTrackingOf } from "../plugin/src/time/time-report";
import { loadVaultSettings } from "./options";
import type { ReportArgs } from "./report-args";

/** The parts of the wasm core the reports need. */
export interface ReportCore extends ReportsCore {
  defaultSyncConfig(): unknown;
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

/** Runs `report <kind>` or `report metrics --json`; resolves to the exit code. */
export async function runReport(args: ReportArgs, io: ReportIo, core: ReportCore, now: () => number = Date.now): Promise<number> {
  try {
    const kinds = reportKinds(core);
    const kind = kinds.find((k) => k.id === args.kind);
    if (kind === undefined && args.kind !== "metrics") throw new ReportFailure(`Unknown report ${args.kind}: use one of ${kinds.map((k) => k.id).join(", ")} or metrics.`);
    const { pluginDir, settings } = await loadVaultSettings(args.vault, args.configDir, (m) => new ReportFailure(m));
    const siteUrl = args.site !== undefined ? normalizeSiteUrl(args.site) : settings.siteUrl;
    const name = await stateFileName(pluginDir, siteUrl);
    const store = new FsStore(pluginDir);
    const { value: state, text: stateText } = await loadWithText(store, name);
    if (state === null || typeof state !== "object") throw new ReportFailure(`No sync state in ${join(pluginDir, name)}: run a sync first.`);
    const stateSite = (state as { baseUrl?: unknown }).baseUrl;
    const site = siteUrl !== "" ? siteUrl : typeof stateSite === "string" ? stateSite : "";
    const { history, text: historyText } = await loadSiteHistoryText(store, site);
    const activity = await loadActivityText(store, site);
    const config = toSyncConfig(settings, settings.sync, core.defaultSyncConfig() as SyncConfig);
    const tt = timeTrackingOf(config);
    const params: ReportParams = {
      kind: args.kind === "metrics" ? "flow" : args.kind,
      ...(args.project === undefined ? {} : { project: args.project }),
      ...(args.epic === undefined ? {} : { epic: args.epic }),
      ...(args.version === undefined ? {} : { version: args.version }),
      ...(args.team === undefined ? {} : { team: args.team }),
      ...(args.from === undefined ? {} : { from: args.from, to: args.to }),
      ...(args.period === undefined ? {} : { period: args.period }),
    };
    const path = args.out ?? (kind === undefined ? "" : defaultReportPath(DEFAULT_REPORTS_FOLDER, kind, params));
    const request: ReportRequest = {
      params,
      notePath: path === "" ? "metrics.md" : path,
      now: now(),
      state: state as Record<string, unknown>,
      history,
      settings: { hoursPerDay: tt.hoursPerDay, daysPerWeek: tt.daysPerWeek, teams: settings.reportTeams },
      timeZone: myselfTimeZone(state as Record<string, unknown>),
      ...(stateText === undefined ? {} : { stateText }),
      ...(historyText === undefined ? {} : { historyText }),
      ...(activity === undefined ? {} : { activity }),
    };
    for (const problem of teamProblems(request)) io.stderr(`jira-vault-sync: warning: ${problem}\n`);
    if (args.kind === "metrics") {
      io.stdout(`${JSON.stringify(reportMetrics(core, request), null, 2)}\n`);
      return 0;
    }
    const rendered = renderReport(core, request);
    const written = await writeRenderedReport(new FsVault(args.vault), path, rendered, (t) => core.isGeneratedReport(t));
    if (written.kind === "refused") throw new ReportFailure(`Not written: ${written.reason}.`);
    const fm = /\nfrom: (\S+)\nto: (\S+)\n/.exec(rendered.markdown);
    const period = fm === null ? "" : ` (${fm[1] ?? ""} – ${fm[2] ?? ""})`;
    io.stdout(`${written.kind === "unchanged" ? "Up to date" : written.kind === "created" ? "Wrote" : "Updated"} ${path}${period}.\n`);
    return 0;
  } catch (e) {
    const text = e instanceof Error ? e.message : String(e);
    io.stderr(`jira-vault-sync: ${e instanceof ReportFailure ? text : `could not write the report: ${text.split("\n")[0] ?? text}`}\n`);
    return 2;
  }
}
