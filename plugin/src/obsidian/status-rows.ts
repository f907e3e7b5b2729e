// The status mapping form of the settings tab: one row per note state (its name, the Jira statuses that mean
// it, the status a note in that state is pushed as; add, remove, move), then, for each project in scope, its
// workflow's statuses as Jira lists them, each with the note state it maps to (or none). Both edit the shared
// MappingDraft; the core's problems show under the state row they concern.
import { Setting } from "obsidian";
import { type SiteCatalog } from "../jira/site-catalog";
import { addState, assignStatus, parseStatusList, projectStatusRows, renameState, setPreferred, setStatuses } from "../settings/status-form";
import { type MappingDraft } from "./mapping-draft";
import type { ScopedProject } from "./mapping-rows";
import { moveButtons } from "./row-buttons";
import type { SyncRow } from "./sync-settings-rows";
import { errorLine } from "./validated-text";

const NONE = "none";

function stateRow(list: HTMLElement, draft: MappingDraft, index: number, lines: ((problems: readonly string[]) => void)[]): void {
  const row = draft.statuses[index]!;
  const setting = new Setting(list).setName(row.state === "" ? "Unnamed state" : row.state);
  setting.settingEl.addClass("jvs-mapping-row");
  const show = errorLine(setting);
  lines[index] = show;
  show(draft.problems.statuses.rows.get(index) ?? []);
  setting.addText((text) => {
    text.setPlaceholder("Note state");
    text.inputEl.setAttr("aria-label", "Note state");
    text.setValue(row.state).onChange(async (value) => {
      setting.setName(value === "" ? "Unnamed state" : value);
      await draft.setStatuses(renameState(draft.statuses, index, value), false);
    });
  });
  setting.addText((text) => {
    text.setPlaceholder("Jira statuses, comma-separated");
    text.inputEl.setAttr("aria-label", "Jira statuses");
    text.setValue(row.jiraStatuses.join(", ")).onChange(async (value) => {
      await draft.setStatuses(setStatuses(draft.statuses, index, parseStatusList(value)), false);
    });
  });
  if (row.jiraStatuses.length > 1) {
    setting.addDropdown((dropdown) => {
      const options: Record<string, string> = { "": "Push as the first listed" };
      for (const status of row.jiraStatuses) options[status] = `Push as ${status}`;
      dropdown
        .addOptions(options)
        .setValue(row.preferred ?? "")
        .onChange(async (value) => {
          await draft.setStatuses(setPreferred(draft.statuses, index, value), true);
        });
      dropdown.selectEl.setAttr("aria-label", "Pushed as");
    });
  }
  moveButtons(setting, index, draft.statuses.length, async (edit) => {
    await draft.setStatuses(edit(draft.statuses), true);
  });
}

async function projectRows(container: HTMLElement, draft: MappingDraft, catalog: SiteCatalog, { key, siteUrl }: ScopedProject): Promise<void> {
  const head = new Setting(container).setName(`Statuses of ${key}`);
  head.settingEl.addClass("jvs-mapping-project");
  const result = await catalog.statuses(key, siteUrl);
  if (!result.ok) {
    head.setDesc(`They could not be read (${result.message}) Type status names in the note states above.`);
    return;
  }
  head.setDesc("Each status of the project's workflows and the note state it maps to.");
  for (const { status, row } of projectStatusRows(draft.statuses, result.value)) {
    const setting = new Setting(container).setName(status.name).setDesc(status.category === "" ? "" : `Category: ${status.category}`);
    setting.settingEl.addClass("jvs-mapping-row");
    setting.addDropdown((dropdown) => {
      const options: Record<string, string> = { [NONE]: "Not mapped" };
      draft.statuses.forEach((s, i) => (options[`state:${i}`] = s.state === "" ? `Unnamed state ${i + 1}` : s.state));
      dropdown
        .addOptions(options)
        .setValue(row < 0 ? NONE : `state:${row}`)
        .onChange(async (value) => {
          const target = value === NONE ? -1 : Number(value.slice("state:".length));
          await draft.setStatuses(assignStatus(draft.statuses, status.name, target), true);
        });
      dropdown.selectEl.setAttr("aria-label", `Note state of ${status.name}`);
    });
  }
}

/** The status mapping row; `projects` lists the projects in scope, each with its site. */
export function statusMappingRow(draft: MappingDraft, catalog: SiteCatalog, projects: () => ScopedProject[]): SyncRow {
  const name = "Status mappings";
  const desc =
    "Which note state each Jira status stands for: each note state with the Jira statuses that mean it (and, with several, the one it is pushed as), then each project's statuses. A status mapped to no state cannot be synced.";
  let detach: (() => void) | null = null; // the previous rendering's listener
  return {
    name,
    desc,
    render: (setting) => {
      draft.reloadIfChanged();
      setting.setName(name).setDesc(desc);
      setting.settingEl.addClass("jvs-mapping-block");
      const general = errorLine(setting);
      const states = setting.settingEl.createDiv({ cls: "jvs-mapping-rows" });
      const byProject = setting.settingEl.createDiv({ cls: "jvs-mapping-rows" });
      let lines: ((problems: readonly string[]) => void)[] = [];
      let rendering = Promise.resolve();
      const renderProjects = () => {
        rendering = rendering.then(async () => {
          byProject.empty();
          const scoped = projects();
          if (scoped.length === 0) byProject.createDiv({ cls: "jvs-mapping-note", text: "Add project keys to pick from their statuses here." });
          for (const project of scoped) await projectRows(byProject, draft, catalog, project);
        });
      };
      const renderStates = () => {
        states.empty();
        lines = [];
        general(draft.problems.statuses.general);
        draft.statuses.forEach((_, i) => stateRow(states, draft, i, lines));
      };
      setting.addButton((b) =>
        b.setButtonText("Add note state").onClick(async () => {
          await draft.setStatuses(addState(draft.statuses), true);
        }),
      );
      detach?.();
      detach = draft.onChange((changed, structural) => {
        if (changed !== "statuses") return;
        if (structural) renderStates();
        else {
          general(draft.problems.statuses.general);
          lines.forEach((show, i) => show(draft.problems.statuses.rows.get(i) ?? []));
        }
        renderProjects();
      });
      renderStates();
      renderProjects();
    },
  };
}
