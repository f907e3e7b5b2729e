// The automation settings (issue #16): on/off (off by default), where the rules note is, how often one rule
// may fire per day, and the digest note that rules' `digest` actions write to. The reader keeps what older data.json files hold: no `automation` object gives the defaults,
// and each malformed field falls back to its default on its own.

/** The automation part of the settings. */
export interface AutomationSettings {
  /** Rules run inside every sync (and the commands and the command line's `sync`). Off by default. */
  enabled: boolean;
  /** The rules note, vault-relative. */
  rulesPath: string;
  /** The most times one rule fires per local day before it pauses itself until tomorrow. */
  dailyCap: number;
  /** The digest note, vault-relative: `digest` actions add a line to it under the day's heading. */
  digestPath: string;
}

export const DEFAULT_AUTOMATION_SETTINGS: Readonly<AutomationSettings> = Object.freeze({ enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20, digestPath: "Jira/Automation digest.md" });

/** The largest daily cap a rule may have. */
export const MAX_DAILY_CAP = 1000;

/** Reads the automation settings from data.json's value, field by field. */
export function readAutomationSettings(raw: unknown): AutomationSettings {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  return {
    enabled: typeof obj.enabled === "boolean" ? obj.enabled : DEFAULT_AUTOMATION_SETTINGS.enabled,
    rulesPath: typeof obj.rulesPath === "string" ? readRulesPath(obj.rulesPath) : DEFAULT_AUTOMATION_SETTINGS.rulesPath,
    dailyCap: readDailyCap(obj.dailyCap) ?? DEFAULT_AUTOMATION_SETTINGS.dailyCap,
    digestPath: (typeof obj.digestPath === "string" ? readNotePath(obj.digestPath) : null) ?? DEFAULT_AUTOMATION_SETTINGS.digestPath,
  };
}

/** A daily cap as stored or typed: a whole number from 1 to MAX_DAILY_CAP, else null. */
export function readDailyCap(raw: unknown): number | null {
  const n = typeof raw === "string" && /^\s*\d+\s*$/.test(raw) ? Number(raw) : raw;
  return typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= MAX_DAILY_CAP ? n : null;
}

/** A rules note path as typed: slashes trimmed, `.md` added; empty or `..` paths give the default. */
export function readRulesPath(raw: string): string {
  return readNotePath(raw) ?? DEFAULT_AUTOMATION_SETTINGS.rulesPath;
}

/** A note path as typed: slashes trimmed, `.md` added; null for an empty path or one with `..` or `.` parts. */
export function readNotePath(raw: string): string | null {
  const path = raw.trim().replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  if (path === "" || path.split("/").some((p) => p === ".." || p === "." || p === "")) return null;
  return path.endsWith(".md") ? path : `${path}.md`;
}
