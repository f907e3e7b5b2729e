// A fake OpenAI-compatible chat-completions server on loopback, for the assistance tests, bench and demo.
// Answers are scripted one per request (a content string wrapped as a chat completion, or a raw status and
// body); every request body is recorded and checked against the chat-completions request shape (model,
// messages with roles and text, streaming off, an optional `response_format` of type `json_schema`). A request
// that breaks the shape is answered 400 and its problems are kept in `shapeProblems`.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { Buffer } from "node:buffer";

export type Scripted =
  | { content: string; finishReason?: string }
  | { refusal: string }
  | { status: number; body: string; headers?: Record<string, string> }
  | { hangUp: true };

export interface Recorded {
  path: string;
  headers: IncomingMessage["headers"];
  body: string;
}

/** The problems of a chat-completions request body (empty when it has the right shape). */
export function chatRequestProblems(text: string): string[] {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    return ["the body is not JSON"];
  }
  const problems: string[] = [];
  if (typeof body.model !== "string" || body.model === "") problems.push("model is not a non-empty string");
  if (!Array.isArray(body.messages) || body.messages.length === 0) problems.push("messages is not a non-empty array");
  else
    for (const m of body.messages as unknown[]) {
      const msg = m as { role?: unknown; content?: unknown };
      if (!["system", "user", "assistant"].includes(String(msg.role))) problems.push(`a message has role ${String(msg.role)}`);
      if (typeof msg.content !== "string") problems.push("a message's content is not text");
    }
  if (body.stream !== false) problems.push("stream is not false");
  if ("temperature" in body && typeof body.temperature !== "number") problems.push("temperature is not a number");
  if ("max_tokens" in body && !Number.isInteger(body.max_tokens)) problems.push("max_tokens is not an integer");
  if ("response_format" in body) {
    const f = body.response_format as { type?: unknown; json_schema?: { name?: unknown; schema?: unknown } };
    if (f.type !== "json_schema") problems.push("response_format.type is not json_schema");
    if (typeof f.json_schema?.name !== "string" || typeof f.json_schema.schema !== "object") problems.push("response_format.json_schema needs a name and a schema");
  }
  return problems;
}

export function completion(content: string | null, finishReason = "stop", refusal?: string): string {
  return JSON.stringify({
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 1_764_547_200,
    model: "fake",
    choices: [{ index: 0, message: { role: "assistant", content, ...(refusal === undefined ? {} : { refusal }) }, finish_reason: finishReason }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  });
}

export class FakeOpenAi {
  readonly requests: Recorded[] = [];
  readonly shapeProblems: string[] = [];
  private script: Scripted[] = [];
  private server: Server | null = null;
  /** Answered when the script is empty. */
  fallback: Scripted = { content: '{"tasks": []}' };

  /** Queues answers, one per coming request. */
  answer(...items: Scripted[]): this {
    this.script.push(...items);
    return this;
  }

  /** Drops the answers not used yet. */
  clearScript(): void {
    this.script = [];
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}/v1`;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  /** Every recorded body, as one text (for "never appears in any request" checks). */
  allBodies(): string {
    return this.requests.map((r) => r.body).join("\n");
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks).toString("utf8");
      this.requests.push({ path: req.url ?? "", headers: req.headers, body });
      const problems = req.url === "/v1/chat/completions" ? chatRequestProblems(body) : [`path ${req.url ?? ""}`];
      if (problems.length > 0) {
        this.shapeProblems.push(...problems);
        res.writeHead(400, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: problems.join("; ") } }));
        return;
      }
      const next = this.script.shift() ?? this.fallback;
      if ("hangUp" in next) {
        req.socket.destroy();
        return;
      }
      if ("status" in next) {
        res.writeHead(next.status, { "content-type": "application/json", ...next.headers }).end(next.body);
        return;
      }
      const text = "refusal" in next ? completion(null, "stop", next.refusal) : completion(next.content, next.finishReason);
      res.writeHead(200, { "content-type": "application/json" }).end(text);
    });
  }
}
