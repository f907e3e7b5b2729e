// Settling the pull's watermark of the goal-1 benchmarks' vaults (vault-size.ts, cli-ab.ts) on one isolated
// change, as on a real site, where a no-op sync reads back only the last change it saw.
import type { SimHandle } from "../tests/jira-sim/server";

/**
 * 10 minutes pass on Jira's clock, one issue is created, 10 more minutes pass, and `sync` runs once. Without this
 * every "no-op" sync read back the generated issues (one per second) inside the pull's one-minute overlap, 100 to
 * 200 of them in two pages, and the history reader their changelogs in two more: far more work than a real no-op.
 */
export async function settleVault(sim: SimHandle, sync: () => Promise<unknown>): Promise<void> {
  sim.admin.clock.advance(600_000);
  sim.admin.generate("OPS", 1, ["generated"]);
  sim.admin.clock.advance(600_000);
  await sync();
}
