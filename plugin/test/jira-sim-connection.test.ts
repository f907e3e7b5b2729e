// The connection layer end to end: JiraTransport over Node's fetch against the in-process Jira simulator
// (Cloud and Data Center), with the simulator's fault injection for 429 storms, 503s and dropped
// connections, plus a tiny local server that answers an HTML login page instead of JSON. Waits go
// through a fake clock, so Retry-After is measured rather than slept.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startSimulator, type SimHandle } from "../../tests/jira-sim/server";
import { JiraTransport, type JiraCredentials } from "../src/jira/client";
import { describeConnection, testConnection } from "../src/jira/test-connection";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { FakeClock, FixedRandom } from "./fakes/jira-fakes";

const ALICE: JiraCredentials = { deployment: "cloud", email: "alice@example.com", apiToken: "alice-api-token" };
const ALICE_PAT: JiraCredentials = { deployment: "datacenter", personalAccessToken: "alice-personal-access-token" };

let cloud: SimHandle;
let dc: SimHandle;

beforeAll(async () => {
  [cloud, dc] = await Promise.all([startSimulator({ seed: "empty" }), startSimulator({ seed: "empty", mode: "datacenter" })]);
});
afterAll(async () => {
  await Promise.all([cloud.stop(), dc.stop()]);
});
beforeEach(() => {
  for (const h of [cloud, dc]) {
    h.admin.clearFaults();
    h.admin.clearLog();
  }
});

function transport(siteUrl: string, credentials: JiraCredentials, clock = new FakeClock()) {
  const logs: string[] = [];
  const t = new JiraTransport({ siteUrl, credentials, http: new FetchHttpClient(), clock, random: new FixedRandom([0.5]), timeoutMs: 5000, log: (l) => logs.push(l) });
  return { t, clock, logs };
}

describe("test connection against the simulator", () => {
  it("Cloud: reports alice, her time zone and the server", async () => {
    const result = await testConnection(transport(cloud.url, ALICE).t);
    expect(result).toMatchObject({ ok: true, user: "Alice Berlin", email: "alice@example.com", timeZone: "Europe/Berlin", deploymentType: "Cloud", serverTitle: "Jira (simulator)" });
    expect(result.ok && result.accountId).toBeTruthy();
    expect(describeConnection(result)).toBe("Connected as Alice Berlin (alice@example.com), time zone Europe/Berlin, Jira (simulator) Cloud 1001.0.0-SNAPSHOT.");
    expect(cloud.admin.log().map((e) => `${e.method} ${e.path} ${e.status}`)).toEqual(["GET /rest/api/3/myself 200", "GET /rest/api/3/serverInfo 200"]);
  });

  it("Cloud: a wrong token is a 401 with a clear message and no retry", async () => {
    const result = await testConnection(transport(cloud.url, { ...ALICE, apiToken: "wrong-token" }).t);
    expect(result).toEqual({ ok: false, problem: "unauthorized", message: "Jira rejected the credentials (401). Check the email and API token." });
    // myself once (not retried), then the anonymous deployment probe.
    expect(cloud.admin.log().map((e) => `${e.path} ${e.status}`)).toEqual(["/rest/api/3/myself 401", "/rest/api/2/serverInfo 401"]);
  });

  it("Data Center: a personal access token works on REST v2", async () => {
    const result = await testConnection(transport(dc.url, ALICE_PAT).t);
    expect(result).toMatchObject({ ok: true, user: "Alice Berlin", accountId: "alice", timeZone: "Europe/Berlin", deploymentType: "Server", version: "10.3.24" });
    expect(dc.admin.log().map((e) => e.path)).toEqual(["/rest/api/2/myself", "/rest/api/2/serverInfo"]);
  });

  it("a wrong deployment type fails cleanly (the simulator answers even serverInfo only with credentials)", async () => {
    // Real Jira answers an anonymous serverInfo, which names the deployment (see the transport unit
    // tests); the simulator requires auth everywhere, so here the failure stays a plain 401.
    const asCloud = await testConnection(transport(dc.url, { deployment: "cloud", email: "alice@example.com", apiToken: "alice-personal-access-token" }).t);
    expect(asCloud).toMatchObject({ ok: false, problem: "unauthorized" });
    const asDc = await testConnection(transport(cloud.url, { deployment: "datacenter", personalAccessToken: "alice-api-token" }).t);
    expect(asDc).toMatchObject({ ok: false, problem: "unauthorized" });
    const probes = [...dc.admin.log(), ...cloud.admin.log()].filter((e) => e.path.endsWith("/serverInfo"));
    expect(probes.map((e) => e.user)).toEqual([null, null]);
  });

  it("a refused connection is reported as such", async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    const result = await testConnection(transport(`http://127.0.0.1:${port}`, ALICE).t);
    expect(result).toEqual({ ok: false, problem: "refused", message: `127.0.0.1:${port} refused the connection. Check the Jira site URL (and port).` });
  });
});

