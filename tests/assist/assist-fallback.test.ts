// The response_format fallback against the fake OpenAI-compatible server: a server that refuses
// `response_format` with a 400 or 422 naming it (the llama.cpp server, older vLLM, some hosted services) is asked
// once more with the schema in the prompt, remembered for the session (later requests go that way at once), and
// Test model says so; any other 400 is reported as it is, with no second request.
import { describe, expect, it } from "vitest";
import { type AssistSettings, DEFAULT_ASSIST_SETTINGS } from "../../plugin/src/assist/assist-settings";
import { detectTasks, prepareInput, preview } from "../../plugin/src/assist/detect-tasks";
import { modelEndpoint } from "../../plugin/src/assist/model-endpoint";
import { suggestFields, suggestInput, suggestProperties } from "../../plugin/src/assist/suggest-fields";
import { testModel } from "../../plugin/src/assist/test-model";
import type { Clock } from "../../plugin/src/jira/http";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { loadCoreSync } from "../e2e/harness";
import { useFakeOpenAi } from "./use-fake-openai";

const core = loadCoreSync();
const clock: Clock = { now: () => Date.parse("2026-12-03T10:00:00Z"), sleep: () => Promise.resolve() };
const NOTE = "# Planning\n\nWe agreed that someone has to migrate the build cache to the new bucket before Friday.\n";
const LLAMA_CPP = { status: 400, body: JSON.stringify({ error: { code: 400, message: "Either \"json_schema\" or \"grammar\" can be specified, but not both; response_format type json_schema is not supported", type: "invalid_request_error" } }) };
const VLLM = { status: 422, body: JSON.stringify({ object: "error", message: "1 validation error for ChatCompletionRequest\nresponse_format.type\n  Input should be 'text' or 'json_object'", type: "BadRequestError", code: 422 }) };
const TASKS = { content: JSON.stringify({ tasks: [{ summary: "Migrate the build cache", description: "", line: 3, priority: null, assignee: null, labels: [], estimate: null }] }) };

const fake = useFakeOpenAi();

function settings(): AssistSettings {
  return { ...DEFAULT_ASSIST_SETTINGS, enabled: true, baseUrl: fake.baseUrl, model: "llama3.1:8b", allowedFolders: ["/"] };
}
const endpoint = (s: AssistSettings) => modelEndpoint(s, { http: new FetchHttpClient(), clock, apiKey: null, random: { next: () => 0.5 } });
const detect = (s: AssistSettings) => detectTasks(core, endpoint(s), prepareInput(s, { path: "Plans/Build.md", text: NOTE, hints: { defaultProject: "OPS" } }));
const body = (i: number) => JSON.parse(fake.server.requests[i]?.body ?? "{}") as { response_format?: unknown; messages: { content: string }[] };

describe("response_format fallback", () => {
  it.each([
    ["llama.cpp (400)", LLAMA_CPP],
    ["older vLLM (422)", VLLM],
  ])("retries a refusal by %s once with the schema in the prompt and remembers it for the session", async (_name, refusal) => {
    fake.server.answer(refusal, TASKS);
    const first = await detect(settings());
    expect(first.problem).toBeNull();
    expect(first.requests).toBe(2);
    expect(first.schemaInPrompt).toBe(true);
    expect(first.model.map((c) => c.summary)).toEqual(["Migrate the build cache"]);
    expect(body(0).response_format).toBeDefined();
    expect(body(1).response_format).toBeUndefined();
    expect(body(1).messages[0]?.content).toContain("It must match this JSON schema");
    expect(fake.server.shapeProblems).toEqual([]);

    // The same endpoint later in the session: the schema goes in the prompt at once, and the preview shows that.
    fake.server.answer(TASKS);
    const again = await detect(settings());
    expect(again.requests).toBe(1);
    expect(again.schemaInPrompt).toBe(true);
    expect(body(2).response_format).toBeUndefined();
    const shown = preview(core, prepareInput(settings(), { path: "Plans/Build.md", text: NOTE, hints: {} }));
    expect("ok" in shown && JSON.stringify(shown.ok.request)).toBe(fake.server.requests[2]?.body);
  });

  it("reports any other 400 as it is, with no second request", async () => {
    fake.server.answer({ status: 400, body: JSON.stringify({ error: { message: "This model's maximum context length is 8192 tokens" } }) });
    const r = await detect(settings());
    expect(r.requests).toBe(1);
    expect(r.schemaInPrompt).toBe(false);
    expect(r.problem).toMatch(/HTTP 400: This model's maximum context length/);
  });

  it("falls back for suggestions too", async () => {
    fake.server.answer(LLAMA_CPP, { content: JSON.stringify({ priority: null, estimate: "2h", estimateReason: "", assignee: null, assigneeReason: "", nextSteps: [] }) });
    const s = settings();
    const note = "---\njira_key: OPS-9\n---\nMigrate the build cache.\n";
    const input = suggestInput(s, { path: "Jira/OPS-9.md", text: note, key: "OPS-9", hints: {} }, suggestProperties([]));
    const r = await suggestFields(core, endpoint(s), new Uint8Array(), input);
    expect([r.requests, r.schemaInPrompt, r.model?.estimate?.value]).toEqual([2, true, "2h"]);
    expect(body(1).response_format).toBeUndefined();
  });

  it("Test model asks with a schema, and says when the server refuses it", async () => {
    fake.server.answer({ content: '{"answer": "The connection works."}' });
    expect(await testModel(core, endpoint(settings()), "llama3.1:8b", "jsonSchema")).toEqual({ ok: true, message: 'llama3.1:8b answered: {"answer": "The connection works."}' });
    expect(body(0).response_format).toMatchObject({ type: "json_schema" });
    fake.server.answer(LLAMA_CPP, { content: "The connection works." });
    const other = { ...settings(), baseUrl: fake.baseUrl.replace("127.0.0.1", "localhost") };
    const tested = await testModel(core, endpoint(other), "llama3.1:8b", "jsonSchema");
    expect(tested.ok).toBe(true);
    expect(tested.message).toMatch(/^llama3.1:8b answered: The connection works\. This server refuses response_format .* the schema goes into the prompt/);
    expect(body(2).response_format).toBeUndefined();
  });
});
