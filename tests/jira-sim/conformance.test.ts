/**
 * Conformance: the spec helper itself (schema lookup by method + path template + status, nullable handling,
 * rejection of wrong bodies), refusal of requests the spec forbids (missing required bodies or properties,
 * invalid JSON), and a tour over every implemented Cloud operation asserting that each one's response was
 * validated against its schema in the official document. (The other test files validate every response too.)
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adf, checkedOperations, cloudSim, type Client } from "./test/harness";
import { checkResponse, loadSpec, matchTemplate, operation, responseSchema, transform } from "./test/openapi";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client;
const API = "/rest/api/3";

beforeAll(async () => {
  ({ h, alice } = await cloudSim({ clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true }));
});
afterAll(() => h.stop());

describe("spec helper", () => {
  const spec = loadSpec("cloud");

  it("finds schemas by method + path template + status", () => {
    expect(responseSchema(spec, "GET", "/rest/api/3/issue/{issueIdOrKey}", 200)).toEqual({ $ref: "#/components/schemas/IssueBean" });
    expect(responseSchema(spec, "POST", "/rest/api/3/issue/bulk", 400)).toEqual({ $ref: "#/components/schemas/CreatedIssues" });
    expect(responseSchema(spec, "DELETE", "/rest/api/3/issue/{issueIdOrKey}", 204)).toBeNull();
    expect(matchTemplate(spec, "/rest/api/3/issue/bulkfetch")).toBe("/rest/api/3/issue/bulkfetch");
    expect(matchTemplate(spec, "/rest/api/3/issue/OPS-1/worklog/5")).toBe("/rest/api/3/issue/{issueIdOrKey}/worklog/{id}");
    expect(matchTemplate(loadSpec("datacenter"), "/rest/api/2/search")).toBe("/api/2/search");
  });

  it("turns nullable into JSON Schema and resolves refs", () => {
    expect(transform({ type: "string", nullable: true }, "x")).toEqual({ type: ["string", "null"] });
    expect(transform({ $ref: "#/components/schemas/A", nullable: true }, "x")).toEqual({ anyOf: [{ $ref: "x#/components/schemas/A" }, { type: "null" }] });
  });

  it("rejects bodies that do not match", () => {
    expect(checkResponse(spec, "GET", "/rest/api/3/search/jql", 200, { issues: [], isLast: "yes" }).errors.length).toBeGreaterThan(0);
    expect(checkResponse(spec, "GET", "/rest/api/3/search/jql", 200, { issues: [], isLast: true, total: 3 }).errors.join()).toMatch(/additional/);
    expect(checkResponse(spec, "GET", "/rest/api/3/issue/{issueIdOrKey}/changelog".replace("{issueIdOrKey}", "X-1"), 200, { values: [{ items: [{ from: null }] }] }).errors.length).toBeGreaterThan(0);
    expect(checkResponse(spec, "GET", "/rest/api/3/myself", 200, { accountId: "a" }).errors).toEqual([]);
  });
});

describe("requests the spec forbids are refused", () => {
  it("400 for missing required request bodies", async () => {
    const paths = loadSpec("cloud").doc.paths as Record<string, Record<string, { requestBody?: { required?: boolean } }>>;
    const cases: [string, string, string][] = [
      ["POST", "/rest/api/3/search/jql", `${API}/search/jql`],
      ["POST", "/rest/api/3/search/approximate-count", `${API}/search/approximate-count`],
      ["POST", "/rest/api/3/issue/bulkfetch", `${API}/issue/bulkfetch`],
      ["POST", "/rest/api/3/issue", `${API}/issue`],
      ["POST", "/rest/api/3/issue/bulk", `${API}/issue/bulk`],
      ["PUT", "/rest/api/3/issue/{issueIdOrKey}", `${API}/issue/OPS-1`],
      ["POST", "/rest/api/3/issue/{issueIdOrKey}/transitions", `${API}/issue/OPS-1/transitions`],
      ["POST", "/rest/api/3/issue/{issueIdOrKey}/worklog", `${API}/issue/OPS-3/worklog`],
      ["PUT", "/rest/api/3/issue/{issueIdOrKey}/worklog/{id}", `${API}/issue/OPS-3/worklog/20000`],
      ["POST", "/rest/api/3/worklog/list", `${API}/worklog/list`],
      ["POST", "/rest/api/3/changelog/bulkfetch", `${API}/changelog/bulkfetch`],
    ];
    for (const [m, template, path] of cases) {
      expect(paths[template]?.[m.toLowerCase()]?.requestBody?.required, template).toBe(true);
      const r = await alice.call(m, path);
      expect(r.status, `${m} ${path} without body`).toBe(400);
    }
  });

  it("400 for missing required properties and malformed JSON", async () => {
    const spec = loadSpec("cloud");
    expect(operation(spec, "POST", "/rest/api/3/worklog/list")).not.toBeNull();
    for (const path of [`${API}/issue/bulkfetch`, `${API}/worklog/list`, `${API}/changelog/bulkfetch`]) expect((await alice.post(path, {})).status, path).toBe(400);
    expect((await alice.call("POST", `${API}/issue`, "{not json")).status).toBe(400);
    expect((await alice.post(`${API}/issue/OPS-1/transitions`, { transition: {} })).status).toBe(400);
    expect((await alice.put(`${API}/issue/OPS-1`, { fields: { summary: "" } })).status).toBe(400);
    expect((await alice.put(`${API}/issue/OPS-1`, { fields: { summary: "x".repeat(256) } })).status).toBe(400);
    expect((await alice.get(`${API}/search/jql?jql=project%3DOPS&maxResults=-1`)).status).toBe(400);
    expect((await alice.call("PATCH", `${API}/issue/OPS-1`, {})).status).toBe(405);
  });
});

describe("every implemented Cloud operation conforms", () => {
  it("tours all operations and validates each response against the spec", async () => {
    await alice.get(`${API}/myself`);
    await alice.get(`${API}/serverInfo`);
    await alice.get(`${API}/field`);
    await alice.get(`${API}/project/search`);
    await alice.get(`${API}/project/OPS/statuses`);
    await alice.get(`${API}/statuscategory`);
    await alice.get(`${API}/status`);
    await alice.get(`${API}/priority`);
    await alice.get(`${API}/user/assignable/search?project=OPS`);
    await alice.get(`${API}/search/jql?jql=project%3DOPS&fields=*all&expand=names,renderedFields,changelog`);
    await alice.post(`${API}/search/jql`, { jql: "project = PLAT", fields: ["*navigable"], maxResults: 5 });
    await alice.post(`${API}/search/approximate-count`, { jql: "project = PLAT" });
    await alice.post(`${API}/issue/bulkfetch`, { issueIdsOrKeys: ["OPS-1", "NOPE-1"], fields: ["*all"], expand: ["renderedFields", "names"] });
    await alice.get(`${API}/issue/OPS-3?expand=changelog,renderedFields,names`);
    const c = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" }, issuetype: { name: "Story" }, summary: "tour", description: adf("d"), customfield_10040: adf("c"), customfield_10042: { value: "Idle" }, parent: { key: "OPS-1" } } });
    const key: string = c.body.key;
    await alice.post(`${API}/issue/bulk`, { issueUpdates: [{ fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "t2" } }, { fields: {} }] });
    await alice.post(`${API}/issue/bulk`, { issueUpdates: [{ fields: {} }] });
    await alice.put(`${API}/issue/${key}`, { fields: { summary: "tour 2" } });
    await alice.put(`${API}/issue/${key}?returnIssue=true`, { fields: { summary: "tour 3" } });
    await alice.get(`${API}/issue/${key}/transitions`);
    await alice.post(`${API}/issue/${key}/transitions`, { transition: { id: "11" } });
    const w = await alice.post(`${API}/issue/${key}/worklog`, { started: "2025-06-10T10:00:00.000+0200", timeSpent: "1h", comment: adf("w") });
    await alice.get(`${API}/issue/${key}/worklog`);
    await alice.get(`${API}/issue/${key}/worklog/${w.body.id as string}`);
    await alice.put(`${API}/issue/${key}/worklog/${w.body.id as string}`, { timeSpent: "2h" });
    h.admin.clock.advance(120_000);
    await alice.get(`${API}/worklog/updated?since=0`);
    await alice.post(`${API}/worklog/list`, { ids: [Number(w.body.id)] });
    await alice.del(`${API}/issue/${key}/worklog/${w.body.id as string}`);
    h.admin.clock.advance(120_000);
    await alice.get(`${API}/worklog/deleted?since=0`);
    await alice.get(`${API}/issue/${key}/changelog`);
    await alice.post(`${API}/changelog/bulkfetch`, { issueIdsOrKeys: [key, "OPS-3"] });
    await alice.get(`${API}/issueLinkType`);
    await alice.post(`${API}/issueLink`, { type: { name: "Blocks" }, inwardIssue: { key: "OPS-3" }, outwardIssue: { key: key } });
    const links = (await alice.get(`${API}/issue/OPS-3?fields=issuelinks`)).body.fields.issuelinks as { id: string; outwardIssue?: { key: string } }[];
    const linkId = links.find((l) => l.outwardIssue?.key === key)?.id ?? "";
    await alice.get(`${API}/issueLink/${linkId}`);
    await alice.del(`${API}/issueLink/${linkId}`);
    await alice.del(`${API}/issue/${key}`);
    const expected = [
      "GET /rest/api/3/myself 200",
      "GET /rest/api/3/serverInfo 200",
      "GET /rest/api/3/field 200",
      "GET /rest/api/3/project/search 200",
      "GET /rest/api/3/project/{projectIdOrKey}/statuses 200",
      "GET /rest/api/3/statuscategory 200",
      "GET /rest/api/3/priority 200",
      "GET /rest/api/3/user/assignable/search 200",
      "GET /rest/api/3/search/jql 200",
      "POST /rest/api/3/search/jql 200",
      "POST /rest/api/3/search/approximate-count 200",
      "POST /rest/api/3/issue/bulkfetch 200",
      "GET /rest/api/3/issue/{issueIdOrKey} 200",
      "POST /rest/api/3/issue 201",
      "POST /rest/api/3/issue/bulk 201",
      "POST /rest/api/3/issue/bulk 400",
      "PUT /rest/api/3/issue/{issueIdOrKey} 200",
      "GET /rest/api/3/issue/{issueIdOrKey}/transitions 200",
      "POST /rest/api/3/issue/{issueIdOrKey}/worklog 201",
      "GET /rest/api/3/issue/{issueIdOrKey}/worklog 200",
      "GET /rest/api/3/issue/{issueIdOrKey}/worklog/{id} 200",
      "PUT /rest/api/3/issue/{issueIdOrKey}/worklog/{id} 200",
      "GET /rest/api/3/worklog/updated 200",
      "GET /rest/api/3/worklog/deleted 200",
      "POST /rest/api/3/worklog/list 200",
      "GET /rest/api/3/issue/{issueIdOrKey}/changelog 200",
      "POST /rest/api/3/changelog/bulkfetch 200",
      "GET /rest/api/3/issueLinkType 200",
      "GET /rest/api/3/issueLink/{linkId} 200",
    ];
    expect([...checkedOperations].filter((op) => expected.includes(op)).sort()).toEqual([...expected].sort());
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- end of file */
