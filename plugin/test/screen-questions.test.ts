// The answers to a transition screen's questions (plugin/src/transition-fields/screen-questions.ts): checked
// against the field's allowed values, turned into the project's transition defaults under the field's name, and
// merged with the stored defaults (another spelling of the same field replaced, other projects kept).
import { describe, expect, it } from "vitest";
import { answerDefaults, answerProblems, mergeDefaults, type ScreenQuestion } from "../src/transition-fields/screen-questions";

const QUESTION: ScreenQuestion = {
  path: "Jira/NET/NET-4 Rotate keys.md",
  key: "NET-4",
  project: "NET",
  to: "Done",
  fields: [
    { id: "resolution", name: "Resolution", required: true, kind: "resolution", allowed: [{ id: "10000", label: "Done" }, { id: "10001", label: "Won't Do" }] },
    { id: "customfield_10070", name: "Root cause", required: true, kind: "string", allowed: [] },
    { id: "customfield_10071", name: "Minutes = lost", required: true, kind: "number", allowed: [] },
  ],
};

describe("transition screen answers", () => {
  it("name every field left empty, not allowed or not a number", () => {
    expect(answerProblems(QUESTION, {})).toEqual(["Resolution is required.", "Root cause is required.", "Minutes = lost is required."]);
    expect(answerProblems(QUESTION, { resolution: "Fixed", customfield_10070: "DNS", customfield_10071: "ten" })).toEqual([
      "Resolution must be one of: Done, Won't Do.",
      "Minutes = lost must be a number.",
    ]);
    expect(answerProblems(QUESTION, { resolution: "Won't Do", customfield_10070: " DNS ", customfield_10071: "10" })).toEqual([]);
  });

  it("become the project's defaults by field name (by id when the name holds '=')", () => {
    expect(answerDefaults(QUESTION, { resolution: "Won't Do", customfield_10070: " DNS ", customfield_10071: "10" })).toEqual({
      NET: { Resolution: "Won't Do", "Root cause": "DNS", customfield_10071: "10" },
    });
  });

  it("merge into stored defaults: the same field under another spelling replaced, the rest kept", () => {
    const stored = { net: { resolution: "Done", Severity: "High" }, OPS: { resolution: "Done" } };
    expect(mergeDefaults(stored, { NET: { Resolution: "Won't Do" } })).toEqual({ net: { Severity: "High", Resolution: "Won't Do" }, OPS: { resolution: "Done" } });
    expect(mergeDefaults({}, { NET: { Resolution: "Done" } })).toEqual({ NET: { Resolution: "Done" } });
  });
});
