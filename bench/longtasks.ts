// Main-thread long tasks during a sync in a real browser (issue #13, goal 2: "Obsidian never freezes"). The
// bundled main.js runs in Chromium (plugin/test/browser/ harness) against the in-process Jira simulator on
// loopback: N generated issues, a first sync links N notes, then 1 % of the issues change in Jira (Bob edits
// their summary) and 1 % of the notes change in the vault (their title); the next "Sync now" is watched with the
// Long Tasks API (PerformanceObserver, tasks over 50 ms). Prints the longest task; never fails on speed.
//   npx tsx bench/longtasks.ts [NOTES]    (default 10,000; also part of `npm run bench`)
import process from "node:process";
import { JiraTransport } from "../plugin/src/jira/client";
import { FetchHttpClient } from "../plugin/src/node/http-fetch";
import { browserUnavailable, launchBrowser, type LongTask } from "../plugin/test/browser/browser";
import { RecordingClock } from "../tests/e2e/harness";
import { startSimulator } from "../tests/jira-sim/server";

export interface LongTaskFigures {
  notes: number;
  remoteChanges: number;
  localChanges: number;
  /** Wall time of the first (full) sync and of the measured one, in the page. */
  firstSyncMs: number;
  syncMs: number;
  /** Long tasks (> 50 ms) during the measured sync. */
  count: number;
  longestMs: number | null;
  totalMs: number;
  tasks: LongTask[];
  /** The notice the measured sync ended with. */
  summary: string;
  /** Whether the sync's engine ran in a Web Worker (the page had one) or on the main thread. */
  engineInWorker: boolean;
  /** Why it did not run, when it did not. */
  skipped?: string;
  /** Why it stopped, when it failed (a crashed page, a sync that did not link every note). */
  error?: string;
}

const now = (): number => performance.now();

/** Bob changes the summary of these issues, 20 at a time. */
async function editRemote(siteUrl: string, keys: string[]): Promise<void> {
  const bob = new JiraTransport({
    siteUrl,
    credentials: { deployment: "cloud", email: "bob@example.com", apiToken: "bob-api-token" },
    http: new FetchHttpClient(),
    clock: new RecordingClock(),
    timeoutMs: 30_000,
  });
  for (let i = 0; i < keys.length; i += 20) {
    await Promise.all(
      keys.slice(i, i + 20).map(async (key) => {
        const res = await bob.send({ method: "PUT", path: `/rest/api/3/issue/${key}`, body: { fields: { summary: `Remote edit of ${key}` } } });
        if (!res.ok) throw new Error(`PUT ${key}: ${res.error.status} ${res.error.message}`);
      }),
    );
  }
}

/** The measurement; a failure (the page crashing, say) is reported in `error`, not thrown. */
export async function longTaskBench(notes: number, progress: (line: string) => void = () => undefined): Promise<LongTaskFigures> {
  const started = now();
  try {
    return await measure(notes, progress);
  } catch (e) {
    const message = e instanceof Error ? e.message.split("\n")[0]! : String(e);
    return { ...emptyFigures(notes), error: `${message} (after ${((now() - started) / 1000).toFixed(0)} s)` };
  }
}

function emptyFigures(notes: number): LongTaskFigures {
  return { notes, remoteChanges: 0, localChanges: 0, firstSyncMs: 0, syncMs: 0, count: 0, longestMs: null, totalMs: 0, tasks: [], summary: "", engineInWorker: false };
}

