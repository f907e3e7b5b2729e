// Splitting a note into front matter block and body, and the core's conflict callout stripping as the
// conflict commands use it: head + body is the text again; callouts come off with Jira's description.
import { describe, expect, it } from "vitest";
import { splitNote } from "../src/sync/note-text";
import { loadCoreSync } from "../../tests/e2e/harness";

describe("splitNote", () => {
  it("splits at the closing line and keeps every byte", () => {
    for (const text of ["---\na: 1\n---\nBody\n", "---\r\na: 1\r\n---\r\nBody", "No front matter\n", "---\nunclosed\n", "---\na: 1\n...\nBody", "---\n---\n"]) {
      const { head, body } = splitNote(text);
      expect(head + body).toBe(text);
    }
    expect(splitNote("---\na: 1\n---\nBody\n")).toEqual({ head: "---\na: 1\n---\n", body: "Body\n" });
    expect(splitNote("---\nunclosed\n")).toEqual({ head: "", body: "---\nunclosed\n" });
  });
});

describe("stripConflictCallouts (wasm export)", () => {
  it("returns the body without the callouts and Jira's description", () => {
    const core = loadCoreSync();
    const body = "> [!warning] Sync conflict\n> - `description`: the note keeps its version, Jira's is below\n\n> [!jira-remote]- Remote description\n> Theirs\n> two\n\nMine\n";
    expect(core.stripConflictCallouts(body)).toEqual({ body: "Mine\n", remoteBody: "Theirs\ntwo", hadFieldCallout: true });
    expect(core.stripConflictCallouts("Plain\n")).toEqual({ body: "Plain\n", remoteBody: null, hadFieldCallout: false });
  });
});
