// "Suggest priority, estimate and assignee" against the fake OpenAI-compatible server: nothing sent while off
// (the history's suggestions still come), the request's shape and privacy, the LLM Context sent as context, the
// one repair, the proposals per property (the mappings' names), and only accepted ones written.
import { describe, expect, it } from "vitest";
import { type AssistSettings, DEFAULT_ASSIST_SETTINGS } from "../../plugin/src/assist/assist-settings";
import { modelEndpoint } from "../../plugin/src/assist/model-endpoint";
import { applyProposals, previewSuggest, proposals, suggestFields, suggestInput, suggestProperties } from "../../plugin/src/assist/suggest-fields";
import type { Clock } from "../../plugin/src/jira/http";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { loadCoreSync } from "../e2e/harness";
import { useFakeOpenAi } from "./use-fake-openai";

const core = loadCoreSync();
const clock: Clock = { now: () => Date.parse("2026-12-03T10:00:00Z"), sleep: () => Promise.resolve() };
const HINTS = {
  defaultProject: "OPS",
  priorities: ["Highest", "High", "Medium", "Low", "Lowest"],
  assignable: [
    { accountId: "acc-anna", displayName: "Anna Schmidt" },
    { accountId: "acc-ravi", displayName: "Ravi Patel" },
  ],
};
const done = (key: string, summary: string, hours: number, priority: string, assignee: string): [string, object] => [key, { id: key, key, project: "OPS", issueType: "Task", subtask: false, summary, created: 1, updated: 2, resolved: 3, status: "3", priority, assignee, timeSpent: hours * 3600 }];
const HISTORY = new TextEncoder().encode(
  JSON.stringify({
    version: 1,
    baseUrl: "https://example.atlassian.net",
    issues: Object.fromEntries([
      done("OPS-1", "Rotate the TLS certificate of the mail relay", 2, "High", "acc-ravi"),
      done("OPS-2", "Rotate the TLS certificate of the VPN", 3, "High", "acc-ravi"),
      done("OPS-3", "Rotate TLS certificate for the payments API", 4, "Low", "acc-anna"),
      done("OPS-4", "Write the onboarding guide", 16, "Lowest", "acc-anna"),
    ]),
  }),
);
const NOTE = [
  "---",
  "jira_key: OPS-9",
  "title: Rotate the TLS certificate of the build server",
  'ai_context: "Builds fail on expired certs, see [[Build farm]]. Deploy token ghp_16C7e42F292c6912E7710c838347Ae178B4a"',
  "priority: Medium",
  "salary_band: L7",
  "---",
  "The build server's certificate expires on Friday.",
  "%% Anna blames the vendor %%",
  "",
].join("\n");
const PROPS = suggestProperties((core.defaultSyncConfig() as { fields: unknown[] }).fields);

const fake = useFakeOpenAi();

function settings(patch: Partial<AssistSettings> = {}): AssistSettings {
  return { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl: fake.baseUrl, model: "qwen2.5:7b", allowedFolders: ["Jira"], privateKeys: ["private", "salary_band"], ...patch };
}

function run(s: AssistSettings) {
  const input = suggestInput(s, { path: "Jira/OPS/OPS-9 Rotate.md", text: NOTE, key: "OPS-9", hints: HINTS }, PROPS);
  const endpoint = modelEndpoint(s, { http: new FetchHttpClient(), clock, apiKey: null, random: { next: () => 0.5 } });
  return { input, result: suggestFields(core, endpoint, HISTORY, input) };
}

const ANSWER = { priority: "Highest", estimate: "4h", estimateReason: "The build farm has two servers.", assignee: "Anna", assigneeReason: "She owns the build farm.", nextSteps: ["Order the certificate", "Schedule the restart"] };

