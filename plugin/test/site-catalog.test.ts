// The mapping form's Jira reads: `/field` (types from schema.type / items / custom) and
// `/project/{key}/statuses` (flattened over issue types) on both deployments, through JiraTransport with fake
// HTTP, and SiteCatalog's cache: one call per site and project, failures asked again.
import { describe, expect, it } from "vitest";
import { JiraTransport, type JiraCredentials } from "../src/jira/client";
import { fieldTypeLabel, parseFields } from "../src/jira/fields";
import { SiteCatalog } from "../src/jira/site-catalog";
import { parseProjectStatuses } from "../src/jira/statuses";
import { type Answer, FakeClock, FakeHttp, FixedRandom } from "./fakes/jira-fakes";

const FIELDS = [
  { id: "summary", name: "Summary", custom: false, schema: { type: "string", system: "summary" } },
  { id: "labels", name: "Labels", custom: false, schema: { type: "array", items: "string", system: "labels" } },
  { id: "customfield_10050", name: "Severity", custom: true, schema: { type: "option", custom: "com.atlassian.jira.plugin.system.customfieldtypes:select", customId: 10050 } },
  { id: "thumbnail", name: "Images" },
  { name: "no id" },
];
const STATUSES = [
  { id: "10001", name: "Task", statuses: [{ name: "To Do", statusCategory: { name: "To Do" } }, { name: "In Progress", statusCategory: { name: "In Progress" } }] },
  { id: "10002", name: "Bug", statuses: [{ name: "In progress", statusCategory: { name: "In Progress" } }, { name: "Done", statusCategory: { name: "Done" } }] },
];

function catalog(credentials: JiraCredentials, answers: Answer[]) {
  const http = new FakeHttp(answers);
  const transport = new JiraTransport({ siteUrl: "https://jira.example.com", credentials, http, clock: new FakeClock(), random: new FixedRandom([0]), retry: { maxAttempts: 1 } });
  return { http, catalog: new SiteCatalog(() => transport) };
}

const json = (body: unknown) => ({ status: 200, headers: { "content-type": "application/json" }, text: JSON.stringify(body) });

describe("the site's fields and statuses", () => {
  it("parses fields with type labels, skipping entries without id or name", () => {
    expect(parseFields(FIELDS)).toEqual([
      { id: "summary", name: "Summary", custom: false, type: "string" },
      { id: "labels", name: "Labels", custom: false, type: "array of string" },
      { id: "customfield_10050", name: "Severity", custom: true, type: "option (select)" },
      { id: "thumbnail", name: "Images", custom: false, type: "" },
    ]);
    expect(fieldTypeLabel(null)).toBe("");
    expect(parseFields({ not: "a list" })).toEqual([]);
  });

  it("flattens statuses over issue types, each name once", () => {
    expect(parseProjectStatuses(STATUSES)).toEqual([
      { name: "To Do", category: "To Do" },
      { name: "In Progress", category: "In Progress" },
      { name: "Done", category: "Done" },
    ]);
    expect(parseProjectStatuses("junk")).toEqual([]);
  });

  it("Cloud reads /rest/api/3 once per site and project", async () => {
    const { http, catalog: c } = catalog({ deployment: "cloud", email: "a@example.com", apiToken: "t" }, [(req) => Promise.resolve(json(req.url.endsWith("/field") ? FIELDS : STATUSES))]);
    const [a, b] = await Promise.all([c.fields(), c.fields()]);
    expect(a).toEqual(b);
    expect(a.ok && a.value.map((f) => f.name)).toEqual(["Summary", "Labels", "Severity", "Images"]);
    const ops = await c.statuses("OPS");
    expect(ops.ok && ops.value.length).toBe(3);
    await c.statuses("OPS");
    expect(http.requests.map((r) => r.url)).toEqual(["https://jira.example.com/rest/api/3/field", "https://jira.example.com/rest/api/3/project/OPS/statuses"]);
  });

  it("Data Center reads /rest/api/2; a failure is reported and asked again", async () => {
    const { http, catalog: c } = catalog({ deployment: "datacenter", personalAccessToken: "p" }, [{ status: 401, text: "{}" }, json(FIELDS)]);
    const failed = await c.fields();
    expect(failed.ok).toBe(false);
    expect(!failed.ok && failed.message).toMatch(/401/);
    const ok = await c.fields();
    expect(ok.ok).toBe(true);
    expect(http.requests.map((r) => r.url)).toEqual(["https://jira.example.com/rest/api/2/field", "https://jira.example.com/rest/api/2/field"]);
  });

  it("without a site or token, says what is missing and calls nothing", async () => {
    const c = new SiteCatalog(() => "Enter an API token.");
    expect(await c.fields()).toEqual({ ok: false, message: "Enter an API token." });
  });
});
