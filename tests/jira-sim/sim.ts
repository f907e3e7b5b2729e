/**
 * The simulator instance: state store, clock, search index, faults, request log and the admin operations
 * (reset/seed, generate issues, move issue, clock control, search lag, rate limits, faults) shared by the
 * HTTP admin API under `/__sim` and the in-process handle returned by `startSimulator`.
 */
import { existsSync, readFileSync } from "node:fs";
import { Faults, type FaultRuleInput, type RateLimitConfig } from "./faults";
import { moveIssue } from "./issues";
import type { Mode, SimState, SimUser } from "./model";
import type { Ctx } from "./render";
import { SearchIndex, type SearchLag } from "./search";
import { DEFAULT_SEED_BASE, generateIssues, SEEDS, seedState, type SeedName } from "./seed";
import { Store } from "./store";
import { jiraTimestamp, SimClock } from "./time";

export interface LogEntry {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  body: unknown;
  status: number;
  user: string | null;
  durationMs: number;
}

export interface SimOptions {
  port?: number;
  host?: string;
  mode?: Mode;
  seed?: SeedName;
  dataFile?: string;
  /** Clock start (ISO string or epoch ms); default real time. */
  clockStart?: string | number;
  /**
   * Jira's clock offset from the machine's, in ms (negative = Jira is behind): the simulator clock starts at
   * `clockStart` (or real time) plus this. Every timestamp and the `Date` header follow the simulator clock.
   */
  clockOffsetMs?: number;
  /** Freeze the clock (it only moves through admin calls). */
  clockFrozen?: boolean;
  /** Base time for seed data (default 2025-03-03T09:00Z). */
  seedBase?: string | number;
  rateLimit?: RateLimitConfig;
  latencyMs?: number;
  searchLag?: SearchLag;
  faults?: FaultRuleInput[];
  /** Refuse writes from browser-like User-Agents without `X-Atlassian-Token: no-check` (default true). */
  xsrfCheck?: boolean;
  /** Cap on the request log (default 20 000 entries). */
  logLimit?: number;
  /** Custom fields (by name) the site does not have: left out of the seeded data (see `removeCustomFields`). */
  withoutCustomFields?: string[];
}

export class Sim {
  readonly mode: Mode;
  readonly clock: SimClock;
  readonly store: Store;
  readonly index: SearchIndex;
  readonly faults = new Faults();
  log: LogEntry[] = [];
  private seq = 0;
  baseUrl = "";

  constructor(readonly options: SimOptions) {
    this.mode = options.mode ?? "cloud";
    const offset = options.clockOffsetMs ?? 0;
    const start = options.clockStart === undefined ? undefined : typeof options.clockStart === "number" ? options.clockStart : Date.parse(options.clockStart);
    this.clock = new SimClock(offset === 0 ? start : (start ?? Date.now()) + offset, options.clockFrozen ?? false);
    let state: SimState | null = null;
    if (options.dataFile && existsSync(options.dataFile)) {
      state = JSON.parse(readFileSync(options.dataFile, "utf8")) as SimState;
      if (state.mode !== this.mode) throw new Error(`data file ${options.dataFile} holds ${state.mode} data, not ${this.mode}`);
    }
    const fresh = state === null;
    this.store = new Store(state ?? this.seeded(options.seed ?? "demo"), this.clock, options.dataFile);
    if (fresh) this.store.persist();
    this.index = new SearchIndex(this.store);
    if (options.rateLimit) this.faults.rateLimit = options.rateLimit;
    if (options.latencyMs) this.faults.latencyMs = options.latencyMs;
    for (const f of options.faults ?? []) this.faults.add(f);
    if (options.searchLag) this.index.setLag(options.searchLag);
    if (options.withoutCustomFields) this.removeCustomFields(options.withoutCustomFields);
  }

  private seeded(seed: SeedName): SimState {
    const base = this.options.seedBase === undefined ? DEFAULT_SEED_BASE : typeof this.options.seedBase === "number" ? this.options.seedBase : Date.parse(this.options.seedBase);
    return seedState(seed, this.mode, base);
  }

