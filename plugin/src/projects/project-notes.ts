// Project notes and Bases files (issue #15, docs/projects.md): after a sync (and on the command "Refresh
// project notes"), each synced project of the site gets its note (`Jira/OPS/OPS.md`) refreshed from Jira and
// its Bases file (`Jira/OPS/OPS.base`) written once. The core decides everything (paths, requests, the note's
// text, whether a base may be written); this driver only sends the requests, reads and writes the vault, and
// keeps in the plugin's folder (`project-notes-<site>.json`) the hashes of the bases it wrote, so a base the
// user edited is never overwritten, each project's workflow statuses (for the vault health checks, see
// health/workflow-statuses.ts), and when it last refreshed: after a sync it refreshes at most once per
// `minIntervalMs` (project metadata changes rarely, and a quiet sync stays one request), on command always. A note is written only when its text changes, and only over the text read
// (`replaceIfUnchanged`), so an edit made meanwhile is never lost. No Obsidian imports.
import { readWorkflowStatuses, workflowStatusesOf } from "../health/workflow-statuses";
import type { JiraTransport } from "../jira/client";
import type { JsonFileStore } from "../state/state-store";
import { siteFileId, stateFileNames } from "../sync/driver";
import type { SyncConfig } from "../sync/types";
import type { VaultPort } from "../vault/vault";

/** The core calls this driver uses (wasm exports of src/wasm/alignment_projects.rs). */
export interface ProjectNotesCore {
  projectPaths(config: unknown, siteUrl: string): unknown;
  projectRequests(deployment: string, key: string): unknown;
  renderProjectNote(input: unknown): unknown;
  planProjectBase(input: unknown): unknown;
}

export interface ProjectNotesDeps {
  core: ProjectNotesCore;
  transport: Pick<JiraTransport, "send">;
  vault: VaultPort;
  /** The plugin's folder: the sync state (learned transitions) is read and the base hashes kept here. */
  store: JsonFileStore;
}

export interface ProjectNotesOptions {
  config: SyncConfig;
  siteUrl: string;
  deployment: "cloud" | "datacenter";
  /** Write nothing (the notes and bases that would change are still reported). */
  dryRun?: boolean;
  /** Skip the refresh when the last one is more recent than this (ms; needs `now`). Absent: always refresh. */
  minIntervalMs?: number;
  /** Current time, ms since the epoch (recorded as the last refresh). */
  now?: number;
}

/** How often project notes are refreshed after syncs (the command refreshes at any time). */
export const PROJECT_REFRESH_INTERVAL_MS = 3_600_000;

/** A status no mapping covers, in one project. */
export interface UnmappedStatus {
  project: string;
  status: string;
  issueTypes: string[];
}

export interface ProjectNotesReport {
  /** Project notes written (new or changed). */
  written: string[];
  /** Bases files written. */
  bases: string[];
  /** Bases files left alone because the user edited them. */
  basesKept: string[];
  unmapped: UnmappedStatus[];
  /** What went wrong, one sentence each (the rest still ran). */
  problems: string[];
  /** Nothing was asked: the last refresh is more recent than `minIntervalMs`. */
  skipped?: boolean;
}

interface ProjectPaths {
  key: string;
  folder: string;
  note: string;
  base: string;
}

interface ProjectRequest {
  name: "project" | "versions" | "components" | "statuses";
  path: string;
  query: [string, string][];
}

interface NoteOutcome {
  text: string | null;
  unmapped: { status: string; issueTypes: string[] }[];
  problems: string[];
}

interface BasePlan {
  write: string | null;
  hash: string | null;
  userEdited: boolean;
}

