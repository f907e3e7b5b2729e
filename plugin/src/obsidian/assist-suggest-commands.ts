// "Suggest priority, estimate and assignee" (docs/assist.md) on the current issue note: the history's and owner
// map's suggestions, then the model's (when assistance is on and the note is allowed), shown as before → after
// for each front matter property with the reason, in the review window (suggest-review-modal.ts), where each is
// accepted on its own and may be changed first (a dropdown of the site's priorities and assignable people, text
// otherwise); only accepted values are written (processFrontMatter), to go to Jira with the sync like any edit,
// and the review goes into the site's activity record (accepted, edited or rejected per value). The *LLM Context* and *Model
// Suggestions* properties are the ones the field mappings give those custom fields; a site without such a field
// keeps the value in the note only, said once per session. The window is built with createEl only: every text
// in it comes from Jira, notes or a model.
import { recordActivity, reviewEvents } from "../activity/activity-record";
import { Notice, type Plugin, type TFile } from "obsidian";
import { fetchFields } from "../jira/fields";
import { type ConnectionEnv, transportFor } from "../jira/connection";
import { modelEndpoint } from "../assist/model-endpoint";
import { applyProposals, historyBytes, previewSuggest, type Proposal, proposals, suggestFields, suggestInput, type SuggestInput, suggestProperties, type SuggestResult } from "../assist/suggest-fields";
import { siteUrlForKey } from "../settings/settings";
import type { SyncConfig } from "../sync/types";
import { type AssistCommandDeps, siteHints } from "./assist-commands";
import { storedModelKey } from "./assist-settings-rows";
import { type SuggestChoices, SuggestReviewModal } from "./suggest-review-modal";

/** AI field names already said to be missing, per site, this session. */
const missingSaid = new Set<string>();

function mappings(deps: AssistCommandDeps): unknown[] {
  const fields = deps.settings.get().sync.fields;
  return fields.length > 0 ? fields : ((deps.core().defaultSyncConfig() as SyncConfig).fields as unknown[]);
}

async function inputFor(deps: AssistCommandDeps, path: string, text: string, key: string): Promise<SuggestInput> {
  return suggestInput(deps.settings.get().assist, { path, text, key, hints: await siteHints(deps, text) }, suggestProperties(mappings(deps)));
}

function keyOf(text: string): string | null {
  return /^jira_key:\s*["']?([A-Z][A-Z0-9_]*-\d+)["']?\s*$/m.exec(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "")?.[1] ?? null;
}

/** The suggest request of an issue note for *Show what will be sent*, or null for a note without a key. */
export async function suggestPreview(deps: AssistCommandDeps, path: string, text: string): Promise<ReturnType<typeof previewSuggest> | null> {
  const key = keyOf(text);
  if (key === null) return null;
  const history = await historyBytes(deps.store, siteUrlForKey(deps.settings.get(), key));
  return previewSuggest(deps.core(), history, await inputFor(deps, path, text, key));
}

/** Says once per session and site which of the AI fields the site lacks (their values then stay in the note). */
async function sayMissingFields(connection: ConnectionEnv, deps: AssistCommandDeps): Promise<void> {
  const settings = deps.settings.get();
  const transport = transportFor(connection, settings, { retry: { maxAttempts: 2, maxRetryAfterMs: 5000 }, timeoutMs: 20_000 });
  if (typeof transport === "string") return;
  const fields = await fetchFields(transport);
  if (!fields.ok) return;
  for (const name of ["LLM Context", "Model Suggestions"]) {
    const id = `${settings.siteUrl} ${name}`;
    if (missingSaid.has(id) || fields.value.some((f) => f.name.toLowerCase() === name.toLowerCase())) continue;
    missingSaid.add(id);
    new Notice(`This site has no “${name}” field, so its value stays in the note's properties and is not sent to the site.`);
  }
}

async function suggestFor(deps: AssistCommandDeps, file: TFile, key: string): Promise<void> {
  const text = await deps.app.vault.read(file);
  const settings = deps.settings.get();
  const input = await inputFor(deps, file.path, text, key);
  const history = await historyBytes(deps.store, siteUrlForKey(settings, key));
  const endpoint = modelEndpoint(settings.assist, { http: deps.connection.http, clock: deps.connection.clock, apiKey: storedModelKey(deps.connection) });
  const working = typeof endpoint === "string" ? null : new Notice("Asking the model…", 0);
  let result: SuggestResult;
  try {
    result = await suggestFields(deps.core(), endpoint, history, input);
  } finally {
    working?.hide();
  }
  void sayMissingFields(deps.connection, deps);
  const frontmatter = (deps.app.metadataCache.getFileCache(file)?.frontmatter ?? {}) as Record<string, unknown>;
  const date = new Date(deps.connection.clock.now()).toISOString().slice(0, 10);
  const props = suggestProperties(mappings(deps));
  const offered = proposals(result, frontmatter, props, date, settings.assist.model);
  const choices: SuggestChoices = { [props.priority]: input.hints.priorities ?? [], [props.assignee]: (input.hints.assignable ?? []).map((u) => u.displayName) };
  new SuggestReviewModal(deps.app, key, result, offered, choices, async ({ accepted, acceptedOffered, edited }) => {
    await recordReviews(deps, key, offered, acceptedOffered, edited);
    if (accepted.length === 0) return;
    await deps.app.fileManager.processFrontMatter(file, (fm: Record<string, unknown>) => applyProposals(fm, accepted));
    new Notice(`Wrote ${accepted.map((p) => p.label.toLowerCase()).join(", ")} to the note; the sync takes mapped fields to the site.`);
  }).open();
}

/** Keeps the review (each offered value accepted as offered, edited, or rejected) in the site's activity record. */
async function recordReviews(deps: AssistCommandDeps, key: string, offered: readonly Proposal[], accepted: readonly Proposal[], edited: ReadonlySet<Proposal>): Promise<void> {
  const now = deps.connection.clock.now();
  const site = siteUrlForKey(deps.settings.get(), key);
  try {
    const diagnostic = await recordActivity(deps.store, deps.core(), site, reviewEvents(key, offered, accepted, now, edited), now);
    if (diagnostic !== null) new Notice(`Automation activity: ${diagnostic}`);
  } catch (e) {
    new Notice(`The review was not recorded: ${e instanceof Error ? e.message : String(e)}`);
  }
}

/** Registers *Suggest priority, estimate and assignee* (call once from main.ts). */
export function registerAssistSuggestCommands(plugin: Plugin, deps: AssistCommandDeps): void {
  plugin.addCommand({
    id: "suggest-fields",
    name: "Suggest priority, estimate and assignee",
    checkCallback: (checking: boolean) => {
      const file = deps.app.workspace.getActiveFile();
      const key: unknown = file === null ? undefined : deps.app.metadataCache.getFileCache(file)?.frontmatter?.jira_key;
      if (file === null || typeof key !== "string" || key === "") return false;
      if (!checking) void suggestFor(deps, file, key);
      return true;
    },
  });
}
