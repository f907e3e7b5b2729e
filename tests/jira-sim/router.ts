/**
 * A tiny router: routes are method + path template (`/rest/api/3/issue/{issueIdOrKey}`) + handler. Templates
 * compile to regular expressions; the matched template is kept so the request log and the rate limiter can
 * tell which operation (and which issue) a request addressed.
 */
import type { IncomingMessage } from "node:http";
import type { SimUser } from "./model";

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Req {
  raw: IncomingMessage;
  method: string;
  path: string;
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
  user: SimUser;
}

export type Handler = (r: Req) => Reply;

export interface Route {
  method: string;
  template: string;
  re: RegExp;
  names: string[];
  handler: Handler;
  /** Whether this route writes (for per-issue write limits). */
  write: boolean;
}

export class Router {
  readonly routes: Route[] = [];

  add(method: string, template: string, handler: Handler): this {
    const names: string[] = [];
    const re = new RegExp(
      `^${template.replace(/[.+?^$()|\\]/g, "\\$&").replace(/\{(\w+)\}/g, (_m, n: string) => {
        names.push(n);
        return "([^/]+)";
      })}/?$`,
    );
    this.routes.push({ method, template, re, names, handler, write: method !== "GET" });
    return this;
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | { allowed: string[] } | null {
    const allowed: string[] = [];
    for (const route of this.routes) {
      const m = route.re.exec(path);
      if (!m) continue;
      if (route.method !== method) {
        allowed.push(route.method);
        continue;
      }
      const params: Record<string, string> = {};
      route.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1] ?? "")));
      return { route, params };
    }
    return allowed.length ? { allowed } : null;
  }
}
