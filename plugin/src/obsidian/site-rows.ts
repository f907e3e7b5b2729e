// The "Other Jira sites" section of the settings tab: for each additional site its address, deployment, email
// (Cloud only), token (secret storage under the site's stable id, the same row as the primary site's), "Test
// connection" (the same code, listing the site's projects), its scope (the project checklist, project keys,
// JQL), with "Remove" (which asks first, then deletes the site's token); then "Add site". Every change is checked with the other sites
// (`validateSites`: no address twice, no project on two sites) and, when it fails, shown inline and not saved.
// Rows are plain data (name, description, render) so the declarative definitions and display() share them.
import { type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv } from "../jira/connection";
import { type BrowsableProject } from "../jira/projects";
import { tokenSecretId } from "../settings/secret-store";
import {
  normalizeSiteUrl,
  type Settings,
  settingsForSite,
  type SiteSettings,
  validateEmail,
  validateProjectKeys,
  validateSites,
  validateSiteUrl,
} from "../settings/settings";
import { renderTestRow, renderTokenRow, TEST_DESC, TEST_NAME, type TestResults, TOKEN_DESC, TOKEN_NAME_CLOUD } from "./connection-rows";
import { type Confirm } from "./confirm-modal";
import { PICKER_DESC, PICKER_NAME, renderProjectPicker } from "./project-picker";
import type { SyncRow } from "./sync-settings-rows";
import { addValidatedText } from "./validated-text";

export const OTHER_SITES_HEADING = "Other Jira sites";
export const ADD_SITE_NAME = "Add site";
const DEPLOYMENTS: Record<Settings["deployment"], string> = { cloud: "Cloud", datacenter: "Data Center or Server" };

/** A new, empty site. It is kept but not synced until it has an address (and gets its id with it). */
function emptySite(): SiteSettings {
  return { id: "", siteUrl: "", deployment: "cloud", email: "", projectKeys: "", jql: "" };
}

/** What the site rows share with the tab: the last test lines, remembering listed projects, confirmations. */
export interface SiteRowContext {
  tests: TestResults;
  remember: (siteId: string, projects: BrowsableProject[]) => Promise<void>;
  confirm: Confirm;
}

/** The rows of the section: each additional site's rows, then "Add site". */
export function otherSiteRows(store: SettingsStore, env: ConnectionEnv, redraw: () => void, context: SiteRowContext): SyncRow[] {
  const rows: SyncRow[] = [];
  store.get().additionalSites.forEach((site, index) => rows.push(...siteRows(store, env, redraw, context, index, site)));
  rows.push({
    name: ADD_SITE_NAME,
    desc: "Sync another Jira site into this vault. Each project belongs to one site.",
    render: (setting) => {
      setting.addButton((button) =>
        button.setButtonText(ADD_SITE_NAME).onClick(async () => {
          await store.update({ additionalSites: [...store.get().additionalSites, emptySite()] });
          redraw();
        }),
      );
    },
  });
  return rows;
}

/** Saves a change to site `index` unless the sites then clash; returns the problem, or null when saved. */
async function updateSite(store: SettingsStore, index: number, patch: Partial<SiteSettings>): Promise<string | null> {
  const settings = store.get();
  const next = settings.additionalSites.map((s, i) => (i === index ? { ...s, ...patch } : s));
  const problem = validateSites({ ...settings, additionalSites: next });
  if (problem !== null) return problem;
  await store.update({ additionalSites: next });
  return null;
}

/** A text row with an inline error: `check` validates the input alone, then the sites together. */
function textRow(
  store: SettingsStore,
  index: number,
  name: string,
  desc: string,
  placeholder: string,
  value: string,
  check: (input: string) => string | null,
  patch: (input: string) => Partial<SiteSettings>,
): SyncRow {
  return {
    name,
    desc,
    render: (setting) =>
      addValidatedText(setting, {
        placeholder,
        value,
        commit: async (input) => {
          const problem = check(input) ?? (await updateSite(store, index, patch(input)));
          return problem === null ? [] : [problem];
        },
      }),
  };
}

/** Removes site `index` and deletes its token (found by the site's id, whatever its address is now). */
async function removeSite(store: SettingsStore, env: ConnectionEnv, index: number, redraw: () => void): Promise<void> {
  const site = store.get().additionalSites[index];
  if (site === undefined) return;
  const id = tokenSecretId(env.pluginId, site.id);
  if (id !== null) env.secrets.delete(id);
  // The site's remembered projects go with it (`readSettings` keeps only configured sites' lists).
  await store.update({ additionalSites: store.get().additionalSites.filter((_, i) => i !== index) });
  redraw();
}

function siteRows(store: SettingsStore, env: ConnectionEnv, redraw: () => void, context: SiteRowContext, index: number, site: SiteSettings): SyncRow[] {
  const view = { get: () => settingsForSite(store.get(), store.get().additionalSites[index] ?? site) };
  const rows: SyncRow[] = [
    {
      name: `Site ${index + 2}`,
      desc: site.siteUrl === "" ? "Not set yet: enter its address below." : site.siteUrl,
      render: (setting) => {
        setting.addButton((button) =>
          button.setButtonText("Remove").onClick(() =>
            context.confirm({
              title: "Remove site",
              message: `Stop syncing ${site.siteUrl === "" ? "this site" : site.siteUrl} and delete its token from Obsidian's secret storage? Notes already synced stay in the vault.`,
              action: "Remove site",
              onConfirm: () => removeSite(store, env, index, redraw),
            }),
          ),
        );
      },
    },
    textRow(store, index, "Site URL", "The address of this Jira site. Use https://.", "https://example.atlassian.net", site.siteUrl, validateSiteUrl, (v) => ({
      siteUrl: normalizeSiteUrl(v),
    })),
    {
      name: "Site deployment",
      desc: "Jira Cloud or Jira Data Center / Server.",
      render: (setting) => {
        setting.addDropdown((dropdown) =>
          dropdown
            .addOptions(DEPLOYMENTS)
            .setValue(site.deployment)
            .onChange(async (value) => {
              if (value !== "cloud" && value !== "datacenter") return;
              await updateSite(store, index, { deployment: value });
              redraw();
            }),
        );
      },
    },
  ];
  if (site.deployment === "cloud") {
    rows.push(textRow(store, index, "Site email", "The email address of your Atlassian account on this site.", "name@example.com", site.email, validateEmail, (v) => ({ email: v.trim() })));
  }
  rows.push(
    { name: TOKEN_NAME_CLOUD, desc: TOKEN_DESC, render: (setting) => renderTokenRow(setting, view, env) },
    {
      name: TEST_NAME,
      desc: TEST_DESC,
      render: (setting) =>
        renderTestRow(setting, view, env, context.tests, async (projects) => {
          await context.remember(view.get().siteId, projects);
          redraw();
        }),
    },
    {
      name: PICKER_NAME,
      desc: PICKER_DESC,
      render: (setting) =>
        renderProjectPicker(setting, {
          known: store.get().siteProjects[site.id] ?? [],
          keys: () => store.get().additionalSites[index]?.projectKeys ?? "",
          save: (keys) => updateSite(store, index, { projectKeys: keys }),
          redraw,
        }),
    },
    textRow(store, index, "Site projects", "Comma-separated project keys synced from this site, such as PLAT.", "PLAT", site.projectKeys, validateProjectKeys, (v) => ({
      projectKeys: v.trim(),
    })),
    textRow(store, index, "Site JQL filter", "Optional JQL that narrows this site's issues further.", "assignee = currentUser()", site.jql, () => null, (v) => ({ jql: v })),
  );
  return rows;
}