describe("retries against the simulator", () => {
  it("rides out a 429 storm, waiting exactly what Retry-After says", async () => {
    cloud.admin.addFault({ path: "/rest/api/3/myself", status: 429, retryAfter: 2, times: 3 });
    const { t, clock, logs } = transport(cloud.url, ALICE);
    const r = await t.send({ method: "GET", path: "/rest/api/3/myself" });
    expect(r).toMatchObject({ ok: true, body: { displayName: "Alice Berlin" } });
    expect(clock.sleeps).toEqual([2000, 2000, 2000]);
    expect(cloud.admin.log().map((e) => e.status)).toEqual([429, 429, 429, 200]);
    expect(logs).toHaveLength(3);
    expect(logs.join("\n")).not.toContain("alice-api-token");
  });

  it("gives up on a 429 storm that does not end, with the rate-limit message", async () => {
    cloud.admin.addFault({ path: "/rest/api/3/myself", status: 429, retryAfter: 1, times: null });
    const { t, clock } = transport(cloud.url, ALICE);
    const r = await t.send({ method: "GET", path: "/rest/api/3/myself" });
    expect(r.ok ? null : r.error.problem).toBe("rate-limited");
    expect(clock.sleeps).toEqual([1000, 1000, 1000, 1000]);
    expect(cloud.admin.log()).toHaveLength(5);
  });

  it("retries a 503 (even for POST) and then succeeds", async () => {
    cloud.admin.addFault({ path: "/rest/api/3/search/jql", status: 503, times: 1 });
    const { t, clock } = transport(cloud.url, ALICE);
    const r = await t.send({ method: "POST", path: "/rest/api/3/search/jql", body: { jql: "project = OPS", fields: ["summary"] } });
    expect(r.ok).toBe(true);
    expect(clock.sleeps).toEqual([500]);
    expect(cloud.admin.log().map((e) => e.status)).toEqual([503, 200]);
  });

  it("retries a GET whose connection was dropped, but not a POST", async () => {
    cloud.admin.addFault({ path: "/rest/api/3/myself", drop: true, times: 1 });
    const get = await transport(cloud.url, ALICE).t.send({ method: "GET", path: "/rest/api/3/myself" });
    expect(get.ok).toBe(true);
    expect(cloud.admin.log().map((e) => e.status)).toEqual([0, 200]);

    cloud.admin.clearLog();
    cloud.admin.addFault({ method: "POST", path: "/rest/api/3/search/jql", drop: true, times: 1 });
    const post = await transport(cloud.url, ALICE).t.send({ method: "POST", path: "/rest/api/3/search/jql", body: { jql: "project = OPS" } });
    expect(post.ok ? null : post.error.problem).toBe("network");
    expect(cloud.admin.log().map((e) => e.status)).toEqual([0]);
  });
});

describe("non-JSON answers", () => {
  let html: Server;
  let htmlUrl: string;
  beforeAll(async () => {
    html = createServer((req, res) => {
      if (req.url === "/hang/rest/api/3/myself") return; // never answers
      if (req.url === "/broken/rest/api/3/myself") {
        res.writeHead(200, { "content-type": "application/json" });
        res.end('{"displayName": "Al');
        return;
      }
      res.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      res.end("<!DOCTYPE html><html><head><title>Log in - SSO</title></head><body><form></form></body></html>");
    });
    await new Promise<void>((r) => html.listen(0, "127.0.0.1", r));
    htmlUrl = `http://127.0.0.1:${(html.address() as AddressInfo).port}`;
  });
  afterAll(
    () =>
      new Promise<void>((r) => {
        html.close(() => r());
        html.closeAllConnections();
      }),
  );

  it("classifies invalid JSON", async () => {
    const r = await transport(`${htmlUrl}/broken`, ALICE).t.send({ method: "GET", path: "/rest/api/3/myself" });
    expect(r.ok ? null : r.error.message).toBe("Jira's answer could not be read (invalid JSON, status 200).");
  });

  it("times out a server that never answers, and retries the GET before giving up", async () => {
    const t = new JiraTransport({ siteUrl: `${htmlUrl}/hang`, credentials: ALICE, http: new FetchHttpClient(), clock: new FakeClock(), timeoutMs: 150, retry: { maxAttempts: 2 } });
    const r = await t.send({ method: "GET", path: "/rest/api/3/myself" });
    expect(r.ok ? null : { problem: r.error.problem, attempts: r.error.attempts }).toEqual({ problem: "timeout", attempts: 2 });
  });

  it("classifies an HTML login page where JSON was expected", async () => {
    const result = await testConnection(transport(htmlUrl, ALICE).t);
    expect(result).toEqual({
      ok: false,
      problem: "not-json",
      message: `${htmlUrl.slice(7)} answered with a web page instead of Jira data (a login page, proxy or single sign-on?). Check the Jira site URL.`,
    });
  });
});
