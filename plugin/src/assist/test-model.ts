// "Test model": one tiny chat completion that shows the model's answer, or the exact failure (assistance off,
// bad address, HTTP status with the server's message, no connection, an answer that is not a chat completion).
// With *JSON schema* output it asks with a tiny `response_format` schema, as every assistance request does; a
// server that refuses it (400/422 naming response_format or json_schema) is asked again without it, remembered
// for the session (converse.ts), and the report says that the schema goes into the prompt for it.
import type { OutputMode } from "./assist-settings";
import { refusedResponseFormat, refusesResponseFormat, rememberRefusal } from "./converse";
import type { ModelEndpoint } from "./model-endpoint";

/** The core export that reads a response body's message text. */
export interface MessageCore {
  assistMessageContent(body: string): unknown;
}

/** The request *Test model* sends (no note content); with `jsonSchema`, a one-field `response_format` schema. */
export function testRequest(model: string, output: OutputMode = "schemaInPrompt"): unknown {
  const request: Record<string, unknown> = {
    model,
    messages: [
      { role: "system", content: "You are a connection test. Answer in five words or fewer." },
      { role: "user", content: "Say that the connection works." },
    ],
    temperature: 0,
    stream: false,
    max_tokens: 32,
  };
  if (output === "jsonSchema") {
    const schema = { type: "object", additionalProperties: false, required: ["answer"], properties: { answer: { type: "string" } } };
    request.response_format = { type: "json_schema", json_schema: { name: "connection_test", strict: true, schema } };
  }
  return request;
}

const FALLBACK_NOTE = " This server refuses response_format (structured output), so for this session the schema goes into the prompt instead; choose Schema in the prompt under Structured output to make that permanent.";

/** `{ok: true, message}` with the model's answer, or `{ok: false, message}` with the failure. */
export async function testModel(core: MessageCore, endpoint: ModelEndpoint | string, model: string, output: OutputMode = "schemaInPrompt"): Promise<{ ok: boolean; message: string }> {
  if (typeof endpoint === "string") return { ok: false, message: endpoint };
  let mode: OutputMode = output === "jsonSchema" && refusedResponseFormat(endpoint.url) ? "schemaInPrompt" : output;
  let note = mode === output ? "" : FALLBACK_NOTE;
  let reply = await endpoint.complete(testRequest(model, mode));
  if (mode === "jsonSchema" && refusesResponseFormat(reply)) {
    rememberRefusal(endpoint.url);
    mode = "schemaInPrompt";
    note = FALLBACK_NOTE;
    reply = await endpoint.complete(testRequest(model, mode));
  }
  if (!reply.ok) return { ok: false, message: `${reply.problem}${note}` };
  const content = core.assistMessageContent(reply.body) as { ok: string } | { problem: { message: string } };
  if ("problem" in content) return { ok: false, message: `${content.problem.message}${note}` };
  return { ok: true, message: `${model} answered: ${content.ok.trim().slice(0, 200)}${note}` };
}
