// Whether a CodeMirror editor state belongs to an editor in live preview (not source mode), read from
// Obsidian's `editorLivePreviewField`. Editors outside Obsidian's Markdown view count as not live preview.
import { type EditorState } from "@codemirror/state";
import { editorLivePreviewField } from "obsidian";

export function isLivePreview(state: EditorState): boolean {
  return state.field(editorLivePreviewField, false) === true;
}
