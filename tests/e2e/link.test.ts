// Linking: on the first sync of an existing vault, a note that already carries `jira_key` (outside the
// project folder) is linked to its issue instead of getting a second note; its empty fields take Jira's
// values, and a field where both hold different non-empty values is a conflict (Jira keeps its value).
import { afterEach, describe, expect, it } from "vitest";
import { world, type World } from "./harness";
import { bodyOf, descriptionMarkdown, entries, frontmatter, issueFields, notesOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

describe("link", () => {
  it("links notes that already carry a key instead of duplicating them, and merges their fields", async () => {
    w = await world();
    const mine = "Projects/Alert triage.md";
    const other = "Notes/Handover.md";
    w.vault.set(mine, "---\njira_key: OPS-3\n---\n");
    w.vault.set(other, "---\njira_key: ops-6\ntitle: My own title\n---\nMy notes.\n");
    const ops3 = await issueFields(w, "OPS-3");
    const ops6 = await issueFields(w, "OPS-6");
    const ops6Description = await descriptionMarkdown(w, "OPS-6");

    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    expect(notesOf(w, "OPS-3")).toEqual([mine]);
    expect(Object.keys(w.vault.files()).filter((p) => p.startsWith("Jira/OPS/"))).toHaveLength(19);
    expect(Object.keys(w.vault.files()).some((p) => /OPS-(3|6) /.test(p))).toBe(false);

    // OPS-3: every empty local field took Jira's value; nothing was written to Jira.
    const linked = w.vault.files()[mine] ?? "";
    expect(frontmatter(linked)).toMatchObject({ jira_key: "OPS-3", title: ops3.summary, current_state: "llm_analysis" });
    expect(frontmatter(linked).sync_conflict).toBeUndefined();
    expect(w.sim.admin.log().filter((e) => e.method === "PUT" || (e.method === "POST" && !e.path.includes("search")))).toEqual([]);

    // OPS-6: the titles differ (conflict, both visible); the bodies differ too and the note keeps its own.
    const conflicted = w.vault.files()[other] ?? "";
    expect(frontmatter(conflicted)).toMatchObject({ title: "My own title", sync_conflict: true });
    expect(conflicted).toContain(`local \`"My own title"\` · remote \`${JSON.stringify(ops6.summary)}\``);
    expect(bodyOf(conflicted)).toContain("My notes.");
    expect(bodyOf(conflicted)).toContain(`> [!jira-remote]- Remote description\n${ops6Description.split("\n").map((l) => `> ${l}`).join("\n")}\n`);
    expect(entries(report, "conflict").map((e) => e.path)).toEqual([other]);
    expect(report.exitCode).toBe(1);
    expect((await issueFields(w, "OPS-6")).summary).toBe(ops6.summary);
    expect(await descriptionMarkdown(w, "OPS-6")).toBe(ops6Description);

    // A second sync still creates nothing.
    const files = w.vault.files();
    await w.sync();
    expect(Object.keys(w.vault.files())).toEqual(Object.keys(files));
    expect(w.vault.files()[mine]).toBe(linked);
  });
});
