// Time suggestions from editing activity (docs/assist.md): the recorder with a fake clock and fake editor
// events (idle cut-off, note switches, unlinked notes, off by default, the local file bounded to recent days),
// when the end-of-day review is due, and the whole path through the real core: recorded spans → suggestions in
// the user's zone less the time already logged → an accepted entry written into the note's worklog section as
// a line the core's worklog parser reads back (and then no longer suggested).
import { describe, expect, it } from "vitest";
import type { Clock } from "../../plugin/src/jira/http";
import { readSettings } from "../../plugin/src/settings/settings";
import { MemoryStore } from "../../plugin/src/state/memory-store";
import { ACTIVITY_FILE, type ActivitySpan, ActivityRecorder, type EditingEvents, type EditingListener, KEEP_DAYS } from "../../plugin/src/time-suggestions/recorder";
import { DEFAULT_TIME_SUGGESTION_SETTINGS, readTimeSuggestionSettings, type TimeSuggestionSettings } from "../../plugin/src/time-suggestions/settings";
import { daySuggestions, dueDay, localDay, type SuggestVault, type WorklogPlaces, writeAccepted } from "../../plugin/src/time-suggestions/suggest";
import { loadCoreSync } from "../e2e/harness";

const core = loadCoreSync();
const MIN = 60_000;
const T0 = Date.parse("2026-12-03T08:00:00Z"); // 09:00 in Berlin

class FakeClock implements Clock {
  constructor(public at: number) {}
  now(): number {
    return this.at;
  }
  sleep(ms: number): Promise<void> {
    this.at += ms;
    return Promise.resolve();
  }
}

/** Editor events a test fires by hand. */
class FakeEditor implements EditingEvents {
  listener: EditingListener | null = null;
  subscribe(listener: EditingListener): () => void {
    this.listener = listener;
    return () => (this.listener = null);
  }
}

function setup(settings: Partial<TimeSuggestionSettings> = {}) {
  const clock = new FakeClock(T0);
  const store = new MemoryStore();
  const s = { ...DEFAULT_TIME_SUGGESTION_SETTINGS, enabled: true, ...settings };
  const recorder = new ActivityRecorder(store, clock, () => s);
  const editor = new FakeEditor();
  editor.subscribe(recorder);
  /** Edits `path` (issue `key`) at `minute` minutes after T0. */
  const edit = (minute: number, path: string, key: string | null) => {
    clock.at = T0 + minute * MIN;
    editor.listener?.edit(path, key);
  };
  const leave = (minute: number) => {
    clock.at = T0 + minute * MIN;
    editor.listener?.leave();
  };
  return { clock, store, recorder, edit, leave, settings: s };
}

const OPS16 = "Jira/OPS/OPS-16 Fix login.md";
const OPS17 = "Jira/OPS/OPS-17 Proxy.md";
const minutesOf = (spans: ActivitySpan[]) => spans.map((s) => [s.key, (s.end - s.start) / MIN]);

