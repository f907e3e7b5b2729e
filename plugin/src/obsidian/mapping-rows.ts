// The mapping rows of the settings tab: field mappings as a form (one row per mapping: the Jira field picked
// by name from the site's field list, with its type; the note property; the direction; add, remove, move),
// status mappings as a form (status-rows.ts), and the same lists as JSON under "Advanced: edit as JSON",
// collapsed by default. All three edit one MappingDraft, so they stay in step; the core checks every change
// and its problems show under the row they concern. The site's fields and statuses are read through the
// plugin's Jira transport once per settings session (SiteCatalog): the fields of the first site, the statuses
// of each project in scope from its own site; without the site, custom fields and statuses are typed by name.
import { Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv, transportFor } from "../jira/connection";
import { type JiraFieldInfo } from "../jira/fields";
import { parseProjectKeys } from "../jira/keys";
import { SiteCatalog } from "../jira/site-catalog";
import {
  addField,
  type Direction,
  type FieldOption,
  fieldChoice,
  fieldFromChoice,
  fieldOptions,
  setDirection,
  setField,
  setNote,
  systemField,
} from "../settings/mapping-form";
import { allSites, settingsForSite } from "../settings/settings";
import { MappingDraft, type MappingList } from "./mapping-draft";
import { moveButtons } from "./row-buttons";
import { statusMappingRow } from "./status-rows";
import type { ConfigCore, SyncRow } from "./sync-settings-rows";
import { errorLine } from "./validated-text";

const DIRECTIONS: Record<Direction, string> = { both: "Both ways", pull: "Jira to note only", push: "Note to Jira only" };
const OTHER_CUSTOM = "custom:";

/** What the field form knows about the site's fields: the list, or why there is none yet. */
interface SiteFields {
  list: JiraFieldInfo[] | null;
  note: string;
}

function fieldRow(list: HTMLElement, draft: MappingDraft, site: SiteFields, index: number, lines: ((problems: readonly string[]) => void)[]): void {
  const row = draft.fields[index]!;
  const options = fieldOptions(site.list, draft.fields);
  const option: FieldOption | undefined = options.find((o) => o.value === fieldChoice(row.jira));
  const setting = new Setting(list);
  setting.settingEl.addClass("jvs-mapping-row");
  const custom = typeof row.jira !== "string";
  const name = option?.label ?? (typeof row.jira === "string" ? row.jira : row.jira.custom);
  setting.setName(name === "" ? "Custom field" : name);
  const kind = custom ? "Custom field" : "System field";
  const missing = option?.missing === true ? " Not in the site's field list: check the name." : "";
  setting.setDesc(`${kind}${option !== undefined && option.type !== "" ? `, ${option.type}` : ""}.${missing}`);
  const show = errorLine(setting);
  lines[index] = show;
  show(draft.problems.fields.rows.get(index) ?? []);

  setting.addDropdown((dropdown) => {
    const entries: Record<string, string> = {};
    for (const o of options) entries[o.value] = o.type === "" ? o.label : `${o.label} (${o.type})`;
    entries[OTHER_CUSTOM] = "Other custom field (type its name)";
    dropdown
      .addOptions(entries)
      .setValue(option === undefined ? OTHER_CUSTOM : option.value)
      .onChange(async (value) => {
        const picked = options.find((o) => o.value === value);
        await draft.setFields(setField(draft.fields, index, fieldFromChoice(value), picked?.label), true);
      });
    dropdown.selectEl.setAttr("aria-label", "Jira field");
  });
  if (custom && (site.list === null || option === undefined || option.missing)) {
    setting.addText((text) => {
      text.setPlaceholder("Custom field name, as on the issue screen");
      text.inputEl.setAttr("aria-label", "Custom field name");
      text.setValue(typeof row.jira === "string" ? "" : row.jira.custom).onChange(async (value) => {
        await draft.setFields(setField(draft.fields, index, { custom: value.trim() }), false);
      });
    });
  }
  if (row.jira === "description") {
    setting.addDropdown((dropdown) =>
      dropdown
        .addOptions({ body: "Note body", property: "Property" })
        .setValue(row.note === "body" ? "body" : "property")
        .onChange(async (value) => {
          await draft.setFields(setNote(draft.fields, index, value === "body" ? "body" : { frontmatter: "description" }), true);
        }),
    );
  }
  if (row.note !== "body") {
    setting.addText((text) => {
      text.setPlaceholder("Note property");
      text.inputEl.setAttr("aria-label", "Note property");
      text.setValue(row.note === "body" ? "" : row.note.frontmatter).onChange(async (value) => {
        await draft.setFields(setNote(draft.fields, index, { frontmatter: value }), false);
      });
    });
  }
  setting.addDropdown((dropdown) => {
    dropdown
      .addOptions(systemField(row.jira)?.readOnly === true ? { pull: DIRECTIONS.pull } : DIRECTIONS)
      .setValue(row.direction)
      .onChange(async (value) => {
        await draft.setFields(setDirection(draft.fields, index, value as Direction), true);
      });
    dropdown.selectEl.setAttr("aria-label", "Direction");
  });
  moveButtons(setting, index, draft.fields.length, async (fields) => {
    await draft.setFields(fields(draft.fields), true);
  });
}

