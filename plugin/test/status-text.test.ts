// The status bar and progress notice texts: syncing with progress, errors before conflicts before the last
// sync time, singular and plural; a run's summary (in Obsidian and on the command line) with counts of one.
import { describe, expect, it } from "vitest";
import { progressText, statusBarLabel, statusBarText } from "../src/sync/status-text";
import { countsLine } from "../../cli/format";
import { summarize, type SyncStatus } from "../src/sync/sync-service";
import type { RunCounts, RunReport } from "../src/sync/types";

const idle: SyncStatus = { syncing: false, progress: null, lastSyncAt: null, conflicts: 0, errors: 0 };

describe("status texts", () => {
  it("says what the sync is doing, worst news first", () => {
    expect(statusBarText(idle)).toBe("Jira: not synced");
    const at = new Date(2025, 5, 10, 9, 5).getTime();
    expect(statusBarText({ ...idle, lastSyncAt: at })).toBe("Jira: synced 09:05");
    expect(statusBarText({ ...idle, lastSyncAt: at, conflicts: 2 })).toBe("Jira: 2 conflicts");
    expect(statusBarText({ ...idle, conflicts: 1 })).toBe("Jira: 1 conflict");
    expect(statusBarText({ ...idle, conflicts: 2, errors: 1 })).toBe("Jira: 1 error");
    expect(statusBarText({ ...idle, errors: 3 })).toBe("Jira: 3 errors");
    expect(statusBarText({ ...idle, errors: 3, syncing: true, progress: { requests: 12, edits: 3 } })).toBe("Jira: syncing (12 requests, 3 notes)");
    expect(statusBarText({ ...idle, syncing: true })).toBe("Jira: syncing");
  });

  it("dates a sync of another day (one restored from an earlier session) and sums up the last run per site", () => {
    const at = new Date(2025, 5, 10, 9, 5).getTime();
    expect(statusBarText({ ...idle, lastSyncAt: at }, new Date(2025, 5, 10, 23, 0).getTime())).toBe("Jira: synced 09:05");
    expect(statusBarText({ ...idle, lastSyncAt: at }, new Date(2025, 5, 11, 8, 0).getTime())).toBe("Jira: synced 2025-06-10 09:05");
    const one = { "https://a.example": { at, summary: "Sync finished: 2 notes updated.", errors: 0, conflicts: 0 } };
    expect(statusBarLabel({ ...idle, lastSyncAt: at }, one)).toBe("Last sync: 2025-06-10 09:05\nSync finished: 2 notes updated.\nClick to open the Jira sync log.");
    const two = { ...one, "http://localhost:8080": { at, summary: "Did not run: Enter a personal access token.", errors: 1, conflicts: 0 } };
    expect(statusBarLabel(idle, two)).toBe("a.example: Sync finished: 2 notes updated.\nlocalhost:8080: Did not run: Enter a personal access token.\nClick to open the Jira sync log.");
  });

  it("counts progress in the notice", () => {
    expect(progressText(idle)).toBe("Jira sync: waiting…");
    expect(progressText({ ...idle, syncing: true, progress: { requests: 4, edits: 2 } })).toBe("Jira sync: 4 requests, 2 notes written…");
    expect(progressText({ ...idle, syncing: true, progress: { requests: 1, edits: 1 } })).toBe("Jira sync: 1 request, 1 note written…");
    expect(statusBarText({ ...idle, syncing: true, progress: { requests: 1, edits: 0 } })).toBe("Jira: syncing (1 request, 0 notes)");
  });

  it("sums a run up with singular and plural counts", () => {
    const counts: RunCounts = { fetched: 3, notesCreated: 1, notesUpdated: 2, issuesCreated: 1, issuesUpdated: 0, transitions: 1, deleted: 0, conflicts: 1, errors: 1, requests: 1 };
    const report: RunReport = { state: null, journal: null, entries: [], counts, exitCode: 1 };
    expect(summarize(report)).toBe("Sync finished: 1 note created, 2 notes updated, 1 issue created, 1 transition, 1 conflict, 1 error.");
    expect(countsLine(report)).toBe("3 fetched, 1 note created, 2 notes updated, 1 issue created, 0 issues updated, 1 transition, 0 deleted, 1 conflict, 1 error, 1 request");
  });
});
