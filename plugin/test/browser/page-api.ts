// The contract between the test page (page-entry.ts, in Chromium) and the Node side (browser.ts, tests):
// what `window.jvs` offers. Types only, so both sides can import it.

export type Theme = "light" | "dark";

/** The plugin's data.json as the test starts it (settings, issue cache, ...). */
export type PluginData = Record<string, unknown>;

/** One block of a note in reading view: text, inline code and internal links, or a code block ("pre"). */
export interface NoteBlock {
  tag: "p" | "li" | "h2" | "pre";
  parts: (string | { code: string } | { link: string })[];
}

export interface RenderedBadge {
  key: string;
  classes: string[];
  insideCode: boolean;
}

export interface EditorBadge {
  key: string;
  from: number;
  line: number;
}

/** A query block as drawn: its table headings and rows (cell texts), errors and footer. */
export interface RenderedQueryBlock {
  headings: string[];
  rows: string[][];
  links: { text: string; className: string }[];
  errors: string[];
  footer: string;
}

/** A rule card as drawn: name, On/Off, the rule's parts in words, problems and footer. */
export interface RenderedRuleCard {
  name: string;
  state: string;
  parts: string[];
  problems: string[];
  footer: string;
}

export interface PageApi {
  /** Loads main.js afresh and runs `onload` (and the layout-ready callbacks) against a new fake app. */
  startPlugin(data: PluginData, secrets?: Record<string, string>): Promise<void>;
  /**
   * Loads main.js afresh and starts the plugin as at app start-up (layout not ready), then makes the layout ready;
   * returns the time of `onload` and of the core's start after it, in ms (`performance.now()` in the page).
   */
  startPluginAtAppStart(data: PluginData): Promise<{ onloadMs: number; coreStartMs: number }>;
  setTheme(theme: Theme): void;
  /** Shows the plugin's settings tab; returns the setting names in order. */
  openSettings(): string[];
  runCommand(id: string): Promise<void>;
  /** Every notice shown since the plugin started. */
  notices(): string[];
  /** Opens the sync log view through its command; returns the rows' text. */
  openSyncLog(): Promise<string[]>;
  /** Seeds the note and renders it section by section through the plugin's post-processors. */
  renderNote(path: string, frontmatter: Record<string, string>, blocks: NoteBlock[]): Promise<RenderedBadge[]>;
  /**
   * Seeds the note and draws one fenced code block of it (`language`, `source`) in reading view through the
   * plugin's code block processor, waiting (up to 15 s) until it no longer says "refreshing"; returns what shows.
   */
  renderCodeBlock(path: string, noteText: string, language: string, source: string): Promise<RenderedQueryBlock>;
  /**
   * Seeds the note and draws each of its ```jira-rule blocks in reading view through the plugin's code block
   * processor (with the block's place in the note); returns the cards.
   */
  renderRuleCards(path: string, noteText: string): Promise<RenderedRuleCard[]>;
  /** Clicks the switch of drawn rule card `index`; returns the note's text once it changed (or after 5 s). */
  toggleRuleCard(path: string, index: number): Promise<string>;
  /** The paths of the notes in the fake vault, sorted. */
  notePaths(): string[];
  /** A user edit of these notes: `title: X` becomes `title: X (tag)`; returns how many changed. */
  retitleNotes(paths: string[], tag: string): number;
  /** A real CodeMirror 6 editor in live preview with the plugin's editor extension; returns its badges. */
  openLivePreview(doc: string, cursor: number): EditorBadge[];
}