/** The file (in the plugin's folder) holding, for a site, when project notes were last refreshed and the hashes of the bases written. */
export function projectNotesFile(siteUrl: string): string {
  return `project-notes-${siteFileId(siteUrl)}.json`;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** Refreshes the project notes and writes the Bases files of the projects `options.config` syncs from the site. */
export async function refreshProjectNotes(deps: ProjectNotesDeps, options: ProjectNotesOptions): Promise<ProjectNotesReport> {
  const report: ProjectNotesReport = { written: [], bases: [], basesKept: [], unmapped: [], problems: [] };
  const projects = deps.core.projectPaths(options.config, options.siteUrl) as ProjectPaths[];
  if (projects.length === 0) return report;
  const file = projectNotesFile(options.siteUrl);
  const kept = record(await deps.store.load(file));
  const last = typeof kept.refreshedAt === "number" ? kept.refreshedAt : null;
  if (options.minIntervalMs !== undefined && options.now !== undefined && last !== null && options.now - last < options.minIntervalMs) return { ...report, skipped: true };
  const state = record(await deps.store.load(stateFileNames(options.siteUrl).state));
  const hashes = Object.fromEntries(Object.entries(record(kept.bases)).filter((e): e is [string, string] => typeof e[1] === "string"));
  // Each project's workflows as Jira lists them, kept for the vault health checks (see health/workflow-statuses.ts).
  const workflows = readWorkflowStatuses(kept);
  for (const project of projects) {
    const answers: Record<string, unknown> = {};
    const requests = deps.core.projectRequests(options.deployment, project.key) as ProjectRequest[];
    await Promise.all(
      requests.map(async (r) => {
        const result = await deps.transport.send({ method: "GET", path: r.path, query: Object.fromEntries(r.query) });
        if (result.ok) answers[r.name] = result.body;
        else {
          answers[r.name] = null;
          if (r.name === "project") report.problems.push(`Project ${project.key}: ${result.error.message}`);
        }
      }),
    );
    if (answers.project === null) continue;
    if (answers.statuses !== null && answers.statuses !== undefined) {
      for (const workflow of Object.keys(workflows)) if (workflow.startsWith(`${project.key}/`)) delete workflows[workflow];
      Object.assign(workflows, workflowStatusesOf(project.key, answers.statuses));
    }
    const existing = await deps.vault.read(project.note);
    const outcome = deps.core.renderProjectNote({
      key: project.key,
      answers,
      existing,
      statuses: options.config.statuses ?? [],
      transitions: state.transitions ?? {},
    }) as NoteOutcome;
    report.unmapped.push(...outcome.unmapped.map((u) => ({ project: project.key, status: u.status, issueTypes: u.issueTypes })));
    report.problems.push(...outcome.problems.map((p) => `${project.note}: ${p}`));
    if (outcome.text !== null) {
      const done = options.dryRun === true ? { applied: true } : existing === null ? await deps.vault.createIfAbsent(project.note, outcome.text) : await deps.vault.replaceIfUnchanged(project.note, existing, outcome.text);
      if (done.applied) report.written.push(project.note);
      else report.problems.push(`${project.note} changed while it was being refreshed; it is refreshed on the next sync`);
    }
    const currentBase = await deps.vault.read(project.base);
    const plan = deps.core.planProjectBase({ folder: project.folder, config: options.config, existing: currentBase, writtenHash: hashes[project.base] ?? null }) as BasePlan;
    if (plan.userEdited) report.basesKept.push(project.base);
    if (plan.write !== null && options.dryRun !== true) {
      const done = currentBase === null ? await deps.vault.createIfAbsent(project.base, plan.write) : await deps.vault.replaceIfUnchanged(project.base, currentBase, plan.write);
      if (!done.applied) continue;
      report.bases.push(project.base);
    }
    if (plan.hash !== null && options.dryRun !== true) hashes[project.base] = plan.hash;
  }
  if (options.dryRun !== true) await deps.store.save(file, { ...(options.now === undefined ? {} : { refreshedAt: options.now }), bases: hashes, workflowStatuses: workflows });
  return report;
}

/** One line for the sync log and the command line (empty when nothing was written or found). */
export function projectNotesSummary(report: ProjectNotesReport): string {
  const parts: string[] = [];
  if (report.written.length > 0) parts.push(`${report.written.length} project note${report.written.length === 1 ? "" : "s"} written`);
  if (report.bases.length > 0) parts.push(`${report.bases.length} Bases file${report.bases.length === 1 ? "" : "s"} written`);
  if (report.unmapped.length > 0) parts.push(`${report.unmapped.length} status${report.unmapped.length === 1 ? "" : "es"} no mapping covers (${report.unmapped.map((u) => `${u.project}: ${u.status}`).join(", ")})`);
  return parts.length === 0 ? "" : `Projects: ${parts.join("; ")}.`;
}
