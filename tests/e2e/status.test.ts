// Status: a note's state is pushed through the workflow hop by hop (OPS has no direct To Do → In Review, so
// `reviewing` takes two transitions), and a Jira status the status table does not map is reported as an
// error for that note, with nothing guessed on either side.
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { editFrontmatter, editIssue, entries, frontmatter, issueFields, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

describe("status", () => {
  it("moves an issue from To Do to In Review in two transitions", async () => {
    w = await world();
    await w.sync();
    const { path, text } = noteOf(w, "OPS-8");
    expect(frontmatter(text).current_state).toBe("pending");
    editFrontmatter(w, path, { current_state: "reviewing" });
    w.sim.admin.clearLog();
    const report = await w.sync();
    expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(report.exitCode).toBe(0);
    expect(report.counts.transitions).toBe(2);
    const posts = w.sim.admin.log().filter((e) => e.method === "POST" && e.path.endsWith("/transitions"));
    expect(posts.map((e) => e.body)).toEqual([{ transition: { id: "11" } }, { transition: { id: "21" } }]);
    expect((await issueFields(w, "OPS-8")).status.name).toBe("In Review");
    expect(frontmatter(noteOf(w, "OPS-8").text).current_state).toBe("reviewing");

    const files = w.vault.files();
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.counts.requests).toBe(1);
    expect(again.exitCode).toBe(0);
    expect(w.vault.files()).toEqual(files);
  });

  it("finds a longer way through a workflow it has not learned yet (To Do → Validation)", async () => {
    w = await world();
    await w.sync();
    const { path } = noteOf(w, "OPS-16");
    editFrontmatter(w, path, { current_state: "human_review" });
    const report = await w.sync();
    expect(report.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect((await issueFields(w, "OPS-16")).status.name).toBe("Validation");
    // Exploring walks the unknown workflow towards the nearest unlearned status, never through a status of the
    // done category (closing an issue on the way would set a resolution and notify people): To Do → In
    // Progress → In Review → In Progress → AI Processing → Validation. The learned graph then takes the
    // shortest way: a second issue needs only the three hops To Do → In Progress → AI Processing → Validation.
    expect(report.counts.transitions).toBe(5);
    const posted = w.sim.admin
      .log()
      .filter((e) => e.method === "POST" && e.path.endsWith("/transitions"))
      .map((e) => (e.body as { transition?: { id?: string } } | null)?.transition?.id);
    expect(posted).not.toContain("31"); // In Review → Done
    editFrontmatter(w, noteOf(w, "OPS-9").path, { current_state: "human_review" });
    const second = await w.sync();
    expect(second.exitCode).toBe(0);
    expect(second.counts.transitions).toBe(3);
    expect((await issueFields(w, "OPS-9")).status.name).toBe("Validation");
  });

  it("reports a Jira status the table does not map as an error on that note and guesses nothing", async () => {
    w = await world();
    await w.sync();
    const before = noteOf(w, "OPS-11");
    expect(frontmatter(before.text).current_state).toBe("completed");
    // A status table without "Done"; OPS-11 is Done and bob edits it, so the next pull brings it.
    const statuses = (w.config.statuses as { state: string }[]).filter((s) => s.state !== "completed");
    const config = { ...w.config, statuses };
    await editIssue(w, "OPS-11", { summary: "Rotate pager credentials (again)" });
    w.sim.admin.clearLog();
    const report = await w.sync(undefined, { config });
    expect(report.exitCode).toBe(1);
    expect(report.fatal).toBeUndefined();
    const errors = entries(report, "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ path: before.path, key: "OPS-11" });
    expect(errors[0]?.message).toContain("Done");
    // The other fields still sync; the state is left as it was, and no transition was tried.
    const after = frontmatter(noteOf(w, "OPS-11").text);
    expect(after.title).toBe("Rotate pager credentials (again)");
    expect(after.current_state).toBe("completed");
    expect(w.sim.admin.log().filter((e) => e.method !== "GET" && e.path !== "/rest/api/3/search/jql")).toEqual([]);
    expect((await issueFields(w, "OPS-11")).status.name).toBe("Done");
  });

  it("reports an unmapped status of an issue new to the vault, and writes no state for it", async () => {
    w = await world();
    const statuses = (w.config.statuses as { state: string }[]).filter((s) => s.state !== "completed");
    const report = await w.sync(undefined, { config: { ...w.config, statuses } });
    expect(report.exitCode).toBe(1);
    const keys = entries(report, "error").map((e) => e.key);
    expect(keys).toEqual(expect.arrayContaining(["OPS-11", "OPS-12"]));
    expect(frontmatter(noteOf(w, "OPS-11").text).current_state).toBeUndefined();
    expect((await issueFields(w, "OPS-11")).status.name).toBe("Done");
  });
});
