// The mapping forms' model, without Obsidian: reading stored field and status mappings tolerantly, the picker's
// entries (system fields named as the site names them, custom fields with their types, mapped fields the site
// lacks), add / remove / move / re-pick edits in the core's JSON shape, status assignment per Jira status, and
// the core's problems grouped by row.
import { describe, expect, it } from "vitest";
import { type JiraFieldInfo } from "../src/jira/fields";
import {
  addField,
  type FieldMappingJson,
  fieldFromChoice,
  fieldOptions,
  moveRow,
  problemsByRow,
  readFieldMappings,
  removeRow,
  setDirection,
  setField,
  setNote,
  suggestedNoteKey,
} from "../src/settings/mapping-form";
import { addState, assignStatus, parseStatusList, projectStatusRows, readStatusMappings, renameState, setPreferred, setStatuses, stateOf } from "../src/settings/status-form";

const SITE: JiraFieldInfo[] = [
  { id: "summary", name: "Summary", custom: false, type: "string" },
  { id: "duedate", name: "Due date", custom: false, type: "date" },
  { id: "issuekey", name: "Key", custom: false, type: "string" },
  { id: "customfield_10053", name: "Team", custom: true, type: "option (select)" },
  { id: "customfield_10050", name: "Severity", custom: true, type: "option (select)" },
  { id: "customfield_10099", name: "Team", custom: true, type: "string (textfield)" },
];

const KEY: FieldMappingJson = { jira: "key", note: { frontmatter: "jira_key" }, direction: "pull" };
const TITLE: FieldMappingJson = { jira: "summary", note: { frontmatter: "title" }, direction: "both" };

describe("field mapping form", () => {
  it("reads stored mappings in the core's shape, tolerating junk", () => {
    expect(readFieldMappings([KEY, { jira: { custom: "LLM Context" }, note: { frontmatter: "ai_context" } }, { jira: "description", note: "body", direction: "push" }, 7])).toEqual([
      KEY,
      { jira: { custom: "LLM Context" }, note: { frontmatter: "ai_context" }, direction: "both" },
      { jira: "description", note: "body", direction: "push" },
      { jira: { custom: "" }, note: { frontmatter: "" }, direction: "both" },
    ]);
  });

  it("offers system fields by the site's names and custom fields with their types, each name once", () => {
    const options = fieldOptions(SITE, [KEY, { jira: { custom: "LLM Context" }, note: { frontmatter: "ai" }, direction: "both" }]);
    expect(options.find((o) => o.value === "system:dueDate")).toMatchObject({ label: "Due date", type: "date" });
    expect(options.find((o) => o.value === "system:fixVersions")).toMatchObject({ label: "Fix versions", type: "" });
    const customs = options.filter((o) => o.custom);
    expect(customs.map((o) => [o.label, o.type, o.missing])).toEqual([
      ["Severity", "option (select)", false],
      ["Team", "option (select)", false],
      ["LLM Context", "", true],
    ]);
    // Without the site's list, a mapped custom field is offered but not called missing.
    expect(fieldOptions(null, [{ jira: { custom: "LLM Context" }, note: { frontmatter: "ai" }, direction: "both" }]).filter((o) => o.custom)).toEqual([
      { value: "custom:LLM Context", label: "LLM Context", type: "", custom: true, missing: false },
    ]);
  });

  it("adds, re-picks, edits, moves and removes rows", () => {
    const options = fieldOptions(SITE, [KEY, TITLE]);
    let rows = addField([KEY, TITLE], options, { custom: "Severity" });
    expect(rows[2]).toEqual({ jira: { custom: "Severity" }, note: { frontmatter: "severity" }, direction: "both" });
    // Without a choice, the first field not mapped yet; a taken property gets a number.
    rows = addField(rows, options);
    expect(rows[3]).toEqual({ jira: "description", note: { frontmatter: "description" }, direction: "both" });
    // Re-picking renames a property still named after the old field; a read-only field pulls.
    rows = setField(rows, 3, "dueDate", "Due date");
    expect(rows[3]).toEqual({ jira: "dueDate", note: { frontmatter: "due_date" }, direction: "both" });
    rows = setField(rows, 3, "created");
    expect(rows[3]).toEqual({ jira: "created", note: { frontmatter: "created" }, direction: "pull" });
    rows = setNote(rows, 3, { frontmatter: "opened" });
    rows = setField(rows, 3, { custom: "Team" });
    expect(rows[3]!.note).toEqual({ frontmatter: "opened" });
    rows = setDirection(rows, 3, "push");
    expect(rows[3]!.direction).toBe("push");
    expect(addField([TITLE, { jira: "summary", note: { frontmatter: "summary" }, direction: "pull" }], options, "summary")[2]!.note).toEqual({ frontmatter: "summary_2" });
    // Moving and removing.
    expect(moveRow(rows, 2, -1).map((r) => r.jira)).toEqual(["key", { custom: "Severity" }, "summary", { custom: "Team" }]);
    expect(moveRow(rows, 0, -1)).toEqual(rows);
    expect(moveRow(rows, 3, 1)).toEqual(rows);
    expect(removeRow(rows, 1).map((r) => r.jira)).toEqual(["key", { custom: "Severity" }, { custom: "Team" }]);
  });

  it("picker values round-trip; property keys are suggested from names", () => {
    expect(fieldFromChoice("system:fixVersions")).toBe("fixVersions");
    expect(fieldFromChoice("custom:Story point estimate")).toEqual({ custom: "Story point estimate" });
    expect(suggestedNoteKey("Story point estimate")).toBe("story_point_estimate");
    expect(suggestedNoteKey("Größe (T-Shirt)")).toBe("größe_t_shirt");
    expect(suggestedNoteKey("!!")).toBe("field");
  });

  it("groups the core's problems by row", () => {
    const problems = [
      { severity: "error", code: "duplicate-note-key", path: "fields[2].note", message: "Front matter key \"title\" is already mapped by fields[1]." },
      { severity: "error", code: "key-not-mapped", path: "fields", message: "The issue key must be mapped." },
      { severity: "error", code: "ambiguous-status", path: "statuses[3]", message: "Jira status \"Done\" maps to both." },
      { severity: "warning", code: "file-name-without-key", path: "fileNameTemplate", message: "Without {key}…" },
    ];
    const fields = problemsByRow(problems, "fields");
    expect([...fields.rows.entries()]).toEqual([[2, ["Front matter key \"title\" is already mapped by fields[1]."]]]);
    expect(fields.general).toEqual(["The issue key must be mapped."]);
    expect(fields.errors).toBe(true);
    const statuses = problemsByRow(problems, "statuses");
    expect([...statuses.rows.keys()]).toEqual([3]);
    expect(problemsByRow(problems.slice(3), "fields").errors).toBe(false);
    expect(problemsByRow("junk", "fields")).toEqual({ rows: new Map(), general: [], errors: false });
  });
});

