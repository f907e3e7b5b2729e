// Live-preview badges: a CodeMirror 6 view plugin that marks Jira keys in the editor with the badge
// classes (a mark decoration, so the text stays ordinary editable text), and opens the issue on click.
// Behaviour, chosen to match how Obsidian treats links in live preview:
//   - only in live preview; source mode shows plain text;
//   - not in front matter, code blocks, inline code, wiki links, link targets or URLs;
//   - a key touched by the cursor or a selection is left plain, so it can be edited like raw link syntax;
//   - a click on a marked key opens the issue when a site is set (no cursor move); otherwise it is inert.
// Knows nothing of Obsidian: the live-preview test, settings and cache reach it through `EditorBadgeDeps`.
import { type EditorState, RangeSetBuilder } from "@codemirror/state";
import { Decoration, type DecorationSet, EditorView, ViewPlugin, type ViewUpdate } from "@codemirror/view";
import { type BadgeModel } from "../badges/badge-model";
import { findJiraKeys } from "../jira/keys";
import { overlapsAny, skipRanges } from "./skip-ranges";

export interface EditorBadgeDeps {
  /** Whether inline badges are switched on. */
  enabled(): boolean;
  /** Whether the editor shows live preview (Obsidian's `editorLivePreviewField`). */
  isLivePreview(state: EditorState): boolean;
  projects(): ReadonlySet<string> | null;
  model(key: string): BadgeModel;
  /** Bumped whenever settings or the cache change, so editors recompute their marks. */
  generation(): number;
  openUrl(url: string): void;
}

/** The marks for the visible part of `state` (`ranges`, default: the whole document). */
export function buildKeyDecorations(
  state: EditorState,
  deps: EditorBadgeDeps,
  ranges: readonly { from: number; to: number }[] = [{ from: 0, to: state.doc.length }],
): DecorationSet {
  if (!deps.enabled() || !deps.isLivePreview(state)) return Decoration.none;
  const text = state.doc.toString();
  const skip = skipRanges(text);
  const projects = deps.projects();
  const selection = state.selection.ranges;
  const builder = new RangeSetBuilder<Decoration>();
  for (const { from, to } of ranges) {
    // Extend to whole lines so keys at the edge of the viewport are found.
    const lineFrom = state.doc.lineAt(from).from;
    const lineTo = state.doc.lineAt(to).to;
    for (const match of findJiraKeys(text.slice(lineFrom, lineTo), projects)) {
      const start = lineFrom + match.start;
      const end = lineFrom + match.end;
      if (overlapsAny(skip, start, end)) continue;
      if (selection.some((r) => r.from <= end && r.to >= start)) continue;
      const model = deps.model(match.key);
      const attributes: Record<string, string> = { "aria-label": model.tooltip, "data-jvs-key": model.key };
      if (model.href) attributes["data-jvs-href"] = model.href;
      builder.add(start, end, Decoration.mark({ class: model.classes.join(" "), attributes }));
    }
  }
  return builder.finish();
}

function badgeTarget(event: Event): HTMLElement | null {
  const target = event.target;
  if (!(target instanceof Element)) return null;
  return target.closest<HTMLElement>(".jvs-badge[data-jvs-href]");
}

/** The editor extension: register it with `registerEditorExtension`. */
export function jiraKeyEditorExtension(deps: EditorBadgeDeps): ViewPlugin<{ decorations: DecorationSet }> {
  return ViewPlugin.fromClass(
    class {
      decorations: DecorationSet;
      private seen: number;
      constructor(view: EditorView) {
        this.seen = deps.generation();
        this.decorations = buildKeyDecorations(view.state, deps, view.visibleRanges);
      }
      update(update: ViewUpdate): void {
        const generation = deps.generation();
        const livePreviewChanged = deps.isLivePreview(update.startState) !== deps.isLivePreview(update.state);
        if (update.docChanged || update.viewportChanged || update.selectionSet || livePreviewChanged || generation !== this.seen) {
          this.seen = generation;
          this.decorations = buildKeyDecorations(update.state, deps, update.view.visibleRanges);
        }
      }
    },
    {
      decorations: (plugin) => plugin.decorations,
      eventHandlers: {
        mousedown(event: MouseEvent) {
          // Keep the cursor where it is when a badge is clicked; the click opens the issue.
          if (event.button === 0 && badgeTarget(event)) event.preventDefault();
        },
        click(event: MouseEvent) {
          const badge = badgeTarget(event);
          const href = badge?.dataset.jvsHref;
          if (event.button !== 0 || !href) return false;
          event.preventDefault();
          deps.openUrl(href);
          return true;
        },
      },
    },
  );
}
