// The generated package works from Node exactly as documented: import the glue, initSync with the bytes.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";

describe("pkg/ from Node", () => {
  it("initialises synchronously from the wasm bytes and parses a note", () => {
    core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
    expect(core.version()).toMatch(/^\d+\.\d+\.\d+/);
    const note = core.parseNote("body\n", "Jira/OPS/OPS-1 Fix login.md") as { title: string };
    expect(note.title).toBe("OPS-1 Fix login");
  });
});
