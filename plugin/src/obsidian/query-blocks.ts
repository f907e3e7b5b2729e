// The ```jira-search and ```jira-count code blocks in Obsidian: one code block processor per language (reading
// view and live preview both use it), and the command "Refresh query blocks in this note". Each block draws
// its cached answer at once (also while offline), then refreshes (debounced, shared with blocks of the same
// query, see ../query/query-service.ts); the Refresh button and the command refresh at once. Key cells link to
// the note whose key property holds the key (the sync's key property), else to the issue in Jira. The site is
// the primary configured site; its transport carries the token, retries and rate limits. The logic lives in
// ../query; this file only wires Obsidian.
import { type App, type MarkdownPostProcessorContext, MarkdownRenderChild, Notice, type Plugin, TFile } from "obsidian";
import { noteFields } from "../badges/note-fields";
import type { Core } from "../core/core";
import type { SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv, transportFor } from "../jira/connection";
import { fetchFields } from "../jira/fields";
import { zoneOf } from "../history/driver";
import { QueryCache } from "../query/query-cache";
import { type PreparedBlock, type QueryBlockRef, QueryService, type QuerySite, type QueryView } from "../query/query-service";
import { renderQueryBlock, type RenderEnv } from "../query/render-block";
import type { QueryInput, QueryKind } from "../query/query-types";
import { siteUrlForKey } from "../settings/settings";
import { toSyncConfig } from "../settings/sync-settings";
import { stateFileNames } from "../sync/driver";
import type { SyncConfig } from "../sync/types";
import { pluginFolderStore } from "./adapter-store";

export interface QueryBlockDeps {
  app: App;
  pluginId: string;
  /** The core once started (blocks wait for it). */
  core: Promise<Core>;
  settings: SettingsStore;
  connection: ConnectionEnv;
  openUrl: (url: string) => void;
}

/** A block on screen. */
interface LiveBlock {
  sourcePath: string;
  refresh(now: boolean): void;
}

/** A front matter property as the cell shows it: lists joined with `, `, mappings as JSON. */
function propertyText(value: unknown): string {
  if (value === undefined || value === null) return "";
  if (Array.isArray(value)) return value.map((v) => propertyText(v)).join(", ");
  if (typeof value === "object") return JSON.stringify(value);
  if (typeof value === "string") return value;
  return typeof value === "number" || typeof value === "boolean" ? String(value) : "";
}

function deviceZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone;
}

