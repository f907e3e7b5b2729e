// "Map unmapped statuses…" (issue #15): one click adds a Jira status to a vault state's mapping, starting from
// the defaults while the settings keep none; a status already mapped, or an empty choice, changes nothing.
import { describe, expect, it } from "vitest";
import { effectiveStatuses, mapStatus, statesOf } from "../src/projects/status-mapping";

const DEFAULTS = [
  { state: "pending", jiraStatuses: ["To Do"] },
  { state: "completed", jiraStatuses: ["Done"] },
];

describe("mapping an unmapped status", () => {
  it("starts from the defaults and adds the status to the chosen state", () => {
    const table = effectiveStatuses([], DEFAULTS);
    expect(statesOf(table)).toEqual(["pending", "completed"]);
    expect(mapStatus(table, " Blocked ", "pending")).toEqual([
      { state: "pending", jiraStatuses: ["To Do", "Blocked"] },
      { state: "completed", jiraStatuses: ["Done"] },
    ]);
    expect(DEFAULTS[0]?.jiraStatuses).toEqual(["To Do"]);
  });

  it("adds a new state at the end and leaves mapped statuses and empty choices alone", () => {
    const table = effectiveStatuses([{ state: "active", jiraStatuses: ["In Progress"] }, { junk: true }], DEFAULTS);
    expect(table).toEqual([{ state: "active", jiraStatuses: ["In Progress"] }]);
    expect(mapStatus(table, "Waiting", "parked")).toEqual([...table, { state: "parked", jiraStatuses: ["Waiting"] }]);
    expect(mapStatus(table, "in progress", "parked")).toEqual(table);
    expect(mapStatus(table, "Waiting", " ")).toEqual(table);
  });
});
