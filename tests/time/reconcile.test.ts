// @vitest-environment happy-dom
// "Reconcile time" through the real wasm core: a vault with a planted mismatch (a Jira worklog missing
// from the note, a daily copy of a logged block), the modal's rendering with its fix buttons, and the
// local fixes applied to the note text (refusing when the note changed meanwhile).
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";
import { renderReconciliation } from "../../plugin/src/obsidian/reconcile-view";
import { applyFix, fixLabel, myselfTimeZone, type Problem, type Reconciliation, reconcileInZone, reconcileInput, removeLine } from "../../plugin/src/time/reconcile";
import { isIsoDate, monthPeriod, timeTrackingOf } from "../../plugin/src/time/time-report";
import { installObsidianDom } from "../../plugin/test/harness/obsidian-dom";

const NOTE = "Jira/OPS-1 Fix login.md";
const noteText = "# Fix login\n\n## Worklog\n- 2024-03-20 09:30–11:00 Investigated ^wl-1\n";
const daily = "- 09:30 - 11:00 OPS-1 Investigated\n";
const state = {
  myself: { accountId: "alice", displayName: "Alice", timeZone: "Europe/Berlin", fetchedAt: "" },
  issues: { "100": { key: "OPS-1", path: NOTE } },
  worklogs: {
    "1": { issueId: "100", issueKey: "OPS-1", authorId: "alice", author: "Alice", started: "2024-03-20T09:30:00.000+0100", seconds: 5400, comment: "Investigated" },
    "2": { issueId: "100", issueKey: "OPS-1", authorId: "alice", author: "Alice", started: "2024-03-21T14:00:00.000+0100", seconds: 3600, comment: "Review" },
    "3": { issueId: "100", issueKey: "OPS-1", authorId: "bob", author: "Bob", started: "2024-03-21T15:00:00.000+0100", seconds: 3600, comment: "Bob's" },
  },
};
const tt = timeTrackingOf({ timeTracking: { dailyFolder: "Daily" } });

function run(notes: { path: string; content: string }[]): Reconciliation {
  return core.reconcileTime(reconcileInput(notes, state, tt, "alice")) as Reconciliation;
}

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
  installObsidianDom();
});

describe("reconcile time", () => {
  it("finds the planted mismatch and fixes it locally", () => {
    let notes = [
      { path: "Daily/2024-03-20.md", content: daily },
      { path: NOTE, content: noteText },
    ];
    const r = run(notes);
    // In notes: 1h 30m (section) + 1h 30m (daily copy) = 3h; in Jira (alice only): 1h 30m + 1h = 2h 30m.
    expect(r.issues).toEqual([{ issueKey: "OPS-1", path: NOTE, localSeconds: 10800, jiraSeconds: 9000, local: "3h", jira: "2h 30m", problems: 2 }]);
    expect(r.problems.map((p) => [p.kind, p.fix, p.place?.path ?? p.path, p.place?.line ?? null])).toEqual([
      ["missingLocally", "addToNote", NOTE, null],
      ["overlap", "removeDuplicate", "Daily/2024-03-20.md", 1],
    ]);
    const [missing, copy] = r.problems as [Problem, Problem];
    expect(missing.newLine).toBe("- 2024-03-21 14:00–15:00 Review ^wl-2");
    expect(fixLabel(copy)).toBe("Remove this copy");
    expect(fixLabel(missing)).toBe("Add to note");

    const insert = (t: string, h: string, l: string): string => core.insertWorklogLine(t, h, l);
    const fixedNote = applyFix(missing, noteText, tt.sectionHeading, insert);
    expect(fixedNote).toBe(`${noteText}- 2024-03-21 14:00–15:00 Review ^wl-2\n`);
    expect(applyFix(missing, fixedNote ?? "", tt.sectionHeading, insert)).toBeNull();
    expect(applyFix(copy, daily, tt.sectionHeading, insert)).toBe("");
    // The daily note changed since it was read: nothing is removed.
    expect(applyFix(copy, "- 09:45 - 11:00 OPS-1 Investigated\n", tt.sectionHeading, insert)).toBeNull();

    notes = [
      { path: "Daily/2024-03-20.md", content: "" },
      { path: NOTE, content: fixedNote ?? "" },
    ];
    const after = run(notes);
    expect(after.problems).toEqual([]);
    expect(after.issues[0]?.local).toBe("2h 30m");
  });

  it("renders totals, problems and fix buttons", () => {
    // The section line lost its id: Jira's 1 and 2 have no line, and the entry is not pushed.
    const r = run([{ path: NOTE, content: noteText.replace(" ^wl-1", "") }]);
    const el = createDiv();
    const fixed: string[] = [];
    const opened: string[] = [];
    renderReconciliation(el, r, { fix: (p) => fixed.push(p.kind), open: (path, line) => opened.push(`${path}:${line}`) });
    expect([...el.querySelectorAll("td")].map((td) => td.textContent)).toEqual(["OPS-1", "1h 30m", "2h 30m", "3"]);
    const buttons = [...el.querySelectorAll("button")];
    expect(buttons.map((b) => b.textContent)).toEqual(["Add to note", "Add to note"]);
    buttons[1]?.click();
    expect(fixed).toEqual(["missingLocally"]);
    el.querySelector("a")?.click();
    expect(opened).toEqual([`${NOTE}:4`]);
    // An entry to push and no sync service: the footer says how to sync.
    expect(el.textContent).toContain("npx jira-vault-sync sync");
  });

  it("small helpers", () => {
    expect(removeLine("a\r\nb\r\nc", 2, "b")).toBe("a\r\nc");
    expect(removeLine("a\nb", 3, "b")).toBeNull();
    expect(monthPeriod(new Date(2024, 1, 10))).toEqual({ from: "2024-02-01", to: "2024-02-29" });
    expect(isIsoDate("2024-02-29")).toBe(true);
    expect(isIsoDate("2023-02-29")).toBe(false);
    expect(timeTrackingOf({})).toMatchObject({ hoursPerDay: 8, daysPerWeek: 5, sectionHeading: "Worklog", everyone: false });
  });
});

