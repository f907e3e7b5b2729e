// fetchBrowsableProjects (issue #12, item 1): the projects the user can browse, with names, against the
// simulator's company seed on both deployments (Cloud `GET /rest/api/3/project/search?action=browse` paged by
// startAt until isLast, Data Center `GET /rest/api/2/project`), projects alice may not browse left out; paging
// with small pages, a page without isLast, an empty non-last page, and a failure, with a scripted client.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HIDDEN_FROM_ALICE } from "../../tests/jira-sim/company";
import { startSimulator, type SimHandle } from "../../tests/jira-sim/server";
import { JiraTransport, type JiraCredentials } from "../src/jira/client";
import { fetchBrowsableProjects } from "../src/jira/projects";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { FakeClock, FakeHttp, FixedRandom } from "./fakes/jira-fakes";

const ALICE: JiraCredentials = { deployment: "cloud", email: "alice@example.com", apiToken: "alice-api-token" };
const ALICE_PAT: JiraCredentials = { deployment: "datacenter", personalAccessToken: "alice-personal-access-token" };

let cloud: SimHandle;
let dc: SimHandle;

beforeAll(async () => {
  [cloud, dc] = await Promise.all([startSimulator({ seed: "company" }), startSimulator({ seed: "company", mode: "datacenter" })]);
});
afterAll(async () => {
  await Promise.all([cloud.stop(), dc.stop()]);
});

const transport = (siteUrl: string, credentials: JiraCredentials, http: FetchHttpClient | FakeHttp = new FetchHttpClient()) =>
  new JiraTransport({ siteUrl, credentials, http, clock: new FakeClock(), random: new FixedRandom([0.5]), timeoutMs: 5000 });

describe("fetchBrowsableProjects against the simulator (company seed)", () => {
  it.each([
    ["Cloud", () => cloud, ALICE, "GET /rest/api/3/project/search 200"],
    ["Data Center", () => dc, ALICE_PAT, "GET /rest/api/2/project 200"],
  ])("%s: lists the 25 projects alice may browse, with names, sorted by key", async (_name, sim, credentials, request) => {
    sim().admin.clearLog();
    const listing = await fetchBrowsableProjects(transport(sim().url, credentials));
    if (!listing.ok) throw new Error(listing.message);
    expect(listing.projects).toHaveLength(25);
    expect(listing.projects.map((p) => p.key)).toEqual([...listing.projects.map((p) => p.key)].sort());
    for (const hidden of HIDDEN_FROM_ALICE) expect(listing.projects.map((p) => p.key)).not.toContain(hidden);
    expect(listing.projects.find((p) => p.key === "OPS")?.name).toBeTruthy();
    expect(listing.projects.every((p) => p.name !== "" && p.name !== p.key)).toBe(true);
    expect(sim().admin.log().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual([request]);
  });

  it("Cloud: a wrong token is Jira's problem in one sentence", async () => {
    const listing = await fetchBrowsableProjects(transport(cloud.url, { ...ALICE, apiToken: "wrong" }));
    expect(listing.ok).toBe(false);
    expect(!listing.ok && listing.message).toMatch(/401/);
  });
});

describe("fetchBrowsableProjects paging (Cloud)", () => {
  const page = (startAt: number, keys: string[], extra: Record<string, unknown>) => ({
    status: 200,
    headers: { "content-type": "application/json" },
    text: JSON.stringify({ startAt, maxResults: keys.length, values: keys.map((key) => ({ key, name: `${key} project` })), ...extra }),
  });

  it("follows startAt until isLast, asking for browsable projects", async () => {
    const http = new FakeHttp([page(0, ["B", "A"], { isLast: false, total: 5 }), page(2, ["C", "D"], { isLast: false, total: 5 }), page(4, ["E", "A"], { isLast: true, total: 5 })]);
    const listing = await fetchBrowsableProjects(transport("https://x.atlassian.net", ALICE, http));
    expect(listing).toEqual({ ok: true, projects: ["A", "B", "C", "D", "E"].map((key) => ({ key, name: `${key} project` })) });
    expect(http.requests.map((r) => r.url)).toEqual([0, 2, 4].map((s) => `https://x.atlassian.net/rest/api/3/project/search?action=browse&maxResults=100&orderBy=key&startAt=${s}`));
  });

  it("without isLast, reads on while total says more follow; an empty page ends it", async () => {
    const noFlag = new FakeHttp([page(0, ["A"], { total: 2 }), page(1, ["B"], { total: 2 })]);
    expect(await fetchBrowsableProjects(transport("https://x.atlassian.net", ALICE, noFlag))).toMatchObject({ ok: true, projects: [{ key: "A" }, { key: "B" }] });
    expect(noFlag.requests).toHaveLength(2);
    const empty = new FakeHttp([page(0, ["A"], { isLast: false }), page(1, [], { isLast: false })]);
    expect(await fetchBrowsableProjects(transport("https://x.atlassian.net", ALICE, empty))).toMatchObject({ ok: true, projects: [{ key: "A" }] });
    expect(empty.requests).toHaveLength(2);
  });
});
