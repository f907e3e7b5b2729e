// The automation settings (issue #16): on/off (off by default), where the rules note is, and how often one rule
// may fire per day. The reader keeps what older data.json files hold: no `automation` object gives the defaults,
// and each malformed field falls back to its default on its own.

/** The automation part of the settings. */
export interface AutomationSettings {
  /** Rules run inside every sync (and the commands and the command line's `sync`). Off by default. */
  enabled: boolean;
  /** The rules note, vault-relative. */
  rulesPath: string;
  /** The most times one rule fires per local day before it pauses itself until tomorrow. */
  dailyCap: number;
}

export const DEFAULT_AUTOMATION_SETTINGS: Readonly<AutomationSettings> = Object.freeze({ enabled: false, rulesPath: "Jira/Automation.md", dailyCap: 20 });

/** Reads the automation settings from data.json's value, field by field. */
export function readAutomationSettings(raw: unknown): AutomationSettings {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  const out: AutomationSettings = { ...DEFAULT_AUTOMATION_SETTINGS };
  if (typeof obj.enabled === "boolean") out.enabled = obj.enabled;
  if (typeof obj.rulesPath === "string") out.rulesPath = readRulesPath(obj.rulesPath);
  if (typeof obj.dailyCap === "number" && Number.isInteger(obj.dailyCap) && obj.dailyCap >= 1 && obj.dailyCap <= 1000) out.dailyCap = obj.dailyCap;
  return out;
}

/** A rules note path as typed: slashes trimmed, `.md` added; empty or `..` paths give the default. */
export function readRulesPath(raw: string): string {
  const path = raw.trim().replace(/\\/g, "/").replace(/^\/+|\/+$/g, "");
  if (path === "" || path.split("/").some((p) => p === ".." || p === "." || p === "")) return DEFAULT_AUTOMATION_SETTINGS.rulesPath;
  return path.endsWith(".md") ? path : `${path}.md`;
}
