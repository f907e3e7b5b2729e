/**
 * Cloud `/search/jql`: paging with nextPageToken (absent on the last page), maxResults caps, field
 * selection, unbounded/invalid JQL refused, the JQL subset with Jira's semantics, and dates read in the
 * calling user's time zone.
 */
/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adf, cloudSim, type Body, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client, bob: Client;
const API = "/rest/api/3";

beforeAll(async () => {
  ({ h, alice, bob } = await cloudSim({ clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true }));
});
afterAll(() => h.stop());

async function keys(c: Client, jql: string): Promise<string[]> {
  const r = await c.post(`${API}/search/jql`, { jql, fields: ["key"], maxResults: 5000 });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body.issues.map((i: Body) => i.key);
}

async function error(c: Client, jql: string): Promise<string> {
  const r = await c.get(`${API}/search/jql?jql=${encodeURIComponent(jql)}`);
  expect(r.status).toBe(400);
  return r.body.errorMessages[0];
}

describe("paging", () => {
  it("pages over 250 issues, each exactly once, last page without nextPageToken", async () => {
    const { h: h2, alice: a2 } = await cloudSim({ seed: "empty" });
    try {
      h2.admin.generate("OPS", 250);
      const seen: string[] = [];
      let token: string | undefined;
      let pages = 0;
      for (;;) {
        const r = await a2.post(`${API}/search/jql`, { jql: "project = OPS ORDER BY key ASC", fields: ["summary"], maxResults: 100, ...(token ? { nextPageToken: token } : {}) });
        pages++;
        seen.push(...r.body.issues.map((i: Body) => i.key));
        if (r.body.isLast) {
          expect(r.body.nextPageToken).toBeUndefined();
          expect("nextPageToken" in r.body).toBe(false);
          break;
        }
        token = r.body.nextPageToken;
        expect(typeof token).toBe("string");
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(250);
      expect(seen[0]).toBe("OPS-1");
      // GET with defaults: 50 per page, ids only
      const g = await a2.get(`${API}/search/jql?jql=project%3DOPS`);
      expect(g.body.issues).toHaveLength(50);
      expect(Object.keys(g.body.issues[0])).not.toContain("fields");
      // maxResults capped at 100 with fields, 5000 without
      expect((await a2.post(`${API}/search/jql`, { jql: "project = OPS", maxResults: 1000, fields: ["summary"] })).body.issues).toHaveLength(100);
      expect((await a2.post(`${API}/search/jql`, { jql: "project = OPS", maxResults: 1000 })).body.issues).toHaveLength(250);
      expect((await a2.post(`${API}/search/jql`, { jql: "project = OPS", nextPageToken: "garbage" })).status).toBe(400);
    } finally {
      await h2.stop();
    }
  });
});

describe("approximate count", () => {
  it("counts what search finds, visible projects only, refusing unbounded and invalid JQL", async () => {
    const found = await keys(alice, "project = OPS");
    const r = await alice.post(`${API}/search/approximate-count`, { jql: "project = OPS" });
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ count: found.length });
    expect(found.length).toBeGreaterThan(0);
    expect((await alice.post(`${API}/search/approximate-count`, { jql: "order by key" })).status).toBe(400);
    const bad = await alice.post(`${API}/search/approximate-count`, { jql: "foo = bar" });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages[0]).toMatch(/Field 'foo' does not exist/);
  });
});

