// The model connection and the detect flow against a fake OpenAI-compatible server on loopback: the request
// shape, structured output, every malformed answer, the one repair, retries, cancellation, the https rule, and
// the two privacy promises (nothing leaves while off; excluded folders, private keys, comments and secrets never
// appear in any recorded request).
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type AssistSettings, DEFAULT_ASSIST_SETTINGS, readAssistSettings, validateModelUrl } from "../../plugin/src/assist/assist-settings";
import { detectTasks, prepareInput, preview } from "../../plugin/src/assist/detect-tasks";
import { modelEndpoint } from "../../plugin/src/assist/model-endpoint";
import { testModel } from "../../plugin/src/assist/test-model";
import type { Clock, HttpClient, HttpRequest } from "../../plugin/src/jira/http";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { readSettings } from "../../plugin/src/settings/settings";
import { loadCoreSync } from "../e2e/harness";
import { useFakeOpenAi } from "./use-fake-openai";

const core = loadCoreSync();
const NOTES = "tests/fixtures/assist/notes";
const instantClock: Clock = { now: () => Date.parse("2026-12-03T10:00:00Z"), sleep: () => Promise.resolve() };
const HINTS = {
  defaultProject: "OPS",
  priorities: ["Highest", "High", "Medium", "Low", "Lowest"],
  assignable: [
    { accountId: "acc-anna", displayName: "Anna Schmidt" },
    { accountId: "acc-ravi", displayName: "Ravi Patel" },
  ],
};

function notePaths(dir = NOTES): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? notePaths(full) : [path.relative(NOTES, full)];
  });
}

const INCIDENT = "Meetings/2026-11-30 Incident review payments.md";
const read = (p: string): string => readFileSync(path.join(NOTES, p), "utf8");

const fake = useFakeOpenAi();

function settings(patch: Partial<AssistSettings> = {}): AssistSettings {
  return { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl: fake.baseUrl, model: "llama3.1:8b", allowedFolders: ["Meetings"], ...patch };
}

function endpointFor(s: AssistSettings, http: HttpClient = new FetchHttpClient()) {
  return modelEndpoint(s, { http, clock: instantClock, apiKey: "sk-test-key-0123456789abcdef", random: { next: () => 0.5 } });
}

async function detect(s: AssistSettings, notePath = INCIDENT, http?: HttpClient) {
  return detectTasks(core, endpointFor(s, http), prepareInput(s, { path: notePath, text: read(notePath), hints: HINTS }));
}

const answer = (tasks: object[]) => ({ content: JSON.stringify({ tasks }) });
const task = (summary: string, line: number) => ({ summary, description: "", line, priority: null, assignee: null, labels: [], estimate: null });

describe("assistance off", () => {
  it("is the default, also for data saved before assistance existed", () => {
    expect(readSettings({ siteUrl: "https://example.atlassian.net" }).assist.enabled).toBe(false);
    expect(readAssistSettings({ enabled: "yes", allowedFolders: "Meetings" })).toEqual(readAssistSettings(undefined));
  });

  it("sends no request, and the rules still find tasks", async () => {
    const recorded: HttpRequest[] = [];
    const spy: HttpClient = { execute: (r) => (recorded.push(r), new FetchHttpClient().execute(r)) };
    const off = settings({ enabled: false, allowedFolders: ["/"] });
    const result = await detect(off, INCIDENT, spy);
    expect(recorded).toEqual([]);
    expect(fake.server.requests).toEqual([]);
    expect(result.requests).toBe(0);
    expect(result.skipped).toMatch(/Assistance is off/);
    expect(result.rules.map((c) => c.line)).toEqual([17, 18, 19, 20]);
    const tested = await testModel(core, endpointFor(off, spy), off.model);
    expect(tested).toEqual({ ok: false, message: expect.stringMatching(/Assistance is off/) as unknown });
    expect(recorded).toEqual([]);
  });
});

