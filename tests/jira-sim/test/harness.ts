/**
 * Test harness: starts an in-process simulator and offers a small HTTP client that checks EVERY response
 * against the official spec (response schema for method + path template + status; error bodies against
 * Jira's error shape) and fails the test on any mismatch. The set of checked operations is kept so a
 * conformance test can assert coverage.
 */
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

export interface Res<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
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

  async call<T = any>(method: string, pathAndQuery: string, body?: unknown, headers: Record<string, string> = {}): Promise<Res<T>> {
    const res = await fetch(this.h.url + pathAndQuery, {
      method,
      headers: { ...(this.auth ? { Authorization: this.auth } : {}), ...(body !== undefined ? { "Content-Type": "application/json" } : {}), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
    const text = await res.text();
    const parsed: unknown = text ? JSON.parse(text) : undefined;
    const path = pathAndQuery.split("?")[0] ?? pathAndQuery;
    this.verify(method, path, res.status, parsed, text);
    return { status: res.status, body: parsed as T, headers: res.headers };
  }

  private verify(method: string, path: string, status: number, body: unknown, text: string): void {
    if (status === 204) {
      expect(text, `${method} ${path} 204 must have no body`).toBe("");
      return;
    }
    if (status >= 400) {
      // Jira's error shape (ErrorCollection) for every error this simulator sends.
      expect(body, `${method} ${path} ${status} error body`).toMatchObject({ errorMessages: expect.any(Array), errors: expect.any(Object) });
      const ev = errorValidator(this.spec);
      expect(ev(body), `${method} ${path} ${status} error body is not an ErrorCollection`).toBe(true);
      return;
    }
    const verdict = checkResponse(this.spec, method, path, status, body);
    expect(verdict.template, `spec has no path for ${method} ${path}`).not.toBeNull();
    expect(verdict.errors, `${method} ${path} ${status} does not match ${verdict.template ?? "?"}`).toEqual([]);
    if (verdict.checked) checkedOperations.add(`${method} ${verdict.template ?? ""} ${status}`);
  }

  get<T = any>(p: string): Promise<Res<T>> {
    return this.call<T>("GET", p);
  }
  post<T = any>(p: string, b?: unknown): Promise<Res<T>> {
    return this.call<T>("POST", p, b ?? {});
  }
  put<T = any>(p: string, b?: unknown): Promise<Res<T>> {
    return this.call<T>("PUT", p, b ?? {});
  }
  del<T = any>(p: string): Promise<Res<T>> {
    return this.call<T>("DELETE", p);
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
