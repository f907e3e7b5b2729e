// Issues that start taking part in the worklog phase after the first sync (time tracking on): a note linked by
// hand to an issue outside the synced projects, an issue moved into a synced project, a project added to the
// settings (pulled by the next full scan). Incremental runs follow Jira's `/worklog/updated|deleted` feeds from a kept `since`, which hold
// nothing logged before; so each such issue has its worklogs read in full once, in the run where it first takes
// part: its worklogs reach the note (a line already there is linked, not doubled), nothing is pushed, and later
// no-op runs read no issue's worklogs again. Cloud and Data Center.
import { afterEach, describe, expect, it } from "vitest";
import type { JiraTransport } from "../../plugin/src/jira/client";
import type { SyncConfig } from "../../plugin/src/sync/types";
import type { SimWorklog } from "../jira-sim/model";
import { world, type SyncExtra, type World } from "./harness";

let w: World;
afterEach(async () => w.stop());

function enable(): void {
  const tt = (w.config as SyncConfig & { timeTracking: Record<string, unknown> }).timeTracking;
  w.config.timeTracking = { ...tt, enabled: true, dailyFolder: "Daily" };
}

/** The simulator's issue with this summary. */
function issue(summary: string): { id: string; key: string } {
  const found = w.sim.sim.store.issues().find((i) => i.summary === summary);
  if (found === undefined) throw new Error(`no issue ${summary}`);
  return { id: found.id, key: found.key };
}

/** The issue's only worklog (the seeded issues used here have one, alice's). */
function onlyWorklog(summary: string): SimWorklog {
  const list = w.sim.sim.store.worklogsOf(issue(summary).id);
  expect(list).toHaveLength(1);
  return list[0] as SimWorklog;
}

/** `2025-03-28 09:30` in alice's zone (Europe/Berlin). */
function berlin(ms: number): string {
  return new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Berlin", year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
    .format(ms)
    .replace(",", "");
}

function notePath(key: string): string {
  const path = Object.keys(w.vault.files()).find((p) => (w.vault.files()[p] ?? "").includes(`jira_key: ${key}\n`));
  if (path === undefined) throw new Error(`no note for ${key}`);
  return path;
}

/** Every line of the vault carrying worklog `id`'s marker. */
function linesOf(id: string): string[] {
  return Object.values(w.vault.files()).flatMap((t) => t.split("\n")).filter((l) => l.endsWith(`^wl-${id}`));
}

const api = (): string => (w.mode === "cloud" ? "/rest/api/3" : "/rest/api/2");

function worklogWrites(): unknown[] {
  return w.sim.admin.log().filter((e) => e.method !== "GET" && /\/worklog(\/\d+)?$/.test(e.path)).map((e) => [e.method, e.path]);
}

function issueReads(): string[] {
  return w.sim.admin.log().filter((e) => e.method === "GET" && /\/issue\/[^/]+\/worklog$/.test(e.path)).map((e) => e.path);
}

/** A second run that changes nothing reads no issue's worklogs and writes nothing. */
async function expectQuiet(): Promise<void> {
  const files = w.vault.files();
  w.sim.admin.clearLog();
  const again = await w.sync();
  expect(again.exitCode).toBe(0);
  expect(issueReads()).toEqual([]);
  expect(worklogWrites()).toEqual([]);
  expect(w.vault.files()).toEqual(files);
}