describe("JQL", () => {
  it("refuses unbounded and invalid queries with JQL error messages", async () => {
    expect(await error(alice, "order by key desc")).toMatch(/Unbounded/);
    expect((await alice.get(`${API}/search/jql`)).status).toBe(400);
    expect(await error(alice, "project = ")).toMatch(/Error in the JQL Query/);
    expect(await error(alice, "foo = bar")).toMatch(/Field 'foo' does not exist/);
    expect(await error(alice, "project = NOPE")).toMatch(/The value 'NOPE' does not exist for the field 'project'/);
    expect(await error(alice, "status = Nonsense")).toMatch(/does not exist/);
    expect(await error(alice, "assignee = membersOf(x)")).toMatch(/Unable to find JQL function/);
    expect(await error(alice, "status WAS Done")).toMatch(/not supported/);
    expect(await error(alice, "updated > \"2025/13/01\"")).toMatch(/Date value/);
    expect(await error(alice, "project = OPS ORDER BY a, b, c, d, e, f, g, h")).toMatch(/at most 7/);
    expect(await error(alice, "project = OPS ORDER BY nonsense")).toMatch(/ORDER BY/);
    expect(await error(alice, "summary > x")).toMatch(/operator/);
    expect(await error(alice, "project = OPS &&")).toMatch(/reserved/);
  });

  it("project, key, status, statusCategory, IN / NOT IN, AND / OR / NOT, parentheses", async () => {
    expect(await keys(alice, 'project = OPS AND status = "AI Processing" ORDER BY key')).toEqual(["OPS-3", "OPS-15"]);
    expect(await keys(alice, "key in (OPS-1, PLAT-2) ORDER BY key DESC")).toEqual(["PLAT-2", "OPS-1"]);
    expect(await keys(alice, 'status in ("AI Processing", Validation) AND project = PLAT ORDER BY key')).toEqual(["PLAT-4", "PLAT-5", "PLAT-14", "PLAT-15"]);
    const done = await keys(alice, "statusCategory = Done");
    expect(done.length).toBeGreaterThan(3);
    expect(await keys(alice, 'statusCategory = "done" AND project = OPS ORDER BY key')).toEqual(await keys(alice, "project = OPS AND status = Done ORDER BY key"));
    const ops = await keys(alice, "project = OPS");
    const notDone = await keys(alice, "project = OPS AND NOT status = Done");
    const doneOps = await keys(alice, "project = OPS AND status = Done");
    expect(notDone.length + doneOps.length).toBe(ops.length);
    expect(await keys(alice, "(project = OPS OR project = PLAT) AND status not in (Done, Backlog, \"To Do\") AND labels = cost ORDER BY key")).toEqual(["PLAT-4", "PLAT-6"]);
    expect((await keys(alice, "key = OPS-1 OR key = OPS-2")).sort()).toEqual(["OPS-1", "OPS-2"]);
  });

  it("assignee with currentUser() and EMPTY; != never matches empty fields", async () => {
    const mine = await keys(alice, "assignee = currentUser() AND project = OPS");
    const bobs = await keys(bob, "assignee = currentUser() AND project = OPS");
    const none = await keys(alice, "assignee is EMPTY AND project = OPS");
    const notMine = await keys(alice, "assignee != currentUser() AND project = OPS");
    const all = await keys(alice, "project = OPS");
    expect(none.length).toBeGreaterThan(0);
    expect(mine.length + notMine.length + none.length).toBe(all.length);
    expect(notMine.sort()).toEqual(bobs.sort());
    expect(await keys(alice, "assignee = EMPTY AND project = OPS")).toEqual(none);
    expect((await keys(alice, "NOT assignee = currentUser() AND project = OPS")).length).toBe(notMine.length + none.length);
    expect((await keys(alice, "assignee = 'bob@example.com' AND project = OPS")).sort()).toEqual(bobs);
  });

  it("labels, parent, issuetype, text ~ and custom fields", async () => {
    expect(await keys(alice, "labels = runbooks AND labels = sync")).toEqual(["OPS-10"]);
    expect((await keys(alice, "labels is EMPTY")).length).toBe(0);
    expect((await keys(alice, "parent = OPS-2 ORDER BY key"))).toEqual(["OPS-8", "OPS-9", "OPS-10"]);
    expect(await keys(alice, "issuetype = Epic AND project = PLAT ORDER BY key")).toEqual(["PLAT-1", "PLAT-2"]);
    expect(await keys(alice, 'text ~ "flapping"')).toEqual(["OPS-7"]);
    expect(await keys(alice, 'summary ~ "runbook*" ORDER BY key')).toEqual(["OPS-2", "OPS-8", "OPS-9", "OPS-10"]);
    expect(await keys(alice, 'text ~ "severity mapping"')).toEqual(["OPS-3"]);
    expect(await keys(alice, '"Automation Status" = Failed')).toEqual(["PLAT-14"]);
    expect(await keys(alice, 'cf[10042] = Failed')).toEqual(["PLAT-14"]);
    expect(await keys(alice, 'labels != ai AND project = OPS AND labels = alerts ORDER BY key')).toEqual(["OPS-7", "OPS-16"]);
  });

  it("ORDER BY several fields", async () => {
    const r = await keys(alice, "project = PLAT ORDER BY priority ASC, key DESC");
    expect(r[0]).toBe("PLAT-6");
    const byCreated = await alice.post(`${API}/search/jql`, { jql: "project = OPS ORDER BY created DESC", fields: ["created"], maxResults: 100 });
    const created = byCreated.body.issues.map((i: Body) => i.fields.created);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it("field selection: *navigable, explicit, -exclusions, expand names", async () => {
    const r = await alice.post(`${API}/search/jql`, { jql: "key = OPS-3", fields: ["*navigable", "-description"], expand: "names" });
    const f = r.body.issues[0].fields;
    expect(f.summary).toBeDefined();
    expect(f.description).toBeUndefined();
    expect(f.worklog).toBeUndefined();
    expect(r.body.names.summary).toBe("Summary");
    const sch = await alice.post(`${API}/search/jql`, { jql: "key = OPS-3", fields: ["summary", "labels"], expand: "schema" });
    expect(sch.body.schema.labels).toMatchObject({ type: "array", items: "string" });
    const all = await alice.get(`${API}/search/jql?jql=key%3DOPS-3&fields=*all`);
    expect(all.body.issues[0].fields.worklog.total).toBe(2);
  });
});

describe("dates in the caller's time zone", () => {
  it("reads updated >= literals in Europe/Berlin for alice and America/Los_Angeles for bob", async () => {
    // Clock: 2025-06-10T08:30:00Z = 10:30 in Berlin (CEST) = 01:30 in Los Angeles (PDT).
    const c = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "tz probe", description: adf("tz") } });
    const key: string = c.body.key;
    const probe = async (u: Client, literal: string, op = ">="): Promise<boolean> => (await keys(u, `project = OPS AND updated ${op} "${literal}"`)).includes(key);
    expect(await probe(alice, "2025/06/10 10:30")).toBe(true);
    expect(await probe(alice, "2025-06-10 10:31")).toBe(false);
    expect(await probe(alice, "2025/06/10 10:30", ">")).toBe(false); // minute precision
    expect(await probe(alice, "2025/06/10 10:30", "<=")).toBe(true);
    expect(await probe(alice, "2025-06-10")).toBe(true);
    expect(await probe(bob, "2025/06/10 10:30")).toBe(false); // 10:30 in LA is 17:30Z
    expect(await probe(bob, "2025/06/10 01:30")).toBe(true);
    expect(await probe(bob, "2025/06/10 01:31")).toBe(false);
    expect(await probe(bob, "2025-06-10")).toBe(true);
    expect(await probe(bob, "2025-06-11")).toBe(false);
    // only the probe (and nothing seeded) was updated after 2025-06-01
    expect(await keys(alice, 'updated >= "2025-06-01"')).toEqual([key]);
    expect(await keys(bob, "created >= -5m")).toEqual([key]);
    h.admin.clock.advance(10 * 60_000);
    expect(await keys(bob, "created >= -5m")).toEqual([]);
    expect(await keys(bob, "created >= -1h AND created < -2m")).toEqual([key]);
    expect(await keys(alice, "updated >= -1d AND updated > -1w")).toEqual([key]);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- end of file */