describe("the model connection", () => {
  it("sends a chat-completions request with json_schema output and reads the tasks", async () => {
    fake.server.answer(answer([{ ...task("Raise the pool size", 10), priority: "High", assignee: "Ravi" }]));
    const result = await detect(settings());
    expect(fake.server.shapeProblems).toEqual([]);
    expect(fake.server.requests).toHaveLength(1);
    const [req] = fake.server.requests;
    expect(req?.headers.authorization).toBe("Bearer sk-test-key-0123456789abcdef");
    const body = JSON.parse(req?.body ?? "") as { stream: boolean; response_format: { type: string }; messages: { content: string }[] };
    expect(body.stream).toBe(false);
    expect(body.response_format.type).toBe("json_schema");
    expect(body.messages[1]?.content).toContain("10| - 09:30 Connection pool found exhausted");
    expect(result.problem).toBeNull();
    expect(result.model).toEqual([expect.objectContaining({ summary: "Raise the pool size", line: 10, origin: "model", priority: "High", assignee: expect.objectContaining({ accountId: "acc-ravi" }) as unknown })]);
  });

  it("puts the schema in the prompt for servers without structured output", async () => {
    fake.server.answer({ content: "Here you go:\n```json\n" + JSON.stringify({ tasks: [task("Raise the pool size", 10)] }) + "\n```" });
    const result = await detect(settings({ output: "schemaInPrompt" }));
    const body = JSON.parse(fake.server.requests[0]?.body ?? "") as Record<string, unknown> & { messages: { content: string }[] };
    expect("response_format" in body).toBe(false);
    expect(body.messages[0]?.content).toContain('"required":["tasks"]');
    expect(result.model).toHaveLength(1);
  });

  it.each([
    ["not JSON", { status: 200, body: "<html>gateway</html>" }, /not JSON/],
    ["truncated", { content: '{"tasks": [{"summary": "Raise', finishReason: "length" }, /cut off/],
    ["a refusal", { refusal: "I can't help with that." }, /refused: I can't help/],
    ["huge", { content: `{"tasks": [], "pad": "${"x".repeat(300_000)}"}` }, /too large/],
    ["a server error", { status: 400, body: '{"error": {"message": "model \\"llama3.1:8b\\" not found"}}' }, /HTTP 400: model "llama3.1:8b" not found/],
    ["a rejected key", { status: 401, body: '{"error": {"message": "invalid api key"}}' }, /refused the request \(HTTP 401\); check the API key: invalid api key/],
  ])("reports %s clearly, without a repair, and uses nothing", async (_name, scripted, message) => {
    fake.server.answer(scripted);
    const result = await detect(settings());
    expect(result.problem).toMatch(message);
    expect(result.model).toEqual([]);
    expect(fake.server.requests).toHaveLength(1);
    expect(result.rules.length).toBeGreaterThan(0);
  });

  it("repairs a wrong schema once, then gives up with a clear message", async () => {
    fake.server.answer({ content: '{"items": ["Raise the pool size"]}' }, answer([task("Raise the pool size", 10)]));
    const repaired = await detect(settings());
    expect(repaired.requests).toBe(2);
    expect(repaired.model).toHaveLength(1);
    const second = JSON.parse(fake.server.requests[1]?.body ?? "") as { messages: { role: string; content: string }[] };
    expect(second.messages.map((m) => m.role)).toEqual(["system", "user", "assistant", "user"]);
    expect(second.messages[3]?.content).toMatch(/missing field `tasks`/);

    fake.server.answer({ content: "I think you should raise the pool." }, { content: "Still prose." });
    const failed = await detect(settings());
    expect(failed.problem).toMatch(/holds no JSON object.*after one repair request/);
    expect(failed.model).toEqual([]);
    expect(fake.server.shapeProblems).toEqual([]);
  });

  it("retries 429 and 5xx and lost connections, then reports the last failure", async () => {
    fake.server.answer({ status: 429, body: "{}", headers: { "retry-after": "1" } }, { status: 503, body: "busy" }, answer([]));
    expect((await detect(settings())).problem).toBeNull();
    expect(fake.server.requests).toHaveLength(3);
    fake.server.answer({ hangUp: true }, { status: 502, body: "" }, { status: 500, body: '{"error":"overloaded"}' });
    const failed = await detect(settings());
    expect(failed.problem).toBe("The model server answered HTTP 500: overloaded");
    expect(fake.server.requests).toHaveLength(6);
  });

  it("can be cancelled while waiting", async () => {
    const never: HttpClient = { execute: () => new Promise(() => undefined) };
    const s = settings();
    const controller = new AbortController();
    const running = detectTasks(core, endpointFor(s, never), prepareInput(s, { path: INCIDENT, text: read(INCIDENT), hints: HINTS }), controller.signal);
    controller.abort();
    expect((await running).problem).toBe("Cancelled.");
  });

  it("requires https except on loopback", () => {
    expect(validateModelUrl("http://localhost:11434/v1")).toBeNull();
    expect(validateModelUrl("http://127.0.0.1:8080/v1")).toBeNull();
    expect(validateModelUrl("https://api.openai.com/v1")).toBeNull();
    expect(validateModelUrl("http://gpu-box.lan:11434/v1")).toMatch(/Use https/);
    expect(typeof endpointFor(settings({ baseUrl: "http://gpu-box.lan/v1" }))).toBe("string");
  });

  it("Test model reports the answer or the exact failure", async () => {
    fake.server.answer({ content: "The connection works." }, { status: 404, body: '{"error":{"message":"model not found"}}' });
    expect(await testModel(core, endpointFor(settings()), "llama3.1:8b")).toEqual({ ok: true, message: "llama3.1:8b answered: The connection works." });
    const failed = await testModel(core, endpointFor(settings()), "llama3.1:8b");
    expect(failed.message).toMatch(/no such model or address \(HTTP 404\).*model not found/);
  });
});

describe("privacy", () => {
  it("never sends excluded folders, private notes, private keys, comments or secrets", async () => {
    const s = settings({ allowedFolders: ["Meetings", "Incidents"], privateKeys: ["private", "private_notes"] });
    const skipped: string[] = [];
    for (const p of notePaths()) {
      const r = await detect(s, p);
      if (r.skipped !== null) skipped.push(p);
    }
    const sent = fake.server.allBodies();
    expect(fake.server.shapeProblems).toEqual([]);
    // Only the allowed folders were sent.
    expect(skipped.every((p) => !p.startsWith("Meetings/") && !p.startsWith("Incidents/"))).toBe(true);
    expect(skipped.length).toBe(notePaths().filter((p) => !p.startsWith("Meetings/") && !p.startsWith("Incidents/")).length);
    for (const secret of [
      "Open the senior SRE position", // Plans/ is not allowed (and the note is tagged private)
      "Finish the retention config", // Daily/ is not allowed
      "Anna is considering the staff role", // a private key
      "vendor contract renewal price", // a %%comment%%
      "AcmeSandbox2026xyz", // an API key
      "ghp_16C7e42F292c6912E7710c838347Ae178B4a", // a GitHub token in an allowed note
    ]) {
      expect(sent).not.toContain(secret);
    }
    expect(sent).toContain("[comment removed]");
    expect(sent).toContain("[secret removed]");
  });

  it("the preview is exactly what is sent", async () => {
    const s = settings();
    const input = prepareInput(s, { path: INCIDENT, text: read(INCIDENT), hints: HINTS });
    const shown = preview(core, input);
    if (!("ok" in shown)) throw new Error(shown.problem.message);
    await detect(s);
    expect(JSON.parse(fake.server.requests[0]?.body ?? "")).toEqual(shown.ok.request);
  });
});