describe("reconcile time across daylight-saving switches", () => {
  // Los Angeles: 2026-03-08 01:30 PST to 03:30 PDT is 1 h; 2026-11-01 00:30 PDT to 02:30 PST is 3 h.
  const dstState = {
    myself: { accountId: "alice", displayName: "Alice", timeZone: "America/Los_Angeles", fetchedAt: "" },
    issues: { "100": { key: "OPS-1", path: NOTE } },
    worklogs: {
      "1": { issueId: "100", issueKey: "OPS-1", authorId: "alice", author: "Alice", started: "2026-03-08T01:30:00.000-0800", seconds: 3600, comment: "Spring" },
      "2": { issueId: "100", issueKey: "OPS-1", authorId: "alice", author: "Alice", started: "2026-11-01T00:30:00.000-0700", seconds: 10800, comment: "Fall" },
      "3": { issueId: "100", issueKey: "OPS-1", authorId: "alice", author: "Alice", started: "2027-03-14T00:30:00.000-0800", seconds: 7200, comment: "Early" },
    },
  };
  const note = "## Worklog\n- 2026-03-08 01:30–03:30 Spring ^wl-1\n- 2026-11-01 00:30–02:30 Fall ^wl-2\n";

  it("the shell passes the Jira user's zone offsets: ranges count elapsed time", () => {
    const input = reconcileInput([{ path: NOTE, content: note }], dstState, tt, "alice");
    expect(myselfTimeZone(dstState)).toBe("America/Los_Angeles");
    const r = reconcileInZone(core, input, myselfTimeZone(dstState));
    expect(r.problems.map((p) => [p.kind, p.worklogId, p.newLine])).toEqual([["missingLocally", "3", "- 2027-03-14 00:30–03:30 Early ^wl-3"]]);
    expect(r.issues[0]).toMatchObject({ localSeconds: 4 * 3600, jiraSeconds: 6 * 3600, local: "4h" });
    // Without a zone (no `myself`), wall-clock lengths: both lines read as 2 h and differ from Jira.
    const wall = reconcileInZone(core, input, undefined);
    expect(wall.problems.filter((p) => p.kind === "differs").map((p) => p.worklogId)).toEqual(["1", "2"]);
  });
});
