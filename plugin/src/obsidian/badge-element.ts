// Builds badge elements from a badge model with Obsidian's DOM helpers. All Jira text goes in as text
// (never HTML). A badge with a link target is a keyboard-accessible link (role=link, tabindex, Enter);
// without one it is plain, non-interactive text.
import { type BadgeModel } from "../badges/badge-model";

/** An inline badge: just the key, coloured by status category, with the tooltip as its accessible name. */
export function createBadge(model: BadgeModel, openUrl: (url: string) => void): HTMLSpanElement {
  const el = createSpan({ cls: model.classes, attr: { "aria-label": model.tooltip, "data-jvs-key": model.key } });
  el.createSpan({ cls: "jvs-badge-key", text: model.key });
  makeLink(el, model, openUrl);
  return el;
}

/** The header badge: key and status, for the top of a note. */
export function createHeaderBadge(model: BadgeModel, openUrl: (url: string) => void): HTMLDivElement {
  const header = createDiv({ cls: "jvs-header" });
  const badge = header.createSpan({ cls: model.classes, attr: { "aria-label": model.tooltip, "data-jvs-key": model.key } });
  badge.createSpan({ cls: "jvs-badge-key", text: model.key });
  if (model.status !== "") badge.createSpan({ cls: "jvs-badge-status", text: model.status });
  makeLink(badge, model, openUrl);
  return header;
}

function makeLink(el: HTMLElement, model: BadgeModel, openUrl: (url: string) => void): void {
  const href = model.href;
  if (href === null) return;
  el.setAttr("role", "link");
  el.setAttr("tabindex", 0);
  el.setAttr("data-jvs-href", href);
  el.addEventListener("click", (event) => {
    event.preventDefault();
    event.stopPropagation();
    openUrl(href);
  });
  el.addEventListener("keydown", (event) => {
    if (event.key === "Enter") {
      event.preventDefault();
      openUrl(href);
    }
  });
}
