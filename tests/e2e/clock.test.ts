// Jira's clock is not the machine's (issue 11, item 3): every position the sync keeps (issue watermark, worklog
// feed `since`, full-scan time) comes from Jira's answers, so with Jira's clock 5 minutes behind or ahead of the
// machine a worklog and an issue edit made in Jira after a sync arrive on the next one, nothing is read again
// forever, and the daily full scan follows Jira's clock even when the machine's stands still.
import { afterEach, describe, expect, it } from "vitest";
import { stateFileNames } from "../../plugin/src/sync/driver";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { world, type World } from "./harness";
import { editIssue, frontmatter, rest } from "./helpers";
import { adf } from "./jira";

let w: World;
afterEach(async () => w.stop());

const MINUTE = 60_000;

/** The machine's clock `skewMs` ahead of Jira's (negative: behind), as the driver reads it. */
function setMachineClock(skewMs: number): void {
  w.clock.time = w.sim.admin.clock.now() + skewMs;
}

/** Time passes on both clocks. */
function pass(ms: number): void {
  w.sim.admin.clock.advance(ms);
  w.clock.advance(ms);
}

function enableTimeTracking(): void {
  const tt = (w.config as SyncConfig & { timeTracking: Record<string, unknown> }).timeTracking;
  w.config.timeTracking = { ...tt, enabled: true };
}

function state(): { lastFullScan?: string; worklogSince?: number } {
  return JSON.parse(w.store.raw(stateFileNames(w.sim.url).state) ?? "{}") as { lastFullScan?: string; worklogSince?: number };
}

/** The path of the first note the sync wrote for an issue, and its key. */
function someNote(): { path: string; key: string } {
  for (const [path, text] of Object.entries(w.vault.files())) {
    const key = frontmatter(text).jira_key;
    if (typeof key === "string") return { path, key };
  }
  throw new Error("no issue note");
}

function searchJql(): string[] {
  return w.sim.admin
    .log()
    .filter((e) => e.path.endsWith("/search/jql"))
    .map((e) => String((e.body as { jql?: string }).jql));
}

describe.each([
  ["5 minutes behind", 5 * MINUTE],
  ["5 minutes ahead of", -5 * MINUTE],
])("Jira's clock %s the machine's", (_name, machineAhead) => {
  it("brings a worklog and an issue edit made in Jira after a sync on the next sync, once", async () => {
    w = await world();
    enableTimeTracking();
    setMachineClock(machineAhead);
    expect((await w.sync()).exitCode).toBe(0);
    const jiraNow = w.sim.admin.clock.now();
    // The full-scan time and the worklog feed's start are Jira's time, not the machine's.
    expect(Math.abs(Date.parse(state().lastFullScan ?? "") - jiraNow)).toBeLessThan(MINUTE / 2);
    expect(Math.abs((state().worklogSince ?? 0) + MINUTE - jiraNow)).toBeLessThan(MINUTE / 2);
    const note = someNote();

    pass(MINUTE);
    // Alice logs time in Jira's own screen, and Bob renames the issue.
    const started = "2025-06-10T08:00:00.000+0000";
    const logged = await rest(w, "POST", `/issue/${note.key}/worklog`, { started, timeSpentSeconds: 1800, comment: adf("Logged in Jira after the sync") });
    expect(logged.status).toBe(201);
    await editIssue(w, note.key, { summary: "Renamed in Jira after the sync" });
    // Jira's worklog feeds leave out the last minute.
    pass(2 * MINUTE);

    const second = await w.sync();
    expect(second.exitCode).toBe(0);
    const text = Object.values(w.vault.files()).find((t) => frontmatter(t).jira_key === note.key) ?? "";
    expect(text).toContain("Logged in Jira after the sync");
    expect(text).toContain("Renamed in Jira after the sync");

    // Nothing is read again: the next sync sends the search and the two feeds, and writes nothing.
    pass(2 * MINUTE);
    w.sim.admin.clearLog();
    const third = await w.sync();
    expect(third.exitCode).toBe(0);
    expect(third.counts.notesUpdated).toBe(0);
    expect(third.counts.worklogLines ?? 0).toBe(0);
    const paths = w.sim.admin.log().map((e) => `${e.method} ${e.path}`);
    expect(paths.filter((p) => p.includes("/worklog/list") || /\/issue\/[^/]+\/worklog$/.test(p))).toEqual([]);
  });
});

describe("the daily full scan", () => {
  it("runs when 24 hours passed on Jira's clock, even if the machine's clock stood still", async () => {
    w = await world();
    setMachineClock(0);
    expect((await w.sync()).exitCode).toBe(0);
    const firstScan = state().lastFullScan ?? "";

    // An hour later on both clocks: an incremental search since the watermark.
    pass(60 * MINUTE);
    w.sim.admin.clearLog();
    expect((await w.sync()).exitCode).toBe(0);
    expect(searchJql()).toHaveLength(1);
    expect(searchJql()[0]).not.toContain("1970/01/01");
    expect(state().lastFullScan).toBe(firstScan);

    // A day later on Jira's clock; the machine's clock did not move (a stuck or reset clock).
    w.sim.admin.clock.advance(24 * 60 * MINUTE);
    w.sim.admin.clearLog();
    expect((await w.sync()).exitCode).toBe(0);
    const jql = searchJql();
    expect(jql.some((q) => q.includes("1970/01/01"))).toBe(true);
    expect(Date.parse(state().lastFullScan ?? "") - Date.parse(firstScan)).toBeGreaterThan(24 * 60 * MINUTE);
  });
});
