// The driver reads every note the engine selects (here: all) with bounded concurrency, whatever the vault port:
// over a port whose reads hold an "open file" (OpenFiles: EMFILE past 32), a 3,000-note vault is read
// whole, in order, and never more than 32 reads are in flight. It reads them while the run's first requests are
// out and hands them in when the engine asks (`notes`); a run that stops before asking never gets them.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../src/state/memory-store";
import { runSync } from "../src/sync/driver";
import type { RunInput, SyncEngineLike } from "../src/sync/types";
import { MemoryVault } from "../src/vault/memory-vault";
import type { VaultPort } from "../src/vault/vault";
import { OpenFiles } from "./fakes/open-files";
import { emptyReport, fakeSyncEngine } from "./fakes/sync-engine";

/** MemoryVault whose reads hold an open file of `meter`. */
function meteredVault(inner: MemoryVault, meter: OpenFiles): VaultPort {
  return {
    listMarkdown: () => inner.listMarkdown(),
    read: (path) => meter.hold(() => inner.read(path)),
    replaceIfUnchanged: (path, expected, next) => meter.hold(() => inner.replaceIfUnchanged(path, expected, next)),
    createIfAbsent: (path, content) => meter.hold(() => inner.createIfAbsent(path, content)),
  };
}

/** An engine that records its input, asks for its notes (the driver sets `notesLater`) and is done. */
function recordingEngine(seen: RunInput[]): (input: RunInput) => SyncEngineLike {
  return (input) => {
    seen.push(input);
    let asked = false;
    return fakeSyncEngine({
      addNotes: (notes) => input.notes.push(...notes),
      poll: () => (input.notesLater === true && !asked ? ((asked = true), { kind: "notes" }) : { kind: "done" }),
    });
  };
}

