// "Summarise my changes as an issue comment" (docs/assist.md) on the current issue note: drafts a comment saying what changed
// in the note's body since the sync last saw it (by the model when assistance is on and the note is allowed,
// else by comparison), and opens a review window: the text is editable, and the people to mention are chosen
// (reporter, assignee, watchers, people of the project). Only **Post comment** sends anything, as a comment
// through the sync's comment path (journalled, real mentions). The window is built with createEl only: the
// text comes from a note, Jira or a model.
import { type App, Modal, Notice, type Plugin, type TFile } from "obsidian";
import { type AssistSettings } from "../assist/assist-settings";
import { previewSummary, recipients, reviewedComment, stateBytes, summaryDraft, type SummaryDraft, summaryInput } from "../assist/change-summary";
import type { SiteHints } from "../assist/detect-tasks";
import { modelEndpoint } from "../assist/model-endpoint";
import { siteUrlForKey } from "../settings/settings";
import type { RunOutcome } from "../sync/sync-service";
import type { ReviewedComment } from "../sync/types";
import { type AssistCommandDeps, siteHints } from "./assist-commands";
import { storedModelKey } from "./assist-settings-rows";

export interface SummaryCommandDeps extends AssistCommandDeps {
  /** Posts reviewed comments in a run of these notes (the sync controller's `postComments`). */
  postComments: (paths: string[], comments: ReviewedComment[]) => Promise<RunOutcome>;
}

/** Most people of the project offered to mention by name. */
const MAX_PEOPLE = 40;

