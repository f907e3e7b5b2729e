// Reading-view badges, as Markdown post-processors: inline badges for keys of known projects in rendered
// text, and the header badge at the top of a note whose front matter holds an issue key in the property the
// `key` mapping names (status: Jira's, from the cache). Front matter comes from the post-processor context,
// else the metadata cache.
import { type App, type MarkdownPostProcessor, type MarkdownPostProcessorContext } from "obsidian";
import { type BadgeSource } from "../badges/badge-source";
import { isHeaderSection } from "../badges/header-placement";
import { decorateKeyText } from "../dom/key-text-walker";
import { createBadge, createHeaderBadge } from "./badge-element";

export function inlineBadgeProcessor(source: BadgeSource, openUrl: (url: string) => void): MarkdownPostProcessor {
  return (el: HTMLElement) => {
    if (!source.inlineEnabled()) return;
    decorateKeyText(el, source.projects(), (key) => createBadge(source.model(key), openUrl));
  };
}

function frontmatterOf(app: App, ctx: MarkdownPostProcessorContext): unknown {
  return ctx.frontmatter ?? app.metadataCache.getCache(ctx.sourcePath)?.frontmatter;
}

export function headerBadgeProcessor(app: App, source: BadgeSource, openUrl: (url: string) => void): MarkdownPostProcessor {
  return (el: HTMLElement, ctx: MarkdownPostProcessorContext) => {
    const model = source.headerModel(frontmatterOf(app, ctx));
    if (model === null) return;
    const info = ctx.getSectionInfo(el);
    if (info === null || !isHeaderSection(info.text, info.lineStart, info.lineEnd)) return;
    if (el.querySelector(".jvs-header") !== null) return;
    el.prepend(createHeaderBadge(model, openUrl));
  };
}
