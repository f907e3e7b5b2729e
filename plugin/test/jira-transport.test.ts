// JiraTransport with fake HTTP, clock and random: headers and auth, URL building, Retry-After (seconds
// and HTTP date) and jittered capped backoff measured on the fake clock, which methods are retried,
// the concurrency limit, error classification and the redaction of credentials.
import { Buffer } from "node:buffer";
import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { authorizationHeader, JiraTransport, type JiraTransportOptions } from "../src/jira/client";
import { redactHeaders } from "../src/jira/errors";
import { NetworkError } from "../src/jira/http";
import { buildUrl } from "../src/jira/request";
import { parseRetryAfter, retryDelayMs, DEFAULT_RETRY_POLICY } from "../src/jira/retry";
import { type Answer, FakeClock, FakeHttp, FixedRandom } from "./fakes/jira-fakes";

const SITE = "https://example.atlassian.net";
const TOKEN = "s3cret-api-token-value";
const BASIC = `Basic ${Buffer.from(`alice@example.com:${TOKEN}`).toString("base64")}`;

function transport(answers: Answer[], extra: Partial<JiraTransportOptions> = {}) {
  const http = new FakeHttp(answers);
  const clock = new FakeClock();
  const logs: string[] = [];
  const t = new JiraTransport({
    siteUrl: SITE,
    credentials: { deployment: "cloud", email: "alice@example.com", apiToken: TOKEN },
    http,
    clock,
    random: new FixedRandom([0.5]),
    log: (line) => logs.push(line),
    ...extra,
  });
  return { t, http, clock, logs };
}

const GET = { method: "GET", path: "/rest/api/3/myself" } as const;
const POST = { method: "POST", path: "/rest/api/3/issue", body: { fields: {} } } as const;

describe("URLs", () => {
  it("joins paths with one slash, keeps a context path and encodes the query", () => {
    expect(buildUrl("https://h.example/", "/rest/api/3/x")).toBe("https://h.example/rest/api/3/x");
    expect(buildUrl("https://h.example/jira", "rest/api/2/x")).toBe("https://h.example/jira/rest/api/2/x");
    expect(buildUrl(SITE, "/s", { jql: 'project = "OPS" & x', fields: ["a", "b"], n: 5, skip: undefined, none: null })).toBe(
      `${SITE}/s?fields=a&fields=b&jql=project%20%3D%20%22OPS%22%20%26%20x&n=5`,
    );
    expect(() => buildUrl(SITE, "https://evil.example/x")).toThrow(/relative/);
    expect(() => buildUrl(SITE, "//evil.example/x")).toThrow(/relative/);
    expect(() => buildUrl(SITE, "/rest/../../x")).toThrow(/\.\./);
    expect(() => buildUrl(SITE, "/rest?x=1")).toThrow(/query/);
  });
});

describe("headers and auth", () => {
  it("sends Basic auth for Cloud, JSON headers and no-check; merges engine headers case-insensitively", async () => {
    const { t, http } = transport([{}]);
    const r = await t.send({ ...POST, headers: { accept: "application/json;charset=UTF-8", "x-extra": "1", authorization: "Bearer forged" } });
    expect(r.ok).toBe(true);
    const sent = http.requests[0]!;
    expect(sent.url).toBe(`${SITE}/rest/api/3/issue`);
    expect(sent.method).toBe("POST");
    expect(sent.body).toBe('{"fields":{}}');
    const lower = Object.fromEntries(Object.entries(sent.headers).map(([k, v]) => [k.toLowerCase(), v]));
    expect(Object.keys(sent.headers)).toHaveLength(Object.keys(lower).length);
    expect(lower).toEqual({
      accept: "application/json;charset=UTF-8",
      "x-atlassian-token": "no-check",
      "content-type": "application/json",
      "x-extra": "1",
      authorization: BASIC,
    });
  });

  it("sends Bearer for Data Center, no Content-Type without a body, and encodes non-ASCII emails as UTF-8", async () => {
    const { t, http } = transport([{}], { credentials: { deployment: "datacenter", personalAccessToken: "pat-123" } });
    await t.send(GET);
    expect(http.requests[0]!.headers.Authorization).toBe("Bearer pat-123");
    expect(http.requests[0]!.headers["Content-Type"]).toBeUndefined();
    expect(authorizationHeader({ deployment: "cloud", email: "zoë@example.com", apiToken: "t" })).toBe(
      `Basic ${Buffer.from("zoë@example.com:t", "utf8").toString("base64")}`,
    );
  });

  it("reads response headers case-insensitively and hands them on lower-cased", async () => {
    const { t, clock } = transport([{ status: 429, headers: { "Retry-After": "3" } }, { status: 200, headers: { "Content-Type": "text/html" }, text: "<p>" }, { headers: { "X-Thing": "1" } }]);
    const r = await t.send(GET);
    expect(r.ok ? null : r.error.problem).toBe("not-json");
    expect(clock.sleeps).toEqual([3000]);
    expect(await t.send(GET)).toMatchObject({ ok: true, headers: { "x-thing": "1" } });
  });
});

