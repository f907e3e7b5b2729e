// The sync commands (no default hotkeys): sync, pull, push the current note, create an issue from it,
// link it to an issue, open its issue in Jira, resolve conflicts, mark a conflict resolved, show the log.
// Commands that need a note use checkCallback, so they only show when a Markdown note is active. Until a site
// and a scope (projects or JQL) are set, every command that would sync says what is missing in a notice instead.
import { type App, Notice, type Plugin, type TFile } from "obsidian";
import { type Core } from "../core/core";
import { type SettingsStore } from "../data/plugin-data";
import { isJiraKey, PROJECT_KEY_PATTERN } from "../jira/keys";
import { allProjectKeys, scopeProblem, siteUrlForKey } from "../settings/settings";
import { resolveConflict, type Resolution } from "./conflicts";
import { ChoiceModal, PromptModal } from "./sync-modals";
import { type SyncController } from "./sync-controller";
import type { RunMode } from "../sync/types";

export interface SyncCommandDeps {
  app: App;
  core: Core;
  settings: SettingsStore;
  controller: SyncController;
  openLog: () => Promise<void>;
  openUrl: (url: string) => void;
}

function frontmatter(app: App, file: TFile): Record<string, unknown> {
  return (app.metadataCache.getFileCache(file)?.frontmatter) ?? {};
}

function activeNote(app: App): TFile | null {
  const file = app.workspace.getActiveFile();
  return file !== null && file.extension === "md" ? file : null;
}

/** The project whose synced folder holds `path`, if any. */
export function projectOfFolder(path: string, projects: readonly string[], folderTemplate: string): string | null {
  for (const project of projects) {
    const folder = folderTemplate.replace(/\{PROJECT\}/g, project).replace(/^\/+|\/+$/g, "");
    if (folder !== "" && path.startsWith(`${folder}/`)) return project;
  }
  return null;
}

/** A check for a typed project key. */
export function validateProject(value: string): string | null {
  return PROJECT_KEY_PATTERN.test(value.trim().toUpperCase()) ? null : "Enter a project key, such as OPS.";
}

/** A check for a typed issue key. */
export function validateIssueKey(value: string): string | null {
  return isJiraKey(value.trim().toUpperCase()) ? null : "Enter an issue key, such as OPS-12.";
}

export function registerSyncCommands(plugin: Plugin, deps: SyncCommandDeps): void {
  const { app, controller } = deps;
  /** True when a sync may run; otherwise tells the user what to set first. */
  const ready = (): boolean => {
    const problem = scopeProblem(deps.settings.get());
    if (problem !== null) new Notice(`Jira sync did not run: ${problem}`);
    return problem === null;
  };
  const run = (mode: RunMode) => (ready() ? controller.run(mode, "user") : undefined);
  const pushNote = (file: TFile) => run({ kind: "notes", paths: [file.path] });
  const withNote = (act: (file: TFile) => unknown, when: (file: TFile) => boolean = () => true) => (checking: boolean) => {
    const file = activeNote(app);
    if (file === null || !when(file)) return false;
    if (!checking) void act(file);
    return true;
  };
  const keyOf = (file: TFile): string | null => {
    const key = frontmatter(app, file)[controller.keyField()];
    return typeof key === "string" && key.trim() !== "" ? key.trim().toUpperCase() : null;
  };
  const conflicted = (file: TFile) => frontmatter(app, file).sync_conflict === true;

  plugin.addCommand({ id: "sync-now", name: "Sync now", callback: () => run({ kind: "sync" }) });
  plugin.addCommand({ id: "pull-from-jira", name: "Pull changes only", callback: () => run({ kind: "pull" }) });
  plugin.addCommand({ id: "rebuild-jira-history", name: "Rebuild issue history", callback: () => (ready() ? controller.run({ kind: "sync" }, "user", true) : undefined) });
  plugin.addCommand({ id: "push-current-note", name: "Push current note", checkCallback: withNote(pushNote) });
  plugin.addCommand({
    id: "create-jira-issue-from-current-note",
    name: "Create issue from current note",
    checkCallback: withNote(
      (file) => {
        const fm = frontmatter(app, file);
        const settings = deps.settings.get();
        const inFolder = projectOfFolder(file.path, allProjectKeys(settings), settings.sync.folderTemplate);
        if ((typeof fm.jira_project === "string" && fm.jira_project.trim() !== "") || inFolder !== null) return pushNote(file);
        if (!ready()) return;
        new PromptModal(app, {
          title: "Create Jira issue",
          name: "Project",
          desc: "The key of the Jira project to create the issue in.",
          placeholder: "OPS",
          submit: "Create issue",
          validate: validateProject,
          onSubmit: async (project) => {
            await app.fileManager.processFrontMatter(file, (f: Record<string, unknown>) => {
              f.jira_project = project.toUpperCase();
            });
            await pushNote(file);
          },
        }).open();
      },
      (file) => keyOf(file) === null,
    ),
  });
  plugin.addCommand({
    id: "link-current-note-to-an-issue",
    name: "Link current note to an issue",
    checkCallback: withNote((file) => {
      if (!ready()) return;
      new PromptModal(app, {
        title: "Link note to a Jira issue",
        name: "Issue key",
        desc: "The key of the issue this note stands for.",
        placeholder: "OPS-12",
        submit: "Link",
        validate: validateIssueKey,
        onSubmit: async (key) => {
          const field = controller.keyField();
          await app.fileManager.processFrontMatter(file, (f: Record<string, unknown>) => {
            f[field] = key.toUpperCase();
          });
          await pushNote(file);
        },
      }).open();
    }),
  });
  plugin.addCommand({
    id: "open-current-note-issue-in-jira",
    name: "Open current note's issue in the browser",
    checkCallback: withNote(
      (file) => {
        const key = keyOf(file);
        if (key === null) return;
        const site = siteUrlForKey(deps.settings.get(), key);
        if (site === "") new Notice("Enter your site URL in the settings first.");
        else deps.openUrl(`${site}/browse/${encodeURIComponent(key)}`);
      },
      (file) => keyOf(file) !== null,
    ),
  });
  const resolve = (file: TFile, how: Resolution) => resolveConflict(app, deps.core, controller, siteUrlForKey(deps.settings.get(), keyOf(file) ?? ""), file, how);
  plugin.addCommand({
    id: "resolve-sync-conflicts",
    name: "Resolve sync conflicts",
    callback: () => {
      const paths = controller.conflictedPaths();
      if (paths.length === 0) {
        new Notice("No notes have sync conflicts.");
        return;
      }
      new ChoiceModal(app, "Choose a conflicted note", paths, (p) => p, (path) => {
        const file = app.vault.getFileByPath(path);
        if (file === null) return;
        type Choice = { label: string; act: () => unknown };
        const choices: Choice[] = [
          { label: "Keep mine: push the note's values to Jira", act: () => resolve(file, "mine") },
          { label: "Keep Jira's: take Jira's values into the note", act: () => resolve(file, "jira") },
          { label: "Open the note to edit, then run \"Mark conflict resolved\"", act: () => app.workspace.getLeaf(false).openFile(file) },
        ];
        new ChoiceModal(app, `Resolve ${path}`, choices, (c) => c.label, (c) => c.act()).open();
      }).open();
    },
  });
  plugin.addCommand({ id: "mark-conflict-resolved", name: "Mark conflict resolved", checkCallback: withNote((file) => resolve(file, "mine"), conflicted) });
  plugin.addCommand({ id: "show-sync-log", name: "Show sync log", callback: () => deps.openLog() });
}
