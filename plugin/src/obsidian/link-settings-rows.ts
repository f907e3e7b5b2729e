// The "Hierarchy and links" section of the settings tab: how the sync writes an issue's parent into its note
// (a wiki-link to the parent's note, or the plain key). Reading accepts both forms whatever is chosen.
import { type SettingsStore } from "../data/plugin-data";
import { type ParentStyle } from "../settings/sync-settings";
import { type SyncSection } from "./sync-settings-rows";

const PARENT_STYLES: Record<ParentStyle, string> = {
  link: "Wiki-link to the parent's note",
  key: "Plain issue key",
};

/** The hierarchy section: the parent style dropdown. */
export function hierarchySection(store: SettingsStore): SyncSection {
  const name = "Write parents as";
  const desc = "How a mapped parent appears in a note, for example [[OPS-1 Incident automation]] or OPS-1. A parent outside the synced projects is always its key.";
  return {
    heading: "Hierarchy and links",
    rows: [
      {
        name,
        desc,
        render: (setting) => {
          setting.setName(name).setDesc(desc);
          setting.addDropdown((dropdown) =>
            dropdown
              .addOptions(PARENT_STYLES)
              .setValue(store.get().sync.parentStyle)
              .onChange(async (value) => {
                await store.update({ sync: { ...store.get().sync, parentStyle: value === "key" ? "key" : "link" } });
              }),
          );
        },
      },
    ],
  };
}