describe("retries", () => {
  it("honours Retry-After in seconds, counting and measuring the waits", async () => {
    const { t, http, clock } = transport([{ status: 429, headers: { "retry-after": "2" } }, { status: 429, headers: { "retry-after": "5" } }, { text: '{"a":1}' }]);
    const r = await t.send(GET);
    expect(r).toMatchObject({ ok: true, body: { a: 1 } });
    expect(http.requests).toHaveLength(3);
    expect(clock.sleeps).toEqual([2000, 5000]);
  });

  it("honours Retry-After as an HTTP date, and caps long waits at 60 s", async () => {
    const clock = new FakeClock(Date.parse("2025-06-10T08:00:00Z"));
    const { t } = transport([{ status: 503, headers: { "retry-after": "Tue, 10 Jun 2025 08:00:07 GMT" } }, { status: 429, headers: { "retry-after": "3600" } }, {}], { clock });
    expect((await t.send(GET)).ok).toBe(true);
    expect(clock.sleeps).toEqual([7000, 60_000]);
    expect(parseRetryAfter("Tue, 10 Jun 2025 07:00:00 GMT", Date.parse("2025-06-10T08:00:00Z"))).toBe(0);
    expect(parseRetryAfter("soon", 0)).toBeNull();
    expect(parseRetryAfter(undefined, 0)).toBeNull();
  });

  it("backs off with full jitter, exponentially, capped at 30 s, and gives up after 5 attempts", async () => {
    const { t, http, clock, logs } = transport([{ status: 503 }], { random: new FixedRandom([0.999, 0.999, 0.999, 0.5]) });
    const r = await t.send(GET);
    expect(r.ok).toBe(false);
    expect(http.requests).toHaveLength(5);
    expect(clock.sleeps).toEqual([999, 1998, 3996, 4000]);
    expect(logs.filter((l) => l.includes("retry"))).toHaveLength(4);
    if (!r.ok) expect(r.error).toMatchObject({ problem: "server", status: 503, attempts: 5, message: "Jira had a server error (503). Try again later." });
    const policy = { ...DEFAULT_RETRY_POLICY };
    expect(retryDelayMs(policy, 10, null, 0.999)).toBe(29_970);
    expect(retryDelayMs(policy, 3, null, 0)).toBe(0);
  });

  it("reports rate limiting once 429 persists", async () => {
    const { t, clock } = transport([{ status: 429, headers: { "retry-after": "1" } }], { retry: { maxAttempts: 3 } });
    const r = await t.send(GET);
    expect(clock.sleeps).toEqual([1000, 1000]);
    expect(r.ok ? null : r.error.problem).toBe("rate-limited");
  });

  it("retries GET, PUT and DELETE after a dropped connection, 502 and 504", async () => {
    for (const method of ["GET", "PUT", "DELETE"] as const) {
      const { t, http } = transport([new NetworkError("reset", "socket hang up"), { status: 502 }, { status: 504 }, { status: 204, text: "" }]);
      const r = await t.send({ method, path: "/rest/api/3/issue/OPS-1" });
      expect(r).toMatchObject({ ok: true, status: 204, body: null });
      expect(http.requests).toHaveLength(4);
    }
  });

  it("does not retry a POST after a dropped connection or 502/504 (it may have reached Jira), but does after 429/503", async () => {
    for (const answer of [new NetworkError("reset", "socket hang up"), { status: 502 }, { status: 504 }]) {
      const { t, http, clock } = transport([answer, {}]);
      const r = await t.send(POST);
      expect(r.ok).toBe(false);
      expect(http.requests).toHaveLength(1);
      expect(clock.sleeps).toEqual([]);
    }
    for (const status of [429, 503]) {
      const { t, http } = transport([{ status }, {}]);
      expect((await t.send(POST)).ok).toBe(true);
      expect(http.requests).toHaveLength(2);
    }
  });

  it("does not retry client errors", async () => {
    for (const status of [400, 401, 403, 404, 409]) {
      const { t, http } = transport([{ status, text: "{}" }]);
      await t.send(GET);
      expect(http.requests).toHaveLength(1);
    }
  });
});

