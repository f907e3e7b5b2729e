// Obsidian adapters for time suggestions (../time-suggestions): the editing events the recorder counts
// (`editor-change` in a Markdown editor: an edit of that note, with its issue key from the metadata cache;
// `active-leaf-change`: the stretch on the previous note ends) and the notes the suggestions read and write
// (the metadata cache finds a key's notes; edits go through `vault.process`).
import { type App, normalizePath, TFile } from "obsidian";
import type { EditingEvents } from "../time-suggestions/recorder";
import type { SuggestVault } from "../time-suggestions/suggest";

function keyOf(app: App, file: TFile, keyField: string): string | null {
  const key: unknown = app.metadataCache.getFileCache(file)?.frontmatter?.[keyField];
  return typeof key === "string" && key.trim() !== "" ? key.trim() : null;
}

/** Edits and note switches in the workspace; `keyField` is the front matter property of the issue key. */
export function obsidianEditingEvents(app: App, keyField: () => string): EditingEvents {
  return {
    subscribe(listener) {
      const edit = app.workspace.on("editor-change", (_editor, info) => {
        const file = info.file;
        if (file !== null && file.extension === "md") listener.edit(file.path, keyOf(app, file, keyField()));
      });
      const leave = app.workspace.on("active-leaf-change", () => listener.leave());
      return () => {
        app.workspace.offref(edit);
        app.workspace.offref(leave);
      };
    },
  };
}

/** The vault's notes for the suggestions. */
export function obsidianSuggestVault(app: App, keyField: () => string): SuggestVault {
  const file = (path: string): TFile | null => {
    const f = app.vault.getAbstractFileByPath(normalizePath(path));
    return f instanceof TFile ? f : null;
  };
  return {
    notesWithKey: (key) => app.vault.getMarkdownFiles().filter((f) => keyOf(app, f, keyField()) === key).map((f) => f.path),
    notesIn: (folder) => {
      const dir = folder.trim().replace(/^\/+|\/+$/g, "");
      return app.vault.getMarkdownFiles().filter((f) => (f.parent?.path ?? "/").replace(/^\/$/, "") === dir).map((f) => f.path);
    },
    read: async (path) => {
      const f = file(path);
      return f === null ? null : app.vault.cachedRead(f);
    },
    process: async (path, edit) => {
      const f = file(path);
      if (f === null) return false;
      await app.vault.process(f, edit);
      return true;
    },
  };
}
