/**
 * Fault injection and limits under test control: rules that match method + path (glob with `*`, or a
 * regular expression when the pattern starts with `^`) and, for the next N matching requests (or forever),
 * answer with a given status (+ Retry-After), add latency, cut the response body short, or drop the
 * connection; plus per-second rate limits (global and per-issue writes) answered with 429 and Jira's
 * rate-limit headers. Windows use real time so that tests can rely on wall-clock seconds.
 */

export interface FaultRuleInput {
  method?: string;
  path?: string;
  /** How many matching requests to affect; omitted = 1; null or 0 = every matching request until cleared. */
  times?: number | null;
  /** How many matching requests to let through untouched before the rule starts to apply (default 0). */
  skip?: number;
  status?: number;
  retryAfter?: number;
  body?: unknown;
  latencyMs?: number;
  truncate?: boolean;
  drop?: boolean;
}

export interface FaultRule extends FaultRuleInput {
  id: string;
  remaining: number | null;
  hits: number;
  /** Matching requests still to let through before the rule applies. */
  toSkip: number;
}

export interface RateLimitConfig {
  /** Max requests per second, all users together. */
  perSecond?: number;
  /** Max writes per second to one issue. */
  issueWritesPerSecond?: number;
  /** Retry-After seconds (default 1). */
  retryAfter?: number;
}

export interface FaultDecision {
  latencyMs: number;
  status?: number;
  retryAfter?: number;
  body?: unknown;
  truncate: boolean;
  drop: boolean;
}

function matcher(pattern: string | undefined): (path: string) => boolean {
  if (!pattern) return () => true;
  if (pattern.startsWith("^")) {
    const re = new RegExp(pattern);
    return (p) => re.test(p);
  }
  const re = new RegExp(`^${pattern.split("*").map((s) => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return (p) => re.test(p);
}

export class Faults {
  rules: FaultRule[] = [];
  latencyMs = 0;
  rateLimit: RateLimitConfig | null = null;
  private nextId = 1;
  private window = { second: 0, count: 0 };
  private issueWindows = new Map<string, { second: number; count: number }>();

  add(input: FaultRuleInput): FaultRule {
    if (input.method !== undefined && typeof input.method !== "string") throw new Error("method must be a string");
    matcher(input.path); // validate regex early
    if (input.skip !== undefined && (!Number.isInteger(input.skip) || input.skip < 0)) throw new Error("skip must be a whole number");
    const times = input.times === undefined ? 1 : input.times;
    const rule: FaultRule = { ...input, id: String(this.nextId++), remaining: times === null || times === 0 ? null : times, hits: 0, toSkip: input.skip ?? 0 };
    this.rules.push(rule);
    return rule;
  }

  clear(): void {
    this.rules = [];
    this.latencyMs = 0;
    this.rateLimit = null;
    this.issueWindows.clear();
  }

  /** Consumes matching rules for one request and returns what to do. */
  decide(method: string, path: string): FaultDecision {
    const d: FaultDecision = { latencyMs: this.latencyMs, truncate: false, drop: false };
    for (const r of this.rules) {
      if (r.remaining !== null && r.remaining <= 0) continue;
      if (r.method && r.method.toUpperCase() !== method.toUpperCase()) continue;
      if (!matcher(r.path)(path)) continue;
      if (r.toSkip > 0) {
        r.toSkip--;
        continue;
      }
      r.hits++;
      if (r.remaining !== null) r.remaining--;
      if (r.latencyMs) d.latencyMs += r.latencyMs;
      if (r.drop) d.drop = true;
      if (r.truncate) d.truncate = true;
      if (r.status !== undefined && d.status === undefined) {
        d.status = r.status;
        d.retryAfter = r.retryAfter;
        d.body = r.body;
      }
    }
    this.rules = this.rules.filter((r) => r.remaining === null || r.remaining > 0);
    return d;
  }

  /** Checks rate limits; returns headers for a 429, or null when the request may proceed. */
  checkRate(issueWriteKey: string | null): { headers: Record<string, string>; reason: string } | null {
    const cfg = this.rateLimit;
    if (!cfg) return null;
    const nowMs = Date.now();
    const second = Math.floor(nowMs / 1000);
    const retry = String(cfg.retryAfter ?? 1);
    const reset = new Date((second + 1) * 1000).toISOString();
    if (cfg.perSecond !== undefined) {
      if (this.window.second !== second) this.window = { second, count: 0 };
      if (this.window.count >= cfg.perSecond) {
        return {
          reason: "jira-burst-based",
          headers: { "Retry-After": retry, "X-RateLimit-Limit": String(cfg.perSecond), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset, "RateLimit-Reason": "jira-burst-based" },
        };
      }
    }
    if (cfg.issueWritesPerSecond !== undefined && issueWriteKey) {
      const w = this.issueWindows.get(issueWriteKey);
      const cur = w && w.second === second ? w : { second, count: 0 };
      if (cur.count >= cfg.issueWritesPerSecond) {
        return {
          reason: "jira-per-issue-on-write",
          headers: { "Retry-After": retry, "X-RateLimit-Limit": String(cfg.issueWritesPerSecond), "X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset, "RateLimit-Reason": "jira-per-issue-on-write" },
        };
      }
      cur.count++;
      this.issueWindows.set(issueWriteKey, cur);
    }
    if (cfg.perSecond !== undefined) this.window.count++;
    return null;
  }

  /** Informational headers for allowed requests while a global limit is set. */
  rateHeaders(): Record<string, string> {
    const cfg = this.rateLimit;
    if (!cfg || cfg.perSecond === undefined) return {};
    return { "X-RateLimit-Limit": String(cfg.perSecond), "X-RateLimit-Remaining": String(Math.max(0, cfg.perSecond - this.window.count)) };
  }
}
