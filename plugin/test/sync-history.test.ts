// The sync service's memory across restarts, with a fake driver and the in-memory JSON store: the log, the
// last summary per site and the status counts come back after a restart; the file is written once per run
// (never per progress event or entry) and coalesced between runs; the log stays bounded by runs and entries;
// secrets never reach the log or the file; a damaged file reads as an empty history. Also which notices a
// run raises (`RunNotices`): scheduled runs report a problem once, user-started runs always.
import { describe, expect, it } from "vitest";
import { readSettings } from "../src/settings/settings";
import { MemoryStore } from "../src/state/memory-store";
import type { SyncDriverDeps } from "../src/sync/driver";
import { RunNotices } from "../src/sync/run-notices";
import { HISTORY_FILE, LOG_LIMIT, readHistory, redactSecrets, RUN_LIMIT } from "../src/sync/sync-history";
import { type RunOutcome, SyncService, type SyncServiceDeps } from "../src/sync/sync-service";
import type { LogEntry, RunCounts, RunReport } from "../src/sync/types";

const SITE = "https://acme.atlassian.net";
const COUNTS: RunCounts = { fetched: 0, notesUpdated: 0, notesCreated: 0, issuesUpdated: 0, transitions: 0, issuesCreated: 0, deleted: 0, conflicts: 0, errors: 0, requests: 0 };

function report(entries: LogEntry[] = [], counts: Partial<RunCounts> = {}): RunReport {
  return { state: {}, journal: {}, entries, counts: { ...COUNTS, ...counts }, exitCode: 0 };
}

class CountingStore extends MemoryStore {
  saves = 0;
  override save(name: string, value: unknown): Promise<void> {
    if (name === HISTORY_FILE) this.saves++;
    return super.save(name, value);
  }
}

interface Fake {
  service: SyncService;
  store: CountingStore;
  clock: { t: number };
  /** What the next run reports; `progress` progress events come first. */
  next: { report: RunReport; progress: number };
}

function fake(store = new CountingStore(), overrides: Partial<SyncServiceDeps> = {}): Fake {
  const clock = { t: Date.UTC(2025, 5, 10, 8, 30) };
  const next = { report: report(), progress: 0 };
  const settings = readSettings({ siteUrl: SITE, deployment: "cloud", email: "a@example.com", projectKeys: "OPS" });
  const service = new SyncService({
    settings: () => settings,
    defaults: () => ({ fields: [], statuses: [] }),
    prepare: () => ({}) as Omit<SyncDriverDeps, "onProgress">,
    now: () => clock.t,
    history: store,
    run: async (deps) => {
      for (let i = 0; i < next.progress; i++) {
        deps.onProgress?.({ requests: i, edits: i });
        await Promise.resolve();
      }
      clock.t += 1000;
      return next.report;
    },
    ...overrides,
  });
  return { service, store, clock, next };
}

