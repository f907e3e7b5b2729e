// The mappings being edited in the settings tab, shared by the field form, the status form and the JSON
// view so the three stay in step: each edit replaces a list, the core checks the configuration it would
// give (`validateSyncConfig`), the list is saved only when the core finds no error, and every view is told
// to refresh. A list with errors stays here as a draft (nothing typed is lost) with its problems by row.
import { type SettingsStore } from "../data/plugin-data";
import { type FieldMappingJson, problemsByRow, readFieldMappings, type RowProblems } from "../settings/mapping-form";
import { readStatusMappings, type StatusMappingJson } from "../settings/status-form";
import { type SyncSettings, toSyncConfig } from "../settings/sync-settings";
import type { SyncConfig } from "../sync/types";
import type { ConfigCore } from "./sync-settings-rows";

export type MappingList = "fields" | "statuses";

const NO_PROBLEMS: RowProblems = { rows: new Map(), general: [], errors: false };

export class MappingDraft {
  fields: FieldMappingJson[] = [];
  statuses: StatusMappingJson[] = [];
  problems: Record<MappingList, RowProblems> = { fields: NO_PROBLEMS, statuses: NO_PROBLEMS };
  /** Called after every change, with the list that changed and whether its rows changed shape. */
  private readonly views = new Set<(list: MappingList, structural: boolean) => void>();
  /** The stored lists (as JSON) the draft was last loaded from or saved as. */
  private loaded = "";

  constructor(
    private readonly core: ConfigCore,
    private readonly store: SettingsStore,
  ) {
    this.reloadIfChanged();
  }

  /** The lists in effect: the stored ones, or the core's defaults where none are stored. */
  private effective(): { fields: unknown[]; statuses: unknown[] } {
    const sync = this.store.get().sync;
    const defaults = this.core.defaultSyncConfig() as { fields?: unknown[]; statuses?: unknown[] };
    return { fields: sync.fields.length > 0 ? sync.fields : (defaults.fields ?? []), statuses: sync.statuses.length > 0 ? sync.statuses : (defaults.statuses ?? []) };
  }

  /** Takes the stored lists again when they changed behind the draft's back (such as "Reset to defaults"). */
  reloadIfChanged(): void {
    const effective = this.effective();
    const json = JSON.stringify(effective);
    if (json === this.loaded) return;
    this.loaded = json;
    this.fields = readFieldMappings(effective.fields);
    this.statuses = readStatusMappings(effective.statuses);
    this.problems = { fields: this.check({ fields: this.fields }, "fields"), statuses: this.check({ statuses: this.statuses }, "statuses") };
  }

  onChange(view: (list: MappingList, structural: boolean) => void): () => void {
    this.views.add(view);
    return () => this.views.delete(view);
  }

  /** The core's problems of `list` in the configuration with `patch`; a list the core cannot read throws. */
  private check(patch: Partial<SyncSettings>, list: MappingList): RowProblems {
    const settings = this.store.get();
    const config = toSyncConfig(settings, { ...settings.sync, ...patch }, this.core.defaultSyncConfig() as SyncConfig);
    try {
      return problemsByRow(this.core.validateSyncConfig(config), list);
    } catch (e) {
      return { rows: new Map(), general: [e instanceof Error ? e.message : String(e)], errors: true };
    }
  }

  /**
   * Checks `raw` (the list as the JSON view holds it) and saves it when the core finds no error. Returns the
   * problems; a list the core cannot even read leaves the draft as it was.
   */
  async setRaw(list: MappingList, raw: unknown[]): Promise<RowProblems> {
    const settings = this.store.get();
    let problems: unknown;
    try {
      problems = this.core.validateSyncConfig(toSyncConfig(settings, { ...settings.sync, [list]: raw }, this.core.defaultSyncConfig() as SyncConfig));
    } catch (e) {
      return { rows: new Map(), general: [e instanceof Error ? e.message : String(e)], errors: true };
    }
    if (list === "fields") this.fields = readFieldMappings(raw);
    else this.statuses = readStatusMappings(raw);
    return this.apply(list, problemsByRow(problems, list), true, raw);
  }

  /** Replaces the field list (from the form). `structural`: rows were added, removed, moved or re-picked. */
  setFields(fields: FieldMappingJson[], structural: boolean): Promise<RowProblems> {
    this.fields = fields;
    return this.apply("fields", this.check({ fields }, "fields"), structural, fields);
  }

  /** Replaces the status list (from the form). */
  setStatuses(statuses: StatusMappingJson[], structural: boolean): Promise<RowProblems> {
    this.statuses = statuses;
    return this.apply("statuses", this.check({ statuses }, "statuses"), structural, statuses);
  }

  private async apply(list: MappingList, problems: RowProblems, structural: boolean, value: unknown[]): Promise<RowProblems> {
    this.problems = { ...this.problems, [list]: problems };
    if (!problems.errors) {
      await this.store.update({ sync: { ...this.store.get().sync, [list]: value } });
      this.loaded = JSON.stringify(this.effective());
    }
    for (const view of this.views) view(list, structural);
    return problems;
  }
}
