// Main-thread long tasks during a sync in a real browser (issue #13, goal 2: "Obsidian never freezes"). The
// bundled main.js runs in Chromium (plugin/test/browser/ harness) against the in-process Jira simulator on
// loopback: N generated issues, a first sync links N notes, then 1 % of the issues change in Jira (Bob edits
// their summary) and 1 % of the notes change in the vault (their title); the next "Sync now" is watched with the
// Long Tasks API (PerformanceObserver, tasks over 50 ms). Prints the longest task; never fails on speed.
//   npx tsx bench/longtasks.ts [NOTES]    (default 10,000; also part of `npm run bench`)
//   LONGTASKS_PROFILE=FILE.cpuprofile npx tsx bench/longtasks.ts [NOTES]    also writes the main thread's CPU
//   profile of the measured sync (Chrome DevTools protocol; opens in DevTools) and prints its top functions
import { writeFileSync } from "node:fs";
import process from "node:process";
import { JiraTransport } from "../plugin/src/jira/client";
import { FetchHttpClient } from "../cli/node/http-fetch";
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
  /** With LONGTASKS_PROFILE: the main thread's functions by self time during the measured sync, longest first. */
  topFunctions?: { name: string; selfMs: number }[];
}

/** The parts of a V8 CPU profile (`Profiler.stop`) read here. */
interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function of a CPU profile, longest first. */
function topSelfTimes(profile: CpuProfile, count = 20): { name: string; selfMs: number }[] {
  const names = new Map(profile.nodes.map((n) => [n.id, `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.split("/").pop() ?? ""}:${n.callFrame.lineNumber + 1}`]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const name = names.get(id) ?? "?";
    self.set(name, (self.get(name) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  return [...self].map(([name, selfMs]) => ({ name, selfMs })).sort((a, b) => b.selfMs - a.selfMs).slice(0, count);
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

    const profilePath = process.env.LONGTASKS_PROFILE;
    const cdp = profilePath === undefined || profilePath === "" ? null : await page.page.context().newCDPSession(page.page);
    if (cdp !== null) {
      await cdp.send("Profiler.enable");
      await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
      await cdp.send("Profiler.start");
    }
    await page.clearLongTasks();
    t0 = now();
    await page.call("runCommand", "sync-now");
    const syncMs = now() - t0;
    let topFunctions: { name: string; selfMs: number }[] | undefined;
    if (cdp !== null) {
      const { profile } = (await cdp.send("Profiler.stop")) as unknown as { profile: CpuProfile };
      writeFileSync(profilePath!, JSON.stringify(profile));
      topFunctions = topSelfTimes(profile);
    }
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
      ...(topFunctions === undefined ? {} : { topFunctions }),
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
    for (const t of f.tasks) process.stdout.write(`  long task at ${t.startTime.toFixed(0)} ms: ${t.duration.toFixed(0)} ms\n`);
    for (const t of f.topFunctions ?? []) process.stdout.write(`  ${t.selfMs.toFixed(1).padStart(8)} ms  ${t.name}\n`);
  }
}
