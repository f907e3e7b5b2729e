// The assistance commands (docs/assist.md): "Detect tasks in this note" (the selection when there is one),
// "Show what will be sent to the model", and "Suggest an estimate" (for an issue note, from the kept history). Detection runs the rules, then the model when assistance is on and
// the note is allowed; a review window lists every candidate to accept (with its summary, project and priority
// editable) or reject, and the accepted ones become issues through the sync's create path, their keys written
// into the source lines (../assist/create-issues.ts). Nothing is written or sent to Jira before the user accepts.
// The windows build their content with createEl/setText only: candidate texts come from notes and a model.
import { type App, type Editor, type MarkdownFileInfo, type MarkdownView, Modal, Notice, type Plugin, Setting } from "obsidian";
import { chatCompletionsUrl } from "../assist/assist-settings";
import { type Created, writeBackKeys, writeCandidateNotes } from "../assist/create-issues";
import { type ActivityCore, createdEvents, recordActivity } from "../activity/activity-record";
import { type AssistCore, type Candidate, type DetectResult, detectTasks, type PrepareInput, prepareInput, preview, type SiteHints } from "../assist/detect-tasks";
import { type EstimateCore, estimateText, suggestEstimate } from "../assist/estimate";
import type { SuggestCore } from "../assist/suggest-fields";
import type { SummaryCore } from "../assist/change-summary";
import { modelEndpoint } from "../assist/model-endpoint";
import type { JsonFileStore } from "../state/state-store";
import { fetchSiteHints } from "../assist/site-hints";
import type { SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv, transportFor } from "../jira/connection";
import { parseProjectKeys } from "../jira/keys";
import { allProjectKeys, siteUrlForKey } from "../settings/settings";
import { count } from "../text/count";
import { ObsidianVault } from "./obsidian-vault";
import { storedModelKey } from "./assist-settings-rows";
import { suggestPreview } from "./assist-suggest-commands";
import { summaryPreview } from "./summary-commands";

export interface AssistCommandDeps {
  app: App;
  core: () => AssistCore & EstimateCore & SuggestCore & SummaryCore & ActivityCore & { defaultSyncConfig(): unknown };
  /** The plugin folder's files (the kept issue history). */
  store: JsonFileStore;
  settings: SettingsStore;
  connection: ConnectionEnv;
  /** Runs a sync now (the create path); resolves when it is done. */
  sync: () => Promise<void>;
}

/** The site's priorities and assignable users, asked once per session and project. */
const hintCache = new Map<string, Promise<Pick<SiteHints, "priorities" | "assignable">>>();

