// The "Show issue keys in current note" command: runs the core's parser on the active note and shows, in a
// notice, the keys of known projects it found (the same keys badges mark; `UTF-8` is no key).
import { type App, MarkdownView, Notice } from "obsidian";
import { type Core } from "../core/core";
import { describeKnownKeys } from "../badges/known-projects";
import { keysFromParseResult } from "../jira/parse-result-keys";

/** Returns the command's check callback: available when a Markdown note is active. */
export function showKeysCommand(app: App, core: () => Core, projects: () => ReadonlySet<string>) {
  return (checking: boolean): boolean => {
    const view = app.workspace.getActiveViewOfType(MarkdownView);
    const file = view?.file;
    if (!view || !file) return false;
    if (checking) return true;
    const text = view.getViewData();
    const result: unknown = core().parseNote(text, file.path);
    new Notice(describeKnownKeys(keysFromParseResult(result, text, null), projects()));
    return true;
  };
}
