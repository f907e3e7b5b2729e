// Redraws badges everywhere after a settings or cache change: editors through `updateOptions` (the view
// plugin notices the new generation), open reading views by re-rendering their preview.
import { type App, MarkdownView } from "obsidian";

export function refreshBadges(app: App): void {
  app.workspace.updateOptions();
  for (const leaf of app.workspace.getLeavesOfType("markdown")) {
    if (leaf.view instanceof MarkdownView) leaf.view.previewMode.rerender(true);
  }
}
