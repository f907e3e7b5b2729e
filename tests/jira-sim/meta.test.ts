/**
 * Cloud metadata endpoints, authentication and project permissions.
 */
/* eslint-disable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON inspected by assertions */
import { Buffer } from "node:buffer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudSim, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client, bob: Client, carol: Client, anon: Client;

beforeAll(async () => {
  ({ h, alice, bob, carol, anon } = await cloudSim());
});
afterAll(() => h.stop());

describe("auth", () => {
  it("refuses missing, wrong and Bearer credentials with 401", async () => {
    expect((await anon.get("/rest/api/3/myself")).status).toBe(401);
    const wrong = anon.as("Basic " + Buffer.from("alice@example.com:nope").toString("base64"));
    const r = await wrong.get("/rest/api/3/myself");
    expect(r.status).toBe(401);
    expect(r.body).toEqual({ errorMessages: [expect.stringContaining("not authenticated")], errors: {} });
    expect((await anon.as("Bearer alice-personal-access-token").get("/rest/api/3/myself")).status).toBe(401);
  });

  it("hides projects the user may not browse (404 for issues, absent from search and project lists)", async () => {
    expect((await carol.get("/rest/api/3/issue/PLAT-1")).status).toBe(404);
    expect((await alice.get("/rest/api/3/issue/PLAT-1")).status).toBe(200);
    const s = await carol.get("/rest/api/3/search/jql?jql=" + encodeURIComponent("project in (OPS) OR labels = llm") + "&maxResults=100&fields=project");
    expect(s.status).toBe(200);
    expect(s.body.issues.every((i: { key: string }) => i.key.startsWith("OPS-"))).toBe(true);
    expect((await carol.get("/rest/api/3/search/jql?jql=project%3DPLAT")).status).toBe(400);
    const p = await carol.get("/rest/api/3/project/search");
    expect(p.body.values.map((x: { key: string }) => x.key)).toEqual(["OPS"]);
    expect((await carol.get("/rest/api/3/project/PLAT/statuses")).status).toBe(404);
  });

  it("refuses browser-like writes without X-Atlassian-Token (XSRF)", async () => {
    const r = await alice.call("PUT", "/rest/api/3/issue/OPS-1", { fields: { summary: "x" } }, { "User-Agent": "Mozilla/5.0 Electron" });
    expect(r.status).toBe(403);
    const ok = await alice.call("PUT", "/rest/api/3/issue/OPS-1", { fields: { summary: "Incident automation" } }, { "User-Agent": "Mozilla/5.0 Electron", "X-Atlassian-Token": "no-check" });
    expect(ok.status).toBe(204);
  });
});

describe("metadata", () => {
  it("GET /myself gives account id, display name, email and time zone", async () => {
    const a = await alice.get("/rest/api/3/myself");
    expect(a.body).toMatchObject({ emailAddress: "alice@example.com", displayName: "Alice Berlin", timeZone: "Europe/Berlin" });
    expect(typeof a.body.accountId).toBe("string");
    expect((await bob.get("/rest/api/3/myself")).body.timeZone).toBe("America/Los_Angeles");
  });

  it("GET /serverInfo", async () => {
    const r = await alice.get("/rest/api/3/serverInfo");
    expect(r.body.deploymentType).toBe("Cloud");
    expect(r.body.serverTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}[+-]\d{4}$/);
  });

  it("GET /field lists system and custom fields", async () => {
    const r = await alice.get("/rest/api/3/field");
    const byName = new Map(r.body.map((f: { name: string }) => [f.name, f]));
    expect(byName.get("LLM Context")).toMatchObject({ id: "customfield_10040", custom: true, schema: { custom: expect.stringContaining("textarea") } });
    expect(byName.get("Model Suggestions")).toMatchObject({ custom: true, schema: { custom: expect.stringContaining("textarea") } });
    expect(byName.get("Automation Status")).toMatchObject({ custom: true, schema: { type: "option" } });
    expect(byName.get("Summary")).toMatchObject({ id: "summary", custom: false });
  });

  it("GET /project/search pages", async () => {
    const p1 = await alice.get("/rest/api/3/project/search?maxResults=1");
    expect(p1.body).toMatchObject({ total: 2, isLast: false, startAt: 0, maxResults: 1 });
    expect(p1.body.values[0].key).toBe("OPS");
    const p2 = await alice.get("/rest/api/3/project/search?maxResults=1&startAt=1");
    expect(p2.body).toMatchObject({ isLast: true, values: [{ key: "PLAT" }] });
  });

  it("GET /project/{key}/statuses, /statuscategory, /priority", async () => {
    const s = await alice.get("/rest/api/3/project/OPS/statuses");
    const names = s.body[0].statuses.map((x: { name: string }) => x.name);
    expect(names).toEqual(expect.arrayContaining(["To Do", "In Progress", "In Review", "AI Processing", "Validation", "Auto Update", "Done"]));
    const plat = await alice.get("/rest/api/3/project/PLAT/statuses");
    expect(plat.body[0].statuses.map((x: { name: string }) => x.name)).toContain("Review");
    const cats = await alice.get("/rest/api/3/statuscategory");
    expect(cats.body.map((c: { key: string }) => c.key)).toEqual(["undefined", "new", "indeterminate", "done"]);
    const pr = await alice.get("/rest/api/3/priority");
    expect(pr.body).toHaveLength(5);
  });

  it("GET /user/assignable/search only lists users with access", async () => {
    const ops = await alice.get("/rest/api/3/user/assignable/search?project=OPS");
    expect(ops.body.map((u: { emailAddress: string }) => u.emailAddress)).toEqual(["alice@example.com", "bob@example.com", "carol@example.com"]);
    const plat = await alice.get("/rest/api/3/user/assignable/search?project=PLAT");
    expect(plat.body.map((u: { emailAddress: string }) => u.emailAddress)).toEqual(["alice@example.com", "bob@example.com"]);
    const q = await alice.get("/rest/api/3/user/assignable/search?issueKey=OPS-1&query=bob");
    expect(q.body).toHaveLength(1);
    expect((await alice.get("/rest/api/3/user/assignable/search")).status).toBe(400);
  });

  it("answers 404 for unknown routes with Jira's error shape", async () => {
    const r = await alice.get("/rest/api/3/nope");
    expect(r.status).toBe(404);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access -- end of file */
