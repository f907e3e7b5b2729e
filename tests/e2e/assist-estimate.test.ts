// Estimates from history (issue #17, docs/assist.md) on the simulator's company site, Cloud and Data Center: after
// a sync and the history read, "Suggest an estimate" for an open issue uses only done issues with time logged
// (never the issue itself), gives an estimate inside its range, and the same answer every time.
import { describe, expect, it } from "vitest";
import { HIDDEN_FROM_ALICE } from "../jira-sim/company";
import { type Estimate, suggestEstimate } from "../../plugin/src/assist/estimate";
import { historyFileName } from "../../plugin/src/history/driver";
import { aliceTransport, assistanceHooks, readHistory } from "./assistance";
import { loadCoreSync, world } from "./harness";

const hooks = assistanceHooks();

interface KeptIssue {
  key: string;
  summary: string;
  resolved?: number | null;
  timeSpent?: number | null;
}

describe.each(["cloud", "datacenter"] as const)("Suggest an estimate (%s, company site)", (mode) => {
  it("estimates open issues from similar done issues with time logged", async () => {
    const core = loadCoreSync();
    const probe = await hooks.keep(world({ mode, seed: "company" }));
    // Five of the projects Alice sees (about 800 issues): the whole site is synced by company-site.test.ts already.
    const projects = probe.sim.sim.store.state.projects
      .map((p) => p.key)
      .filter((k) => !(HIDDEN_FROM_ALICE as readonly string[]).includes(k))
      .slice(0, 5);
    await probe.stop();
    const site = await hooks.keep(world({ mode, seed: "company", projects }));
    expect((await site.sync()).fatal).toBeUndefined();
    await readHistory(site, aliceTransport(site), projects);
    const history = JSON.parse(site.store.raw(historyFileName(site.sim.url)) ?? "{}") as { issues: Record<string, KeptIssue> };
    const issues = Object.values(history.issues);
    const done = new Map(issues.filter((i) => i.resolved != null && (i.timeSpent ?? 0) > 0).map((i) => [i.key, i]));
    expect(done.size).toBeGreaterThan(5);
    let estimated = 0;
    // The first 15 open issues by key (each estimate reads the whole history file, as the command does).
    for (const issue of issues.filter((i) => i.resolved == null).sort((a, b) => a.key.localeCompare(b.key)).slice(0, 15)) {
      const outcome = await suggestEstimate(core, site.store, site.sim.url, issue.key);
      if (!outcome.ok) throw new Error(outcome.problem);
      const e: Estimate | null = outcome.estimate;
      if (e === null) continue;
      estimated++;
      expect(e.similar.length).toBeGreaterThan(0);
      expect(e.similar.length).toBeLessThanOrEqual(5);
      for (const s of e.similar) {
        expect(s.key).not.toBe(issue.key);
        expect(done.get(s.key)?.timeSpent).toBe(s.timeSpent);
      }
      expect(e.low).toBeLessThanOrEqual(e.seconds);
      expect(e.seconds).toBeLessThanOrEqual(e.high);
      expect(e.similar.map((s) => s.timeSpent)).toContain(e.seconds);
      expect(await suggestEstimate(core, site.store, site.sim.url, issue.key)).toEqual(outcome);
    }
    expect(estimated).toBeGreaterThan(0);
    const missing = await suggestEstimate(core, site.store, site.sim.url, "NOPE-1");
    expect(missing).toEqual({ ok: false, problem: expect.stringMatching(/NOPE-1 is not in the kept history/) as unknown });
  }, 60_000);
});
