/**
 * Cloud issue operations: get (fields, expand), create, bulk create, edit (fields/update ops, returnIssue),
 * ADF and label validation, status ignored on edit, delete, move (old key resolves), transitions (two-hop
 * path), bulkfetch, and change history.
 */
/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adf, cloudSim, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client, carol: Client;
const API = "/rest/api/3";

beforeAll(async () => {
  ({ h, alice, carol } = await cloudSim({ clockStart: "2025-04-01T12:00:00.000Z", clockFrozen: true }));
});
afterAll(() => h.stop());

async function create(fields: Record<string, unknown>): Promise<{ id: string; key: string }> {
  const r = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "New task", ...fields } });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body;
}

describe("get issue", () => {
  it("returns all fields by default, with Jira timestamps and custom fields", async () => {
    const r = await alice.get(`${API}/issue/OPS-3`);
    expect(r.body.key).toBe("OPS-3");
    const f = r.body.fields;
    expect(f.status.name).toBe("AI Processing");
    expect(f.customfield_10040.type).toBe("doc");
    expect(f.customfield_10042).toMatchObject({ value: "Running" });
    expect(f.updated).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+0000$/);
    expect(f.timetracking).toMatchObject({ originalEstimate: "1d", originalEstimateSeconds: 28800, timeSpentSeconds: 12600 });
    expect(f.parent.key).toBe("OPS-1");
    expect(f.issuelinks.length).toBeGreaterThan(0);
  });

  it("honours fields= and expand=changelog,renderedFields,names", async () => {
    const r = await alice.get(`${API}/issue/OPS-3?fields=summary,description,customfield_10040&expand=changelog,renderedFields,names`);
    expect(Object.keys(r.body.fields).sort()).toEqual(["customfield_10040", "description", "summary"]);
    expect(r.body.names).toMatchObject({ customfield_10040: "LLM Context", summary: "Summary" });
    expect(r.body.renderedFields.customfield_10040).toContain("<li>");
    expect(r.body.changelog.histories[0].items[0]).toMatchObject({ field: "status", toString: "AI Processing" });
    const more = await alice.get(`${API}/issue/OPS-3?fields=summary,customfield_10042&expand=schema,transitions`);
    expect(more.body.schema.customfield_10042).toMatchObject({ type: "option", customId: 10042 });
    expect(more.body.transitions.map((t: { to: { name: string } }) => t.to.name)).toEqual(["Validation"]);
    const ex = await alice.get(`${API}/issue/OPS-3?fields=*all,-description`);
    expect(ex.body.fields.description).toBeUndefined();
    expect(ex.body.fields.summary).toBeDefined();
  });

  it("404 for unknown issues", async () => {
    expect((await alice.get(`${API}/issue/OPS-999`)).status).toBe(404);
  });
});