/** The note's site hints: its project (`jira_project`, else the first project), the site's priorities and that project's assignable users. */
export async function siteHints(deps: AssistCommandDeps, text: string): Promise<SiteHints> {
  const settings = deps.settings.get();
  const own = /^jira_project:\s*["']?([A-Za-z][A-Za-z0-9_]*)/m.exec(text)?.[1]?.toUpperCase() ?? null;
  const project = own ?? parseProjectKeys(settings.projectKeys).projects[0] ?? null;
  const hints: SiteHints = { defaultProject: project, projects: allProjectKeys(settings), issueType: settings.sync.defaultIssueType };
  const transport = transportFor(deps.connection, settings, { retry: { maxAttempts: 2, maxRetryAfterMs: 5000 }, timeoutMs: 20_000 });
  if (typeof transport === "string") return hints;
  const id = `${settings.siteUrl} ${project ?? ""}`;
  let cached = hintCache.get(id);
  if (cached === undefined) {
    cached = fetchSiteHints(transport, project).then((f) => ({ priorities: f.priorities, assignable: f.assignable }));
    hintCache.set(id, cached);
  }
  return { ...hints, ...(await cached) };
}

async function inputFor(deps: AssistCommandDeps, editor: Editor, path: string): Promise<PrepareInput> {
  const text = editor.getValue();
  const from = editor.getCursor("from").line + 1;
  const to = editor.getCursor("to").line + 1;
  const lines: [number, number] | null = editor.somethingSelected() ? [from, to] : null;
  return prepareInput(deps.settings.get().assist, { path, text, lines, hints: await siteHints(deps, text) });
}

/** One request the preview shows: its title and the core's prepared request (or why none would be sent). */
export interface PreviewSection {
  title: string;
  shown: ReturnType<typeof preview>;
}

export class RequestPreviewModal extends Modal {
  constructor(
    app: App,
    private readonly url: string,
    private readonly sections: PreviewSection[],
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText("What will be sent to the model");
    const { contentEl } = this;
    for (const section of this.sections) {
      if (this.sections.length > 1) contentEl.createEl("h3", { text: section.title });
      if ("problem" in section.shown) {
        contentEl.createEl("p", { text: `Nothing would be sent: ${section.shown.problem.message}` });
        continue;
      }
      const p = section.shown.ok;
      contentEl.createEl("p", { text: `POST ${this.url} (prompt ${p.template}; about ${p.tokens.prompt} of ${p.tokens.window} tokens, ${p.tokens.answer} kept for the answer).` });
      const removed = [count(p.removed.privateKeys, "private property", "private properties"), count(p.removed.comments, "comment"), count(p.removed.secrets, "secret-looking text")].join(", ");
      contentEl.createEl("p", { text: `Left out by the privacy filter: ${removed}.${p.leftOut === null ? "" : ` Lines ${p.leftOut[0]}–${p.leftOut[1]} do not fit the context window and are not sent.`}` });
      contentEl.createEl("pre", { cls: "jvs-assist-request", text: JSON.stringify(p.request, null, 2) });
    }
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

class ReviewModal extends Modal {
  private readonly rows: { candidate: Candidate; accepted: boolean }[];

  constructor(
    app: App,
    private readonly result: DetectResult,
    private readonly priorities: string[],
    private readonly onAccept: (accepted: Candidate[]) => Promise<void>,
  ) {
    super(app);
    this.rows = [...result.rules, ...result.model].map((candidate) => ({ candidate: { ...candidate }, accepted: true }));
  }

  override onOpen(): void {
    this.titleEl.setText("Tasks found in this note");
    const { contentEl } = this;
    const r = this.result;
    const status = r.skipped !== null ? `Model not asked: ${r.skipped}` : r.problem !== null ? `The model's answer was not used: ${r.problem}` : `The model found ${r.model.length} more.`;
    contentEl.createEl("p", { text: `${r.rules.length} found by the rules. ${status}` });
    if (r.leftOut !== null) contentEl.createEl("p", { text: `Lines ${r.leftOut[0]}–${r.leftOut[1]} did not fit the model's context window and were not sent.` });
    if (r.schemaInPrompt) contentEl.createEl("p", { text: "The model server refuses response_format, so the schema went into the prompt (for this session)." });
    for (const w of r.warnings) contentEl.createEl("p", { cls: "jvs-setting-error", text: w });
    if (this.rows.length === 0) {
      contentEl.createEl("p", { text: "No tasks to file." });
      return;
    }
    for (const row of this.rows) {
      const c = row.candidate;
      const by = c.origin === "model" ? "model" : "rule";
      const extra = [c.assignee === null ? null : `assignee ${c.assignee.displayName}`, c.estimate === null ? null : `estimate ${c.estimate}`, c.labels.length === 0 ? null : `labels ${c.labels.join(", ")}`].filter((x) => x !== null);
      const setting = new Setting(contentEl).setName(`Line ${c.line} (${by})`).setDesc(extra.join("; "));
      setting.addToggle((t) => t.setValue(true).onChange((v) => (row.accepted = v)));
      setting.addText((t) => t.setValue(c.summary).onChange((v) => (c.summary = v.trim())));
      setting.addText((t) => t.setPlaceholder("Project").setValue(c.project ?? "").onChange((v) => (c.project = v.trim().toUpperCase() || null)));
      if (this.priorities.length > 0) {
        setting.addDropdown((d) => {
          d.addOption("", "No priority");
          for (const p of this.priorities) d.addOption(p, p);
          d.setValue(c.priority ?? "").onChange((v) => (c.priority = v === "" ? null : v));
        });
      }
    }
    new Setting(contentEl)
      .addButton((b) => b.setButtonText("Cancel").onClick(() => this.close()))
      .addButton((b) =>
        b
          .setButtonText("Create accepted issues")
          .setCta()
          .onClick(() => {
            const accepted = this.rows.filter((row) => row.accepted && row.candidate.summary !== "").map((row) => row.candidate);
            this.close();
            if (accepted.length > 0) void this.onAccept(accepted);
          }),
      );
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

async function createAccepted(deps: AssistCommandDeps, path: string, text: string, accepted: Candidate[]): Promise<void> {
  const vault = new ObsidianVault(deps.app);
  const written = await writeCandidateNotes(vault, path, text, accepted, deps.settings.get().sync.folderTemplate);
  for (const p of written.problems) new Notice(p);
  if (written.created.length === 0) return;
  await deps.sync();
  const back = await writeBackKeys(vault, path, written.created);
  const keys = back.created.flatMap((c) => (c.key === null ? [] : [c.key]));
  await recordCreated(deps, back.created, keys);
  new Notice(keys.length > 0 ? `Created ${keys.join(", ")}.` : "No issue was created yet; see the sync log.");
  for (const p of back.problems) new Notice(p);
}

/** Keeps the issues created from detected tasks in the site's activity record (of the first key's site). */
async function recordCreated(deps: AssistCommandDeps, created: readonly Created[], keys: readonly string[]): Promise<void> {
  const first = keys[0];
  if (first === undefined) return;
  const now = deps.connection.clock.now();
  try {
    const diagnostic = await recordActivity(deps.store, deps.core(), siteUrlForKey(deps.settings.get(), first), createdEvents(created, now), now);
    if (diagnostic !== null) new Notice(`Automation activity: ${diagnostic}`);
  } catch (e) {
    new Notice(`The created issues were not recorded: ${e instanceof Error ? e.message : String(e)}`);
  }
}

class TextModal extends Modal {
  constructor(
    app: App,
    private readonly title: string,
    private readonly text: string,
  ) {
    super(app);
  }

  override onOpen(): void {
    this.titleEl.setText(this.title);
    for (const line of this.text.trimEnd().split("\n")) this.contentEl.createEl("p", { text: line });
  }

  override onClose(): void {
    this.contentEl.empty();
  }
}

/** Registers the three commands (call once from main.ts). */
export function registerAssistCommands(plugin: Plugin, deps: AssistCommandDeps): void {
  plugin.addCommand({
    id: "detect-tasks",
    name: "Detect tasks in this note",
    editorCallback: async (editor: Editor, ctx: MarkdownView | MarkdownFileInfo) => {
      const file = ctx.file;
      if (file === null) return;
      const input = await inputFor(deps, editor, file.path);
      const settings = deps.settings.get().assist;
      const endpoint = modelEndpoint(settings, { http: deps.connection.http, clock: deps.connection.clock, apiKey: storedModelKey(deps.connection) });
      const working = typeof endpoint === "string" ? null : new Notice("Asking the model…", 0);
      let result: DetectResult;
      try {
        result = await detectTasks(deps.core(), endpoint, input);
      } finally {
        working?.hide();
      }
      new ReviewModal(deps.app, result, input.detect.hints.priorities ?? [], (accepted) => createAccepted(deps, file.path, input.detect.text, accepted)).open();
    },
  });
  plugin.addCommand({
    id: "suggest-estimate",
    name: "Suggest an estimate",
    checkCallback: (checking: boolean) => {
      const file = deps.app.workspace.getActiveFile();
      const key: unknown = file === null ? undefined : deps.app.metadataCache.getFileCache(file)?.frontmatter?.jira_key;
      if (typeof key !== "string" || key === "") return false;
      if (!checking) {
        void (async () => {
          const siteUrl = siteUrlForKey(deps.settings.get(), key);
          const outcome = await suggestEstimate(deps.core(), deps.store, siteUrl, key);
          new TextModal(deps.app, `Estimate for ${key}`, estimateText(outcome)).open();
        })();
      }
      return true;
    },
  });
  plugin.addCommand({
    id: "show-assist-request",
    name: "Show what will be sent to the model",
    editorCallback: async (editor: Editor, ctx: MarkdownView | MarkdownFileInfo) => {
      const file = ctx.file;
      if (file === null) return;
      const settings = deps.settings.get().assist;
      if (!settings.enabled) {
        new Notice("Assistance is off, so nothing is sent to a model.");
        return;
      }
      const input = await inputFor(deps, editor, file.path);
      const sections: PreviewSection[] = [{ title: "Detect tasks in this note", shown: preview(deps.core(), input) }];
      const suggest = await suggestPreview(deps, file.path, editor.getValue());
      if (suggest !== null) sections.push({ title: "Suggest priority, estimate and assignee", shown: suggest });
      const summary = await summaryPreview(deps, file.path, editor.getValue());
      if (summary !== null) sections.push({ title: "Summarise my changes (lines are rows of the changes)", shown: summary });
      new RequestPreviewModal(deps.app, chatCompletionsUrl(settings.baseUrl), sections).open();
    },
  });
}