function fieldMappingRow(draft: MappingDraft, catalog: SiteCatalog): SyncRow {
  const name = "Field mappings";
  let detach: (() => void) | null = null; // the previous rendering's listener
  const desc = "Which Jira field goes to which note property, and which way changes flow. Applied top to bottom.";
  return {
    name,
    desc,
    render: (setting) => {
      draft.reloadIfChanged();
      setting.setName(name).setDesc(desc);
      setting.settingEl.addClass("jvs-mapping-block");
      const note = setting.descEl.createDiv({ cls: "jvs-mapping-note" });
      const general = errorLine(setting);
      const list = setting.settingEl.createDiv({ cls: "jvs-mapping-rows" });
      const site: SiteFields = { list: null, note: "Reading the site's fields…" };
      let lines: ((problems: readonly string[]) => void)[] = [];
      detach?.();
      const renderList = () => {
        list.empty();
        lines = [];
        note.setText(site.note);
        note.toggle(site.note !== "");
        general(draft.problems.fields.general);
        draft.fields.forEach((_, i) => fieldRow(list, draft, site, i, lines));
      };
      setting.addButton((b) =>
        b.setButtonText("Add field mapping").onClick(async () => {
          await draft.setFields(addField(draft.fields, fieldOptions(site.list, draft.fields)), true);
        }),
      );
      detach = draft.onChange((changed, structural) => {
        if (changed !== "fields") return;
        if (structural) renderList();
        else {
          general(draft.problems.fields.general);
          lines.forEach((show, i) => show(draft.problems.fields.rows.get(i) ?? []));
        }
      });
      renderList();
      void catalog.fields().then((result) => {
        site.list = result.ok ? result.value : null;
        site.note = result.ok ? "" : `The site's fields could not be read (${result.message}) Type custom field names as Jira shows them.`;
        renderList();
      });
    },
  };
}

/** A text area editing `list` as JSON; returns how to stop following the draft. */
function jsonArea(container: HTMLElement, draft: MappingDraft, list: MappingList, name: string): () => void {
  let detach = (): void => {};
  const setting = new Setting(container).setName(name);
  const show = errorLine(setting);
  setting.addTextArea((area) => {
    area.inputEl.rows = 10;
    area.inputEl.addClass("jvs-mapping-json");
    const current = () => JSON.stringify(list === "fields" ? draft.fields : draft.statuses, null, 2);
    area.setValue(current());
    detach = draft.onChange((changed) => {
      if (changed === list && activeDocument.activeElement !== area.inputEl) area.setValue(current());
    });
    area.onChange(async (value) => {
      let parsed: unknown;
      try {
        parsed = JSON.parse(value);
      } catch {
        show(["Not valid JSON."]);
        return;
      }
      if (!Array.isArray(parsed)) {
        show(["Enter a JSON list."]);
        return;
      }
      const problems = await draft.setRaw(list, parsed as unknown[]);
      show([...problems.general, ...[...problems.rows.entries()].flatMap(([i, messages]) => messages.map((m) => `${list}[${i}]: ${m}`))]);
    });
  });
  return () => detach();
}

function jsonRow(draft: MappingDraft): SyncRow {
  const name = "Advanced: edit as JSON";
  let detach = (): void => {}; // the open text areas' listeners
  const desc = "The same mappings in the core's JSON form, checked the same way. A change here updates the forms above.";
  return {
    name,
    desc,
    render: (setting) => {
      setting.setName(name).setDesc(desc);
      setting.settingEl.addClass("jvs-mapping-block");
      const body = setting.settingEl.createDiv({ cls: "jvs-mapping-rows" });
      let open = false;
      detach();
      setting.addButton((button) =>
        button.setButtonText("Show").onClick(() => {
          open = !open;
          button.setButtonText(open ? "Hide" : "Show");
          body.empty();
          detach();
          if (!open) return;
          const stops = [jsonArea(body, draft, "fields", "Field mappings as JSON"), jsonArea(body, draft, "statuses", "Status mappings as JSON")];
          detach = () => stops.forEach((stop) => stop());
        }),
      );
    },
  };
}

/** A project in scope and the site it is synced from. */
export interface ScopedProject {
  key: string;
  siteUrl: string;
}

/** Every site's projects in scope, primary first. */
function scopedProjects(store: SettingsStore): ScopedProject[] {
  return allSites(store.get()).flatMap((site) => parseProjectKeys(site.projectKeys).projects.map((key) => ({ key, siteUrl: site.siteUrl })));
}

/**
 * The mapping rows: fields, statuses, then the JSON view. `env` reaches the sites: the first site's fields fill
 * the field picker, and each project in scope has its statuses read from its own site.
 */
export function mappingRows(core: ConfigCore, store: SettingsStore, env: ConnectionEnv | undefined): SyncRow[] {
  const draft = new MappingDraft(core, store);
  const catalog = new SiteCatalog((siteUrl) => {
    if (env === undefined) return "The site is not available here.";
    const settings = store.get();
    const sites = allSites(settings);
    const site = sites.find((s) => s.siteUrl === siteUrl) ?? sites[0];
    if (site === undefined) return "Enter the Jira site URL first.";
    return transportFor(env, settingsForSite(settings, site), { retry: { maxAttempts: 2 }, timeoutMs: 20_000 });
  });
  return [fieldMappingRow(draft, catalog), statusMappingRow(draft, catalog, () => scopedProjects(store)), jsonRow(draft)];
}
