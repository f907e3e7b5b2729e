// Where the Jira token lives: a secret store (Obsidian's SecretStorage in the app, the OS keychain
// through Obsidian), never data.json. The secret's id is derived from the plugin id and the site, so
// each site keeps its own token and nothing identifying the token is written to the settings.

/** Keeps secrets by id. */
export interface SecretStore {
  get(id: string): string | null;
  set(id: string, secret: string): void;
  delete(id: string): void;
}

/**
 * The secret id for a site: `<pluginId>-<host and path>`, lower-case letters, digits and single dashes
 * only (what Obsidian's SecretStorage accepts). Null when no site is set.
 */
export function tokenSecretId(pluginId: string, siteUrl: string): string | null {
  const site = siteUrl.trim();
  if (site === "") return null;
  let key: string;
  try {
    const url = new URL(site);
    key = `${url.host}${url.pathname}`;
  } catch {
    return null;
  }
  const slug = `${pluginId}-${key}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return slug;
}
