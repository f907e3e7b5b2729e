/**
 * The `company` seed: generated deterministically and fast (timing printed), shaped like a company site (30
 * projects, 5 hidden from alice, 5,000 issues, no AI fields, epics, sub-tasks, links, seven time zones, valid
 * ADF with lists, tables, code, links and mentions; wiki equivalents on Data Center), and served conformantly
 * on Cloud and Data Center: hidden projects answer 404 and stay out of search and links, the Done transition's
 * screen requires a resolution (400 in Jira's shape without it), Bugs require Severity on create (400 with a
 * field error), and the `Date` header and timestamps follow Jira's clock, offset from the machine's. Every
 * response is validated against the official spec by the test client.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON inspected by assertions */
import process from "node:process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adfError, type AdfNode } from "./adf";
import { CF } from "./base";
import { AI_FIELDS_PROJECT, COMPANY_CF, COMPANY_ISSUES, companyState, HIDDEN_FROM_ALICE } from "./company";
import { DEFAULT_SEED_BASE } from "./seed";
import type { SimHandle } from "./server";
import { adf, cloudSim, dcSim, type Client } from "./test/harness";

const API = "/rest/api/3";

function nodeTypes(n: AdfNode, out = new Set<string>()): Set<string> {
  out.add(n.type);
  for (const m of (n.marks ?? []) as { type: string }[]) out.add(`mark:${m.type}`);
  for (const c of n.content ?? []) nodeTypes(c, out);
  return out;
}

describe("company seed generation", () => {
  it("is deterministic, fast, and shaped like a company site", () => {
    // Wall time on a shared machine says little; the CPU time this process spent is printed too.
    const timed = <T>(f: () => T): [T, string, number] => {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const out = f();
      const cpu = process.cpuUsage(cpu0);
      return [out, `${(performance.now() - t0).toFixed(0)} ms wall, ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms CPU`, (cpu.user + cpu.system) / 1000];
    };
    const [a, first] = timed(() => companyState("cloud", DEFAULT_SEED_BASE));
    const [b, again, againCpu] = timed(() => companyState("cloud", DEFAULT_SEED_BASE));
    const [dc, dcTime] = timed(() => companyState("datacenter", DEFAULT_SEED_BASE));
    process.stdout.write(`company seed, 5,000 issues: cloud ${first} (first), ${again} (again); datacenter ${dcTime}\n`);
    expect(againCpu).toBeLessThan(2_000);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(companyState("cloud", DEFAULT_SEED_BASE, 7).issues[0]?.summary).not.toBeUndefined();

    expect(a.projects).toHaveLength(30);
    expect(a.issues).toHaveLength(COMPANY_ISSUES);
    const names = a.fields.map((f) => f.name);
    expect(names).not.toContain("Automation Status");
    for (const ai of ["LLM Context", "Model Suggestions"]) expect(a.fields.find((f) => f.name === ai)?.projects).toEqual([AI_FIELDS_PROJECT]);
    const alice = a.users.find((u) => u.name === "alice");
    expect(alice?.deniedProjects).toEqual([...HIDDEN_FROM_ALICE]);
    expect(new Set(a.users.map((u) => u.timeZone)).size).toBeGreaterThanOrEqual(7);
    const count = (typeId: string): number => a.issues.filter((i) => i.issueTypeId === typeId).length;
    expect(count("10000")).toBeGreaterThan(100); // epics
    expect(count("10004")).toBeGreaterThan(300); // sub-tasks, each with a parent in its project
    const byId = new Map(a.issues.map((i) => [i.id, i]));
    for (const s of a.issues.filter((i) => i.issueTypeId === "10004")) expect(byId.get(s.parentId ?? "")?.projectKey).toBe(s.projectKey);
    expect(a.issues.filter((i) => i.parentId !== null && i.issueTypeId !== "10004").length).toBeGreaterThan(500); // epic children
    expect(a.links.length).toBeGreaterThan(500);
    expect(new Set(a.links.map((l) => l.type))).toEqual(new Set(["Blocks", "Cloners", "Duplicate", "Relates"]));
    expect(a.links.some((l) => HIDDEN_FROM_ALICE.some((k) => byId.get(l.inwardIssueId)?.projectKey === k))).toBe(true);
    // Bugs always carry the Severity their projects require.
    expect(a.issues.filter((i) => i.issueTypeId === "10002").every((i) => typeof i.custom[COMPANY_CF.severity] === "string")).toBe(true);
    // Summaries are varied sentences, not "Generated issue N" (sub-tasks repeat, as they do on real sites).
    expect(new Set(a.issues.map((i) => i.summary)).size).toBeGreaterThan(1_000);

    // Descriptions: valid ADF using real formatting; the Data Center twin holds the same as wiki markup.
    const docs = a.issues.map((i) => i.description).filter((d): d is AdfNode => d !== null);
    expect(docs.length).toBeGreaterThan(4_000);
    const types = new Set<string>();
    docs.forEach((d, n) => {
      if (n % 20 === 0) expect(adfError(d), JSON.stringify(d)).toBeNull();
      nodeTypes(d, types);
    });
    for (const t of ["heading", "bulletList", "orderedList", "codeBlock", "table", "tableHeader", "mention", "rule", "mark:link", "mark:strong", "mark:em", "mark:code"]) expect(types).toContain(t);
    const wiki = dc.issues.map((i) => i.description).filter((d): d is string => typeof d === "string").join("\n");
    for (const m of ["h3. ", "\n# ", "\n* ", "{code:", "||Environment||", "[~", "|https://", "{{", "----"]) expect(wiki).toContain(m);
  });
});

