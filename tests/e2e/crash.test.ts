// Crash safety, the key acceptance test: a sync of ~50 mixed changes (local title, body and state edits,
// remote summary and description edits, new notes to create) is killed after each single request in turn;
// the state and journal stay as the driver left them, and the next sync must converge to exactly the vault
// and Jira of an uninterrupted run, with no issue created twice.
import { afterAll, describe, expect, it } from "vitest";
import { tmpName } from "../../plugin/src/state/state-store";
import { stateFileNames } from "../../plugin/src/sync/driver";
import type { VaultPort } from "../../plugin/src/vault/vault";
import type { SimState } from "../jira-sim/model";
import { world, type SyncExtra, type World } from "./harness";
import { jiraIssues, remoteEdit, type JiraView } from "./jira";
import { dyingAfter } from "./helpers";



const NEXT_STATE: Record<string, string> = { pending: "reviewing", active: "reviewing", reviewing: "completed", completed: "pending", human_review: "active", llm_analysis: "active", automation: "completed" };

/** A fresh world after a first sync, with the scenario's local and remote changes applied (not yet synced). */
async function scenario(): Promise<World> {
  const w = await world({ seed: "demo" });
  const first = await w.sync();
  expect(first.exitCode).toBe(0);
  const paths = Object.keys(w.vault.files()).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
  expect(paths).toHaveLength(21);
  const keyOf = (p: string): string => /\njira_key: (\S+)\n/.exec(w.vault.files()[p] ?? "")?.[1] ?? "";
  const edit = (p: string, f: (t: string) => string): void => w.vault.set(p, f(w.vault.files()[p] ?? ""));
  for (const [i, p] of paths.entries()) {
    // Local: titles of 0..5, bodies of 6..17, states of 12..17.
    if (i <= 5) edit(p, (t) => t.replace(/\ntitle: (.*)\n/, (_m, title: string) => `\ntitle: ${title.replace(/^"|"$/g, "")} (renamed)\n`));
    if (i >= 6 && i <= 17) edit(p, (t) => `${t.trimEnd()}\n\nLocal note ${i} was edited.\n`);
    if (i >= 12 && i <= 17) edit(p, (t) => t.replace(/\ncurrent_state: (\S+)\n/, (_m, s: string) => `\ncurrent_state: ${NEXT_STATE[s] ?? "active"}\n`));
    // Remote: summaries and descriptions of 18..20, descriptions of 0..5.
    if (i >= 18) await remoteEdit(w.sim, keyOf(p), { summary: `Remote summary ${i}` });
    if (i <= 5 || i >= 18) await remoteEdit(w.sim, keyOf(p), { description: `Remote description ${i}.\n\nSecond paragraph.` });
  }
  // New notes: 15, some needing a transition after the create.
  for (let n = 1; n <= 15; n++) {
    const state = n % 3 === 0 ? "active" : n % 5 === 0 ? "reviewing" : "pending";
    w.vault.set(`Jira/OPS/New task ${n}.md`, `---\ntitle: New task ${n}\ncurrent_state: ${state}\n---\nWhat new task ${n} is about.\n`);
  }
  return w;
}

interface Outcome {
  vault: Record<string, string>;
  jira: JiraView[];
}

function outcome(w: World): Outcome {
  const jira = jiraIssues(w.sim).map((i) => ({ ...i, labels: i.labels.filter((l) => !l.startsWith("jvs-")) }));
  return { vault: w.vault.files(), jira };
}

/** A vault that dies (throws) once `m` note writes went through. */
function vaultDyingAfter(m: number): (inner: VaultPort) => VaultPort {
  let written = 0;
  const gate = async <T>(write: () => Promise<T>): Promise<T> => {
    if (written >= m) throw new Error(`killed before write ${written + 1}`);
    const outcome = await write();
    written += 1;
    if (written >= m) throw new Error(`killed after write ${written}`);
    return outcome;
  };
  return (inner) => ({
    listMarkdown: () => inner.listMarkdown(),
    read: (path) => inner.read(path),
    replaceIfUnchanged: (path, expected, next) => gate(() => inner.replaceIfUnchanged(path, expected, next)),
    createIfAbsent: (path, content) => gate(() => inner.createIfAbsent(path, content)),
  });
}

