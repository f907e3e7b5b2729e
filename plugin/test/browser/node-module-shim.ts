// Browser stand-in for `node:module`, used only when the page harness is bundled for Chromium: the test
// `obsidian` stub asks `createRequire(...)("@codemirror/state")` for the CommonJS CodeMirror build; in the
// page it gets the one ES build that main.js's `require` also answers with, so both share one instance
// (a second copy of @codemirror/state would make the live-preview field unknown to the editor).
import * as cmState from "@codemirror/state";
import * as cmView from "@codemirror/view";

/** The modules the page provides to `require`. */
export const pageModules: Record<string, unknown> = {
  "@codemirror/state": cmState,
  "@codemirror/view": cmView,
};

export function createRequire(_from: string | URL): (id: string) => unknown {
  return (id: string) => {
    const found = pageModules[id];
    if (found === undefined) throw new Error(`the browser page cannot require ${id}`);
    return found;
  };
}
