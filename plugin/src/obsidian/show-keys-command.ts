// The "Show Jira keys in current note" command: runs the core's parser on the active note and shows
// the keys it found in a notice.
import { type App, MarkdownView, Notice } from "obsidian";
import { type Core } from "../core/core";
import { describeKeys, keysFromParseResult } from "../jira/parse-result-keys";

/** Returns the command's check callback: available when a Markdown note is active. */
export function showKeysCommand(app: App, core: () => Core, projects: () => ReadonlySet<string> | null) {
  return (checking: boolean): boolean => {
    const view = app.workspace.getActiveViewOfType(MarkdownView);
    const file = view?.file;
    if (!view || !file) return false;
    if (checking) return true;
    const text = view.getViewData();
    const result: unknown = core().parseNote(text, file.path);
    new Notice(describeKeys(keysFromParseResult(result, text, projects())));
    return true;
  };
}
