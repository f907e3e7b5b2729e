// A value Jira stores in a normalised form (a table re-laid out, task items with Obsidian's custom statuses)
// is pushed once: the note keeps the user's spelling, and the next sync neither rewrites the note nor pushes
// again.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";

let w: World;
afterEach(async () => w.stop());

describe("normalised values", () => {
  it("keeps the note's own table and task spelling after a push", async () => {
    w = await world();
    await w.sync();
    const path = "Jira/OPS/OPS-1 Incident automation.md";
    const before = w.vault.files()[path]!;
    const edited = `${before.trimEnd()}\n\n|a|b|\n|-|-|\n|1|2|\n\n- [ ] plan\n- [/] doing\n`;
    w.vault.set(path, edited);
    w.sim.admin.clearLog();
    const push = await w.sync();
    expect(push.counts.issuesUpdated).toBe(1);
    expect(w.vault.files()[path]).toBe(edited);
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.counts.requests).toBe(1);
    expect(w.vault.files()[path]).toBe(edited);
  });
});
