// Worklog sync end to end (time tracking on): note entries (worklog section, daily notes) become Jira worklogs
// with Berlin `started` offsets on both sides of the March 2025 DST change, Jira worklogs appear in notes,
// edits flow both ways, a conflicting edit is flagged without losing either side, and a run killed after its
// POST does not duplicate the worklog when run again.
import { afterEach, describe, expect, it } from "vitest";
import type { RunInput, SyncConfig, SyncEngineLike } from "../../plugin/src/sync/types";
import { CLOUD_USERS, rawRequest } from "../jira-sim/test/harness";
import { parseJiraTimestamp } from "../jira-sim/time";
import { loadCoreSync, world, type World } from "./harness";

let w: World;
afterEach(async () => w.stop());

const API = "/rest/api/3";

async function jira(method: string, path: string, body?: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const headers = { authorization: CLOUD_USERS.alice, "content-type": "application/json", accept: "application/json" };
  const res = await rawRequest(`${w.sim.url}${path}`, method, headers, body === undefined ? undefined : JSON.stringify(body));
  return { status: res.status, body: res.text === "" ? {} : (JSON.parse(res.text) as Record<string, unknown>) };
}

interface Wl { id: string; started: string; timeSpentSeconds: number; comment?: unknown }

async function worklogs(key: string): Promise<Wl[]> {
  return (await jira("GET", `${API}/issue/${key}/worklog`)).body.worklogs as Wl[];
}

const adf = (text: string) => ({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] });

function enable(): void {
  const tt = (w.config as SyncConfig & { timeTracking: Record<string, unknown> }).timeTracking;
  w.config.timeTracking = { ...tt, enabled: true, dailyFolder: "Daily" };
}

/** The path and key of the pulled note whose name contains `summary`. */
function noteOf(summary: string): { path: string; key: string } {
  const path = Object.keys(w.vault.files()).find((p) => p.includes(summary));
  if (path === undefined) throw new Error(`no note for ${summary}`);
  const key = /jira_key: (\S+)/.exec(w.vault.files()[path] ?? "")?.[1] ?? "";
  return { path, key };
}

function edit(path: string, change: (text: string) => string): void {
  w.vault.set(path, change(w.vault.files()[path] ?? ""));
}

/** A first sync with time tracking on, then worklog entries added to a note without worklogs and a daily note. */
async function setUp(): Promise<{ path: string; key: string }> {
  w = await world();
  enable();
  const first = await w.sync();
  expect(first.exitCode).toBe(0);
  const note = noteOf("Import legacy runbooks");
  edit(note.path, (t) => `${t}\n## Worklog\n- 2025-03-28 09:30–11:00 Investigated the runbooks\n- 2025-03-31 1h 30m Review\n`);
  w.vault.set("Daily/2025-03-31.md", `# Monday\n\n- 10:00 - 11:30 ${note.key} pairing\n- 12:00 - 13:00 lunch\n`);
  return note;
}

