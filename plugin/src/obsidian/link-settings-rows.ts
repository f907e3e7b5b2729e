// The "Hierarchy and links" section of the settings tab: how the sync writes an issue's parent into its note
// (a wiki-link to the parent's note, or the plain key; reading accepts both), and the issue link properties
// (on or off, and renamed property names).
import { type SettingsStore } from "../data/plugin-data";
import { formatRenames, parseRenames } from "../links/issue-link-settings";
import { type ParentStyle } from "../settings/sync-settings";
import { epicFolderRow } from "./epic-folder-rows";
import { type SyncSection } from "./sync-settings-rows";

const PARENT_STYLES: Record<ParentStyle, string> = {
  link: "Wiki-link to the parent's note",
  key: "Plain issue key",
};

const LINKS_NAME = "Sync issue links";
const LINKS_DESC =
  "Jira's issue links as note properties named after the site's link types (blocks, is_blocked_by, relates_to, …), each a list of links to the linked issues' notes. Added or removed on either side, both ways.";
const CHILDREN_NAME = "Child issues section";
const CHILDREN_DESC =
  "Write a generated table of an epic's or a parent issue's child issues (key, summary, status) at the end of its note, between two marker lines. Your text around it is never touched, and it never goes into the Jira description.";
const RENAMES_NAME = "Link property names";
const RENAMES_DESC = "One rename a line, default = yours, for example: is_blocked_by = blocked_by. Lines that are not two property names are ignored.";

/** The hierarchy section: the parent style dropdown, issue links on or off, and their property names. */
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
      {
        name: LINKS_NAME,
        desc: LINKS_DESC,
        render: (setting) => {
          setting.setName(LINKS_NAME).setDesc(LINKS_DESC);
          setting.addToggle((toggle) =>
            toggle.setValue(store.get().sync.issueLinks.enabled).onChange(async (enabled) => {
              const sync = store.get().sync;
              await store.update({ sync: { ...sync, issueLinks: { ...sync.issueLinks, enabled } } });
            }),
          );
        },
      },
      {
        name: CHILDREN_NAME,
        desc: CHILDREN_DESC,
        render: (setting) => {
          setting.setName(CHILDREN_NAME).setDesc(CHILDREN_DESC);
          setting.addToggle((toggle) =>
            toggle.setValue(store.get().sync.childIssues).onChange(async (childIssues) => {
              await store.update({ sync: { ...store.get().sync, childIssues, childIssuesChosen: true } });
            }),
          );
        },
      },
      epicFolderRow(store),
      {
        name: RENAMES_NAME,
        desc: RENAMES_DESC,
        render: (setting) => {
          setting.setName(RENAMES_NAME).setDesc(RENAMES_DESC);
          setting.addTextArea((area) =>
            area
              .setPlaceholder("One rename a line")
              .setValue(formatRenames(store.get().sync.issueLinks.renames))
              .onChange(async (text) => {
                const sync = store.get().sync;
                const { renames } = parseRenames(text);
                await store.update({ sync: { ...sync, issueLinks: { ...sync.issueLinks, renames } } });
              }),
          );
        },
      },
    ],
  };
}