interface Snapshot {
  sim: SimState;
  files: Record<string, string>;
  raw: Record<string, string | null>;
}

/** The world's simulator state, vault and state files, to start every run of the sweep from the same point. */
function snapshot(w: World): Snapshot {
  const names = Object.values(stateFileNames(w.sim.url)).flatMap((n) => [n, tmpName(n)]);
  return { sim: structuredClone(w.sim.sim.store.state), files: w.vault.files(), raw: Object.fromEntries(names.map((n) => [n, w.store.raw(n)])) };
}

function restore(w: World, snap: Snapshot): void {
  w.sim.sim.store.replace(structuredClone(snap.sim));
  w.sim.sim.index.rebuild();
  w.sim.admin.clearFaults();
  w.sim.admin.clearLog();
  for (const path of Object.keys(w.vault.files())) w.vault.remove(path);
  for (const [path, text] of Object.entries(snap.files)) w.vault.set(path, text);
  for (const [name, text] of Object.entries(snap.raw)) w.store.setRaw(name, text);
}

interface Reference {
  w: World;
  snap: Snapshot;
  want: Outcome;
  requests: number;
  writes: number;
}

/** The uninterrupted run from the scenario's starting point: its outcome, request count and note writes. */
async function reference(): Promise<Reference> {
  const w = await scenario();
  const snap = snapshot(w);
  w.sim.admin.clearLog();
  const report = await w.sync();
  expect(report.fatal).toBeUndefined();
  expect(report.entries.filter((e) => e.level === "error" || e.level === "conflict")).toEqual([]);
  expect(report.exitCode).toBe(0);
  const requests = w.sim.admin.log().length;
  expect(requests).toBe(report.counts.requests);
  const want = outcome(w);
  expect(want.jira).toHaveLength(36);
  expect(new Set(want.jira.map((i) => i.summary)).size).toBe(36);
  const writes = Object.keys(want.vault).filter((p) => want.vault[p] !== snap.files[p]).length;
  // The uninterrupted result is itself stable.
  await w.sync();
  expect(outcome(w)).toEqual(want);
  return { w, snap, want, requests, writes };
}

/** From the starting point, kills one run with `extra`, runs one normal sync (and a second one, counted, if needed). */
async function killAndRecover(ref: Reference, label: string, extra: SyncExtra): Promise<{ runs: number; exit: number }> {
  const { w, want } = ref;
  restore(w, ref.snap);
  await expect(w.sync(undefined, extra)).rejects.toThrow(/killed/);
  const again = await w.sync();
  let runs = 1;
  if (JSON.stringify(outcome(w)) !== JSON.stringify(want)) {
    await w.sync();
    runs = 2;
  }
  const got = outcome(w);
  expect(got.jira.map((i) => i.summary).filter((s, n, all) => all.indexOf(s) !== n), `${label}: duplicates`).toEqual([]);
  expect(got, `${label} (recovery exit ${again.exitCode})`).toEqual(want);
  return { runs, exit: again.exitCode };
}

describe("crash safety", () => {
  let ref: Reference | undefined;
  const refOnce = async (): Promise<Reference> => (ref ??= await reference());
  afterAll(async () => ref?.w.stop());

  it("a 50-change sync killed after every single request converges to the uninterrupted result in one sync", async () => {
    const r = await refOnce();
    expect(r.requests).toBeGreaterThanOrEqual(50);
    const results = [];
    for (let k = 1; k <= r.requests; k++) results.push(await killAndRecover(r, `killed after request ${k}`, { transport: dyingAfter(k) }));
    expect(results.filter((x) => x.runs > 1), "kills that needed a second sync").toEqual([]);
    expect(results.filter((x) => x.exit !== 0), "recoveries that did not exit cleanly").toEqual([]);
  }, 120_000);

  it("the same sync killed after every single note write converges too", async () => {
    const r = await refOnce();
    expect(r.writes).toBeGreaterThanOrEqual(20);
    const results = [];
    for (let m = 1; m <= r.writes; m++) results.push(await killAndRecover(r, `killed after note write ${m}`, { vault: vaultDyingAfter(m) }));
    expect(results.filter((x) => x.runs > 1), "kills that needed a second sync").toEqual([]);
    expect(results.filter((x) => x.exit !== 0), "recoveries that did not exit cleanly").toEqual([]);
  }, 120_000);
});
