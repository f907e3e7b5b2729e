// The two connection rows of the settings tab that need more than a plain control: the token field
// (a password input whose value goes straight to the secret store under the site's stable id, never to
// data.json; clearing it removes the token) and the "Test connection" button with its inline result, which on
// success also lists the projects the user can browse (`fetchBrowsableProjects`) and hands them on to be
// remembered and offered as the sync scope. Used by the declarative definitions and display(), for the
// primary site and (through a view of the settings as that site sees them) for each other site.
import { type Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv, checkConnection, storedToken, transportFor } from "../jira/connection";
import { type BrowsableProject, fetchBrowsableProjects } from "../jira/projects";
import { describeConnection } from "../jira/test-connection";
import { tokenSecretId } from "../settings/secret-store";
import { type Settings } from "../settings/settings";

export const TOKEN_NAME_CLOUD = "API token";
export const TOKEN_NAME_DC = "Personal access token";
export const TOKEN_DESC =
  "Cloud: create an API token in your Atlassian account security settings. Data Center: create a personal access token in your Jira profile. Kept in Obsidian's secret storage for this site, never in the plugin's data file.";
export const TEST_NAME = "Test connection";
export const TEST_DESC = "Check the site, the deployment type and the credentials with Jira.";

export function tokenName(settings: Readonly<Settings>): string {
  return settings.deployment === "cloud" ? TOKEN_NAME_CLOUD : TOKEN_NAME_DC;
}

/** Fills `setting` with the token field. */
export function renderTokenRow(setting: Setting, store: Pick<SettingsStore, "get">, env: ConnectionEnv): void {
  const settings = store.get();
  setting.setName(tokenName(settings)).setDesc(TOKEN_DESC);
  const error = setting.descEl.createDiv({ cls: "jvs-setting-error" });
  error.hide();
  const stored = storedToken(env, settings) !== null;
  setting.addText((text) => {
    text.inputEl.type = "password";
    text.inputEl.autocomplete = "off";
    text
      .setPlaceholder(stored ? "Saved (type to replace)" : "Paste the token")
      .setValue("")
      .onChange((input) => {
        const id = tokenSecretId(env.pluginId, store.get().siteId);
        const problem = id === null ? "Enter the Jira site URL first." : null;
        error.setText(problem ?? "");
        error.toggle(problem !== null);
        if (id === null) return;
        const token = input.trim();
        if (token === "") env.secrets.delete(id);
        else env.secrets.set(id, token);
      });
  });
}

/** The last result line of each site's test (by site id), kept so that it survives the tab's redraw. */
export type TestResults = Map<string, { text: string; ok: boolean }>;

/** What the test row does with a successful test's project list (remember it, redraw the picker). */
export type OnProjects = (projects: BrowsableProject[]) => Promise<void>;

function showResult(result: HTMLElement, text: string, ok: boolean): void {
  result.removeClass("jvs-connection-ok", "jvs-connection-failed");
  result.setText(text);
  result.addClass(ok ? "jvs-connection-ok" : "jvs-connection-failed");
  result.show();
}

/** Lists the projects after a successful test: the sentence to add to the result line, and the list (null on failure). */
async function listProjects(env: ConnectionEnv, store: Pick<SettingsStore, "get">): Promise<{ text: string; projects: BrowsableProject[] | null }> {
  const transport = transportFor(env, store.get(), { retry: { maxAttempts: 2, maxRetryAfterMs: 5000 }, timeoutMs: 20_000 });
  if (typeof transport === "string") return { text: transport, projects: null };
  const listing = await fetchBrowsableProjects(transport);
  if (!listing.ok) return { text: `The projects could not be listed: ${listing.message}`, projects: null };
  const n = listing.projects.length;
  const text = n === 0 ? "This account cannot browse any project on the site." : `You can browse ${n} ${n === 1 ? "project" : "projects"}: pick the ones to sync below.`;
  return { text, projects: listing.projects };
}

/** Fills `setting` with the "Test connection" button and its result line. */
export function renderTestRow(setting: Setting, store: Pick<SettingsStore, "get">, env: ConnectionEnv, results?: TestResults, onProjects?: OnProjects): void {
  setting.setName(TEST_NAME).setDesc(TEST_DESC);
  const result = setting.descEl.createDiv({ cls: "jvs-connection-result" });
  result.hide();
  const last = results?.get(store.get().siteId);
  if (last !== undefined) showResult(result, last.text, last.ok);
  setting.addButton((button) =>
    button.setButtonText("Test connection").onClick(async () => {
      button.setDisabled(true);
      result.removeClass("jvs-connection-ok", "jvs-connection-failed");
      result.setText("Testing…");
      result.show();
      try {
        const outcome = await checkConnection(env, store.get());
        let text = describeConnection(outcome);
        const listed = outcome.ok && onProjects !== undefined ? await listProjects(env, store) : null;
        if (listed !== null) text = `${text} ${listed.text}`;
        // Kept before the projects are saved: saving redraws the tab, and the new row shows this line.
        results?.set(store.get().siteId, { text, ok: outcome.ok });
        showResult(result, text, outcome.ok);
        if (listed?.projects != null) await onProjects?.(listed.projects);
      } finally {
        button.setDisabled(false);
      }
    }),
  );
}
