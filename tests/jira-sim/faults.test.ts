/**
 * Fault controls and limits: rate limits (global and per-issue writes) with Jira's headers, failing the
 * next N matching requests, latency, truncated bodies, dropped connections, eventually consistent search,
 * clock control, the request log, and the HTTP admin API under /__sim.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON inspected by assertions */
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { cloudSim, rawRequest, type Body, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client;
const API = "/rest/api/3";

beforeAll(async () => {
  ({ h, alice } = await cloudSim());
});
afterAll(() => h.stop());
afterEach(() => {
  h.admin.clearFaults();
  h.admin.setSearchLag(null);
});

const admin = async (method: string, path: string, body?: unknown): Promise<Body> => {
  const r = await rawRequest(h.url + path, method, { "Content-Type": "application/json" }, body === undefined ? undefined : JSON.stringify(body));
  expect(r.status, r.text).toBe(200);
  return JSON.parse(r.text);
};

describe("faults", () => {
  it("fails the next N requests matching method + path with a status and Retry-After", async () => {
    h.admin.addFault({ method: "GET", path: "/rest/api/3/issue/*", status: 503, retryAfter: 7, times: 2 });
    const a = await alice.get(`${API}/issue/OPS-1`);
    expect(a.status).toBe(503);
    expect(a.headers["retry-after"]).toBe("7");
    expect((await alice.get(`${API}/myself`)).status).toBe(200); // not matching
    expect((await alice.get(`${API}/issue/OPS-1`)).status).toBe(503);
    expect((await alice.get(`${API}/issue/OPS-1`)).status).toBe(200);
    for (const status of [500, 502, 401, 403, 404, 400]) {
      await admin("POST", "/__sim/faults", { path: "^/rest/api/3/search", status });
      expect((await alice.get(`${API}/search/jql?jql=project%3DOPS`)).status).toBe(status);
    }
  });

  it("lets the first `skip` matching requests through before a rule applies", async () => {
    h.admin.addFault({ method: "GET", path: "/rest/api/3/issue/*", status: 503, skip: 2, times: 1 });
    expect((await alice.get(`${API}/myself`)).status).toBe(200); // not matching, not counted
    expect((await alice.get(`${API}/issue/OPS-1`)).status).toBe(200);
    expect((await alice.get(`${API}/issue/OPS-1`)).status).toBe(200);
    expect((await alice.get(`${API}/issue/OPS-1`)).status).toBe(503);
    expect((await alice.get(`${API}/issue/OPS-1`)).status).toBe(200);
    expect(() => h.admin.addFault({ path: "/x", skip: -1 })).toThrow(/skip/);
  });

  it("supports permanent rules (times: null) with a custom body, until cleared", async () => {
    h.admin.addFault({ method: "POST", path: "/rest/api/3/issue", status: 400, times: null, body: { errorMessages: ["custom"], errors: {} } });
    for (let i = 0; i < 3; i++) {
      const r = await alice.post(`${API}/issue`, { fields: {} });
      expect(r.body).toEqual({ errorMessages: ["custom"], errors: {} });
    }
    h.admin.clearFaults();
    expect((await alice.post(`${API}/issue`, { fields: {} })).body.errorMessages).toEqual([]);
  });

  it("rate-limits per second with 429 and X-RateLimit headers", async () => {
    h.admin.setRateLimit({ perSecond: 3, retryAfter: 2 });
    // align to the start of a second so that the burst falls in one window
    await sleep(1000 - (Date.now() % 1000) + 5);
    const rs = await Promise.all(Array.from({ length: 5 }, () => alice.get(`${API}/myself`)));
    const limited = rs.filter((r) => r.status === 429);
    expect(limited.length).toBe(2);
    expect(limited[0]?.headers).toMatchObject({ "retry-after": "2", "x-ratelimit-limit": "3", "x-ratelimit-remaining": "0", "ratelimit-reason": "jira-burst-based" });
    expect(limited[0]?.headers["x-ratelimit-reset"]).toMatch(/^\d{4}-/);
    h.admin.setRateLimit(null);
  });

  it("rate-limits writes per issue", async () => {
    h.admin.setRateLimit({ issueWritesPerSecond: 2 });
    await sleep(1000 - (Date.now() % 1000) + 5);
    const put = (key: string): Promise<{ status: number; headers: Body }> => alice.put(`${API}/issue/${key}`, { fields: { labels: ["rl"] } });
    const rs = await Promise.all([put("OPS-5"), put("OPS-5"), put("OPS-5"), put("OPS-6")]);
    expect(rs.map((r) => r.status).sort()).toEqual([204, 204, 204, 429]);
    expect(rs.find((r) => r.status === 429)?.headers["ratelimit-reason"]).toBe("jira-per-issue-on-write");
    expect((await alice.get(`${API}/issue/OPS-5?fields=summary`)).status).toBe(200); // reads unaffected
    h.admin.setRateLimit(null);
  });

  it("adds latency", async () => {
    h.admin.setLatency(150);
    const t = Date.now();
    await alice.get(`${API}/myself`);
    expect(Date.now() - t).toBeGreaterThanOrEqual(140);
    h.admin.setLatency(0);
  });

  it("cuts a response body short and drops connections", async () => {
    h.admin.addFault({ path: "/rest/api/3/issue/OPS-1", truncate: true });
    const auth = alice.auth;
    const cut = await rawRequest(`${h.url}${API}/issue/OPS-1`, "GET", { Authorization: auth }).then(
      (r) => ({ ok: true, text: r.text }),
      (e: unknown) => ({ ok: false, text: String(e) }),
    );
    if (cut.ok) expect(() => JSON.parse(cut.text) as unknown).toThrow();
    else expect(cut.text).toMatch(/aborted|socket|ECONNRESET/i);
    h.admin.addFault({ method: "GET", path: "/rest/api/3/myself", drop: true });
    await expect(rawRequest(`${h.url}${API}/myself`, "GET", { Authorization: auth })).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect((await alice.get(`${API}/myself`)).status).toBe(200);
  });

  it("search lags behind writes: by number of searches and by delay; reconcileIssues reads through", async () => {
    const q = { jql: "labels = lagging", fields: ["key"] };
    h.admin.setSearchLag({ searches: 2 });
    await alice.put(`${API}/issue/OPS-4`, { update: { labels: [{ add: "lagging" }] } });
    expect((await alice.post(`${API}/search/jql`, q)).body.issues).toHaveLength(0);
    const rec = await alice.post(`${API}/search/jql`, { ...q, reconcileIssues: [Number((await alice.get(`${API}/issue/OPS-4?fields=summary`)).body.id)] });
    expect(rec.body.issues.map((i: Body) => i.key)).toEqual(["OPS-4"]);
    expect((await alice.post(`${API}/search/jql`, q)).body.issues.map((i: Body) => i.key)).toEqual(["OPS-4"]);
    h.admin.setSearchLag({ delayMs: 300 });
    await alice.put(`${API}/issue/OPS-4`, { update: { labels: [{ remove: "lagging" }] } });
    expect((await alice.post(`${API}/search/jql`, q)).body.issues).toHaveLength(1);
    await sleep(350);
    expect((await alice.post(`${API}/search/jql`, q)).body.issues).toHaveLength(0);
    // GET by key is always current
    expect((await alice.get(`${API}/issue/OPS-4?fields=labels`)).body.fields.labels).not.toContain("lagging");
  });
});

describe("request log, clock and admin API", () => {
  it("logs every request with method, path, query, body and status", async () => {
    h.admin.clearLog();
    await alice.get(`${API}/search/jql?jql=project%3DOPS&maxResults=2`);
    await alice.put(`${API}/issue/OPS-9`, { fields: { summary: "Logged" } });
    await alice.get(`${API}/issue/OPS-999`);
    const log = await admin("GET", "/__sim/log");
    expect(log.map((e: Body) => [e.method, e.path, e.status])).toEqual([
      ["GET", "/rest/api/3/search/jql", 200],
      ["PUT", "/rest/api/3/issue/OPS-9", 204],
      ["GET", "/rest/api/3/issue/OPS-999", 404],
    ]);
    expect(log[0].query).toEqual({ jql: "project=OPS", maxResults: "2" });
    expect(log[1].body).toEqual({ fields: { summary: "Logged" } });
    expect(log[1].user).toBe("alice@example.com");
    expect(h.admin.log()).toHaveLength(3);
    await admin("DELETE", "/__sim/log");
    expect(h.admin.log()).toHaveLength(0);
  });

  it("moves the clock and stamps writes with it", async () => {
    await admin("POST", "/__sim/clock", { set: "2030-01-02T03:04:05.000Z", frozen: true });
    await alice.put(`${API}/issue/OPS-9`, { fields: { summary: "Clocked" } });
    expect((await alice.get(`${API}/issue/OPS-9?fields=updated`)).body.fields.updated).toBe("2030-01-02T03:04:05.000+0000");
    const c = await admin("POST", "/__sim/clock", { advanceMs: 3600_000 });
    expect(c.iso).toBe("2030-01-02T04:04:05.000+0000");
    expect((await admin("GET", "/__sim/clock")).frozen).toBe(true);
  });

  it("resets, seeds, generates and moves through HTTP", async () => {
    await admin("POST", "/__sim/reset", { seed: "empty" });
    expect((await admin("GET", "/__sim/state")).issues).toBe(0);
    const g = await admin("POST", "/__sim/issues/generate", { project: "PLAT", count: 30 });
    expect(g).toMatchObject({ created: 30, firstKey: "PLAT-1", lastKey: "PLAT-30" });
    const m = await admin("POST", "/__sim/issues/PLAT-3/move", { project: "OPS" });
    expect(m.key).toBe("OPS-1");
    expect((await alice.get(`${API}/issue/PLAT-3?fields=summary`)).body.key).toBe("OPS-1");
    await admin("POST", "/__sim/faults", { path: "/rest/api/3/myself", status: 500 });
    expect((await admin("GET", "/__sim/faults"))).toHaveLength(1);
    await admin("DELETE", "/__sim/faults");
    await admin("POST", "/__sim/rate-limit", { perSecond: 1000 });
    await admin("DELETE", "/__sim/rate-limit");
    await admin("POST", "/__sim/search-lag", { searches: 1 });
    await admin("DELETE", "/__sim/search-lag");
    await admin("POST", "/__sim/latency", { ms: 0 });
    await admin("POST", "/__sim/reset", { seed: "demo" });
    expect((await admin("GET", "/__sim/state")).issues).toBe(39);
    const bad = await rawRequest(`${h.url}/__sim/nope`, "GET", {});
    expect(bad.status).toBe(404);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- end of file */