describe("the driver's read of the vault", () => {
  it("reads 3,000 notes with at most 32 reads in flight", async () => {
    const inner = new MemoryVault();
    for (let i = 0; i < 3000; i++) inner.set(`Notes/${i % 40}/n${String(i).padStart(4, "0")}.md`, `note ${i}\n`);
    const meter = new OpenFiles(32);
    const seen: RunInput[] = [];
    const deps = { engine: recordingEngine(seen), transport: { send: () => Promise.reject(new Error("no requests")) }, vault: meteredVault(inner, meter), store: new MemoryStore(), now: () => 0, runId: () => "r1" };
    const report = await runSync(deps, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    expect(report.exitCode).toBe(0);
    const notes = seen[0]?.notes ?? [];
    expect(notes).toHaveLength(3000);
    expect(notes.map((n) => n.path)).toEqual(await inner.listMarkdown());
    expect(notes.every((n) => n.content === `note ${Number(/n(\d+)\.md$/.exec(n.path)?.[1])}\n`)).toBe(true);
    expect(meter.peak).toBe(32);
  });
});

describe("the driver breathing between engine calls", () => {
  it("hands notes over in batches and lets the app run between every engine call when asked to", async () => {
    const inner = new MemoryVault();
    for (let i = 0; i < 600; i++) inner.set(`Notes/n${String(i).padStart(4, "0")}.md`, `note ${i}\n`);
    const calls: string[] = [];
    let polls = 0;
    const engine = (): SyncEngineLike =>
      fakeSyncEngine({
        addNotes: (notes) => calls.push(`addNotes ${notes.length}`),
        addNoteRefs: (refs) => calls.push(`addNoteRefs ${refs.length}`),
        poll: () => {
          calls.push("poll");
          const step = polls++;
          return step === 0 ? { kind: "zoneOffsets", timeZone: "UTC", instants: [] } : step === 1 ? { kind: "notes" } : { kind: "done" };
        },
        handleZoneOffsets: () => calls.push("zone"),
        finish: () => {
          calls.push("finish");
          return emptyReport();
        },
      });
    const deps = { engine, transport: { send: () => Promise.reject(new Error("no requests")) }, vault: inner, store: new MemoryStore(), now: () => 0, runId: () => "r1" };
    await runSync({ ...deps, breathe: () => Promise.resolve(void calls.push("breathe")) }, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    expect(calls).toEqual(["breathe", "poll", "zone", "breathe", "poll", "addNotes 250", "breathe", "addNotes 250", "breathe", "addNotes 100", "breathe", "poll", "breathe", "finish", "breathe"]);
    calls.length = 0;
    polls = 0;
    await runSync(deps, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    // The vault read those 600 notes before: unchanged, they go in by fingerprint.
    expect(calls).toEqual(["poll", "zone", "poll", "addNoteRefs 600", "poll", "finish"]);
  });
});

describe("the driver reading notes while the run's first requests are out", () => {
  const search = { id: 1, method: "POST" as const, path: "/rest/api/3/search/jql", body: {} };
  /** A vault whose listing fails. */
  const brokenVault: VaultPort = { listMarkdown: () => Promise.reject(new Error("the disk went away")), read: () => Promise.resolve(null), replaceIfUnchanged: () => Promise.reject(new Error("no")), createIfAbsent: () => Promise.reject(new Error("no")) };

  it("sends the first request before the vault's reads end, and hands the notes in when asked", async () => {
    // Every read waits until the search went out: a driver that read the vault before its first poll would stall.
    let sent: () => void = () => undefined;
    const searchSent = new Promise<void>((resolve) => (sent = resolve));
    const inner = new MemoryVault();
    for (let i = 0; i < 50; i++) inner.set(`Notes/n${i}.md`, `note ${i}\n`);
    const vault: VaultPort = { ...meteredVault(inner, new OpenFiles(32)), read: async (path) => (await searchSent, inner.read(path)) };
    const calls: string[] = [];
    let polls = 0;
    const engine = (input: RunInput): SyncEngineLike =>
      fakeSyncEngine({
        addNotes: (notes) => calls.push(`addNotes ${notes.length}`),
        poll: () => {
          expect(input.notesLater).toBe(true);
          const step = polls++;
          return step === 0 ? { kind: "requests", requests: [search] } : step === 1 ? { kind: "notes" } : { kind: "done" };
        },
        handleResponse: (r) => calls.push(`response ${r.status}`),
      });
    const send = () => {
      calls.push("send");
      sent();
      return Promise.resolve({ ok: true as const, status: 200, body: { issues: [] }, headers: {} });
    };
    await runSync({ engine, transport: { send }, vault, store: new MemoryStore(), now: () => 0, runId: () => "r1" }, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    expect(calls).toEqual(["send", "response 200", "addNotes 50"]);
  });

  it("never hands notes to a run that stopped before asking, and a failed read does not fail it", async () => {
    const calls: string[] = [];
    const engine = (): SyncEngineLike =>
      fakeSyncEngine({
        addNotes: () => calls.push("addNotes"),
        addNoteRefs: () => calls.push("addNoteRefs"),
        finish: () => ({ ...emptyReport(), fatal: "Searching Jira failed: HTTP 401", exitCode: 2 }),
      });
    const result = await runSync({ engine, transport: { send: () => Promise.reject(new Error("no requests")) }, vault: brokenVault, store: new MemoryStore(), now: () => 0, runId: () => "r1" }, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    expect(result.fatal).toContain("401");
    expect(calls).toEqual([]);
  });

  it("fails the run with the vault's error when the notes it asks for cannot be read", async () => {
    const freed: string[] = [];
    const engine = (): SyncEngineLike => fakeSyncEngine({ poll: () => ({ kind: "notes" }), free: () => void freed.push("free") });
    await expect(runSync({ engine, transport: { send: () => Promise.reject(new Error("no requests")) }, vault: brokenVault, store: new MemoryStore(), now: () => 0, runId: () => "r1" }, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" })).rejects.toThrow("the disk went away");
    expect(freed).toEqual(["free"]);
  });
});
