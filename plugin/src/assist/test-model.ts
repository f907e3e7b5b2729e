// "Test model": one tiny chat completion that shows the model's answer, or the exact failure (assistance off,
// bad address, HTTP status with the server's message, no connection, an answer that is not a chat completion).
import type { ModelEndpoint } from "./model-endpoint";

/** The core export that reads a response body's message text. */
export interface MessageCore {
  assistMessageContent(body: string): unknown;
}

/** The request *Test model* sends (no note content). */
export function testRequest(model: string): unknown {
  return {
    model,
    messages: [
      { role: "system", content: "You are a connection test. Answer in five words or fewer." },
      { role: "user", content: "Say that the connection works." },
    ],
    temperature: 0,
    stream: false,
    max_tokens: 32,
  };
}

/** `{ok: true, message}` with the model's answer, or `{ok: false, message}` with the failure. */
export async function testModel(core: MessageCore, endpoint: ModelEndpoint | string, model: string): Promise<{ ok: boolean; message: string }> {
  if (typeof endpoint === "string") return { ok: false, message: endpoint };
  const reply = await endpoint.complete(testRequest(model));
  if (!reply.ok) return { ok: false, message: reply.problem };
  const content = core.assistMessageContent(reply.body) as { ok: string } | { problem: { message: string } };
  if ("problem" in content) return { ok: false, message: content.problem.message };
  return { ok: true, message: `${model} answered: ${content.ok.trim().slice(0, 200)}` };
}
