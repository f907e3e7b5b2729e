// Where a vault keeps the plugin's files (data.json, the sync state, the journal and the note index): a path
// made from the command line's arguments alone, so the launcher (launch.ts) can find the note index before the
// settings are read.
import { join } from "node:path";

/** The plugin's id: its folder under `<vault>/<configDir>/plugins/`. */
export const PLUGIN_ID = "jira-vault-sync";

/** The plugin folder of a vault. */
export function pluginDirOf(vault: string, configDir: string): string {
  return join(vault, configDir, "plugins", PLUGIN_ID);
}
