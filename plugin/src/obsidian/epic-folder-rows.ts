// The settings row of the epic folder layout (docs/epic-folders.md), shown in the "Hierarchy and links" section:
// off by default; on, new notes of an epic's children go into a folder named after the epic's note and
// re-parented notes move. Existing notes move with the command "Arrange notes by epic".
import { type SettingsStore } from "../data/plugin-data";
import { type SyncRow } from "./sync-settings-rows";

const NAME = "Child notes in their epic's folder";
const DESC =
  "Write the notes of an epic's child issues into a folder named after the epic's note, next to it in the project's folder, and move a note when its issue gets another epic. To move the notes you have now, run the command \"Arrange notes by epic\".";

/** The toggle for `sync.epicFolders`. */
export function epicFolderRow(store: SettingsStore): SyncRow {
  return {
    name: NAME,
    desc: DESC,
    render: (setting) => {
      setting.setName(NAME).setDesc(DESC);
      setting.addToggle((toggle) =>
        toggle.setValue(store.get().sync.epicFolders).onChange(async (epicFolders) => {
          await store.update({ sync: { ...store.get().sync, epicFolders } });
        }),
      );
    },
  };
}