/** Registers the two code block processors and the refresh command. */
export function registerQueryBlocks(plugin: Plugin, deps: QueryBlockDeps): void {
  const { app } = deps;
  const store = pluginFolderStore(app, deps.pluginId);
  const cache = new QueryCache(store);
  const live = new Set<LiveBlock>();
  // One `/field` read per site and session; failures are asked again next time.
  const fieldReads = new Map<string, Promise<QueryInput["fields"] | null>>();
  const zones = new Map<string, Promise<string>>();
  let core: Core | null = null;

  const site = async (): Promise<QuerySite | string> => {
    const settings = deps.settings.get();
    if (settings.siteUrl === "") return "No Jira site is configured: add one in the plugin's settings to run Jira queries.";
    // Few, short retries: a block waits on screen, and the cached answer shows meanwhile.
    const transport = transportFor(deps.connection, settings, { retry: { maxAttempts: 2, maxRetryAfterMs: 5000 }, timeoutMs: 20_000 });
    if (typeof transport === "string") return transport;
    const siteUrl = transport.siteUrl;
    // The sync state can be large: its zone is read once per site and session.
    let zone = zones.get(siteUrl);
    if (zone === undefined) {
      zone = store
        .load(stateFileNames(siteUrl).state)
        .catch(() => null)
        .then((state) => zoneOf(state) ?? deviceZone());
      zones.set(siteUrl, zone);
    }
    const timeZone = await zone;
    const fields = (): Promise<QueryInput["fields"] | null> => {
      let read = fieldReads.get(siteUrl);
      if (read === undefined) {
        read = fetchFields(transport).then(async (r) => {
          if (!r.ok) {
            fieldReads.delete(siteUrl);
            return null;
          }
          const list = r.value.map((f) => ({ id: f.id, name: f.name, type: f.type }));
          await cache.setFields(siteUrl, list);
          return list;
        });
        fieldReads.set(siteUrl, read);
      }
      return read;
    };
    return { siteUrl, deployment: transport.deployment, transport, timeZone, fields };
  };

  const service = new QueryService({
    engine: (input) => new (core as Core).QueryEngine(input),
    cache,
    site,
    now: () => Date.now(),
  });

  const frontmatterValue = (file: TFile, property: string): unknown => {
    const frontmatter: unknown = app.metadataCache.getFileCache(file)?.frontmatter;
    return typeof frontmatter === "object" && frontmatter !== null ? (frontmatter as Record<string, unknown>)[property] : undefined;
  };

  const keyProperty = (): string => {
    const settings = deps.settings.get();
    const defaults: unknown = core?.defaultSyncConfig() ?? {};
    return noteFields(toSyncConfig(settings, settings.sync, defaults as SyncConfig)).key;
  };

  /** Notes by the key their key property holds, built once per drawing. */
  const keyIndex = (): Map<string, TFile> => {
    const property = keyProperty();
    const index = new Map<string, TFile>();
    for (const file of app.vault.getMarkdownFiles()) {
      const value = frontmatterValue(file, property);
      if (typeof value === "string" && value.trim() !== "" && !index.has(value.trim())) index.set(value.trim(), file);
    }
    return index;
  };

  const envFor = (sourcePath: string, refresh: () => void): RenderEnv => {
    let index: Map<string, TFile> | null = null;
    const notes = () => (index ??= keyIndex());
    return {
      noteForKey: (key) => notes().get(key)?.path ?? null,
      issueUrl: (key) => `${(siteUrlForKey(deps.settings.get(), key) || deps.settings.get().siteUrl).replace(/\/+$/, "")}/browse/${encodeURIComponent(key)}`,
      noteProperty: (key, property) => {
        const file = notes().get(key);
        return file === undefined ? "" : propertyText(frontmatterValue(file, property));
      },
      openNote: (path) => void app.workspace.openLinkText(path, sourcePath, false),
      openUrl: deps.openUrl,
      formatTime: (ms) => new Date(ms).toLocaleString(undefined, { dateStyle: "medium", timeStyle: "short" }),
      onRefresh: refresh,
    };
  };

  const processor = (kind: QueryKind) => async (source: string, el: HTMLElement, ctx: MarkdownPostProcessorContext): Promise<void> => {
    const child = new MarkdownRenderChild(el);
    ctx.addChild(child);
    let prepared: PreparedBlock | null = null;
    let view: QueryView = { kind: "result", cached: null, refreshing: true };
    const draw = () => renderQueryBlock(el, view, envFor(ctx.sourcePath, () => block.refresh(true)));
    const block: LiveBlock = {
      sourcePath: ctx.sourcePath,
      refresh: (now) => {
        void (async () => {
          core ??= await deps.core;
          const file = app.vault.getAbstractFileByPath(ctx.sourcePath);
          const ref: QueryBlockRef = { kind, source };
          if (file instanceof TFile) ref.note = await app.vault.cachedRead(file);
          prepared = await service.prepare(ref);
          view = prepared.view;
          if (view.kind === "result" && prepared.refresh === undefined) view = { ...view, refreshing: false };
          draw();
          if (prepared.refresh === undefined) return;
          view = await prepared.refresh(now);
          draw();
        })().catch((e: unknown) => {
          view = { kind: "problem", message: `The Jira query failed: ${e instanceof Error ? e.message : String(e)}` };
          draw();
        });
      },
    };
    live.add(block);
    child.register(() => live.delete(block));
    draw();
    block.refresh(false);
  };

  plugin.registerMarkdownCodeBlockProcessor("jira-search", processor("search"));
  plugin.registerMarkdownCodeBlockProcessor("jira-count", processor("count"));
  plugin.addCommand({
    id: "refresh-jira-queries-in-this-note",
    name: "Refresh query blocks in this note",
    callback: () => {
      const path = app.workspace.getActiveFile()?.path;
      const blocks = [...live].filter((b) => b.sourcePath === path);
      if (blocks.length === 0) {
        new Notice("This note shows no query blocks.");
        return;
      }
      for (const b of blocks) b.refresh(true);
    },
  });
}