describe("worklog sync", () => {
  it("pushes section and daily entries with the right Berlin offsets and pulls Jira's worklogs into notes", async () => {
    const note = await setUp();
    // The first sync already wrote alice's seeded worklogs into their issues' notes.
    const withLines = Object.values(w.vault.files()).filter((t) => /\n## Worklog\n- \d{4}-\d\d-\d\d \d\d:\d\d–\d\d:\d\d .*\^wl-\d+/.test(t));
    expect(withLines.length).toBeGreaterThan(0);
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect(report.counts.worklogsCreated).toBe(3);
    const posts = w.sim.admin.log().filter((e) => e.method === "POST" && e.path.endsWith("/worklog"));
    const started = posts.map((e) => (e.body as { started: string }).started).sort();
    expect(started).toEqual(["2025-03-28T09:30:00.000+0100", "2025-03-31T09:00:00.000+0200", "2025-03-31T10:00:00.000+0200"]);
    expect(posts.every((e) => e.query.adjustEstimate === "auto")).toBe(true);
    const remote = await worklogs(note.key);
    const instants = remote.map((r) => parseJiraTimestamp(r.started)).sort();
    expect(instants).toEqual([Date.parse("2025-03-28T08:30:00Z"), Date.parse("2025-03-31T07:00:00Z"), Date.parse("2025-03-31T08:00:00Z")]);
    expect(remote.map((r) => r.timeSpentSeconds).sort()).toEqual([5400, 5400, 5400]);
    const text = w.vault.files()[note.path] ?? "";
    expect(text).toMatch(/- 2025-03-28 09:30–11:00 Investigated the runbooks \^wl-\d+\n- 2025-03-31 1h 30m Review \^wl-\d+\n/);
    expect(w.vault.files()["Daily/2025-03-31.md"]).toMatch(new RegExp(`- 10:00 - 11:30 ${note.key} pairing \\^wl-\\d+\\n- 12:00 - 13:00 lunch\\n`));
    // The daily entry is not duplicated into the issue note.
    expect(text.match(/\^wl-/g)).toHaveLength(2);
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.exitCode).toBe(0);
    expect(w.sim.admin.log().filter((e) => e.method !== "GET" && !e.path.endsWith("/worklog/list") && !e.path.endsWith("/search/jql")).map((e) => [e.method, e.path, e.body])).toEqual([]);
    expect(w.vault.files()[note.path]).toBe(text);
  });

  it("propagates an edit on each side and flags a conflicting edit without losing either side", async () => {
    const note = await setUp();
    await w.sync();
    const id = /09:30–11:00 Investigated the runbooks \^wl-(\d+)/.exec(w.vault.files()[note.path] ?? "")?.[1] ?? "";
    expect(id).not.toBe("");
    // Local edit → PUT.
    edit(note.path, (t) => t.replace("Investigated the runbooks", "Investigated the legacy runbooks"));
    const pushed = await w.sync();
    expect(pushed.counts.worklogsUpdated).toBe(1);
    const one = (await worklogs(note.key)).find((r) => r.id === id);
    expect(JSON.stringify(one?.comment)).toContain("Investigated the legacy runbooks");
    // Remote edit → the line is rewritten.
    expect((await jira("PUT", `${API}/issue/${note.key}/worklog/${id}`, { timeSpentSeconds: 7200 })).status).toBe(200);
    w.sim.admin.clock.advance(120_000);
    const pulled = await w.sync();
    expect(pulled.exitCode).toBe(0);
    expect(w.vault.files()[note.path]).toContain(`- 2025-03-28 09:30–11:30 Investigated the legacy runbooks ^wl-${id}\n`);
    // Both sides change it differently → conflict, nothing overwritten.
    edit(note.path, (t) => t.replace("Investigated the legacy runbooks", "Note side"));
    await jira("PUT", `${API}/issue/${note.key}/worklog/${id}`, { comment: adf("Jira side") });
    w.sim.admin.clock.advance(120_000);
    const conflicted = await w.sync();
    expect(conflicted.exitCode).toBe(1);
    expect(conflicted.entries.some((e) => e.level === "conflict" && e.message.includes(`worklog ${id}`))).toBe(true);
    expect(w.vault.files()[note.path]).toContain(`09:30–11:30 Note side ^wl-${id}`);
    expect(JSON.stringify((await worklogs(note.key)).find((r) => r.id === id)?.comment)).toContain("Jira side");
    // The conflict stays until resolved: the next run neither pushes the note's side nor forgets Jira's.
    w.sim.admin.clearLog();
    const still = await w.sync();
    expect(still.entries.some((e) => e.level === "conflict" && e.message.includes(`worklog ${id}`))).toBe(true);
    expect(w.sim.admin.log().filter((e) => e.method === "PUT")).toEqual([]);
    // Resolved by making the note agree with Jira.
    edit(note.path, (t) => t.replace("Note side", "Jira side"));
    const resolved = await w.sync();
    expect(resolved.exitCode).toBe(0);
    expect(w.sim.admin.log().filter((e) => e.method === "PUT")).toEqual([]);
  });

  it("links instead of duplicating when a run died after its POST, before the note edit", async () => {
    const note = await setUp();
    const c = loadCoreSync();
    const dying = (input: RunInput): SyncEngineLike => {
      const engine = new c.SyncEngine(input) as unknown as SyncEngineLike;
      const poll = engine.poll.bind(engine);
      engine.poll = () => {
        const action = poll();
        if (action.kind === "edits" && action.edits.some((e) => e.content.includes("^wl-") && e.path === note.path)) throw new Error("killed");
        return action;
      };
      return engine;
    };
    await expect(w.sync(undefined, { engine: dying })).rejects.toThrow("killed");
    expect(await worklogs(note.key)).toHaveLength(3);
    expect(w.vault.files()[note.path]).not.toContain("^wl-");
    const rerun = await w.sync();
    expect(rerun.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(rerun.counts.worklogsCreated).toBe(0);
    expect(await worklogs(note.key)).toHaveLength(3);
    expect(w.vault.files()[note.path]).toMatch(/Investigated the runbooks \^wl-\d+\n- 2025-03-31 1h 30m Review \^wl-\d+\n/);
    expect(w.vault.files()["Daily/2025-03-31.md"]).toMatch(/pairing \^wl-\d+/);
  });

  it("removes the line of a worklog deleted in Jira, and keeps Jira's worklog when its line is removed", async () => {
    const note = await setUp();
    await w.sync();
    const text = w.vault.files()[note.path] ?? "";
    const first = /Investigated the runbooks \^wl-(\d+)/.exec(text)?.[1] ?? "";
    const second = /Review \^wl-(\d+)/.exec(text)?.[1] ?? "";
    expect((await jira("DELETE", `${API}/issue/${note.key}/worklog/${first}`)).status).toBe(204);
    edit(note.path, (t) => t.replace(/- 2025-03-31 1h 30m Review \^wl-\d+\n/, ""));
    w.sim.admin.clock.advance(120_000);
    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect(w.vault.files()[note.path]).not.toContain("^wl-");
    expect(report.entries.some((e) => e.level === "warning" && e.message === `worklog ${second} removed locally, kept in Jira`)).toBe(true);
    expect((await worklogs(note.key)).map((r) => r.id)).toContain(second);
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(w.vault.files()[note.path]).not.toContain("^wl-");
  });

  it("gives a time just before the spring DST switch its winter offset", async () => {
    const note = await setUp();
    edit(note.path, (t) => `${t}- 2025-03-30 01:30–02:00 Night shift\n- 2025-03-30 03:00–03:30 After the switch\n`);
    w.sim.admin.clearLog();
    expect((await w.sync()).exitCode).toBe(0);
    const started = w.sim.admin.log().filter((e) => e.method === "POST" && e.path.endsWith("/worklog")).map((e) => (e.body as { started: string }).started);
    expect(started).toContain("2025-03-30T01:30:00.000+0100");
    expect(started).toContain("2025-03-30T03:00:00.000+0200");
  });

  it("writes other users' worklogs with their name when set to everyone, and never pushes them", async () => {
    const note = await setUp();
    w.config.timeTracking = { ...(w.config.timeTracking as Record<string, unknown>), everyone: true };
    const bob = { authorization: CLOUD_USERS.bob, "content-type": "application/json", accept: "application/json" };
    const body = JSON.stringify({ started: "2025-04-02T16:00:00.000-0700", timeSpentSeconds: 1800, comment: adf("Checked the west coast runbooks") });
    expect((await rawRequest(`${w.sim.url}${API}/issue/${note.key}/worklog`, "POST", bob, body)).status).toBe(201);
    w.sim.admin.clock.advance(120_000);
    expect((await w.sync()).exitCode).toBe(0);
    // 16:00 in Los Angeles (-0700) is 01:00 the next day in Berlin (+0200).
    expect(w.vault.files()[note.path]).toMatch(/- 2025-04-03 01:00–01:30 \(Bob Angeles\) Checked the west coast runbooks \^wl-\d+\n/);
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(w.sim.admin.log().filter((e) => e.method === "PUT")).toEqual([]);
  });
});
