// Vault health (docs/health.md): runs the core's integrity checks on the data the sync itself reads — each
// configured site's sync state from the plugin's store and the notes the sync would select (through the vault
// port's index or Obsidian's metadata cache, so no second scan of the whole vault) — and writes the report note.
// Shared by the Obsidian command and `jira-vault-sync check`; nothing here knows about Obsidian or Node.
import { projectNotesFile } from "../projects/project-notes";
import type { JsonFileStore } from "../state/state-store";
import { stateFileNames } from "../sync/driver";
import type { SyncConfig } from "../sync/types";
import { count } from "../text/count";
import { type ReportWrite, writeReportNote } from "../time/time-report";
import type { NoteSelection } from "../vault/note-selection";
import { readNotes, readSelectedNotes } from "../vault/read-selected";
import type { VaultPort } from "../vault/vault";
import { loadWorkflowStatuses } from "./workflow-statuses";

/** Where the report note goes unless the settings say otherwise. */
export const DEFAULT_HEALTH_REPORT_PATH = "Jira/Vault health.md";

/** The parts of the wasm core the checks need. */
export interface HealthCore {
  healthNoteSelection(input: Uint8Array): unknown;
  checkHealth(input: Uint8Array): unknown;
  renderHealthReport(findings: unknown, checked: string): string;
  isGeneratedReport(text: string): boolean;
}

/** A safe fix: move the note (in Obsidian through the file manager, so links follow). */
export interface MoveFix {
  kind: "move";
  from: string;
  to: string;
}

/** One finding, as the core returns it (field names documented in docs/health.md). */
export interface HealthFinding {
  kind: string;
  severity: "error" | "warning";
  message: string;
  paths: string[];
  key?: string;
  line?: number;
  column?: number;
  fix?: MoveFix;
}

function encoded(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}

/** Runs every check for the sites of `config`, with their states from `store` and the notes of `vault`. */
export async function checkVaultHealth(core: HealthCore, vault: VaultPort, store: JsonFileStore, config: SyncConfig): Promise<HealthFinding[]> {
  const urls = [...new Set((config.sites ?? []).map((s) => s.baseUrl))];
  const sites = await Promise.all(urls.map(async (siteUrl) => ({ siteUrl, state: (await store.load(stateFileNames(siteUrl).state)) ?? {} })));
  const selection = core.healthNoteSelection(encoded({ config, sites })) as NoteSelection;
  const { notes, refs } = await readSelectedNotes(vault, selection);
  // Notes the index knows unchanged come by fingerprint; the checks need their text.
  const unread = refs.length === 0 ? [] : await readNotes(vault, refs.map((r) => r.path));
  // The workflows the project notes last read from Jira (`/project/{key}/statuses`): states are judged by them.
  const workflowStatuses = await loadWorkflowStatuses(store, urls, projectNotesFile);
  return core.checkHealth(encoded({ config, sites, notes: [...notes, ...unread], workflowStatuses })) as HealthFinding[];
}

/** The check time as the report shows it: `2026-12-03 09:00 UTC`. */
export function checkedAt(now: number): string {
  return `${new Date(now).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Writes (or rewrites) the report note at `path`; a note there that the plugin did not generate is left alone. */
export function writeHealthReport(core: HealthCore, vault: VaultPort, path: string, findings: HealthFinding[], now: number): Promise<ReportWrite> {
  return writeReportNote(vault, path, core.renderHealthReport(findings, checkedAt(now)), (t) => core.isGeneratedReport(t));
}

/** One line per finding and its message, as the command line prints them. */
export function findingsText(findings: HealthFinding[]): string {
  if (findings.length === 0) return "No findings: the synced notes agree with Jira and the settings.\n";
  const errors = findings.filter((f) => f.severity === "error").length;
  const lines = findings.map((f) => {
    const where = f.paths.length === 0 ? "settings" : f.paths.join(", ");
    const at = f.line !== undefined && f.column !== undefined ? ` (line ${f.line}, column ${f.column})` : "";
    const fix = f.fix === undefined ? "" : `\n  fix: move to ${f.fix.to}`;
    return `${f.severity} ${f.kind}: ${where}${at}\n  ${f.message}${fix}\n`;
  });
  return `${lines.join("")}${count(findings.length, "finding")} (${count(errors, "error")}, ${count(findings.length - errors, "warning")}).\n`;
}
