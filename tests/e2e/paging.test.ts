// Paging: a first sync over 250 issues pulls them in three search pages; later syncs send one search page
// per 100 changed issues plus at most one more, and exactly one request when nothing changed.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { remoteEdit, requestsTo } from "./jira";

let w: World;
afterEach(async () => w.stop());

describe("paging", () => {
  it("pulls 250 issues in 3 search requests, then 1 + ceil(k/100) at most for k remote changes", async () => {
    w = await world({ seed: "empty" });
    // Created in five batches minutes apart, as issues come in over time: the pull reaches one minute back
    // before its watermark, so issues updated in that last minute are fetched again (and skipped as echoes).
    for (let batch = 0; batch < 5; batch++) {
      w.sim.admin.generate("OPS", 50);
      w.sim.admin.clock.advance(300_000);
    }
    const first = await w.sync();
    expect(first.exitCode).toBe(0);
    expect(Object.keys(w.vault.files())).toHaveLength(250);
    expect(requestsTo(w.sim, "/search/jql")).toBe(3);

    w.sim.admin.clearLog();
    const idle = await w.sync();
    expect(idle.exitCode).toBe(0);
    expect(w.sim.admin.log()).toHaveLength(1);

    const keys = w.sim.sim.store.state.issues.map((i) => i.key);
    for (const k of [1, 100, 150]) {
      w.sim.admin.clock.advance(120_000);
      for (const key of keys.slice(0, k)) await remoteEdit(w.sim, key, { summary: `Round ${k} change of ${key}` });
      w.sim.admin.clock.advance(120_000);
      w.sim.admin.clearLog();
      const report = await w.sync();
      expect(report.exitCode).toBe(0);
      expect(requestsTo(w.sim, "/search/jql")).toBeLessThanOrEqual(1 + Math.ceil(k / 100));
      if (k === 1) {
        w.sim.admin.clearLog();
        await w.sync();
        expect(w.sim.admin.log(), "idle after k=1").toHaveLength(1);
      }
      const labelled = Object.values(w.vault.files()).filter((t) => t.includes(`\ntitle: Round ${k} change of `));
      expect(labelled.length, `k=${k}`).toBe(k);
    }
    // The last round's 150 edits fall in the minute before the watermark: an idle sync re-reads them once
    // more (two pages, all echoes); after one more change minutes later, an idle sync is one request again.
    w.sim.admin.clearLog();
    await w.sync();
    expect(requestsTo(w.sim, "/search/jql")).toBeLessThanOrEqual(2);
    w.sim.admin.clock.advance(300_000);
    await remoteEdit(w.sim, keys[200] ?? "", { summary: "Later change" });
    await w.sync();
    w.sim.admin.clearLog();
    const files = w.vault.files();
    await w.sync();
    expect(w.sim.admin.log()).toHaveLength(1);
    expect(w.vault.files()).toEqual(files);
  });
});
