// Known projects (which keys may become badges) and the note properties the header badge reads from the
// field and status mappings (issue #12 items 3 and 4).
import { describe, expect, it } from "vitest";
import { describeKnownKeys, KnownProjects, knownProjects } from "../src/badges/known-projects";
import { jiraStatusOfState, noteFields } from "../src/badges/note-fields";

describe("knownProjects", () => {
  it("joins scope, cached issues and the site's list; nothing else", () => {
    expect(knownProjects({ scope: () => [], cachedIssueKeys: () => [] })).toEqual(new Set());
    const known = knownProjects({ scope: () => ["OPS"], cachedIssueKeys: () => ["WEB-1", "MY_PROJ-22"], siteProjects: () => ["plat"] });
    expect([...known].sort()).toEqual(["MY_PROJ", "OPS", "PLAT", "WEB"]);
  });

  it("remembers the set until invalidated", () => {
    let calls = 0;
    const scope = ["OPS"];
    const known = new KnownProjects({ scope: () => (calls++, scope), cachedIssueKeys: () => [] });
    known.get();
    known.get();
    expect(calls).toBe(1);
    scope.push("WEB");
    known.invalidate();
    expect(known.get().has("WEB")).toBe(true);
  });

  it("describes only known keys for the command", () => {
    const keys = [{ key: "UTF-8" }, { key: "OPS-1" }, { key: "OPS-1" }];
    expect(describeKnownKeys(keys, new Set(["OPS"]))).toBe("Jira keys in this note: OPS-1 (×2)");
    expect(describeKnownKeys([{ key: "GPT-4" }], new Set(["OPS"]))).toBe("No Jira keys in this note.");
    expect(describeKnownKeys(keys, new Set())).toMatch(/^No Jira projects known yet/);
  });
});

describe("noteFields and jiraStatusOfState", () => {
  it("read the mapped properties, with the core's fallback for the key", () => {
    expect(noteFields({})).toEqual({ key: "jira_key", status: null, summary: null });
    const fields = [
      { jira: "key", note: { frontmatter: "issue" } },
      { jira: "status", note: { frontmatter: "phase" } },
      { jira: "summary", note: "body" },
    ];
    expect(noteFields({ fields })).toEqual({ key: "issue", status: "phase", summary: null });
  });

  it("map a note state to its Jira status: preferred, else first; unmapped states as written", () => {
    const statuses = [
      { state: "reviewing", jiraStatuses: ["In Review", "Review"] },
      { state: "done", jiraStatuses: ["Done", "Closed"], preferred: "Closed" },
    ];
    expect(jiraStatusOfState({ statuses }, "Reviewing")).toBe("In Review");
    expect(jiraStatusOfState({ statuses }, "done")).toBe("Closed");
    expect(jiraStatusOfState({ statuses }, "Waiting")).toBe("Waiting");
    expect(jiraStatusOfState({ statuses }, " ")).toBeUndefined();
    expect(jiraStatusOfState({ statuses: "nonsense" }, "done")).toBe("done");
  });
});