describe("create and edit", () => {
  it("creates with per-project keys, initial status, and validates required fields", async () => {
    const a = await create({ description: adf("hello"), labels: ["x"] });
    expect(a.key).toMatch(/^OPS-\d+$/);
    const got = await alice.get(`${API}/issue/${a.key}?fields=status,reporter,created,updated`);
    expect(got.body.fields.status.name).toBe("To Do");
    expect(got.body.fields.created).toBe("2025-04-01T12:00:00.000+0000");
    const plat = await alice.post(`${API}/issue`, { fields: { project: { key: "PLAT" }, issuetype: { id: "10001" }, summary: "p" } });
    expect(plat.body.key).toBe("PLAT-19");
    const missing = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" } } });
    expect(missing.status).toBe(400);
    expect(missing.body.errors).toMatchObject({ summary: expect.any(String), issuetype: expect.any(String) });
    const denied = await carol.post(`${API}/issue`, { fields: { project: { key: "PLAT" }, issuetype: { name: "Task" }, summary: "x" } });
    expect(denied.status).toBe(400);
    expect(denied.body.errors.project).toBeDefined();
  });

  it("refuses invalid ADF, plain strings for ADF fields, labels with spaces, newlines in single-line text", async () => {
    const bad = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "s", description: { type: "doc", version: 1, content: [{ type: "nope" }] } } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ errorMessages: [], errors: { description: expect.stringContaining("Atlassian Document") } });
    const str = await alice.put(`${API}/issue/OPS-3`, { fields: { customfield_10041: "plain" } });
    expect(str.body.errors.customfield_10041).toBeDefined();
    const lab = await alice.put(`${API}/issue/OPS-3`, { fields: { labels: ["has space"] } });
    expect(lab.body.errors.labels).toContain("spaces");
    const nl = await alice.put(`${API}/issue/OPS-3`, { fields: { customfield_10043: "a\nb" } });
    expect(nl.status).toBe(400);
    const unknown = await alice.put(`${API}/issue/OPS-3`, { fields: { customfield_99999: "x" } });
    expect(unknown.body.errors.customfield_99999).toContain("cannot be set");
  });

  it("edits with fields and update operations, records changelog, moves updated; status is ignored", async () => {
    const a = await create({ labels: ["one", "two"] });
    const before = (await alice.get(`${API}/issue/${a.key}?fields=updated`)).body.fields.updated;
    h.admin.clock.advance(60_000);
    const r = await alice.put(`${API}/issue/${a.key}?notifyUsers=false`, {
      fields: { summary: "Renamed", customfield_10042: { value: "Queued" }, customfield_10043: "REF-1", status: { name: "Done" } },
      update: { labels: [{ add: "three" }, { remove: "one" }], customfield_10040: [{ set: adf("ctx") }] },
    });
    expect(r.status).toBe(204);
    const got = await alice.get(`${API}/issue/${a.key}?fields=summary,labels,status,updated,customfield_10042,customfield_10040,customfield_10043&expand=changelog`);
    expect(got.body.fields).toMatchObject({ summary: "Renamed", labels: ["two", "three"], status: { name: "To Do" }, customfield_10042: { value: "Queued" }, customfield_10043: "REF-1" });
    expect(got.body.fields.updated).not.toBe(before);
    const fields = got.body.changelog.histories.flatMap((x: { items: { field: string }[] }) => x.items.map((i) => i.field));
    expect(fields).toEqual(expect.arrayContaining(["summary", "labels", "Automation Status", "LLM Context", "External Ref"]));
    const ret = await alice.put(`${API}/issue/${a.key}?returnIssue=true`, { update: { labels: [{ set: ["z"] }] } });
    expect(ret.status).toBe(200);
    expect(ret.body.fields.labels).toEqual(["z"]);
    const both = await alice.put(`${API}/issue/${a.key}`, { fields: { summary: "x" }, update: { summary: [{ set: "y" }] } });
    expect(both.status).toBe(400);
  });

  it("sets assignee by accountId and estimates via timetracking", async () => {
    const me = (await alice.get(`${API}/myself`)).body;
    const a = await create({ assignee: { accountId: me.accountId }, timetracking: { originalEstimate: "1d 2h" } });
    const got = await alice.get(`${API}/issue/${a.key}?fields=assignee,timetracking`);
    expect(got.body.fields.assignee.accountId).toBe(me.accountId);
    expect(got.body.fields.timetracking).toMatchObject({ originalEstimateSeconds: 36000, remainingEstimateSeconds: 36000, remainingEstimate: "1d 2h" });
    const bad = await alice.put(`${API}/issue/${a.key}`, { fields: { assignee: { accountId: "nobody" } } });
    expect(bad.status).toBe(400);
  });

  it("bulk-creates with partial success", async () => {
    const r = await alice.post(`${API}/issue/bulk`, {
      issueUpdates: [
        { fields: { project: { key: "OPS" }, issuetype: { name: "Bug" }, summary: "b1" } },
        { fields: { project: { key: "OPS" }, issuetype: { name: "Bug" } } },
        { fields: { project: { key: "PLAT" }, issuetype: { name: "Task" }, summary: "b3" } },
      ],
    });
    expect(r.status).toBe(201);
    expect(r.body.issues).toHaveLength(2);
    expect(r.body.errors).toEqual([{ status: 400, failedElementNumber: 1, elementErrors: { errorMessages: [], errors: { summary: expect.any(String) } } }]);
    const all = await alice.post(`${API}/issue/bulk`, { issueUpdates: [{ fields: {} }] });
    expect(all.status).toBe(400);
    const many = await alice.post(`${API}/issue/bulk`, { issueUpdates: Array.from({ length: 51 }, () => ({ fields: {} })) });
    expect(many.status).toBe(400);
  });

  it("deletes issues", async () => {
    const a = await create({});
    expect((await alice.del(`${API}/issue/${a.key}`)).status).toBe(204);
    expect((await alice.get(`${API}/issue/${a.key}`)).status).toBe(404);
  });

  it("refuses to delete an issue with sub-tasks unless deleteSubtasks=true", async () => {
    const parent = await alice.get(`${API}/search/jql?jql=${encodeURIComponent("parent = PLAT-5")}&fields=issuetype`);
    expect(parent.body.issues.map((i: { key: string }) => i.key)).toEqual(["PLAT-17"]);
    expect((await alice.del(`${API}/issue/PLAT-5`)).status).toBe(400);
    expect((await alice.del(`${API}/issue/PLAT-5?deleteSubtasks=true`)).status).toBe(204);
    expect((await alice.get(`${API}/issue/PLAT-17`)).status).toBe(404);
  });

  it("moves an issue: new key, old key still resolves", async () => {
    const a = await create({});
    const moved = h.admin.move(a.key, "PLAT");
    expect(moved.key).toMatch(/^PLAT-\d+$/);
    const old = await alice.get(`${API}/issue/${a.key}?fields=project,status`);
    expect(old.status).toBe(200);
    expect(old.body.key).toBe(moved.key);
    expect(old.body.fields.project.key).toBe("PLAT");
    expect(old.body.fields.status.name).toBe("Backlog");
    const hist = await alice.get(`${API}/issue/${moved.key}/changelog`);
    expect(hist.body.values.at(-1).items.map((i: { field: string }) => i.field)).toEqual(expect.arrayContaining(["Key", "project"]));
  });
});

