// Per-rule statistics from a site's saved sync state, for the rule cards: when each rule last fired and how
// many times in all (the core keeps them in `automation.memory.history` as rule name → [ms, count]).

/** One rule's statistics: when it last fired (ISO 8601, UTC) and how many times in all. */
export interface RuleStat {
  lastFired: string;
  count: number;
}

/** The statistics of every rule that fired at least once, by rule name; empty for a state without rules. */
export function ruleStats(state: unknown): Map<string, RuleStat> {
  const out = new Map<string, RuleStat>();
  const automation = field(state, "automation");
  const history = field(field(automation, "memory"), "history");
  if (history === null || typeof history !== "object") return out;
  for (const [rule, entry] of Object.entries(history as Record<string, unknown>)) {
    if (!Array.isArray(entry) || entry.length !== 2) continue;
    const [at, count] = entry as unknown[];
    if (typeof at !== "number" || typeof count !== "number" || !Number.isFinite(at)) continue;
    out.set(rule, { lastFired: new Date(at).toISOString(), count });
  }
  return out;
}

function field(value: unknown, name: string): unknown {
  return value !== null && typeof value === "object" ? (value as Record<string, unknown>)[name] : undefined;
}
