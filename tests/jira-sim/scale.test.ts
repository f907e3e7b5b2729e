/**
 * Scale: the admin generator creates 10,000 issues; id-only search pages of up to 5000 cover them exactly
 * once. Timings are printed for information, not asserted tightly.
 */
import process from "node:process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cloudSim, rawRequest, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client;

beforeAll(async () => {
  ({ h, alice } = await cloudSim({ seed: "empty" }));
});
afterAll(() => h.stop());

describe("scale", () => {
  it("generates 10,000 issues and pages over them by id", async () => {
    const t0 = performance.now();
    const g = await rawRequest(`${h.url}/__sim/issues/generate`, "POST", { "Content-Type": "application/json" }, JSON.stringify({ project: "OPS", count: 10_000 }));
    expect(JSON.parse(g.text)).toMatchObject({ created: 10_000, lastKey: "OPS-10000" });
    const t1 = performance.now();
    const ids = new Set<string>();
    let token: string | undefined;
    let pages = 0;
    do {
      const r = await alice.post("/rest/api/3/search/jql", { jql: "project = OPS", maxResults: 5000, ...(token ? { nextPageToken: token } : {}) });
      const body = r.body as { issues: { id: string }[]; nextPageToken?: string; isLast: boolean };
      for (const i of body.issues) ids.add(i.id);
      token = body.nextPageToken;
      pages++;
    } while (token);
    const t2 = performance.now();
    expect(pages).toBe(2);
    expect(ids.size).toBe(10_000);
    process.stdout.write(`generate 10k: ${(t1 - t0).toFixed(0)} ms; page 10k ids: ${(t2 - t1).toFixed(0)} ms\n`);
  });
});
