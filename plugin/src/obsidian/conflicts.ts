// Resolving a sync conflict in a note. "Keep mine" (and "Mark conflict resolved" after editing) takes the
// conflict callouts off the body with the core's stripping and removes the `sync_conflict` flag; the next
// sync of the note then pushes the note's values, since the remembered remote values stand in as the base.
// "Keep Jira's" also sets the conflicting front matter fields to Jira's values from the stored state and
// the body to Jira's description from the remote callout (else the stored state), then syncs the note.
import { type App, type TFile } from "obsidian";
import { type Core } from "../core/core";
import { stateFileNames } from "../sync/driver";
import { splitNote } from "../sync/note-text";
import { type SyncController } from "./sync-controller";

const FLAG = "sync_conflict";

interface Stripped {
  body: string;
  remoteBody: string | null;
  hadFieldCallout: boolean;
}

export type Resolution = "mine" | "jira";

/** Jira's values of the fields left in conflict in `path`, by note field name (from the stored state). */
async function storedConflict(controller: SyncController, siteUrl: string, path: string): Promise<Record<string, unknown>> {
  const state = (await controller.store.load(stateFileNames(siteUrl).state)) as { issues?: Record<string, { path?: unknown; conflict?: unknown }> } | null;
  for (const issue of Object.values(state?.issues ?? {})) {
    if (issue.path === path && issue.conflict !== null && typeof issue.conflict === "object") return issue.conflict as Record<string, unknown>;
  }
  return {};
}

/** Applies a resolution to `file`, then syncs that note. */
export async function resolveConflict(app: App, core: Core, controller: SyncController, siteUrl: string, file: TFile, resolution: Resolution): Promise<void> {
  const remote = resolution === "jira" ? await storedConflict(controller, siteUrl, file.path) : {};
  controller.vault.markOwnWrite(file.path);
  await app.vault.process(file, (text) => {
    const { head, body } = splitNote(text);
    const stripped = core.stripConflictCallouts(body) as Stripped;
    if (resolution === "mine") return head + stripped.body;
    const jiraBody = stripped.remoteBody ?? (typeof remote.body === "string" ? remote.body : null);
    return head + (jiraBody === null ? stripped.body : jiraBody.endsWith("\n") ? jiraBody : `${jiraBody}\n`);
  });
  await app.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => {
    delete fm[FLAG];
    if (resolution !== "jira") return;
    for (const [field, value] of Object.entries(remote)) if (field !== "body") fm[field] = value;
  });
  controller.service.addLog({ level: "info", path: file.path, message: resolution === "mine" ? "Conflict resolved: kept the note's values." : "Conflict resolved: took Jira's values." });
  await controller.run({ kind: "notes", paths: [file.path] }, "user");
}
