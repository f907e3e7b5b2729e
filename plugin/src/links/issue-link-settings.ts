// Issue link properties settings (docs/links.md, *Issue links*): on or off, and the names the user gave some
// of the properties the site's link types give (`is_blocked_by` → `blocked_by`). Passed to the core as
// `issueLinks: { enabled, renames }`; the core derives the property names from the site's link types.

/** The core's `IssueLinks` shape. */
export interface IssueLinkSettings {
  /** Sync link properties (`blocks`, `is_blocked_by`, `relates_to`, …). */
  enabled: boolean;
  /** Default property name → the name used instead. */
  renames: Record<string, string>;
}

/** New setups: on, no renames. */
export const DEFAULT_ISSUE_LINKS: Readonly<IssueLinkSettings> = Object.freeze({ enabled: true, renames: {} });

/** A property name as the core writes it: lower case letters, digits and single `_` between them. */
const NAME = /^[\p{Ll}\p{Lo}\p{N}]+(?:_[\p{Ll}\p{Lo}\p{N}]+)*$/u;

/**
 * Reads stored issue link settings. Sync settings saved before the setting existed (`savedBefore`) keep link
 * properties off (their notes never had them); a new setup gets them on. Renames that are not property names
 * are dropped.
 */
export function readIssueLinks(raw: unknown, savedBefore: boolean): IssueLinkSettings {
  if (raw === null || typeof raw !== "object") return { enabled: savedBefore ? false : DEFAULT_ISSUE_LINKS.enabled, renames: {} };
  const obj = raw as Record<string, unknown>;
  const enabled = typeof obj.enabled === "boolean" ? obj.enabled : !savedBefore;
  const renames: Record<string, string> = {};
  if (obj.renames !== null && typeof obj.renames === "object") {
    for (const [from, to] of Object.entries(obj.renames as Record<string, unknown>)) {
      if (NAME.test(from) && typeof to === "string" && NAME.test(to)) renames[from] = to;
    }
  }
  return { enabled, renames };
}

/** The renames as the settings text area shows them: `is_blocked_by = blocked_by`, one a line. */
export function formatRenames(renames: Readonly<Record<string, string>>): string {
  return Object.entries(renames)
    .map(([from, to]) => `${from} = ${to}`)
    .join("\n");
}

/** Parses the text area: `from = to` lines; blank lines ignored. Returns the renames and the lines it could not read. */
export function parseRenames(text: string): { renames: Record<string, string>; problems: string[] } {
  const renames: Record<string, string> = {};
  const problems: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === "") continue;
    const m = /^\s*([^=\s]+)\s*=\s*([^=\s]+)\s*$/.exec(line);
    if (m && NAME.test(m[1] ?? "") && NAME.test(m[2] ?? "")) renames[m[1] ?? ""] = m[2] ?? "";
    else problems.push(line.trim());
  }
  return { renames, problems };
}
