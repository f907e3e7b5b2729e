// The "Workflow" section of the settings tab: project notes on or off (docs/projects.md), and per-project defaults for the fields a transition screen asks for
// (one `PROJECT: field = value` line each, e.g. `OPS: resolution = Done`). A note moved to Done then carries the
// resolution Jira requires. What is typed is checked as typed; lines that do not read are shown, not saved.
import { type Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { formatTransitionDefaults, parseTransitionDefaults } from "../projects/transition-defaults";
import { type SyncSection } from "./sync-settings-rows";
import { errorLine } from "./validated-text";

export const TRANSITION_DEFAULTS_NAME = "Transition defaults";

const PROJECT_NOTES_DESC =
  "After each sync, refresh one note per project (Jira/OPS/OPS.md: lead, versions, components, workflow map) and write its Bases file once.";

/** The workflow section (its one row is named as the sync's error messages name it). */
export function workflowSection(store: SettingsStore): SyncSection {
  const desc =
    "Values for the fields a workflow transition asks for, one per line: PROJECT: field = value (for example OPS: resolution = Done). " +
    "A note whose state needs such a transition is moved with these values; without one, the sync names the missing field.";
  return {
    heading: "Workflow",
    rows: [
      {
        name: "Project notes",
        desc: PROJECT_NOTES_DESC,
        render: (setting: Setting) => {
          setting.setName("Project notes").setDesc(PROJECT_NOTES_DESC);
          setting.addToggle((toggle) =>
            toggle.setValue(store.get().sync.projectNotes).onChange((value) => store.update({ sync: { ...store.get().sync, projectNotes: value } })),
          );
        },
      },
      {
        name: TRANSITION_DEFAULTS_NAME,
        desc,
        render: (setting: Setting) => {
          setting.setName(TRANSITION_DEFAULTS_NAME).setDesc(desc);
          const show = errorLine(setting);
          setting.addTextArea((area) => {
            area.setValue(formatTransitionDefaults(store.get().sync.transitionDefaults));
            area.onChange(async (text) => {
              const { defaults, problems } = parseTransitionDefaults(text);
              show(problems);
              area.inputEl.toggleClass("jvs-input-invalid", problems.length > 0);
              if (problems.length === 0) await store.update({ sync: { ...store.get().sync, transitionDefaults: defaults } });
            });
          });
        },
      },
    ],
  };
}
