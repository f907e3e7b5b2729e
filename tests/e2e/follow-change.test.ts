// Work follows change (issue #13 goal 1): once a sync has read a linked note, later syncs hand it to the engine
// by fingerprint and never read it while it is unchanged on both sides; a note whose issue changed in Jira is
// read because the engine asks for it (`readNotes`) and then written against that text; a note edited locally
// is read because its file changed. Against the simulator, through the real driver and engine.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { editFrontmatter, editIssue, frontmatter, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** Every path the driver reads from the vault (by `read`, or by reading the selection), in order. */
function watchReads(world: World): () => string[] {
  const reads: string[] = [];
  const read = world.vault.read.bind(world.vault);
  world.vault.read = (path) => {
    reads.push(path);
    return read(path);
  };
  const from = world.vault.selectedReads.length;
  return () => [...world.vault.selectedReads.slice(from), ...reads];
}

describe("work follows change", () => {
  it("reads an unchanged linked note no more, and reads one when its issue or its file changed", async () => {
    w = await world();
    expect((await w.sync()).exitCode).toBe(0);
    // The notes the first sync wrote are read once (the driver has no fingerprint of them yet).
    expect((await w.sync()).exitCode).toBe(0);
    const files = w.vault.files();

    let reads = watchReads(w);
    const quiet = await w.sync();
    expect(quiet.exitCode).toBe(0);
    expect(quiet.counts.requests).toBe(1);
    expect(reads()).toEqual([]);
    expect(w.vault.files()).toEqual(files);

    const ops3 = noteOf(w, "OPS-3");
    await editIssue(w, "OPS-3", { summary: "Changed by bob" });
    reads = watchReads(w);
    const pulled = await w.sync();
    expect(pulled.exitCode).toBe(0);
    // OPS-3's note, and its epic's, whose child issues section lists the summary.
    const epic = noteOf(w, "OPS-1").path;
    expect(reads()).toEqual([ops3.path, epic]);
    expect(frontmatter(noteOf(w, "OPS-3").text).title).toBe("Changed by bob");

    const ops4 = noteOf(w, "OPS-4");
    editFrontmatter(w, ops4.path, { title: "Changed in the note" });
    reads = watchReads(w);
    w.sim.admin.clearLog();
    const pushed = await w.sync();
    expect(pushed.exitCode).toBe(0);
    // OPS-3's and OPS-1's notes were written by the last sync: read once more (the port fingerprints what it reads).
    expect(reads()).toEqual([epic, noteOf(w, "OPS-3").path, ops4.path]);
    expect(w.sim.admin.log().filter((e) => e.method === "PUT")).toHaveLength(1);
    // The push left the note as the user wrote it; the epic's section took OPS-4's new title, so the sync after
    // reads the epic's note once more (written by the last sync), and the one after that reads nothing.
    expect(noteOf(w, "OPS-1").text).toContain(" | Changed in the note | ");
    reads = watchReads(w);
    expect((await w.sync()).exitCode).toBe(0);
    expect(reads()).toEqual([epic]);
    reads = watchReads(w);
    expect((await w.sync()).exitCode).toBe(0);
    expect(reads()).toEqual([]);
  });
});