describe.each([
  ["cloud", cloudSim, "/rest/api/3"],
  ["datacenter", dcSim, "/rest/api/2"],
] as const)("company site served (%s)", (mode, start, api) => {
  let h: SimHandle;
  let alice: Client;
  let bob: Client;
  const text = (s: string): unknown => (mode === "cloud" ? adf(s) : s);

  beforeAll(async () => {
    ({ h, alice, bob } = await start({ seed: "company", clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true }));
  });
  afterAll(() => h.stop());

  it("hides the projects alice may not browse: 404 on direct access, absent from lists, search and links", async () => {
    const projects = mode === "cloud" ? (await alice.get(`${api}/project/search?maxResults=100`)).body.values : (await alice.get(`${api}/project`)).body;
    expect(projects).toHaveLength(25);
    for (const k of HIDDEN_FROM_ALICE) expect(projects.map((p: { key: string }) => p.key)).not.toContain(k);
    const hidden = h.sim.store.state.issues.find((i) => i.projectKey === "HR");
    expect((await alice.get(`${api}/issue/${hidden?.key ?? ""}`)).status).toBe(404);
    expect((await bob.get(`${api}/issue/${hidden?.key ?? ""}`)).status).toBe(200);
    expect((await alice.get(`${api}/project/HR`)).status).toBe(404);
    const search = mode === "cloud" ? `${api}/search/jql` : `${api}/search`;
    const bad = await alice.post(search, { jql: "project = HR" });
    expect(bad.status).toBe(400);
    expect(bad.body.errorMessages[0]).toMatch(/The value 'HR' does not exist for the field 'project'/);
    const text2 = await alice.post(search, { jql: "text ~ \"checkout\" ORDER BY key", fields: ["summary", "issuelinks", "project"], maxResults: 100 });
    expect(text2.status).toBe(200);
    for (const i of text2.body.issues) {
      expect(HIDDEN_FROM_ALICE).not.toContain(i.fields.project.key);
      for (const l of i.fields.issuelinks) expect(HIDDEN_FROM_ALICE).not.toContain(((l.inwardIssue ?? l.outwardIssue) as { key: string }).key.split("-")[0]);
    }
    const linked = h.sim.store.state.links.find((l) => h.sim.store.issue(l.inwardIssueId)?.projectKey === "HR" && !HIDDEN_FROM_ALICE.some((k) => h.sim.store.issue(l.outwardIssueId)?.projectKey === k));
    const from = h.sim.store.issue(linked?.outwardIssueId ?? "");
    const seen = await alice.get(`${api}/issue/${from?.key ?? ""}?fields=issuelinks`);
    expect(seen.body.fields.issuelinks.some((l: { id: string }) => l.id === linked?.id)).toBe(false);
    const asBob = await bob.get(`${api}/issue/${from?.key ?? ""}?fields=issuelinks`);
    expect(asBob.body.fields.issuelinks.some((l: { id: string }) => l.id === linked?.id)).toBe(true);
  });

  it("reads whole issues with every field, names and rendered fields", async () => {
    const search = mode === "cloud" ? `${api}/search/jql` : `${api}/search`;
    const r = await alice.post(search, { jql: "project in (SRCH, NOTIF) ORDER BY key", fields: ["*all"], expand: mode === "cloud" ? "names,renderedFields" : ["names", "renderedFields"], maxResults: 100 });
    expect(r.status).toBe(200);
    expect(r.body.issues.length).toBe(100);
    const epic = r.body.issues.find((i: { fields: { issuetype: { name: string } } }) => i.fields.issuetype.name === "Epic");
    expect(epic).toBeDefined();
    const sub = h.sim.store.state.issues.find((i) => i.issueTypeId === "10004" && i.projectKey === "SRCH");
    const got = await alice.get(`${api}/issue/${sub?.key ?? ""}?expand=changelog,renderedFields,names`);
    expect(got.body.fields.parent.key).toMatch(/^SRCH-/);
    expect(got.body.fields.issuetype.subtask).toBe(true);
  });

  it("requires a resolution on the Done transition's screen, in Jira's error shape", async () => {
    const key = (await alice.post(`${api}/issue`, { fields: { project: { key: "SRCH" }, issuetype: { name: "Task" }, summary: "Close me", description: text("d") } })).body.key as string;
    const list = await alice.get(`${api}/issue/${key}/transitions?expand=transitions.fields`);
    const done = list.body.transitions.find((t: { name: string }) => t.name === "Done");
    expect(done).toMatchObject({ id: "31", hasScreen: true, fields: { resolution: { required: true, key: "resolution", name: "Resolution", operations: ["set"] } } });
    expect(done.fields.resolution.allowedValues.map((v: { name: string }) => v.name)).toEqual(["Done", "Won't Do", "Duplicate", "Cannot Reproduce"]);
    expect((await alice.get(`${api}/issue/${key}/transitions`)).body.transitions[0].fields).toBeUndefined();

    const refused = await alice.post(`${api}/issue/${key}/transitions`, { transition: { id: "31" } });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ errorMessages: ["Field Resolution is required."], errors: {} });
    const wrongValue = await alice.post(`${api}/issue/${key}/transitions`, { transition: { id: "31" }, fields: { resolution: { name: "Fixed" } } });
    expect(wrongValue.status).toBe(400);
    expect(wrongValue.body.errors.resolution).toMatch(/Fixed/);
    // A field off the screen (or a resolution on a transition without a screen) cannot be set.
    const offScreen = await alice.post(`${api}/issue/${key}/transitions`, { transition: { id: "11" }, fields: { resolution: { name: "Done" } } });
    expect(offScreen.status).toBe(400);
    expect(offScreen.body.errors.resolution).toMatch(/cannot be set/);
    expect((await alice.get(`${api}/issue/${key}?fields=status`)).body.fields.status.name).toBe("To Do");

    expect((await alice.post(`${api}/issue/${key}/transitions`, { transition: { id: "31" }, fields: { resolution: { name: "Won't Do" } } })).status).toBe(204);
    const closed = await alice.get(`${api}/issue/${key}?fields=status,resolution,resolutiondate&expand=changelog`);
    expect(closed.body.fields.status.name).toBe("Done");
    expect(closed.body.fields.resolution).toMatchObject({ id: "10001", name: "Won't Do" });
    const items = closed.body.changelog.histories.flatMap((x: { items: { field: string; toString?: string }[] }) => x.items);
    expect(items).toContainEqual(expect.objectContaining({ field: "resolution", toString: "Won't Do" }));
    // Reopening clears the resolution.
    expect((await alice.post(`${api}/issue/${key}/transitions`, { transition: { id: "51" } })).status).toBe(204);
    expect((await alice.get(`${api}/issue/${key}?fields=resolution`)).body.fields.resolution).toBeNull();
  });

  it("reads JQL dates in each user's own time zone", async () => {
    // The clock is frozen at 2025-06-10 08:30 UTC: 10:30 in Berlin (alice), 01:30 in Los Angeles (bob).
    const key = (await alice.post(`${api}/issue`, { fields: { project: { key: "NOTIF" }, issuetype: { name: "Task" }, summary: "Zoned" } })).body.key as string;
    const search = mode === "cloud" ? `${api}/search/jql` : `${api}/search`;
    const jql = `project = NOTIF AND created >= "2025-06-10 10:00"`;
    const keys = async (c: Client): Promise<string[]> => ((await c.post(search, { jql, fields: ["summary"] })).body.issues as { key: string }[]).map((i) => i.key);
    expect(await keys(alice)).toEqual([key]);
    expect(await keys(bob)).toEqual([]);
  });

  it("requires Severity when creating a Bug in a software project (400 with a field error)", async () => {
    const bug = { project: { key: "SRCH" }, issuetype: { name: "Bug" }, summary: "Crash", description: text("boom") };
    const refused = await alice.post(`${api}/issue`, { fields: bug });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ errorMessages: [], errors: { [COMPANY_CF.severity]: "Severity is required." } });
    const made = await alice.post(`${api}/issue`, { fields: { ...bug, [COMPANY_CF.severity]: { value: "S2 - Major" } } });
    expect(made.status).toBe(201);
    expect((await alice.get(`${api}/issue/${made.body.key as string}?fields=${COMPANY_CF.severity}`)).body.fields[COMPANY_CF.severity]).toMatchObject({ value: "S2 - Major" });
    expect((await alice.post(`${api}/issue`, { fields: { ...bug, issuetype: { name: "Task" } } })).status).toBe(201);
    const hidden = await alice.post(`${api}/issue`, { fields: { ...bug, project: { key: "HR" }, issuetype: { name: "Task" } } });
    expect(hidden.status).toBe(400);
    expect(hidden.body.errors.project).toMatch(/valid project/);
  });

  it("carries LLM Context and Model Suggestions on OPS issues only (the fields' context)", async () => {
    const task = (project: string) => ({ project: { key: project }, issuetype: { name: "Task" }, summary: "Context", [CF.llmContext]: text("Builds fail on expired certificates"), [CF.modelSuggestions]: text("Order the certificate") });
    const ops = await alice.post(`${api}/issue`, { fields: task(AI_FIELDS_PROJECT) });
    expect(ops.status).toBe(201);
    const read = (await alice.get(`${api}/issue/${ops.body.key as string}?fields=${CF.llmContext},${CF.modelSuggestions}`)).body.fields;
    expect(JSON.stringify(read[CF.llmContext])).toContain("expired certificates");
    expect(JSON.stringify(read[CF.modelSuggestions])).toContain("Order the certificate");
    const web = await alice.post(`${api}/issue`, { fields: task("WEB") });
    expect(web.status).toBe(400);
    expect(web.body.errors[CF.llmContext]).toMatch(/cannot be set/);
  });
});

describe("Jira's clock offset from the machine's", () => {
  let h: SimHandle;
  let alice: Client;
  beforeAll(async () => {
    ({ h, alice } = await cloudSim({ seed: "company", clockOffsetMs: -300_000 }));
  });
  afterAll(() => h.stop());

  it("moves the Date header, serverTime and every new timestamp with it", async () => {
    const r = await alice.get(`${API}/serverInfo`);
    const behind = Date.now() - 300_000;
    expect(Math.abs(Date.parse(String(r.headers.date)) - behind)).toBeLessThan(3_000);
    expect(Math.abs(Date.parse(String(r.body.serverTime).replace(/(\d\d)(\d\d)$/, "$1:$2")) - behind)).toBeLessThan(3_000);
    const c = await alice.post(`${API}/issue`, { fields: { project: { key: "WEB" }, issuetype: { name: "Task" }, summary: "clock" } });
    const got = await alice.get(`${API}/issue/${c.body.key as string}?fields=created,updated`);
    expect(Math.abs(Date.parse(String(got.body.fields.created).replace(/(\d\d)(\d\d)$/, "$1:$2")) - behind)).toBeLessThan(3_000);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- end of file */
