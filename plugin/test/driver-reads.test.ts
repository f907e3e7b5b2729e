// The driver reads every note the engine selects (here: all) before a run with bounded concurrency, whatever the vault port:
// over a port whose reads hold an "open file" (OpenFiles: EMFILE past 32), a 3,000-note vault is read
// whole, in order, and never more than 32 reads are in flight.
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../src/state/memory-store";
import { runSync } from "../src/sync/driver";
import type { RunInput, RunReport, SyncEngineLike } from "../src/sync/types";
import { MemoryVault } from "../src/vault/memory-vault";
import { ALL_NOTES } from "../src/vault/note-selection";
import type { VaultPort } from "../src/vault/vault";
import { OpenFiles } from "./fakes/open-files";

/** MemoryVault whose reads hold an open file of `meter`. */
function meteredVault(inner: MemoryVault, meter: OpenFiles): VaultPort {
  return {
    listMarkdown: () => inner.listMarkdown(),
    read: (path) => meter.hold(() => inner.read(path)),
    replaceIfUnchanged: (path, expected, next) => meter.hold(() => inner.replaceIfUnchanged(path, expected, next)),
    createIfAbsent: (path, content) => meter.hold(() => inner.createIfAbsent(path, content)),
  };
}

/** An engine that records its input and is done at once. */
function recordingEngine(seen: RunInput[]): (input: RunInput) => SyncEngineLike {
  return (input) => {
    seen.push(input);
    const report: RunReport = { state: {}, journal: {}, entries: [], counts: {} as RunReport["counts"], exitCode: 0 };
    return {
      noteSelection: () => ALL_NOTES,
      addNotes: (notes) => input.notes.push(...notes),
      addNoteRefs: () => undefined,
      handleNotes: () => undefined,
      poll: () => ({ kind: "done" }),
      handleResponse: () => undefined,
      handleEdit: () => undefined,
      journalSaved: () => undefined,
      handleZoneOffsets: () => undefined,
      finish: () => report,
    };
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
    const report: RunReport = { state: {}, journal: {}, entries: [], counts: {} as RunReport["counts"], exitCode: 0 };
    let polls = 0;
    const engine = (): SyncEngineLike => ({
      noteSelection: () => ALL_NOTES,
      addNotes: (notes) => calls.push(`addNotes ${notes.length}`),
      addNoteRefs: (refs) => calls.push(`addNoteRefs ${refs.length}`),
      handleNotes: () => undefined,
      poll: () => {
        calls.push("poll");
        return polls++ === 0 ? { kind: "zoneOffsets", timeZone: "UTC", instants: [] } : { kind: "done" };
      },
      handleResponse: () => undefined,
      handleEdit: () => undefined,
      journalSaved: () => undefined,
      handleZoneOffsets: () => calls.push("zone"),
      finish: () => {
        calls.push("finish");
        return report;
      },
    });
    const deps = { engine, transport: { send: () => Promise.reject(new Error("no requests")) }, vault: inner, store: new MemoryStore(), now: () => 0, runId: () => "r1" };
    await runSync({ ...deps, breathe: () => Promise.resolve(void calls.push("breathe")) }, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    expect(calls).toEqual(["addNotes 250", "breathe", "addNotes 250", "breathe", "addNotes 100", "breathe", "poll", "zone", "breathe", "poll", "breathe", "finish", "breathe"]);
    calls.length = 0;
    polls = 0;
    await runSync(deps, { config: {}, siteUrl: "https://example.atlassian.net", deployment: "cloud" });
    // The vault read those 600 notes before: unchanged, they go in by fingerprint.
    expect(calls).toEqual(["addNoteRefs 600", "poll", "zone", "poll", "finish"]);
  });
});
