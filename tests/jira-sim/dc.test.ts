/**
 * Data Center mode (REST v2): Bearer PAT auth, startAt/maxResults/total search, wiki-markup descriptions,
 * users by name/key, issues, transitions and worklogs; every response checked against the DC spec.
 */
/* eslint-disable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON inspected by assertions */
import { Buffer } from "node:buffer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedOperations, dcSim, type Body, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client, carol: Client, anon: Client;
const API = "/rest/api/2";

beforeAll(async () => {
  ({ h, alice, carol, anon } = await dcSim({ clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true }));
});
afterAll(() => h.stop());

describe("data center", () => {
  it("authenticates with Bearer personal access tokens only", async () => {
    expect((await anon.get(`${API}/myself`)).status).toBe(401);
    expect((await anon.as("Basic " + Buffer.from("alice@example.com:alice-api-token").toString("base64")).get(`${API}/myself`)).status).toBe(401);
    const me = await alice.get(`${API}/myself`);
    expect(me.body).toMatchObject({ name: "alice", key: "JIRAUSER10001", timeZone: "Europe/Berlin" });
    expect(me.body.accountId).toBeUndefined();
    expect((await alice.get("/rest/api/3/myself")).status).toBe(404);
  });

  it("serves metadata", async () => {
    expect((await alice.get(`${API}/serverInfo`)).body.deploymentType).toBe("Server");
    expect((await alice.get(`${API}/field`)).body.some((f: Body) => f.name === "LLM Context")).toBe(true);
    expect((await carol.get(`${API}/project`)).body.map((p: Body) => p.key)).toEqual(["OPS"]);
    expect((await alice.get(`${API}/project/OPS/statuses`)).body[0].statuses.length).toBe(7);
    expect((await alice.get(`${API}/priority`)).body).toHaveLength(5);
    expect((await alice.get(`${API}/statuscategory`)).body).toHaveLength(4);
    expect((await alice.get(`${API}/user/assignable/search?project=PLAT`)).body.map((u: Body) => u.name)).toEqual(["alice", "bob"]);
  });

  it("searches with startAt/maxResults/total and returns wiki descriptions", async () => {
    const r = await alice.get(`${API}/search?jql=${encodeURIComponent("project = OPS ORDER BY key")}&maxResults=5&startAt=5&fields=summary,description,assignee`);
    expect(r.body).toMatchObject({ startAt: 5, maxResults: 5, total: 21 });
    expect(r.body.issues.map((i: Body) => i.key)).toEqual(["OPS-6", "OPS-7", "OPS-8", "OPS-9", "OPS-10"]);
    expect(typeof r.body.issues[0].fields.description).toBe("string");
    expect(r.body.issues[0].fields.assignee.name).toBe("bob");
    const post = await alice.post(`${API}/search`, { jql: "assignee = currentUser() AND project = PLAT", startAt: 0, maxResults: 100 });
    expect(post.body.total).toBe(post.body.issues.length);
    expect((await alice.post(`${API}/search`, { jql: "order by key" })).body.total).toBe(39);
    const count = await alice.post(`${API}/search`, { jql: "project = PLAT", maxResults: 0 });
    expect(count.body).toMatchObject({ maxResults: 0, issues: [] });
    expect(count.body.total).toBeGreaterThan(0);
    expect((await alice.get(`${API}/search?jql=${encodeURIComponent("project = ")}`)).status).toBe(400);
    expect((await alice.get(`${API}/search/jql?jql=project%3DOPS`)).status).toBe(404);
  });

  it("links an epic's children through Epic Link, not parent; sub-tasks keep parent", async () => {
    const fieldList = (await alice.get(`${API}/field`)).body as { id: string; name: string; schema: object }[];
    const epicLink = fieldList.find((f) => f.name === "Epic Link");
    expect(epicLink?.schema).toMatchObject({ type: "any", custom: "com.pyxis.greenhopper.jira:gh-epic-link" });
    const id = String(epicLink?.id);
    const children = await alice.post(`${API}/search`, { jql: `"Epic Link" = OPS-1 ORDER BY key`, fields: ["parent", id] });
    expect(children.body.total).toBeGreaterThan(1);
    for (const i of children.body.issues as Body[]) expect([i.fields[id], i.fields.parent]).toEqual(["OPS-1", undefined]);
    const subs = await alice.post(`${API}/search`, { jql: "project = OPS AND issuetype = Sub-task", fields: ["parent", id] });
    expect([typeof subs.body.issues[0].fields.parent.key, subs.body.issues[0].fields[id]]).toEqual(["string", null]);

    const key = String(children.body.issues[0].key);
    const asParent = await alice.put(`${API}/issue/${key}`, { fields: { parent: { key: "OPS-2" } } });
    expect([asParent.status, asParent.body.errors.parent]).toEqual([400, "Field 'parent' cannot be set. It is not on the appropriate screen, or unknown."]);
    expect((await alice.put(`${API}/issue/${key}`, { fields: { [id]: "OPS-3" } })).body.errors[id]).toBe("Issue 'OPS-3' is not an epic.");
    expect((await alice.put(`${API}/issue/${key}`, { fields: { [id]: "OPS-2" } })).status).toBe(204);
    const moved = await alice.get(`${API}/issue/${key}?expand=changelog&fields=${id}`);
    expect(moved.body.fields[id]).toBe("OPS-2");
    const items = (moved.body.changelog.histories as { items: Record<string, string>[] }[]).flatMap((h) => h.items);
    expect(items.at(-1)).toMatchObject({ field: "Epic Link", fieldtype: "custom", fromString: "OPS-1", toString: "OPS-2" });
    expect(Object.keys(items.at(-1) ?? {}).sort()).toEqual(["field", "fieldtype", "from", "fromString", "to", "toString"]);
  });

  it("creates and edits issues with wiki markup and users by name", async () => {
    const c = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "DC issue", description: "h1. Title\n\n* one\n* two", assignee: { name: "bob" } } });
    expect(c.status).toBe(201);
    const got = await alice.get(`${API}/issue/${c.body.key as string}`);
    expect(got.body.fields.description).toBe("h1. Title\n\n* one\n* two");
    expect(got.body.fields.assignee.name).toBe("bob");
    expect((await alice.put(`${API}/issue/${c.body.key as string}`, { fields: { customfield_10040: "{code}x{code}" } })).status).toBe(204);
    expect((await alice.put(`${API}/issue/${c.body.key as string}`, { fields: { description: { type: "doc" } } })).status).toBe(400);
    expect((await alice.put(`${API}/issue/${c.body.key as string}`, { fields: { assignee: { name: "nobody" } } })).status).toBe(400);
    const bulk = await alice.post(`${API}/issue/bulk`, { issueUpdates: [{ fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "b" } }] });
    expect(bulk.body.issues).toHaveLength(1);
    const t = await alice.get(`${API}/issue/${c.body.key as string}/transitions`);
    expect(t.body.transitions.map((x: Body) => x.name)).toEqual(["Start Progress"]);
    expect((await alice.post(`${API}/issue/${c.body.key as string}/transitions`, { transition: { id: "11" } })).status).toBe(204);
    const ex = await alice.get(`${API}/issue/${c.body.key as string}?expand=changelog`);
    expect(ex.body.changelog.histories.length).toBeGreaterThan(0);
    expect((await alice.del(`${API}/issue/${c.body.key as string}`)).status).toBe(204);
  });

  it("handles worklogs with string comments", async () => {
    const w = await alice.post(`${API}/issue/OPS-3/worklog`, { started: "2025-06-10T10:00:00.000+0200", timeSpent: "2h", comment: "done" });
    expect(w.status).toBe(201);
    expect(w.body.comment).toBe("done");
    expect((await alice.get(`${API}/issue/OPS-3/worklog`)).body.total).toBe(3);
    expect((await alice.put(`${API}/issue/OPS-3/worklog/${w.body.id as string}`, { timeSpent: "3h" })).body.timeSpent).toBe("3h");
    h.admin.clock.advance(120_000);
    const upd = await alice.get(`${API}/worklog/updated?since=0`);
    expect(upd.body.values.length).toBeGreaterThan(20);
    expect((await alice.post(`${API}/worklog/list`, { ids: [Number(w.body.id)] })).body).toHaveLength(1);
    expect((await alice.del(`${API}/issue/OPS-3/worklog/${w.body.id as string}`)).status).toBe(204);
  });
});
describe("data center conformance", () => {
  it("refuses requests without their required bodies", async () => {
    for (const [m, path] of [["POST", `${API}/issue`], ["PUT", `${API}/issue/OPS-1`], ["POST", `${API}/issue/OPS-1/transitions`], ["POST", `${API}/issue/OPS-3/worklog`], ["POST", `${API}/worklog/list`]] as const) {
      expect((await alice.call(m, path)).status, `${m} ${path}`).toBe(400);
    }
  });

  it("validated every implemented operation against the Data Center spec", () => {
    const expected = [
      "GET /api/2/myself 200",
      "GET /api/2/serverInfo 200",
      "GET /api/2/field 200",
      "GET /api/2/project 200",
      "GET /api/2/project/{projectIdOrKey}/statuses 200",
      "GET /api/2/priority 200",
      "GET /api/2/statuscategory 200",
      "GET /api/2/user/assignable/search 200",
      "GET /api/2/search 200",
      "POST /api/2/search 200",
      "POST /api/2/issue 201",
      "POST /api/2/issue/bulk 201",
      "GET /api/2/issue/{issueIdOrKey} 200",
      "GET /api/2/issue/{issueIdOrKey}/transitions 200",
      "POST /api/2/issue/{issueIdOrKey}/worklog 201",
      "GET /api/2/issue/{issueIdOrKey}/worklog 200",
      "PUT /api/2/issue/{issueIdOrKey}/worklog/{id} 200",
      "GET /api/2/worklog/updated 200",
      "POST /api/2/worklog/list 200",
    ];
    expect([...checkedOperations].filter((op) => expected.includes(op)).sort()).toEqual([...expected].sort());
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- end of file */