describe("Suggest priority, estimate and assignee", () => {
  it("sends nothing while assistance is off and still proposes the history's values", async () => {
    const { result } = run(settings({ enabled: false }));
    const r = await result;
    expect(fake.server.requests).toEqual([]);
    expect(r.requests).toBe(0);
    expect(r.skipped).toMatch(/Assistance is off/);
    const offered = proposals(r, { priority: "Medium" }, PROPS, "2026-12-03", "qwen2.5:7b");
    expect(offered.map((p) => [p.property, p.after])).toEqual([
      ["priority", "High"],
      ["estimate", "3h"],
      ["assignee", "Ravi Patel"],
    ]);
    expect(offered[1]?.why).toBe("from 3 similar done issues (OPS-2, OPS-1, OPS-3), range 2h–4h");
  });

  it("asks the model with the LLM Context, never private text, and proposes its checked values", async () => {
    fake.server.answer({ content: JSON.stringify(ANSWER) });
    const { input, result } = run(settings());
    const r = await result;
    expect(fake.server.shapeProblems).toEqual([]);
    expect(r.requests).toBe(1);
    const sent = fake.server.allBodies();
    expect(sent).toContain("Context chosen by the user:\\nBuilds fail on expired certs, see [[Build farm]].");
    expect(sent).toContain("OPS-2, 3h, Rotate the TLS certificate of the VPN");
    for (const never of ["ghp_16C7e42F", "L7", "blames the vendor"]) expect(sent).not.toContain(never);
    expect((JSON.parse(fake.server.requests[0]?.body ?? "{}") as { response_format: { json_schema: { name: string } } }).response_format.json_schema.name).toBe("suggest_fields");
    const shown = previewSuggest(core, HISTORY, input);
    expect("ok" in shown && JSON.stringify(shown.ok.request)).toBe(fake.server.requests[0]?.body);
    const offered = proposals(r, { priority: "Medium" }, PROPS, "2026-12-03", "qwen2.5:7b");
    expect(offered.map((p) => [p.property, p.after])).toEqual([
      ["priority", "Highest"],
      ["estimate", "4h"],
      ["assignee", "Anna Schmidt"],
      ["ai_recommendations", "Suggested 2026-12-03 by qwen2.5:7b:\n- Order the certificate\n- Schedule the restart"],
    ]);
    expect(offered[1]?.why).toBe("the model: The build farm has two servers.; history said 3h");
    const fm: Record<string, unknown> = { jira_key: "OPS-9", priority: "Medium" };
    applyProposals(fm, [offered[1]!, offered[3]!]);
    expect(fm).toEqual({ jira_key: "OPS-9", priority: "Medium", estimate: "4h", ai_recommendations: offered[3]?.after });
  });

  it("repairs an answer of the wrong shape once, and drops values the site does not have", async () => {
    fake.server.answer({ content: "I think it is urgent." }, { content: JSON.stringify({ ...ANSWER, priority: "P0", assignee: "Bob" }) });
    const r = await run(settings()).result;
    expect(r.requests).toBe(2);
    expect((JSON.parse(fake.server.requests[1]?.body ?? "{}") as { messages: unknown[] }).messages).toHaveLength(4);
    expect(r.model?.priority).toBeNull();
    expect(r.model?.assignee).toBeNull();
    expect(r.model?.warnings).toHaveLength(2);
    const offered = proposals(r, {}, PROPS, "2026-12-03", "m");
    // The history's priority and assignee stand in for the dropped ones.
    expect(offered.find((p) => p.property === "priority")?.after).toBe("High");
    expect(offered.find((p) => p.property === "assignee")?.after).toBe("Ravi Patel");
  });

  it("writes to the properties the field mappings name", () => {
    const props = suggestProperties([
      { jira: "priority", note: { frontmatter: "prio" }, direction: "both" },
      { jira: "originalEstimate", note: { frontmatter: "est" }, direction: "both" },
      { jira: { custom: "llm context" }, note: { frontmatter: "context" }, direction: "both" },
    ]);
    expect(props).toEqual({ priority: "prio", estimate: "est", assignee: "assignee", context: "context", suggestions: "ai_recommendations" });
  });
});
