// Request-count benchmark: the real driver and engine against the in-process simulator (1,100 generated OPS
// issues), counting from the simulator's request log the requests of a no-op sync, of syncs with 1 / 100 / 1,000
// remote changes, and of pushing 100 local changes. Before each counted round the watermark settles on one
// isolated change (`settle` in sim-world.ts), so a round's search sees its own changes plus that one echo. One
// informational round counts a no-op sync right after the 1,000-change sync, without settling: the pull's
// overlap reads the burst again.
import { benchWorld, linkedNotes } from "./sim-world";

export interface RequestRound {
  name: string;
  /** What the target allows (null: informational). */
  expected: string | null;
  total: number;
  searches: number;
  puts: number;
  transitions: number;
  other: number;
  met: boolean | null;
}

type Counts = Pick<RequestRound, "total" | "searches" | "puts" | "transitions" | "other">;

const ISSUES = 1_100;

export async function requestsBench(): Promise<RequestRound[]> {
  const w = await benchWorld(ISSUES);
  try {
    const first = await w.sync();
    if (first.fatal !== undefined) throw new Error(`first sync failed: ${first.fatal}`);
    const notes = linkedNotes(w.vault);
    const marker = notes[notes.length - 1]?.key ?? "OPS-1";
    const rounds: RequestRound[] = [];
    const count = async (label: string, expected: string | null, ok: ((r: Counts) => boolean) | null) => {
      w.sim.admin.clearLog();
      const report = await w.sync();
      if (report.fatal !== undefined) throw new Error(`${label}: ${report.fatal}`);
      const log = w.sim.admin.log();
      const searches = log.filter((e) => /\/search(\/jql)?$/.test(e.path)).length;
      const puts = log.filter((e) => e.method === "PUT").length;
      const transitions = log.filter((e) => e.path.endsWith("/transitions")).length;
      const r: Counts = { total: log.length, searches, puts, transitions, other: log.length - searches - puts - transitions };
      rounds.push({ name: label, expected, ...r, met: ok ? ok(r) : null });
    };
    await w.settle(marker);
    await count("no-op sync", "1 request", (r) => r.total === 1);
    for (const k of [1, 100, 1_000]) {
      w.advance(600_000);
      await w.editRemote(notes.slice(0, k).map((n) => n.key));
      w.advance(600_000);
      const searches = 1 + Math.ceil(k / 100);
      await count(`${k} remote change${k === 1 ? "" : "s"}`, `≤ ${searches} searches`, (r) => r.searches <= searches && r.total === r.searches);
      if (k === 1_000) await count("no-op sync right after the 1,000-change sync (no settling)", null, null);
      await w.settle(marker);
    }
    w.advance(600_000);
    w.editLocal(notes.slice(0, 100).map((n) => n.path), "local edit");
    await count("100 local changes", "≤ 100 PUTs + transitions (+ 1 search)", (r) => r.puts <= 100 && r.other === 0 && r.searches <= 1);
    return rounds;
  } finally {
    await w.stop();
  }
}
