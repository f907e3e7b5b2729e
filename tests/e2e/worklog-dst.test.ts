// Worklog durations across daylight-saving switches (issue 11, item 4): a time range is real elapsed time in
// the user's zone. For a Los Angeles user, `2026-03-08 01:30–03:30` is one hour (clocks go forward at 02:00)
// and `2026-11-01 00:30–02:30` three (01:00–02:00 happens twice); a Jira worklog across a switch becomes a
// line whose range reads back as its time spent, so nothing is pushed again.
import { afterEach, describe, expect, it } from "vitest";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { world, type World } from "./harness";
import { frontmatter, rest } from "./helpers";
import { parseJiraTimestamp } from "../jira-sim/time";

let w: World;
afterEach(async () => w.stop());

interface Wl { id: string; started: string; timeSpentSeconds: number }

async function setUp(): Promise<{ path: string; key: string }> {
  w = await world();
  const alice = w.sim.sim.store.state.users.find((u) => u.email === "alice@example.com");
  if (alice === undefined) throw new Error("no alice");
  alice.timeZone = "America/Los_Angeles";
  const tt = (w.config as SyncConfig & { timeTracking: Record<string, unknown> }).timeTracking;
  w.config.timeTracking = { ...tt, enabled: true };
  expect((await w.sync()).exitCode).toBe(0);
  for (const [path, text] of Object.entries(w.vault.files())) {
    const key = frontmatter(text).jira_key;
    if (typeof key === "string" && !text.includes("## Worklog")) return { path, key };
  }
  throw new Error("no issue note without worklogs");
}

function posts(): { started: string; timeSpentSeconds: number }[] {
  return w.sim.admin
    .log()
    .filter((e) => e.method === "POST" && e.path.endsWith("/worklog"))
    .map((e) => e.body as { started: string; timeSpentSeconds: number })
    .map(({ started, timeSpentSeconds }) => ({ started, timeSpentSeconds }))
    .sort((a, b) => a.started.localeCompare(b.started));
}

describe("worklog ranges across daylight-saving switches (Los Angeles)", () => {
  it("posts the elapsed time, and the next sync changes nothing", async () => {
    const note = await setUp();
    w.vault.set(note.path, `${w.vault.files()[note.path] ?? ""}\n## Worklog\n- 2026-03-08 01:30–03:30 Spring forward\n- 2026-11-01 00:30–02:30 Fall back\n- 2026-11-01 01:30–01:45 Repeated hour\n`);
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect(posts()).toEqual([
      { started: "2026-03-08T01:30:00.000-0800", timeSpentSeconds: 3600 },
      { started: "2026-11-01T00:30:00.000-0700", timeSpentSeconds: 3 * 3600 },
      // 01:30 happens twice; it is read as the first (daylight time), like both ends of the range.
      { started: "2026-11-01T01:30:00.000-0700", timeSpentSeconds: 900 },
    ]);
    const remote = (await rest(w, "GET", `/issue/${note.key}/worklog`)).body as { worklogs: Wl[] };
    expect(remote.worklogs.map((r) => r.timeSpentSeconds).sort((a, b) => a - b)).toEqual([900, 3600, 10800]);

    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(w.sim.admin.log().filter((e) => e.method !== "GET" && e.path.includes("/worklog") && !e.path.endsWith("/worklog/list"))).toEqual([]);
    expect(w.vault.files()[note.path]).toContain("- 2026-03-08 01:30–03:30 Spring forward ^wl-");
  });

  it("writes a Jira worklog across a switch as a range that reads back as its time spent", async () => {
    const note = await setUp();
    // Two hours from 01:00 PST: it ends at 04:00 PDT.
    const made = await rest(w, "POST", `/issue/${note.key}/worklog`, { started: "2026-03-08T01:00:00.000-0800", timeSpentSeconds: 7200 });
    expect(made.status).toBe(201);
    // An hour from 01:30 PST, the second pass of the repeated hour: the line cannot say which pass, and reads
    // back as the worklog it was written from.
    const repeated = await rest(w, "POST", `/issue/${note.key}/worklog`, { started: "2026-11-01T01:30:00.000-0800", timeSpentSeconds: 3600 });
    expect(repeated.status).toBe(201);
    w.sim.admin.clock.advance(3 * 60_000);
    expect((await w.sync()).exitCode).toBe(0);
    expect(w.vault.files()[note.path]).toMatch(/- 2026-03-08 01:00–04:00 \^wl-\d+/);
    expect(w.vault.files()[note.path]).toMatch(/- 2026-11-01 01:30–02:30 \^wl-\d+/);

    w.sim.admin.clock.advance(3 * 60_000);
    w.sim.admin.clearLog();
    expect((await w.sync()).exitCode).toBe(0);
    expect(w.sim.admin.log().filter((e) => e.method !== "GET" && e.path.includes("/worklog") && !e.path.endsWith("/worklog/list"))).toEqual([]);
    const remote = (await rest(w, "GET", `/issue/${note.key}/worklog`)).body as { worklogs: Wl[] };
    const spring = remote.worklogs.find((r) => parseJiraTimestamp(r.started) === Date.parse("2026-03-08T09:00:00Z"));
    expect(spring?.timeSpentSeconds).toBe(7200);
    const second = remote.worklogs.find((r) => parseJiraTimestamp(r.started) === Date.parse("2026-11-01T09:30:00Z"));
    expect(second?.timeSpentSeconds).toBe(3600);
  });
});