describe("sync history", () => {
  it("keeps the log, the last summary per site and the status counts across a restart", async () => {
    const first = fake();
    first.next.report = report([{ level: "error", key: "OPS-2", path: "Jira/OPS/OPS-2.md", message: "Jira refused the update: 400" }], { notesCreated: 3, errors: 1, conflicts: 2 });
    await first.service.request({ kind: "sync" });
    await first.service.saved();

    const second = fake(first.store);
    expect(second.service.status()).toMatchObject({ lastSyncAt: null, errors: 0 });
    await second.service.restore();
    expect(second.service.log()).toEqual(first.service.log());
    expect(second.service.log().map((e) => e.message)).toEqual(["Jira refused the update: 400", "Sync finished: 3 notes created, 2 conflicts, 1 error."]);
    expect(second.service.status()).toMatchObject({ syncing: false, lastSyncAt: first.service.status().lastSyncAt, errors: 1, conflicts: 2 });
    expect(second.service.siteSummaries()).toEqual({ [SITE]: { at: first.clock.t, summary: "Sync finished: 3 notes created, 2 conflicts, 1 error.", errors: 1, conflicts: 2 } });

    // New entries continue after the restored ones, and the next save holds both sessions.
    second.next.report = report();
    await second.service.request({ kind: "sync" });
    const seqs = second.service.log().map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(seqs.length);
    await second.service.saved();
    expect(readHistory(await second.store.load(HISTORY_FILE)).entries).toHaveLength(3);
  });

  it("writes the history once per run, not per progress event or entry, and coalesces writes between runs", async () => {
    const { service, store, next } = fake();
    next.progress = 200;
    next.report = report(Array.from({ length: 40 }, (_, i) => ({ level: "info" as const, message: `entry ${i}` })));
    let changes = 0;
    service.onChange(() => changes++);
    await service.request({ kind: "sync" });
    await service.saved();
    expect(changes).toBeGreaterThan(200);
    expect(store.saves).toBe(1);
    for (let i = 0; i < 10; i++) service.addLog({ level: "info", message: `resolved ${i}` });
    await service.saved();
    expect(store.saves).toBeLessThanOrEqual(3);
    expect(readHistory(await store.load(HISTORY_FILE)).entries.at(-1)?.message).toBe("resolved 9");
  });

  it("bounds the log to the last runs and to LOG_LIMIT entries, in memory and on disk", async () => {
    const { service, store, next } = fake();
    for (let run = 0; run < RUN_LIMIT + 5; run++) {
      next.report = report([{ level: "info", message: `run ${run}` }]);
      await service.request({ kind: "sync" });
    }
    const messages = service.log().map((e) => e.message);
    expect(messages).toHaveLength(RUN_LIMIT * 2);
    expect(messages[0]).toBe("run 5");
    next.report = report(Array.from({ length: LOG_LIMIT + 50 }, (_, i) => ({ level: "warning" as const, message: `w${i}` })));
    await service.request({ kind: "sync" });
    expect(service.log()).toHaveLength(LOG_LIMIT);
    await service.saved();
    expect(readHistory(await store.load(HISTORY_FILE)).entries).toHaveLength(LOG_LIMIT);
    // A hand-made file of any size is bounded on load.
    const huge = { runs: 1, entries: Array.from({ length: 5000 }, (_, i) => ({ seq: i, run: 1, time: 0, level: "info", message: `m${i}` })) };
    expect(readHistory(huge).entries).toHaveLength(LOG_LIMIT);
  });

  it("keeps tokens and passwords out of the log, the summaries and the file", async () => {
    const token = "alice-secret-token-42";
    const { service, store, next } = fake(new CountingStore(), { secrets: () => [token] });
    next.report = report(
      [
        { level: "error", message: "Request failed: Authorization: Basic YWxpY2U6dG9rZW4xMjM= was refused" },
        { level: "error", message: `Proxy said https://bob:hunter2@proxy.example/ and token ${token}` },
        { level: "warning", message: "GET /rest/api/3/search?jql=x&api_key=s3cr3t failed; Bearer abc.def.123456 expired" },
        { level: "info", message: "Basic authentication is used for Data Center." },
      ],
      { errors: 2 },
    );
    await service.request({ kind: "sync" });
    service.addLog({ level: "info", message: `Token ATATT3xFfGF0abcdefghijklmnop1234 rejected` });
    await service.saved();
    const file = JSON.stringify(await store.load(HISTORY_FILE));
    for (const secret of ["YWxpY2U6dG9rZW4xMjM=", "hunter2", token, "s3cr3t", "abc.def.123456", "ATATT3xFfGF0"]) {
      expect(file).not.toContain(secret);
      expect(JSON.stringify(service.log())).not.toContain(secret);
    }
    expect(service.log().map((e) => e.message)).toContain("Basic authentication is used for Data Center.");
    expect(redactSecrets("Authorization: Bearer xyz")).toBe("Authorization: Bearer [redacted]");
  });

  it("reads a missing, damaged or foreign file as an empty history", async () => {
    const store = new CountingStore();
    store.setRaw(HISTORY_FILE, "{ not json");
    const { service } = fake(store);
    await service.restore();
    expect(service.log()).toEqual([]);
    expect(service.status().lastSyncAt).toBeNull();
    const odd = readHistory({ entries: [{ seq: "1" }, null, { seq: 1, run: 1, time: 5, level: "loud", message: "x" }, { seq: 2, run: 1, time: 5, level: "info", message: "ok" }], lastSyncAt: -3, sites: { a: { at: "now" } } });
    expect(odd.entries.map((e) => e.message)).toEqual(["ok"]);
    expect(odd.lastSyncAt).toBeNull();
    expect(odd.sites).toEqual({});
  });
});

