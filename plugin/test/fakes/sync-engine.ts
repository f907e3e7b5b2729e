// A fake of the core's sync engine for driver tests: done at its first poll and deaf to what it is given, but
// for the methods a test overrides.
import type { RunReport, SyncEngineLike } from "../../src/sync/types";
import { ALL_NOTES } from "../../src/vault/note-selection";

/** The report of a run that did nothing. */
export function emptyReport(): RunReport {
  return { state: {}, journal: {}, entries: [], counts: {} as RunReport["counts"], exitCode: 0 };
}

/** A fake engine selecting every note, with `over`'s methods in place of its own. */
export function fakeSyncEngine(over: Partial<SyncEngineLike> = {}): SyncEngineLike {
  return {
    noteSelection: () => ALL_NOTES,
    addNotes: () => undefined,
    addNoteRefs: () => undefined,
    handleNotes: () => undefined,
    poll: () => ({ kind: "done" }),
    handleResponse: () => undefined,
    handleEdit: () => undefined,
    journalSaved: () => undefined,
    handleZoneOffsets: () => undefined,
    finish: emptyReport,
    ...over,
  };
}
