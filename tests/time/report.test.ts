// The time report's wasm export as JavaScript calls it: `timeReportFromState` with a stored sync state and
// camelCase options, errors thrown as `Error`s with the reason, and the marker check `isGeneratedReport`.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
});

/** A stored sync state with one done issue (estimate 1d, nothing remaining) and one 9-hour worklog on it. */
const STATE = {
  issues: { "10003": { key: "OPS-3", path: "OPS-3 Deploy.md", status: "Done", values: { summary: "Deploy", estimate: "1d", remaining: "0m" } } },
  worklogs: { "20001": { issueId: "10003", issueKey: "OPS-3", authorId: "a", author: "Alice", started: "2024-03-04T09:00:00.000+0000", seconds: 9 * 3600 } },
};

describe("timeReportFromState", () => {
  it("renders camelCase options with 7.5-hour days", () => {
    const note = core.timeReportFromState(STATE, { from: "2024-03-04", to: "2024-03-05", hoursPerDay: 7.5, daysPerWeek: 5 });
    // 9h with 7.5-hour days is 1d 1h 30m; 9h ÷ 7h 30m = 120 %.
    expect(note).toContain("| OPS-3 | Deploy | 1d 1h 30m | 9.0 | 1d | 0m | 120% |");
    expect(note).toContain("bar [9.0, 0.0]");
    expect(core.isGeneratedReport(note)).toBe(true);
    expect(core.isGeneratedReport("# Mine\n")).toBe(false);
  });

  it("throws with the reason on a bad period", () => {
    expect(() => core.timeReportFromState(STATE, { from: "2024-03-05", to: "2024-03-04" })).toThrow(/period must run forward/);
    expect(() => core.timeReportFromState(STATE, { from: "yesterday", to: "2024-03-04" })).toThrow(/not a YYYY-MM-DD date/);
  });
});
