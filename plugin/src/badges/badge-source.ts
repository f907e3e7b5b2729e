// Joins the settings and the issue cache into badge models, and counts changes to either so views know
// when to redraw. The one place badge-drawing code gets its data from.
import { type IssueCache } from "../cache/issue-cache";
import { type SettingsStore } from "../data/plugin-data";
import { projectFilter, siteUrlForKey } from "../settings/settings";
import { badgeModel, type BadgeModel } from "./badge-model";

export interface HeaderInfo {
  state?: string | undefined;
  summary?: string | undefined;
}

export class BadgeSource {
  private changes = 0;
  private readonly listeners = new Set<() => void>();
  private readonly stops: (() => void)[];

  constructor(private readonly settings: SettingsStore, private readonly issues: IssueCache) {
    const bump = () => {
      this.changes++;
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

  inlineEnabled(): boolean {
    return this.settings.get().inlineBadges;
  }

  projects(): ReadonlySet<string> | null {
    return projectFilter(this.settings.get());
  }

  model(key: string): BadgeModel {
    return badgeModel({ key, issue: this.issues.get(key), siteUrl: siteUrlForKey(this.settings.get(), key) });
  }

  headerModel(key: string, info: HeaderInfo): BadgeModel {
    return badgeModel({
      key,
      issue: this.issues.get(key),
      siteUrl: siteUrlForKey(this.settings.get(), key),
      state: info.state,
      summary: info.summary,
      variant: "header",
    });
  }

  dispose(): void {
    for (const stop of this.stops) stop();
    this.listeners.clear();
  }
}
