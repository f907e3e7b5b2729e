/**
 * Test harness: starts an in-process simulator and offers a small HTTP client that checks EVERY response
 * against the official spec (response schema for method + path template + status; error bodies against
 * Jira's error shape) and fails the test on any mismatch. The set of checked operations is kept so a
 * conformance test can assert coverage.
 */
import { Buffer } from "node:buffer";
import { request, type IncomingHttpHeaders } from "node:http";
import { expect } from "vitest";
import { startSimulator, type SimHandle, type SimOptions } from "../server";
import { checkResponse, errorValidator, loadSpec, type Spec } from "./openapi";

export const CLOUD_USERS = {
  alice: "Basic " + Buffer.from("alice@example.com:alice-api-token").toString("base64"),
  bob: "Basic " + Buffer.from("bob@example.com:bob-api-token").toString("base64"),
  carol: "Basic " + Buffer.from("carol@example.com:carol-api-token").toString("base64"),
};
export const DC_USERS = {
  alice: "Bearer alice-personal-access-token",
  bob: "Bearer bob-personal-access-token",
  carol: "Bearer carol-personal-access-token",
};

/** Untyped JSON (what JSON.parse gives): response bodies are inspected freely in tests. */
export type Body = ReturnType<typeof JSON.parse>;

export interface Res {
  status: number;
  body: Body;
  headers: IncomingHttpHeaders;
}

/** One HTTP request with node:http; resolves with status, headers and the whole body text. */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string): Promise<{ status: number; headers: IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, Connection: "close" } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
      res.on("error", reject);
    });
    req.on("error", reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** Operations whose responses were schema-checked, e.g. "GET /rest/api/3/myself 200". */
export const checkedOperations = new Set<string>();

export class Client {
  constructor(
    readonly h: SimHandle,
    readonly spec: Spec,
    public auth: string = "",
  ) {}

  as(auth: string): Client {
    return new Client(this.h, this.spec, auth);
  }

  async call(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res> {
    const res = await rawRequest(this.h.url + pathAndQuery, method, {
      ...(this.auth ? { Authorization: this.auth } : {}),
      ...(body !== undefined ? { "Content-Type": "application/json" } : {}),
      ...headers,
    }, body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body));
    const text = res.text;
    const parsed = (text ? JSON.parse(text) : undefined) as unknown;
    const path = pathAndQuery.split("?")[0] ?? pathAndQuery;
    this.verify(method, path, res.status, parsed, text);
    // eslint-disable-next-line @typescript-eslint/no-unsafe-assignment -- response bodies are untyped JSON by design
    return { status: res.status, body: parsed as Body, headers: res.headers };
  }

  private verify(method: string, path: string, status: number, body: unknown, text: string): void {
    if (status === 204) {
      expect(text, `${method} ${path} 204 must have no body`).toBe("");
      return;
    }
    const declared = checkResponse(this.spec, method, path, status, body);
    if (status >= 400 && declared.checked) {
      // The spec declares a body for this error status (e.g. CreatedIssues for a failed bulk create).
      expect(declared.errors, `${method} ${path} ${status} does not match ${declared.template ?? "?"}`).toEqual([]);
      checkedOperations.add(`${method} ${declared.template ?? ""} ${status}`);
      return;
    }
    if (status >= 400) {
      // Jira's error shape (ErrorCollection) for every error this simulator sends.
      expect(body, `${method} ${path} ${status} error body`).toMatchObject({ errorMessages: expect.any(Array) as unknown, errors: expect.any(Object) as unknown });
      const ev = errorValidator(this.spec);
      expect(ev(body), `${method} ${path} ${status} error body is not an ErrorCollection`).toBe(true);
      return;
    }
    const verdict = declared;
    expect(verdict.template, `spec has no path for ${method} ${path}`).not.toBeNull();
    expect(verdict.errors, `${method} ${path} ${status} does not match ${verdict.template ?? "?"}`).toEqual([]);
    if (verdict.checked) checkedOperations.add(`${method} ${verdict.template ?? ""} ${status}`);
  }

  get(p: string): Promise<Res> {
    return this.call("GET", p);
  }
  post(p: string, b?: unknown): Promise<Res> {
    return this.call("POST", p, b ?? {});
  }
  put(p: string, b?: unknown): Promise<Res> {
    return this.call("PUT", p, b ?? {});
  }
  del(p: string): Promise<Res> {
    return this.call("DELETE", p);
  }
}

export async function cloudSim(opts: SimOptions = {}): Promise<{ h: SimHandle; alice: Client; bob: Client; carol: Client; anon: Client }> {
  const h = await startSimulator({ mode: "cloud", seed: "demo", ...opts });
  const spec = loadSpec("cloud");
  const base = new Client(h, spec);
  return { h, alice: base.as(CLOUD_USERS.alice), bob: base.as(CLOUD_USERS.bob), carol: base.as(CLOUD_USERS.carol), anon: base };
}

export async function dcSim(opts: SimOptions = {}): Promise<{ h: SimHandle; alice: Client; bob: Client; carol: Client; anon: Client }> {
  const h = await startSimulator({ mode: "datacenter", seed: "demo", ...opts });
  const spec = loadSpec("datacenter");
  const base = new Client(h, spec);
  return { h, alice: base.as(DC_USERS.alice), bob: base.as(DC_USERS.bob), carol: base.as(DC_USERS.carol), anon: base };
}

export const adf = (text: string): Record<string, unknown> => ({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text }] }] });