  ctx(viewer: SimUser): Ctx {
    return { store: this.store, mode: this.mode, baseUrl: this.baseUrl, viewer };
  }

  record(e: Omit<LogEntry, "seq">): void {
    this.log.push({ seq: ++this.seq, ...e });
    const limit = this.options.logLimit ?? 20_000;
    if (this.log.length > limit) this.log.splice(0, this.log.length - limit);
  }

  // ---- admin operations ----
  /** Deletes custom fields by name, as a Jira admin would: gone from the field list and from every issue. */
  removeCustomFields(names: readonly string[]): void {
    const state = this.store.state;
    const gone = new Set(state.fields.filter((f) => f.custom && names.includes(f.name)).map((f) => f.id));
    state.fields = state.fields.filter((f) => !gone.has(f.id));
    for (const issue of state.issues) for (const id of gone) delete issue.custom[id];
    this.store.persist();
    this.index.rebuild();
  }

  reset(seed: SeedName = "demo"): void {
    if (!SEEDS.includes(seed)) throw new Error(`unknown seed '${String(seed)}'`);
    this.store.replace(this.seeded(seed));
    this.index.rebuild();
  }

  generate(projectKey: string, count: number, labels?: string[]): { created: number; firstKey: string | null; lastKey: string | null } {
    if (!Number.isInteger(count) || count < 0 || count > 100_000) throw new Error("count must be an integer between 0 and 100000");
    const made = generateIssues(this.store.state, projectKey, count, this.clock.now(), labels);
    this.store.reindex();
    this.store.committed(made.map((i) => i.id));
    return { created: made.length, firstKey: made[0]?.key ?? null, lastKey: made[made.length - 1]?.key ?? null };
  }

  move(issueKey: string, projectKey: string, asUser?: string): { id: string; key: string } {
    const issue = this.store.issue(issueKey);
    if (!issue) throw new Error(`no issue ${issueKey}`);
    const viewer = this.store.state.users.find((u) => u.email === asUser || u.accountId === asUser) ?? this.store.state.users[0];
    if (!viewer) throw new Error("no users");
    const moved = moveIssue(this.ctx(viewer), issue, projectKey);
    return { id: moved.id, key: moved.key };
  }

  clockInfo(): { now: number; iso: string; frozen: boolean } {
    const now = this.clock.now();
    return { now, iso: jiraTimestamp(now), frozen: this.clock.frozen };
  }

  setClock(input: { set?: string | number; advanceMs?: number; frozen?: boolean }): { now: number; iso: string; frozen: boolean } {
    if (input.set !== undefined) this.clock.set(input.set, input.frozen);
    else if (input.frozen !== undefined) this.clock.set(this.clock.now(), input.frozen);
    if (input.advanceMs !== undefined) this.clock.advance(input.advanceMs);
    return this.clockInfo();
  }

  addFault(rule: FaultRuleInput): { id: string } {
    return { id: this.faults.add(rule).id };
  }

  setRateLimit(cfg: RateLimitConfig | null): void {
    this.faults.rateLimit = cfg;
  }

  setLatency(ms: number): void {
    this.faults.latencyMs = ms;
  }

  setSearchLag(lag: SearchLag | null): void {
    this.index.setLag(lag);
  }

  clearLog(): void {
    this.log = [];
  }

  summary(): Record<string, unknown> {
    const s = this.store.state;
    return {
      mode: this.mode,
      clock: this.clockInfo(),
      projects: s.projects.map((p) => ({ key: p.key, issues: s.issues.filter((i) => i.projectKey === p.key).length })),
      issues: s.issues.length,
      worklogs: s.worklogs.length,
      users: s.users.map((u) => ({ email: u.email, name: u.name, accountId: u.accountId, timeZone: u.timeZone, deniedProjects: u.deniedProjects })),
      faults: this.faults.rules,
      rateLimit: this.faults.rateLimit,
      latencyMs: this.faults.latencyMs,
      searchLag: this.index.getLag(),
      logEntries: this.log.length,
    };
  }
}