function keyOf(text: string): string | null {
  return /^jira_key:\s*["']?([A-Z][A-Z0-9_]*-\d+)["']?\s*$/m.exec(/^---\r?\n([\s\S]*?)\r?\n---/.exec(text)?.[1] ?? "")?.[1] ?? null;
}

/** The summarise request of an issue note for *Show what will be sent*, or null for a note without a key. */
export async function summaryPreview(deps: AssistCommandDeps, path: string, text: string): Promise<ReturnType<typeof previewSummary> | null> {
  const key = keyOf(text);
  if (key === null) return null;
  const state = await stateBytes(deps.store, siteUrlForKey(deps.settings.get(), key));
  return previewSummary(deps.core(), state, summaryInput(deps.settings.get().assist, { path, text, key }));
}

class SummaryReviewModal extends Modal {
  private text: string;
  private readonly roles = { reporter: false, assignee: true, watchers: false };
  private readonly users = new Set<string>();

  constructor(
    app: App,
    private readonly draft: SummaryDraft,
    private readonly people: NonNullable<SiteHints["assignable"]>,
    private readonly onPost: (comment: ReviewedComment) => Promise<void>,
  ) {
    super(app);
    this.text = draft.text;
  }

  override onOpen(): void {
    const d = this.draft;
    this.titleEl.setText(`Summary of changes for ${d.key}`);
    const { contentEl } = this;
    const status = d.by === "model" ? `Written by the model (${d.requests} request${d.requests === 1 ? "" : "s"}).` : d.skipped !== null ? `Written from a comparison of the texts (model not asked: ${d.skipped}).` : `Written from a comparison of the texts (the model's answer was not used: ${d.problem ?? "none"}).`;
    contentEl.createEl("p", { text: status });
    if (d.leftOut !== null) contentEl.createEl("p", { text: `Rows ${d.leftOut[0]}–${d.leftOut[1]} of the changes did not fit the model's context window and were not sent.` });
    if (d.schemaInPrompt) contentEl.createEl("p", { text: "The model server refuses response_format, so the schema went into the prompt (for this session)." });
    for (const w of d.warnings) contentEl.createEl("p", { cls: "jvs-setting-error", text: w });
    const area = contentEl.createEl("textarea", { cls: "jvs-summary-text" });
    area.value = this.text;
    area.rows = Math.min(16, Math.max(6, this.text.split("\n").length + 1));
    area.addEventListener("input", () => (this.text = area.value));
    contentEl.createEl("h4", { text: "Mention" });
    const box = (label: string, checked: boolean, onChange: (v: boolean) => void): void => {
      const row = contentEl.createEl("label", { cls: "jvs-summary-person" });
      const input = row.createEl("input", { type: "checkbox" });
      input.checked = checked;
      input.addEventListener("change", () => onChange(input.checked));
      row.createSpan({ text: ` ${label}` });
      contentEl.createEl("br");
    };
    box("The reporter", this.roles.reporter, (v) => (this.roles.reporter = v));
    box("The assignee", this.roles.assignee, (v) => (this.roles.assignee = v));
    box("The watchers", this.roles.watchers, (v) => (this.roles.watchers = v));
    for (const p of this.people.slice(0, MAX_PEOPLE)) box(p.displayName, false, (v) => (v ? this.users.add(p.accountId) : this.users.delete(p.accountId)));
    const buttons = contentEl.createDiv({ cls: "modal-button-container" });
    buttons.createEl("button", { text: "Cancel" }).addEventListener("click", () => this.close());
    buttons.createEl("button", { cls: "mod-cta", text: "Post comment" }).addEventListener("click", () => {
      const comment = reviewedComment(d.key, this.text, recipients(this.roles, [...this.users]));
      if (typeof comment === "string") {
        new Notice(comment);
        return;
      }
      this.close();
      void this.onPost(comment);
    });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** What a posting run says: posted, or where to look. */
function postedText(outcome: RunOutcome, key: string): string {
  if (outcome.kind === "refused") return `The comment was not posted: ${outcome.reason}`;
  const entries = outcome.report.entries.filter((e) => e.key === key && e.message.startsWith("automation: comment"));
  const failed = entries.find((e) => e.level !== "info");
  if (failed !== undefined) return `The comment was not posted: ${failed.message.replace(/^automation: /, "")}`;
  return entries.length > 0 ? `Posted the summary to ${key}.` : `The summary for ${key} was not confirmed as posted; see the sync log.`;
}

async function summariseFor(deps: SummaryCommandDeps, file: TFile, key: string): Promise<void> {
  const text = await deps.app.vault.read(file);
  const settings = deps.settings.get();
  const assist: Readonly<AssistSettings> = settings.assist;
  const state = await stateBytes(deps.store, siteUrlForKey(settings, key));
  const endpoint = modelEndpoint(assist, { http: deps.connection.http, clock: deps.connection.clock, apiKey: storedModelKey(deps.connection) });
  const working = typeof endpoint === "string" ? null : new Notice("Asking the model…", 0);
  let draft: SummaryDraft;
  try {
    draft = await summaryDraft(deps.core(), endpoint, state, summaryInput(assist, { path: file.path, text, key }));
  } finally {
    working?.hide();
  }
  if (draft.nothing !== null) {
    new Notice(draft.nothing);
    return;
  }
  const hints = await siteHints(deps, text);
  new SummaryReviewModal(deps.app, draft, hints.assignable ?? [], async (comment) => {
    new Notice(postedText(await deps.postComments([file.path], [comment]), key));
  }).open();
}

/** Registers *Summarise my changes as an issue comment* (call once from main.ts). */
export function registerSummaryCommands(plugin: Plugin, deps: SummaryCommandDeps): void {
  plugin.addCommand({
    id: "summarise-changes",
    name: "Summarise my changes as an issue comment",
    checkCallback: (checking: boolean) => {
      const file = deps.app.workspace.getActiveFile();
      const key: unknown = file === null ? undefined : deps.app.metadataCache.getFileCache(file)?.frontmatter?.jira_key;
      if (file === null || typeof key !== "string" || key === "") return false;
      if (!checking) void summariseFor(deps, file, key.trim().toUpperCase());
      return true;
    },
  });
}
