// The "Projects" row of a site's sync scope: the projects "Test connection" listed for the site (key and name,
// remembered per site), each with a checkbox; ticking one adds its key to the site's project keys, unticking
// removes it (keys typed by hand stay). Before a test it says how to get the list. A change that clashes with
// another site's projects is shown and not saved. Jira's names are untrusted: they are set as text only.
import { type Setting } from "obsidian";
import { parseProjectKeys } from "../jira/keys";
import { type KnownProject } from "../settings/settings";

export const PICKER_NAME = "Projects";
export const PICKER_DESC_EMPTY = "Select Test connection above to list the projects you can browse, or type their keys below.";
export const PICKER_DESC = "The projects you can browse on this site. Tick the ones to sync; each gets a folder of notes.";

export interface PickerOptions {
  /** The site's remembered projects. */
  known: readonly KnownProject[];
  /** The site's project keys as stored (comma-separated). */
  keys: () => string;
  /** Saves new project keys; returns the problem when they cannot be saved, else null. */
  save: (keys: string) => Promise<string | null>;
  /** Redraws the tab after a saved change (the project keys row shows the new list). */
  redraw: () => void;
}

/** The key list with `key` added (at the end) or removed, other keys in their order. */
export function toggleKey(keys: string, key: string, on: boolean): string {
  const list = parseProjectKeys(keys).projects.filter((k) => k !== key);
  if (on) list.push(key);
  return list.join(", ");
}

/** Fills `setting` with the checklist described above. */
export function renderProjectPicker(setting: Setting, options: PickerOptions): void {
  setting.setName(PICKER_NAME).setDesc(options.known.length === 0 ? PICKER_DESC_EMPTY : PICKER_DESC);
  if (options.known.length === 0) return;
  const error = setting.descEl.createDiv({ cls: "jvs-setting-error" });
  error.hide();
  const chosen = new Set(parseProjectKeys(options.keys()).projects);
  const list = setting.descEl.createDiv({ cls: "jvs-project-list" });
  for (const project of options.known) {
    const label = list.createEl("label", { cls: "jvs-project-choice" });
    const box = label.createEl("input", { type: "checkbox" });
    box.checked = chosen.has(project.key.toUpperCase());
    box.dataset.key = project.key;
    label.createSpan({ cls: "jvs-project-key", text: project.key });
    label.createSpan({ cls: "jvs-project-name", text: project.name });
    box.addEventListener("change", () => {
      void (async () => {
        const problem = await options.save(toggleKey(options.keys(), project.key.toUpperCase(), box.checked));
        error.setText(problem ?? "");
        error.toggle(problem !== null);
        if (problem !== null) box.checked = !box.checked;
        else options.redraw();
      })();
    });
  }
}