async function measure(notes: number, progress: (line: string) => void): Promise<LongTaskFigures> {
  const empty = emptyFigures(notes);
  const missing = browserUnavailable();
  if (missing !== null) return { ...empty, skipped: missing };
  const sim = await startSimulator({ mode: "cloud", seed: "empty", clockStart: "2025-06-10T08:30:00.000Z", logLimit: 1_000_000 });
  const harness = await launchBrowser();
  try {
    sim.admin.generate("OPS", notes);
    const page = await harness.openPluginPage("light");
    const secretId = `jira-vault-sync-${new URL(sim.url).host}`.toLowerCase().replace(/[^a-z0-9]+/g, "-");
    await page.call("startPlugin", { settings: { siteUrl: sim.url, deployment: "cloud", email: "alice@example.com", projectKeys: "OPS" } }, { [secretId]: "alice-api-token" });

    progress(`longtasks: first sync of ${notes} issues in Chromium`);
    let t0 = now();
    await page.call("runCommand", "sync-now");
    const firstSyncMs = now() - t0;
    const paths = (await page.call("notePaths")).filter((p) => /^Jira\/OPS\/OPS-\d+/.test(p));
    if (paths.length !== notes) throw new Error(`the first sync linked ${paths.length} notes, expected ${notes}: ${(await page.call("notices")).join(" | ")}`);

    const step = 100; // 1 %
    const remote = paths.filter((_, i) => i % step === 0).map((p) => /OPS-\d+/.exec(p)![0]);
    const local = paths.filter((_, i) => i % step === step / 2);
    progress(`longtasks: ${remote.length} remote and ${local.length} local edits, then the measured sync`);
    await editRemote(sim.url, remote);
    const localChanges = await page.call("retitleNotes", local, "local edit");

    await page.clearLongTasks();
    t0 = now();
    await page.call("runCommand", "sync-now");
    const syncMs = now() - t0;
    const engineInWorker = page.page.workers().length > 0;
    // Entries are delivered asynchronously: give the observer a frame before reading.
    await page.page.evaluate(() => new Promise((resolve) => window.requestAnimationFrame(() => window.setTimeout(resolve, 50))));
    const tasks = await page.longTasks();
    // Calibration: a deliberate 100 ms task must be seen, or the figure above means nothing.
    await page.clearLongTasks();
    await page.page.evaluate(
      () =>
        new Promise<void>((resolve) =>
          window.setTimeout(() => {
            const start = performance.now();
            while (performance.now() - start < 100);
            window.setTimeout(resolve, 50);
          }, 0),
        ),
    );
    if (!(await page.longTasks()).some((t) => t.duration >= 100)) throw new Error("the Long Tasks observer missed a deliberate 100 ms task");
    const summary = (await page.call("notices")).at(-1) ?? "";
    const durations = tasks.map((t) => t.duration);
    return {
      notes,
      remoteChanges: remote.length,
      localChanges,
      firstSyncMs,
      syncMs,
      count: tasks.length,
      longestMs: durations.length === 0 ? null : Math.max(...durations),
      totalMs: durations.reduce((a, b) => a + b, 0),
      tasks,
      summary,
      engineInWorker,
    };
  } finally {
    await harness.close();
    await sim.stop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const notes = Number(process.argv[2] ?? 10_000);
  const f = await longTaskBench(notes, (line) => process.stderr.write(`[bench] ${line}\n`));
  if (f.skipped !== undefined || f.error !== undefined) {
    process.stdout.write(`long tasks: ${f.skipped !== undefined ? `not run (${f.skipped})` : `failed: ${f.error}`}\n`);
  } else {
    const longest = f.longestMs === null ? "none over 50 ms" : `${f.longestMs.toFixed(0)} ms`;
    process.stdout.write(
      `sync of ${f.notes} linked notes (${f.remoteChanges} changed in Jira, ${f.localChanges} in the vault) in Chromium: ` +
        `longest main-thread task ${longest} (${f.count} tasks over 50 ms, ${f.totalMs.toFixed(0)} ms in all; sync ${f.syncMs.toFixed(0)} ms, ` +
        `first sync ${f.firstSyncMs.toFixed(0)} ms; engine ${f.engineInWorker ? "in a Web Worker" : "on the main thread"}); target ≤ 50 ms: ${f.longestMs === null || f.longestMs <= 50 ? "met" : "not met"}\n` +
        `summary: ${f.summary}\n`,
    );
  }
}