describe("recording editing activity", () => {
  it("counts the time between edits up to the idle cut-off, per note", async () => {
    const { recorder, edit, store } = setup();
    edit(0, OPS16, "OPS-16");
    edit(2, OPS16, "OPS-16");
    edit(7, OPS16, "OPS-16"); // a 5-minute pause still counts
    edit(13, OPS16, "OPS-16"); // 6 minutes: over the cut-off, not counted; a new stretch starts here
    edit(14, OPS16, "OPS-16");
    await recorder.flush();
    const saved = JSON.parse(store.raw(ACTIVITY_FILE) ?? "{}") as { spans: ActivitySpan[] };
    expect(minutesOf(saved.spans)).toEqual([
      ["OPS-16", 7],
      ["OPS-16", 1],
    ]);
    expect(saved.spans[0]).toEqual({ path: OPS16, key: "OPS-16", start: T0, end: T0 + 7 * MIN });
  });

  it("a longer idle cut-off counts the pause", async () => {
    const { recorder, edit } = setup({ idleMinutes: 10 });
    edit(0, OPS16, "OPS-16");
    edit(7, OPS16, "OPS-16");
    edit(13, OPS16, "OPS-16");
    await recorder.flush();
    expect(minutesOf((await recorder.activity()).spans)).toEqual([["OPS-16", 13]]);
  });

  it("switching notes ends a stretch; the time goes to the note edited first; unlinked notes count nothing", async () => {
    const { recorder, edit, leave } = setup();
    edit(0, OPS16, "OPS-16");
    edit(3, OPS17, "OPS-17"); // 0–3 for OPS-16
    edit(4, OPS17, "OPS-17"); // 3–4 for OPS-17
    leave(6); // 4–6 for OPS-17, then nothing until the next edit
    edit(8, OPS16, "OPS-16");
    edit(9, "Inbox.md", null); // 8–9 for OPS-16; the unlinked note's own time is not counted
    edit(10, "Inbox.md", null);
    edit(11, OPS16, "OPS-16");
    await recorder.flush();
    expect(minutesOf((await recorder.activity()).spans)).toEqual([
      ["OPS-16", 3],
      ["OPS-17", 3],
      ["OPS-16", 1],
    ]);
  });

  it("records nothing while off (the default)", async () => {
    const { recorder, edit, store, settings } = setup({ enabled: false });
    edit(0, OPS16, "OPS-16");
    edit(1, OPS16, "OPS-16");
    await recorder.flush();
    expect(store.raw(ACTIVITY_FILE)).toBeNull();
    settings.enabled = true;
    edit(2, OPS16, "OPS-16"); // the stretch starts now, not at the edit made while off
    edit(3, OPS16, "OPS-16");
    await recorder.flush();
    expect(minutesOf((await recorder.activity()).spans)).toEqual([["OPS-16", 1]]);
    expect(readSettings({}).timeSuggestions).toEqual(DEFAULT_TIME_SUGGESTION_SETTINGS);
    expect(DEFAULT_TIME_SUGGESTION_SETTINGS.enabled).toBe(false);
  });

  it("keeps the file bounded to recent days and adds to what an earlier session saved", async () => {
    const { clock, store } = setup();
    const old = { path: OPS16, key: "OPS-16", start: T0 - (KEEP_DAYS + 1) * 86_400_000, end: T0 - (KEEP_DAYS + 1) * 86_400_000 + 10 * MIN };
    const recent = { path: OPS17, key: "OPS-17", start: T0 - 86_400_000, end: T0 - 86_400_000 + 20 * MIN };
    store.setRaw(ACTIVITY_FILE, JSON.stringify({ version: 1, spans: [old, recent, { path: "x", key: "", start: 1, end: 2 }], shownDay: "2026-12-02" }));
    const recorder = new ActivityRecorder(store, clock, () => ({ ...DEFAULT_TIME_SUGGESTION_SETTINGS, enabled: true }));
    recorder.edit(OPS16, "OPS-16");
    clock.at += 2 * MIN;
    recorder.edit(OPS16, "OPS-16");
    await recorder.flush();
    const saved = JSON.parse(store.raw(ACTIVITY_FILE) ?? "{}") as { spans: ActivitySpan[]; shownDay: string };
    expect(minutesOf(saved.spans)).toEqual([
      ["OPS-17", 20],
      ["OPS-16", 2],
    ]);
    expect(saved.shownDay).toBe("2026-12-02");
    expect(store.raw(`${ACTIVITY_FILE}.tmp`)).toBeNull();
  });
});

describe("the end-of-day review", () => {
  const berlin = "Europe/Berlin";
  const span = (from: string, minutes: number): ActivitySpan => ({ path: OPS16, key: "OPS-16", start: Date.parse(from), end: Date.parse(from) + minutes * MIN });
  const today = [span("2026-12-03T08:00:00Z", 30)];

  it("is due today after the end-of-day time, once", () => {
    expect(dueDay(Date.parse("2026-12-03T16:29:00Z"), berlin, "17:30", null, today)).toBeNull(); // 17:29 local
    expect(dueDay(Date.parse("2026-12-03T16:30:00Z"), berlin, "17:30", null, today)).toBe("2026-12-03");
    expect(dueDay(Date.parse("2026-12-03T16:30:00Z"), berlin, "17:30", "2026-12-03", today)).toBeNull();
    // In New York 16:30 UTC is 11:30: not yet.
    expect(dueDay(Date.parse("2026-12-03T16:30:00Z"), "America/New_York", "17:30", null, today)).toBeNull();
  });

  it("shows a missed day at the next start", () => {
    const spans = [span("2026-12-01T08:00:00Z", 30), span("2026-12-02T08:00:00Z", 30)];
    const morning = Date.parse("2026-12-03T07:00:00Z");
    expect(dueDay(morning, berlin, "17:30", "2026-12-01", spans)).toBe("2026-12-02");
    expect(dueDay(morning, berlin, "17:30", "2026-12-02", spans)).toBeNull();
    expect(localDay(Date.parse("2026-12-02T23:30:00Z"), berlin)).toBe("2026-12-03");
  });
});

