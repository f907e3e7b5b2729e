// Pull: a first sync into an empty vault writes one note per issue in scope; a sync with nothing to do
// sends exactly one request (the search).
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";

let w: World;
afterEach(async () => w.stop());

describe("pull", () => {
  it("writes one note per OPS issue on a first sync, and a second sync sends one request", async () => {
    w = await world();
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(report.exitCode).toBe(0);
    const files = w.vault.files();
    const paths = Object.keys(files);
    expect(paths).toHaveLength(21);
    expect(paths.every((p) => p.startsWith("Jira/OPS/OPS-"))).toBe(true);
    const ops1 = files["Jira/OPS/OPS-1 Incident automation.md"];
    expect(ops1).toContain("jira_key: OPS-1\ntitle: Incident automation\ncurrent_state: active\n---\n");
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.counts.requests).toBe(1);
    expect(w.sim.admin.log()).toHaveLength(1);
    expect(w.vault.files()).toEqual(files);
  });
});
