// Reading-view badges, as Markdown post-processors: inline badges for keys in rendered text, and the
// header badge at the top of a note whose front matter has `jira_key` (status from `current_state`,
// else the cache). Front matter comes from the post-processor context, else the metadata cache.
import { type App, type MarkdownPostProcessor, type MarkdownPostProcessorContext } from "obsidian";
import { type BadgeSource } from "../badges/badge-source";
import { frontmatterString, isHeaderSection } from "../badges/header-placement";
import { decorateKeyText } from "../dom/key-text-walker";
import { isJiraKey } from "../jira/keys";
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
    const frontmatter = frontmatterOf(app, ctx);
    const key = frontmatterString(frontmatter, "jira_key")?.toUpperCase();
    if (key === undefined || !isJiraKey(key)) return;
    const info = ctx.getSectionInfo(el);
    if (info === null || !isHeaderSection(info.text, info.lineStart, info.lineEnd)) return;
    if (el.querySelector(".jvs-header") !== null) return;
    const model = source.headerModel(key, {
      state: frontmatterString(frontmatter, "current_state"),
      summary: frontmatterString(frontmatter, "summary"),
    });
    el.prepend(createHeaderBadge(model, openUrl));
  };
}