/** A vault over a map of note texts. */
function fakeVault(notes: Record<string, string>, keyProperty = "jira_key"): SuggestVault & { notes: Record<string, string> } {
  const keyOf = (text: string) => new RegExp(`^${keyProperty}:\\s*(\\S+)\\s*$`, "m").exec(text)?.[1] ?? null;
  return {
    notes,
    notesWithKey: (key) => Object.keys(notes).filter((p) => keyOf(notes[p]!) === key),
    notesIn: (folder) => Object.keys(notes).filter((p) => p.startsWith(`${folder}/`) && !p.slice(folder.length + 1).includes("/")),
    read: (path) => Promise.resolve(notes[path] ?? null),
    process: (path, edit) => {
      const text = notes[path];
      if (text === undefined) return Promise.resolve(false);
      notes[path] = edit(text);
      return Promise.resolve(true);
    },
  };
}

const PLACES: WorklogPlaces = { keyProperty: "jira_key", sectionHeading: "Worklog", dailyFolder: "Daily", dailyFormat: "YYYY-MM-DD", hoursPerDay: 8, daysPerWeek: 5 };

describe("suggestions through the core", () => {
  it("an accepted suggestion becomes a worklog line the core reads back, and is not suggested again", async () => {
    const { recorder, edit } = setup();
    // 09:00–09:52 Berlin on OPS-16 (with a pause under the cut-off), and 20 min on OPS-17.
    for (let m = 0; m <= 52; m += 4) edit(m, OPS16, "OPS-16");
    edit(60, OPS17, "OPS-17");
    edit(80, OPS17, "OPS-17"); // a 20-minute pause: not counted
    edit(83, OPS17, "OPS-17");
    await recorder.flush();
    const vault = fakeVault({
      [OPS16]: "---\njira_key: OPS-16\n---\n# Fix login\n\nNotes.\n",
      [OPS17]: "---\njira_key: OPS-17\n---\n# Proxy\n\n## Worklog\n- 2026-12-03 09:00–09:30 Call ^wl-1\n",
      "Daily/2026-12-03.md": "- 14:00 - 14:10 [[OPS-16 Fix login]] standup\n",
    });
    const spans = (await recorder.activity()).spans;
    const first = await daySuggestions(core, vault, spans, "2026-12-03", PLACES, 15, "Europe/Berlin");
    expect(first.suggestions.map((s) => [s.key, s.activeMinutes, s.loggedMinutes, s.duration, s.path])).toEqual([["OPS-16", 52, 10, "45m", OPS16]]);

    const result = await writeAccepted(core, vault, "2026-12-03", [{ key: "OPS-16", path: OPS16, duration: "40m", comment: "Fixed the login redirect" }], PLACES);
    expect(result).toEqual({ written: 1, problems: [] });
    expect(vault.notes[OPS16]).toBe("---\njira_key: OPS-16\n---\n# Fix login\n\nNotes.\n\n## Worklog\n- 2026-12-03 40m Fixed the login redirect\n");

    const again = await daySuggestions(core, vault, spans, "2026-12-03", PLACES, 15, "Europe/Berlin");
    expect(again.suggestions).toEqual([]);
  });

  it("a duration that cannot be read writes nothing and says why", async () => {
    const vault = fakeVault({ [OPS16]: "---\njira_key: OPS-16\n---\n" });
    const before = vault.notes[OPS16];
    const entries = [
      { key: "OPS-16", path: OPS16, duration: "45m", comment: "" },
      { key: "OPS-17", path: OPS17, duration: "soon", comment: "" },
    ];
    const result = await writeAccepted(core, vault, "2026-12-03", entries, PLACES);
    expect(result.written).toBe(0);
    expect(result.problems).toEqual(["OPS-17: Enter a duration such as 45m or 1h 30m, not 'soon'."]);
    expect(vault.notes[OPS16]).toBe(before);
  });

  it("reads stored settings field by field", () => {
    expect(readTimeSuggestionSettings({ enabled: true, idleMinutes: 0, roundMinutes: 30, endOfDay: "9:05" })).toEqual({ enabled: true, idleMinutes: 5, roundMinutes: 30, endOfDay: "09:05" });
    expect(readTimeSuggestionSettings({ endOfDay: "25:00", idleMinutes: 2.5 })).toEqual(DEFAULT_TIME_SUGGESTION_SETTINGS);
  });
});