describe("status mapping form", () => {
  const table = () => readStatusMappings([{ state: "pending", jiraStatuses: ["To Do"] }, { state: "reviewing", jiraStatuses: ["In Review", "Review"], preferred: "Review" }, { state: 3 }]);

  it("reads stored mappings tolerantly", () => {
    expect(table()).toEqual([
      { state: "pending", jiraStatuses: ["To Do"] },
      { state: "reviewing", jiraStatuses: ["In Review", "Review"], preferred: "Review" },
      { state: "", jiraStatuses: [] },
    ]);
  });

  it("gives a Jira status to one state (case-insensitively), or to none", () => {
    let rows = table();
    expect(stateOf(rows, " review ")).toBe(1);
    rows = assignStatus(rows, "REVIEW", 0);
    // It left "reviewing", whose preferred status went with it.
    expect(rows.slice(0, 2)).toEqual([
      { state: "pending", jiraStatuses: ["To Do", "REVIEW"] },
      { state: "reviewing", jiraStatuses: ["In Review"] },
    ]);
    expect(assignStatus(rows, "To Do", 0)).toEqual(rows);
    rows = assignStatus(rows, "to do", -1);
    expect(rows[0]!.jiraStatuses).toEqual(["REVIEW"]);
    expect(projectStatusRows(rows, [{ name: "To Do", category: "To Do" }, { name: "In Review", category: "In Progress" }]).map((r) => r.row)).toEqual([-1, 1]);
  });

  it("adds, renames, lists statuses and the preferred one", () => {
    let rows = addState(addState(table()));
    expect(rows.slice(3).map((r) => r.state)).toEqual(["new_state", "new_state_2"]);
    rows = renameState(rows, 3, "blocked");
    rows = setStatuses(rows, 3, parseStatusList(" Blocked , On hold,, "));
    expect(rows[3]).toEqual({ state: "blocked", jiraStatuses: ["Blocked", "On hold"] });
    rows = setPreferred(rows, 3, "On hold");
    expect(rows[3]!.preferred).toBe("On hold");
    rows = setStatuses(rows, 3, ["Blocked"]);
    expect(rows[3]).toEqual({ state: "blocked", jiraStatuses: ["Blocked"] });
    expect(setPreferred(table(), 1, "")[1]).toEqual({ state: "reviewing", jiraStatuses: ["In Review", "Review"] });
  });
});