describe("concurrency", () => {
  it("keeps at most N requests in flight and runs them all", async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow: Answer = async () => {
      await gate;
      return { status: 200, headers: {}, text: "1" };
    };
    const { t, http } = transport([slow], { maxConcurrent: 3 });
    const all = Promise.all(Array.from({ length: 10 }, () => t.send(GET)));
    await sleep(10);
    expect(http.inFlight).toBe(3);
    release();
    const results = await all;
    expect(results.every((r) => r.ok)).toBe(true);
    expect(http.maxInFlight).toBe(3);
    expect(http.requests).toHaveLength(10);
  });

  it("defaults to 4 in flight", async () => {
    const { t, http } = transport([
      async () => {
        await sleep(5);
        return { status: 200, headers: {}, text: "1" };
      },
    ]);
    await Promise.all(Array.from({ length: 9 }, () => t.send(GET)));
    expect(http.maxInFlight).toBe(4);
  });
});

describe("errors", () => {
  const cases: [Answer, string, string][] = [
    [{ status: 401, text: '{"errorMessages":["You are not authenticated."]}' }, "unauthorized", "Jira rejected the credentials (401). Check the email and API token."],
    [{ status: 403, text: '{"errorMessages":["No permission."]}' }, "forbidden", "Jira refused access (403): this account lacks permission for that. Jira says: No permission."],
    [{ status: 403, text: "XSRF check failed" }, "xsrf", "Jira refused the request as a cross-site request (403 XSRF check failed)."],
    [{ status: 404, text: '{"errorMessages":["Issue does not exist"]}' }, "not-found", "Jira answered 404 Not Found. Check the Jira site URL and the deployment type (Cloud or Data Center). Jira says: Issue does not exist"],
    [{ status: 400, text: '{"errorMessages":[],"errors":{"summary":"Field required"}}' }, "rejected", "Jira rejected the request (400). Jira says: summary: Field required"],
    [{ status: 200, headers: { "content-type": "text/html" }, text: "<html><body>Log in</body></html>" }, "not-json", "example.atlassian.net answered with a web page instead of Jira data (a login page, proxy or single sign-on?). Check the Jira site URL."],
    [{ status: 200, headers: {}, text: "  <!DOCTYPE html>" }, "not-json", "example.atlassian.net answered with a web page instead of Jira data (a login page, proxy or single sign-on?). Check the Jira site URL."],
    [{ status: 200, text: '{"a":' }, "invalid-json", "Jira's answer could not be read (invalid JSON, status 200)."],
    [new NetworkError("dns", "getaddrinfo ENOTFOUND"), "dns", "Could not find example.atlassian.net. Check the Jira site URL and your internet connection."],
    [new NetworkError("refused", "ECONNREFUSED"), "refused", "example.atlassian.net refused the connection. Check the Jira site URL (and port)."],
    [new NetworkError("timeout", "timeout"), "timeout", "example.atlassian.net did not answer in time. Try again later."],
  ];
  it.each(cases)("classifies %#", async (answer, problem, message) => {
    const { t } = transport([answer], { retry: { maxAttempts: 1 } });
    const r = await t.send(GET);
    expect(r.ok ? null : { problem: r.error.problem, message: r.error.message }).toEqual({ problem, message });
  });

  it("reports a bad site URL without sending anything", async () => {
    for (const siteUrl of ["", "http://jira.example.com", "not a url"]) {
      const { t, http } = transport([{}], { siteUrl });
      const r = await t.send(GET);
      expect(r.ok ? null : r.error.problem).toBe("bad-url");
      expect(http.requests).toHaveLength(0);
    }
  });

  it("never puts the token or Authorization value in messages, details or logs", async () => {
    const echo = `{"errorMessages":["bad header ${BASIC} token ${TOKEN}"]}`;
    const { t, logs } = transport([{ status: 503, text: echo }, { status: 400, text: echo }]);
    const r = await t.send(GET);
    const everything = JSON.stringify(r) + logs.join("\n");
    expect(logs.length).toBeGreaterThan(0);
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(BASIC.slice(6));
    expect(everything).toContain("[redacted]");
    expect(redactHeaders({ AUTHORIZATION: BASIC, Accept: "x" })).toEqual({ AUTHORIZATION: "[redacted]", Accept: "x" });
  });
});
