// Where the Jira token lives: a secret store (Obsidian's SecretStorage in the app, the OS keychain
// through Obsidian), never data.json. The secret's id is derived from the plugin id and the site's stable id
// (`Settings.siteId`, `SiteSettings.id`), so each site keeps its own token, correcting a site's address keeps
// it, and nothing identifying the token is written to the settings.

/** Keeps secrets by id. */
export interface SecretStore {
  get(id: string): string | null;
  set(id: string, secret: string): void;
  delete(id: string): void;
}

/**
 * The secret id of a site's token: `<pluginId>-<site id>`, lower-case letters, digits and single dashes only
 * (what Obsidian's SecretStorage accepts). For a site saved by an older version the site id is derived from its
 * address as those versions derived the secret id, so their tokens are found. Null when the site has no id yet
 * (no address).
 */
export function tokenSecretId(pluginId: string, siteId: string): string | null {
  const id = siteId.trim();
  if (id === "") return null;
  return `${pluginId}-${id}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}