describe("run notices", () => {
  const failed = (message: string): RunOutcome => ({ kind: "done", origin: "scheduled", report: report([{ level: "error", key: "OPS-1", message }], { errors: 1, notesUpdated: Math.floor(Math.random() * 5) }) });

  it("raises a scheduled run's problem once, again when it changes or after a clean or user-started run", () => {
    const notices = new RunNotices();
    expect(notices.messages(failed("Jira refused the update: 400"))).toEqual([expect.stringMatching(/1 error\.$/)]);
    expect(notices.messages(failed("Jira refused the update: 400"))).toEqual([]);
    expect(notices.messages(failed("Jira refused the update: 403"))).toHaveLength(1);
    expect(notices.messages(failed("Jira refused the update: 403"))).toEqual([]);
    expect(notices.messages({ kind: "done", origin: "scheduled", report: report() })).toEqual([]);
    expect(notices.messages(failed("Jira refused the update: 403"))).toHaveLength(1);
    const refused: RunOutcome = { kind: "refused", reason: "Enter an API token.", origin: "scheduled" };
    expect(notices.messages(refused)).toEqual(["Jira sync did not run: Enter an API token."]);
    expect(notices.messages(refused)).toEqual([]);
    expect(notices.messages({ ...refused, origin: "user" })).toEqual(["Jira sync did not run: Enter an API token."]);
    expect(notices.messages({ ...refused, origin: "user" })).toEqual(["Jira sync did not run: Enter an API token."]);
    expect(notices.messages(refused)).toEqual(["Jira sync did not run: Enter an API token."]);
  });

  it("shows the notices automation rules gave (the report's typed notices), after scheduled and user-started runs alike", () => {
    const notices = new RunNotices();
    const entries: LogEntry[] = [
      { level: "info", key: "OPS-1", message: "automation: rule `Due soon` fired: notice" },
      { level: "info", key: "OPS-1", message: "notice: OPS-1 is due tomorrow" },
      { level: "info", key: "OPS-2", message: "digest: OPS-2 is stuck" },
      // A log line that only looks like a notice (a warning about one, a note's text) is not one.
      { level: "info", key: "OPS-3", message: "notice: written by hand" },
    ];
    const ran = { ...report(entries), notices: [{ rule: "Due soon", key: "OPS-1", text: "OPS-1 is due tomorrow" }] };
    expect(notices.messages({ kind: "done", origin: "scheduled", report: ran })).toEqual(["OPS-1: OPS-1 is due tomorrow"]);
    expect(notices.messages({ kind: "done", origin: "user", report: ran })).toEqual(["Sync finished: nothing to change.", "OPS-1: OPS-1 is due tomorrow"]);
    expect(notices.messages({ kind: "done", origin: "scheduled", report: report() })).toEqual([]);
  });

  it("keeps clean scheduled runs quiet and names skipped sites once", () => {
    const notices = new RunNotices();
    const skipped: RunOutcome = { kind: "done", origin: "scheduled", report: report(), skipped: ["https://b.example: Enter an API token."] };
    expect(notices.messages({ kind: "done", origin: "scheduled", report: report([{ level: "warning", message: "Field missing" }]) })).toEqual([]);
    expect(notices.messages(skipped)).toEqual(["Jira sync skipped https://b.example: Enter an API token."]);
    expect(notices.messages(skipped)).toEqual([]);
    expect(notices.messages({ ...skipped, origin: "user" })).toEqual(["Sync finished: nothing to change.", "Jira sync skipped https://b.example: Enter an API token."]);
  });
});