describe.each(["cloud", "datacenter"] as const)("worklogs of issues that take part later (%s)", (mode) => {
  it("a note linked by hand after the first sync gets the issue's earlier worklogs; a matching line is linked", async () => {
    w = await world({ mode, projects: ["OPS"] });
    enable();
    expect((await w.sync()).exitCode).toBe(0);
    const budget = issue("Token budget enforcement");
    const cache = issue("Cache embeddings");
    const budgetWl = onlyWorklog("Token budget enforcement");
    const cacheWl = onlyWorklog("Cache embeddings");
    // PLAT is not synced: both notes are linked by hand; the second already holds its worklog as a line.
    w.vault.set("Notes/Budget.md", `---\njira_key: ${budget.key}\n---\n`);
    const start = berlin(cacheWl.started);
    const end = berlin(cacheWl.started + cacheWl.timeSpentSeconds * 1000).slice(11);
    w.vault.set("Notes/Cache.md", `---\njira_key: ${cache.key}\n---\n## Worklog\n- ${start}–${end} Worked on cache embeddings.\n`);
    w.sim.admin.clearLog();

    const report = await w.sync();
    expect(report.exitCode).toBe(0);
    expect(issueReads().sort()).toEqual([budget.id, cache.id].map((id) => `${api()}/issue/${id}/worklog`).sort());
    expect(worklogWrites()).toEqual([]);
    const budgetLines = linesOf(budgetWl.id);
    expect(budgetLines).toHaveLength(1);
    expect(budgetLines[0]).toMatch(new RegExp(`^- ${berlin(budgetWl.started)}–\\d\\d:\\d\\d Worked on token budget enforcement\\. \\^wl-${budgetWl.id}$`));
    expect(w.vault.files()["Notes/Budget.md"]).toContain(budgetLines[0]);
    // The line already there is linked to Jira's worklog, not doubled and not pushed.
    expect(w.vault.files()["Notes/Cache.md"]).toBe(`${w.vault.files()["Notes/Cache.md"]?.split("## Worklog")[0] ?? ""}## Worklog\n- ${start}–${end} Worked on cache embeddings. ^wl-${cacheWl.id}\n`);
    expect(w.sim.sim.store.worklogsOf(cache.id)).toHaveLength(1);
    expect(w.sim.sim.store.worklogsOf(budget.id)).toHaveLength(1);

    await expectQuiet();
  });

  it("an issue moved into a synced project, and a project added to the settings, bring their earlier worklogs", async () => {
    w = await world({ mode, projects: ["OPS"] });
    enable();
    expect((await w.sync()).exitCode).toBe(0);
    const budgetWl = onlyWorklog("Token budget enforcement");
    const moved = w.sim.admin.move(issue("Token budget enforcement").key, "OPS");
    w.sim.admin.clearLog();

    expect((await w.sync()).exitCode).toBe(0);
    expect(worklogWrites()).toEqual([]);
    expect(linesOf(budgetWl.id)).toHaveLength(1);
    expect(w.vault.files()[notePath(moved.key)]).toMatch(new RegExp(`\n## Worklog\n- ${berlin(budgetWl.started)}–\\d\\d:\\d\\d Worked on token budget enforcement\\. \\^wl-${budgetWl.id}\n`));
    await expectQuiet();

    // Now the whole of PLAT (its issues are pulled by the next full scan): every issue of it is read in full
    // once, alice's worklogs reach their notes.
    w.config.sites?.[0]?.projects?.push({ key: "PLAT" });
    (w.config.statuses as { state: string; jiraStatuses: string[] }[]).push({ state: "backlog", jiraStatuses: ["Backlog"] });
    const cacheWl = onlyWorklog("Cache embeddings");
    w.sim.admin.clearLog();
    const full = await w.sync({ kind: "full" });
    expect(full.exitCode).toBe(0);
    expect(worklogWrites()).toEqual([]);
    const plat = w.sim.sim.store.issues().filter((i) => i.projectKey === "PLAT");
    expect(issueReads().sort()).toEqual(plat.map((i) => `${api()}/issue/${i.id}/worklog`).sort());
    expect(linesOf(cacheWl.id)).toHaveLength(1);
    expect(w.vault.files()[notePath(issue("Cache embeddings").key)]).toContain(`Worked on cache embeddings. ^wl-${cacheWl.id}`);
    await expectQuiet();
  });

  it("reads an issue's worklogs page by page (a Jira that answers one worklog per page)", async () => {
    w = await world({ mode, projects: ["OPS"] });
    enable();
    type Send = Pick<JiraTransport, "send">;
    const onePerPage: SyncExtra["transport"] = (inner: Send): Send => ({
      send: (request, options) =>
        inner.send(/\/issue\/[^/]+\/worklog$/.test(request.path) && request.method === "GET" ? { ...request, query: { ...request.query, maxResults: 1 } } : request, options),
    });
    expect((await w.sync(undefined, { transport: onePerPage })).exitCode).toBe(0);
    const alice = w.sim.sim.store.state.users.find((u) => u.name === "alice");
    const ops = w.sim.sim.store.issues().filter((i) => i.projectKey === "OPS");
    const mine = ops.flatMap((i) => w.sim.sim.store.worklogsOf(i.id)).filter((x) => x.author === alice?.accountId || x.author === alice?.key);
    expect(mine.length).toBeGreaterThan(3);
    expect(ops.some((i) => w.sim.sim.store.worklogsOf(i.id).length > 1)).toBe(true);
    for (const x of mine) expect(linesOf(x.id)).toHaveLength(1);
    // One request per page: as many as the issue has worklogs (at least one).
    const pages = ops.map((i) => Math.max(1, w.sim.sim.store.worklogsOf(i.id).length)).reduce((a, b) => a + b, 0);
    expect(issueReads()).toHaveLength(pages);
    await expectQuiet();
  });
});
