// testConnection with a fake HTTP client: the result fields, the deployment-type checks (anonymous
// serverInfo probe, *.atlassian.net set to Data Center, serverInfo contradicting the setting) and
// the one-line description.
import { describe, expect, it } from "vitest";
import { JiraTransport, type JiraCredentials } from "../src/jira/client";
import { describeConnection, testConnection } from "../src/jira/test-connection";
import { type Answer, FakeClock, FakeHttp, FixedRandom } from "./fakes/jira-fakes";

const CLOUD: JiraCredentials = { deployment: "cloud", email: "a@example.com", apiToken: "tok-1234" };
const DC: JiraCredentials = { deployment: "datacenter", personalAccessToken: "pat-1234" };
const json = (body: unknown, status = 200): Answer => ({ status, headers: { "content-type": "application/json" }, text: JSON.stringify(body) });

function run(siteUrl: string, credentials: JiraCredentials, answers: Answer[]) {
  const http = new FakeHttp(answers);
  const t = new JiraTransport({ siteUrl, credentials, http, clock: new FakeClock(), random: new FixedRandom(), retry: { maxAttempts: 1 } });
  return { http, result: testConnection(t) };
}

describe("testConnection", () => {
  it("reports the user and server on success", async () => {
    const { result } = run("https://x.atlassian.net", CLOUD, [
      json({ displayName: "Ann", emailAddress: "a@example.com", timeZone: "Europe/Berlin", accountId: "acc-1" }),
      json({ serverTitle: "Jira", deploymentType: "Cloud", version: "1001.0.0" }),
    ]);
    const r = await result;
    expect(r).toEqual({ ok: true, user: "Ann", email: "a@example.com", timeZone: "Europe/Berlin", accountId: "acc-1", serverTitle: "Jira", deploymentType: "Cloud", version: "1001.0.0" });
    expect(describeConnection(r)).toBe("Connected as Ann (a@example.com), time zone Europe/Berlin, Jira Cloud 1001.0.0.");
  });

  it("spots a Data Center site set to Cloud through the anonymous serverInfo probe", async () => {
    const { http, result } = run("https://jira.corp.example", CLOUD, [json({ errorMessages: ["nope"] }, 404), json({ deploymentType: "Server" })]);
    expect(await result).toMatchObject({ ok: false, problem: "wrong-deployment", message: expect.stringMatching(/^This looks like a Jira Data Center/) as unknown });
    expect(http.requests.map((r) => [r.url, r.headers.Authorization ?? null])).toEqual([
      ["https://jira.corp.example/rest/api/3/myself", expect.stringMatching(/^Basic /) as unknown],
      ["https://jira.corp.example/rest/api/2/serverInfo", null],
    ]);
  });

  it("spots a Cloud site set to Data Center by its host or by the probe", async () => {
    const byHost = run("https://x.atlassian.net", DC, [json({}, 401)]);
    expect(await byHost.result).toMatchObject({ ok: false, problem: "wrong-deployment", message: expect.stringMatching(/^This looks like a Jira Cloud site/) as unknown });
    const byProbe = run("https://jira.custom.example", DC, [json({}, 401), json({ deploymentType: "Cloud" })]);
    expect(await byProbe.result).toMatchObject({ ok: false, problem: "wrong-deployment" });
    const bySeverInfo = run("https://jira.custom.example", DC, [json({ name: "ann", displayName: "Ann" }), json({ deploymentType: "Cloud" })]);
    expect(await bySeverInfo.result).toMatchObject({ ok: false, problem: "wrong-deployment" });
  });

  it("keeps the credentials problem when the probe says nothing", async () => {
    const { result } = run("https://jira.corp.example", DC, [json({}, 401), json({}, 401)]);
    expect(await result).toEqual({ ok: false, problem: "unauthorized", message: "Jira rejected the credentials (401). Check the personal access token." });
  });

  it("succeeds without serverInfo details when serverInfo fails", async () => {
    const { result } = run("https://jira.corp.example", DC, [json({ name: "ann", displayName: "Ann", timeZone: "UTC" }), json({}, 500)]);
    const r = await result;
    expect(r).toMatchObject({ ok: true, user: "Ann", accountId: "ann", deploymentType: null });
    expect(describeConnection(r)).toBe("Connected as Ann, time zone UTC.");
  });
});
