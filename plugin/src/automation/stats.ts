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

/** How long the cards' statistics are kept before the saved states are read again. */
export const RULE_STATS_TTL_MS = 5_000;

/**
 * The rule cards' statistics over every site's saved state (the latest firing, the counts added up), read again
 * at most every `RULE_STATS_TTL_MS` when a card asks. `get` answers at once from what was read last (nothing
 * before the first read finishes); the cards drawn after a read show it.
 */
export class RuleStatsCache {
  private stats = new Map<string, RuleStat>();
  private readAt = -Infinity;
  private reading: Promise<void> | null = null;

  constructor(
    /** The saved sync state of every configured site (null for a site never synced). */
    private readonly states: () => Promise<unknown[]>,
    private readonly now: () => number = () => Date.now(),
  ) {}

  /** The statistics of `rule` as last read; starts a fresh read when the last one is older than the TTL. */
  readonly get = (rule: string): RuleStat | undefined => {
    if (this.now() - this.readAt >= RULE_STATS_TTL_MS) void this.refresh();
    return this.stats.get(rule);
  };

  /** Reads the saved states again (one read at a time); a failed read keeps the statistics already known. */
  refresh(): Promise<void> {
    this.readAt = this.now();
    this.reading ??= this.states()
      .then((states) => {
        const merged = new Map<string, RuleStat>();
        for (const state of states) {
          for (const [rule, stat] of ruleStats(state)) {
            const known = merged.get(rule);
            merged.set(rule, known === undefined ? stat : { lastFired: known.lastFired > stat.lastFired ? known.lastFired : stat.lastFired, count: known.count + stat.count });
          }
        }
        this.stats = merged;
      })
      .catch(() => undefined)
      .finally(() => (this.reading = null));
    return this.reading;
  }
}
