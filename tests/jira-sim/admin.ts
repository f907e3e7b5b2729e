/**
 * The admin API under `/__sim/...` (answered only for loopback clients, no auth): state summary, reset/seed,
 * generate N issues, move an issue to another project, clock get/set/advance, fault rules, latency, rate
 * limits, search lag, and the request log. All bodies and answers are JSON.
 */
import { isObj, str } from "./util";
import type { Reply } from "./router";
import type { SeedName } from "./seed";
import type { Sim } from "./sim";


export function handleAdmin(sim: Sim, method: string, path: string, query: URLSearchParams, body: unknown): Reply {
  const b = isObj(body) ? body : {};
  const route = `${method} ${path.replace(/\/+$/, "")}`;
  const ok = (data: unknown = { ok: true }): Reply => ({ status: 200, body: data });
  try {
    switch (route) {
      case "GET /__sim/state": return ok(sim.summary());
      case "POST /__sim/reset": sim.reset((b.seed as SeedName | undefined) ?? "demo"); return ok();
      case "POST /__sim/issues/generate": return ok(sim.generate(str(b.project ?? "OPS"), Number(b.count ?? 0), Array.isArray(b.labels) ? b.labels.map(String) : undefined));
      case "GET /__sim/clock": return ok(sim.clockInfo());
      case "POST /__sim/clock": return ok(sim.setClock({ set: b.set as string | number | undefined, advanceMs: b.advanceMs as number | undefined, frozen: b.frozen as boolean | undefined }));
      case "GET /__sim/faults": return ok(sim.faults.rules);
      case "POST /__sim/faults": return ok(sim.addFault(b));
      case "DELETE /__sim/faults": sim.faults.clear(); return ok();
      case "POST /__sim/latency": sim.setLatency(Number(b.ms ?? 0)); return ok();
      case "POST /__sim/rate-limit": sim.setRateLimit(b); return ok();
      case "DELETE /__sim/rate-limit": sim.setRateLimit(null); return ok();
      case "POST /__sim/search-lag": sim.setSearchLag(b); return ok();
      case "DELETE /__sim/search-lag": sim.setSearchLag(null); return ok();
      case "GET /__sim/log": {
        const since = Number(query.get("since") ?? 0);
        return ok(sim.log.filter((e) => e.seq > since));
      }
      case "DELETE /__sim/log": sim.clearLog(); return ok();
      default: break;
    }
    const move = /^POST \/__sim\/issues\/([^/]+)\/move$/.exec(route);
    if (move) return ok(sim.move(decodeURIComponent(move[1] ?? ""), str(b.project ?? ""), typeof b.as === "string" ? b.as : undefined));
    return { status: 404, body: { error: `unknown admin route ${route}` } };
  } catch (e) {
    return { status: 400, body: { error: e instanceof Error ? e.message : String(e) } };
  }
}
