/**
 * HTTP server and in-process API. `startSimulator(options)` starts a `node:http` server on 127.0.0.1
 * (port 0 = any free port) and returns `{ url, port, stop(), admin, sim }`. Each request goes through:
 * admin routes (loopback only) → fault rules (latency, drop, forced status) → rate limits → auth → XSRF
 * check → JSON body → router → handler; the reply may then be cut short by a truncate fault. Every API
 * request is recorded in the request log (method, path, query, body, status).
 */
import { Buffer } from "node:buffer";
import { setTimeout as sleep } from "node:timers/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { handleAdmin } from "./admin";
import { registerCloud } from "./api/cloud";
import { authenticate } from "./auth";
import { registerDataCenter } from "./dc/v2";
import { HttpError, jiraError } from "./errors";
import type { FaultRuleInput, RateLimitConfig } from "./faults";
import type { Reply } from "./router";
import { Router } from "./router";
import type { SearchLag } from "./search";
import type { SeedName } from "./seed";
import { Sim, type LogEntry, type SimOptions } from "./sim";

export type { SimOptions } from "./sim";

export interface SimHandle {
  url: string;
  port: number;
  sim: Sim;
  stop(): Promise<void>;
  admin: {
    reset(seed?: SeedName): void;
    generate(project: string, count: number, labels?: string[]): { created: number; firstKey: string | null; lastKey: string | null };
    move(issueKey: string, project: string): { id: string; key: string };
    clock: { now(): number; set(at: string | number, frozen?: boolean): void; advance(ms: number): void };
    addFault(rule: FaultRuleInput): { id: string };
    clearFaults(): void;
    setLatency(ms: number): void;
    setRateLimit(cfg: RateLimitConfig | null): void;
    setSearchLag(lag: SearchLag | null): void;
    log(): LogEntry[];
    clearLog(): void;
  };
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function queryObject(q: URLSearchParams): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const k of new Set(q.keys())) {
    const all = q.getAll(k);
    out[k] = all.length === 1 ? (all[0] ?? "") : all;
  }
  return out;
}

export function buildRouter(sim: Sim): Router {
  const router = new Router();
  if (sim.mode === "cloud") registerCloud(router, sim);
  else registerDataCenter(router, sim);
  return router;
}

export function createHandler(sim: Sim): (req: IncomingMessage, res: ServerResponse) => void {
  const router = buildRouter(sim);
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "http://localhost");
    const method = (req.method ?? "GET").toUpperCase();
    const text = await readBody(req);
    let body: unknown = undefined;
    let badJson = false;
    if (text.trim() !== "") {
      try {
        body = JSON.parse(text);
      } catch {
        body = text;
        badJson = true;
      }
    }
    if (url.pathname.startsWith("/__sim")) {
      const reply: Reply = LOOPBACK.has(req.socket.remoteAddress ?? "") ? handleAdmin(sim, method, url.pathname, url.searchParams, body) : { status: 403, body: { error: "admin API is loopback-only" } };
      res.writeHead(reply.status, { "Content-Type": "application/json" });
      res.end(JSON.stringify(reply.body ?? null));
      return;
    }
    let userEmail: string | null = null;
    const log = (status: number): void =>
      sim.record({ at: new Date().toISOString(), method, path: url.pathname, query: queryObject(url.searchParams), body, status, user: userEmail, durationMs: Date.now() - started });

    const fault = sim.faults.decide(method, url.pathname);
    if (fault.latencyMs > 0) await sleep(fault.latencyMs);
    if (fault.drop) {
      log(0);
      req.socket.destroy();
      return;
    }
    let reply: Reply;
    try {
      if (fault.status !== undefined) {
        const headers: Record<string, string> = {};
        if (fault.retryAfter !== undefined) headers["Retry-After"] = String(fault.retryAfter);
        throw new HttpError(fault.status, (fault.body as HttpError["body"] | undefined) ?? { errorMessages: [`Simulated failure (HTTP ${fault.status}).`], errors: {} }, headers);
      }
      const m = router.match(method, url.pathname);
      const matched = m && "route" in m ? m : null;
      let issueKey: string | null = null;
      if (matched?.route.write && matched.params.issueIdOrKey) issueKey = sim.store.issue(matched.params.issueIdOrKey)?.id ?? matched.params.issueIdOrKey;
      const limited = sim.faults.checkRate(issueKey);
      if (limited) throw new HttpError(429, { errorMessages: ["Rate limit exceeded."], errors: {} }, limited.headers);
      const user = authenticate(req, sim.store.state.users, sim.mode);
      userEmail = user.email;
      const ua = req.headers["user-agent"] ?? "";
      if ((sim.options.xsrfCheck ?? true) && method !== "GET" && /Mozilla/.test(ua) && req.headers["x-atlassian-token"] !== "no-check") {
        throw jiraError(403, "XSRF check failed");
      }
      if (!m) throw jiraError(404, `No resource found for ${method} ${url.pathname}`);
      if (!matched) throw jiraError(405, `Method ${method} is not allowed for ${url.pathname}`);
      if (badJson) throw jiraError(400, "Unexpected character in the request body: it is not valid JSON.");
      // Every POST/PUT operation implemented here declares a required request body.
      if ((method === "POST" || method === "PUT") && body === undefined && !matched.route.template.endsWith("/issue/bulk")) throw jiraError(400, "No content to map due to end-of-input");
      reply = matched.route.handler({ raw: req, method, path: url.pathname, params: matched.params, query: url.searchParams, body, user });
      reply.headers = { ...sim.faults.rateHeaders(), ...(reply.headers ?? {}) };
    } catch (e) {
      if (e instanceof HttpError) reply = { status: e.status, body: e.body, headers: e.headers };
      else {
        reply = { status: 500, body: { errorMessages: [`Internal simulator error: ${e instanceof Error ? e.message : String(e)}`], errors: {} } };
        console.error(e);
      }
    }
    log(reply.status);
    const payload = reply.body === undefined || reply.status === 204 ? "" : JSON.stringify(reply.body);
    // Jira's clock, not the machine's (Node would send its own).
    const headers: Record<string, string | number> = { Date: new Date(sim.clock.now()).toUTCString(), ...(reply.headers ?? {}) };
    if (payload) {
      headers["Content-Type"] = "application/json;charset=UTF-8";
      headers["Content-Length"] = Buffer.byteLength(payload);
    }
    if (fault.truncate && payload) {
      res.writeHead(reply.status, headers);
      const buf = Buffer.from(payload);
      res.write(buf.subarray(0, Math.max(1, Math.floor(buf.length / 2))), () => res.destroy());
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  };
  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      console.error(e);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  };
}

export async function startSimulator(options: SimOptions = {}): Promise<SimHandle> {
  const sim = new Sim(options);
  const server = createServer(createHandler(sim));
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  sim.baseUrl = url;
  return {
    url,
    port,
    sim,
    stop: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
    admin: {
      reset: (seed) => sim.reset(seed),
      generate: (project, count, labels) => sim.generate(project, count, labels),
      move: (issueKey, project) => sim.move(issueKey, project),
      clock: { now: () => sim.clock.now(), set: (at, frozen) => sim.setClock({ set: at, frozen }), advance: (ms) => sim.clock.advance(ms) },
      addFault: (rule) => sim.addFault(rule),
      clearFaults: () => sim.faults.clear(),
      setLatency: (ms) => sim.setLatency(ms),
      setRateLimit: (cfg) => sim.setRateLimit(cfg),
      setSearchLag: (lag) => sim.setSearchLag(lag),
      log: () => [...sim.log],
      clearLog: () => sim.clearLog(),
    },
  };
}
