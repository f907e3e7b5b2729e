// The two connection rows of the settings tab that need more than a plain control: the token field
// (a password input whose value goes straight to the secret store, never to data.json) and the
// "Test connection" button with its inline result. Used by the declarative definitions and display(), for
// the primary site and (through a view of the settings as that site sees them) for each other site.
import { type Setting } from "obsidian";
import { type SettingsStore } from "../data/plugin-data";
import { type ConnectionEnv, checkConnection, storedToken } from "../jira/connection";
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
        const id = tokenSecretId(env.pluginId, store.get().siteUrl);
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

/** Fills `setting` with the "Test connection" button and its result line. */
export function renderTestRow(setting: Setting, store: Pick<SettingsStore, "get">, env: ConnectionEnv): void {
  setting.setName(TEST_NAME).setDesc(TEST_DESC);
  const result = setting.descEl.createDiv({ cls: "jvs-connection-result" });
  result.hide();
  setting.addButton((button) =>
    button.setButtonText("Test connection").onClick(async () => {
      button.setDisabled(true);
      result.removeClass("jvs-connection-ok", "jvs-connection-failed");
      result.setText("Testing…");
      result.show();
      try {
        const outcome = await checkConnection(env, store.get());
        result.setText(describeConnection(outcome));
        result.addClass(outcome.ok ? "jvs-connection-ok" : "jvs-connection-failed");
      } finally {
        button.setDisabled(false);
      }
    }),
  );
}