describe("transitions", () => {
  it("offers only transitions from the current status; two hops to In Review", async () => {
    const a = await create({});
    const t1 = await alice.get(`${API}/issue/${a.key}/transitions`);
    expect(t1.body.transitions.map((t: { to: { name: string } }) => t.to.name)).toEqual(["In Progress"]);
    const direct = await alice.post(`${API}/issue/${a.key}/transitions`, { transition: { id: "21" } });
    expect(direct.status).toBe(400);
    expect((await alice.post(`${API}/issue/${a.key}/transitions`, { transition: { id: "11" } })).status).toBe(204);
    const t2 = await alice.get(`${API}/issue/${a.key}/transitions`);
    expect(t2.body.transitions.map((t: { to: { name: string } }) => t.to.name)).toEqual(expect.arrayContaining(["In Review", "AI Processing", "To Do"]));
    expect((await alice.post(`${API}/issue/${a.key}/transitions`, { transition: { id: "21" }, fields: { summary: "Reviewed" } })).status).toBe(204);
    const got = await alice.get(`${API}/issue/${a.key}?fields=status,summary,statuscategorychangedate&expand=changelog`);
    expect(got.body.fields.status.name).toBe("In Review");
    expect(got.body.fields.summary).toBe("Reviewed");
    expect((await alice.post(`${API}/issue/${a.key}/transitions`, {})).status).toBe(400);
  });

  it("AI path: In Progress → AI Processing → Validation → Auto Update → Done sets resolution", async () => {
    const a = await create({});
    for (const id of ["11", "51", "61", "71", "81"]) expect((await alice.post(`${API}/issue/${a.key}/transitions`, { transition: { id } })).status).toBe(204);
    const got = await alice.get(`${API}/issue/${a.key}?fields=status,resolution,resolutiondate`);
    expect(got.body.fields.status.name).toBe("Done");
    expect(got.body.fields.resolution.name).toBe("Done");
  });
});

describe("bulkfetch and changelog", () => {
  it("bulkfetch returns visible issues and reports the rest in issueErrors", async () => {
    const r = await carol.post(`${API}/issue/bulkfetch`, { issueIdsOrKeys: ["OPS-1", "PLAT-1", "NOPE-1", "10001"], fields: ["summary"] });
    expect(r.body.issues.map((i: { key: string }) => i.key)).toEqual(["OPS-1", "OPS-2"]);
    expect(r.body.issueErrors.map((e: { id: string }) => e.id)).toEqual(["PLAT-1", "NOPE-1"]);
    expect((await alice.post(`${API}/issue/bulkfetch`, { issueIdsOrKeys: Array.from({ length: 101 }, (_, i) => `OPS-${i}`) })).status).toBe(400);
    expect((await alice.post(`${API}/issue/bulkfetch`, {})).status).toBe(400);
  });

  it("pages the changelog and bulk-fetches changelogs filtered by field", async () => {
    const a = await create({});
    for (let i = 0; i < 5; i++) await alice.put(`${API}/issue/${a.key}`, { fields: { summary: `v${i}` } });
    const p1 = await alice.get(`${API}/issue/${a.key}/changelog?maxResults=2`);
    expect(p1.body).toMatchObject({ total: 5, isLast: false, maxResults: 2, startAt: 0 });
    const p3 = await alice.get(`${API}/issue/${a.key}/changelog?maxResults=2&startAt=4`);
    expect(p3.body.isLast).toBe(true);
    expect(p3.body.values[0].items[0]).toMatchObject({ field: "summary", fromString: "v3", toString: "v4" });
    const bulk = await alice.post(`${API}/changelog/bulkfetch`, { issueIdsOrKeys: [a.key, "OPS-3"], fieldIds: ["summary"], maxResults: 3 });
    expect(bulk.body.issueChangeLogs[0].changeHistories).toHaveLength(3);
    expect(bulk.body.nextPageToken).toBeDefined();
    const bulk2 = await alice.post(`${API}/changelog/bulkfetch`, { issueIdsOrKeys: [a.key, "OPS-3"], fieldIds: ["summary"], maxResults: 3, nextPageToken: bulk.body.nextPageToken });
    expect(bulk2.body.issueChangeLogs[0].changeHistories).toHaveLength(2);
    expect(bulk2.body.nextPageToken).toBeUndefined();
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- end of file */
