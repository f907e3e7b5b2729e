// Joins the settings, the issue cache and the sync mappings into badge models, and counts changes to either
// so views know when to redraw. The one place badge-drawing code gets its data from: which projects are
// known (only their keys become badges), and what the header badge of a note shows (the key from the
// property the `key` mapping names, Jira's status from the cache).
import { type IssueCache, type IssueKeys } from "../cache/issue-cache";
import { type SettingsStore } from "../data/plugin-data";
import { isJiraKey } from "../jira/keys";
import { allProjectKeys, siteUrlForKey } from "../settings/settings";
import { badgeModel, type BadgeModel } from "./badge-model";
import { frontmatterString } from "./header-placement";
import { KnownProjects } from "./known-projects";
import { jiraStatusOfState, noteFields, type NoteFields } from "./note-fields";

/** The parts of the effective SyncConfig badges read: field and status mappings. */
export type MappingConfig = Readonly<Record<string, unknown>>;

export interface BadgeSourceOptions {
  /** The effective sync configuration (the user's mappings, else the core's defaults). */
  syncConfig(): MappingConfig;
  /** Project keys the site lists (stored by *Test connection*), when known. */
  siteProjects?: () => Iterable<string>;
}

export class BadgeSource {
  private changes = 0;
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[];
  private readonly known: KnownProjects;
  private mappings: { config: MappingConfig; fields: NoteFields } | null = null;

  constructor(
    private readonly settings: SettingsStore,
    private readonly issues: IssueCache & IssueKeys,
    private readonly options: BadgeSourceOptions,
  ) {
    this.known = new KnownProjects({
      scope: () => allProjectKeys(settings.get()),
      cachedIssueKeys: () => issues.keys(),
      ...(options.siteProjects ? { siteProjects: options.siteProjects } : {}),
    });
    const bump = () => {
      this.changes++;
      this.known.invalidate();
      this.mappings = null;
      for (const listener of [...this.listeners]) listener();
    };
    this.stops = [settings.onChange(bump), issues.onChange(bump)];
  }

  /** Increases on every change of settings or cache. */
  generation(): number {
    return this.changes;
  }

  /** Calls `listener` after every change of settings or cache; returns a function that stops it. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells the source that an input outside settings and cache changed (such as the site's project list):
   * forgets what it remembered and notifies listeners like any other change.
   */
  invalidate(): void {
    this.changes++;
    this.known.invalidate();
    this.mappings = null;
    for (const listener of [...this.listeners]) listener();
  }

  inlineEnabled(): boolean {
    return this.settings.get().inlineBadges;
  }

  /** The known project keys: only their keys become badges. Empty when nothing is known yet. */
  projects(): ReadonlySet<string> {
    return this.known.get();
  }

  model(key: string): BadgeModel {
    return badgeModel({ key, issue: this.issues.get(key), siteUrl: siteUrlForKey(this.settings.get(), key) });
  }

  /** The note properties the mappings name (remembered until the next change). */
  noteFields(): NoteFields {
    return this.mapping().fields;
  }

  /**
   * The header badge of a note with this front matter, or null when it names no issue key. The status is
   * Jira's, from the cache; without one, the Jira status the note's state maps to.
   */
  headerModel(frontmatter: unknown): BadgeModel | null {
    const { config, fields } = this.mapping();
    const key = frontmatterString(frontmatter, fields.key)?.toUpperCase();
    if (key === undefined || !isJiraKey(key)) return null;
    const state = fields.status === null ? undefined : frontmatterString(frontmatter, fields.status);
    return badgeModel({
      key,
      issue: this.issues.get(key),
      siteUrl: siteUrlForKey(this.settings.get(), key),
      state: jiraStatusOfState(config, state),
      summary: fields.summary === null ? undefined : frontmatterString(frontmatter, fields.summary),
      variant: "header",
    });
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
  }

  private mapping(): { config: MappingConfig; fields: NoteFields } {
    if (this.mappings === null) {
      const config = this.options.syncConfig();
      this.mappings = { config, fields: noteFields(config) };
    }
    return this.mappings;
  }
}
