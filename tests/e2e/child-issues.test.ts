// The generated *Child issues* section of a parent's note (issue #15, docs/links.md), on both deployments: an
// epic's note lists its children (on Data Center found through the Epic Link), a parent issue's note its
// sub-tasks; the section follows Jira, never mixes with the user's text, never goes into the description, and
// is not rewritten when its children did not change.
import { afterEach, describe, expect, it } from "vitest";
import { END_MARKER, START_MARKER } from "./child-markers";
import { world, type World } from "./harness";
import { bodyOf, description, descriptionMarkdown, editIssue, noteOf, rest, withBody } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** The rows of a note's section: "reference | summary | status". */
function rows(key: string): string[] {
  const text = noteOf(w, key).text;
  const start = text.indexOf(START_MARKER);
  const end = text.indexOf(END_MARKER);
  if (start < 0 || end < start) return [];
  return text
    .slice(start, end)
    .split("\n")
    .filter((l) => l.startsWith("| ") && !l.startsWith("| Issue") && !l.startsWith("| ---"))
    .map((l) => l.slice(2, -2));
}

function stem(key: string): string {
  return noteOf(w, key).path.replace(/^.*\//, "").replace(/\.md$/, "");
}

/** Child keys of `key` in the simulator (parent, or Data Center's epic link, as the store keeps both). */
function childrenOf(key: string): string[] {
  const store = w.sim.sim.store;
  const parent = store.issue(key);
  return store.state.issues.filter((i) => i.parentId === parent?.id).map((i) => i.key).sort((a, b) => Number(a.split("-")[1]) - Number(b.split("-")[1]));
}

describe.each(["cloud", "datacenter"] as const)("child issues section (%s)", (mode) => {
  it("lists an epic's children and a parent's sub-tasks, follows Jira, keeps the user's text and stays out of Jira", async () => {
    w = await world({ mode });
    (w.config as { childIssues: boolean }).childIssues = true;
    const first = await w.sync();
    expect(first.entries.filter((e) => e.level !== "info")).toEqual([]);
    const epicChildren = childrenOf("OPS-1");
    expect(epicChildren.length).toBeGreaterThan(0);
    expect(rows("OPS-1").map((r) => r.split(" | ")[0])).toEqual(epicChildren.map((k) => `[[${stem(k)}]]`));
    const child = epicChildren[0] ?? "";
    const issue = w.sim.sim.store.issue(child);
    const status = w.sim.sim.store.state.statuses.find((s) => s.id === issue?.statusId)?.name ?? "";
    expect(rows("OPS-1")[0]).toBe(`[[${stem(child)}]] | ${issue?.summary ?? ""} | ${status}`);
    const sub = w.sim.sim.store.state.issues.find((i) => i.projectKey === "OPS" && i.issueTypeId === "10004");
    const subParent = w.sim.sim.store.state.issues.find((i) => i.id === sub?.parentId)?.key ?? "";
    expect(rows(subParent).map((r) => r.split(" | ")[0])).toContain(`[[${stem(sub?.key ?? "")}]]`);
    // A note without children has no section.
    expect(noteOf(w, "OPS-5").text).not.toContain(START_MARKER);

    // Nothing changed: nothing is written, one request.
    const before = w.vault.files();
    const quiet = await w.sync();
    expect(quiet.counts.requests).toBe(1);
    expect(w.vault.files()).toEqual(before);

    // The user writes above and below the section and edits the description; Bob renames a child.
    const epic = noteOf(w, "OPS-1");
    const body = bodyOf(epic.text);
    const start = body.indexOf(START_MARKER);
    const mine = `${body.slice(0, start).trimEnd()}\n\nMy plan for the epic.\n\n${body.slice(start)}\nMy notes below.\n`;
    w.vault.set(epic.path, withBody(epic.text, mine));
    await editIssue(w, child, { summary: "Renamed by Bob" });
    const synced = await w.sync();
    expect(synced.entries.filter((e) => e.level !== "info")).toEqual([]);
    const text = noteOf(w, "OPS-1").text;
    // The note keeps its file name (the sync does not rename notes); the summary follows Jira.
    expect(rows("OPS-1")[0]).toBe(`[[${stem(child)}]] | Renamed by Bob | ${status}`);
    expect(text).toContain("My plan for the epic.\n\n" + START_MARKER);
    expect(text).toMatch(/child issues end %%\n\nMy notes below\.\n$/);
    const description = await descriptionMarkdown(w, "OPS-1");
    expect(description).toContain("My plan for the epic.");
    expect(description).toContain("My notes below.");
    expect(description).not.toContain("Child issues");
    expect(description).not.toContain("jira-vault-sync");
  });

  it("writes the section by default, and none when the setting is off", async () => {
    w = await world({ mode });
    await w.sync();
    expect(rows("OPS-1")).toHaveLength(childrenOf("OPS-1").length);
    await w.stop();
    w = await world({ mode });
    (w.config as { childIssues: boolean }).childIssues = false;
    await w.sync();
    expect(noteOf(w, "OPS-1").text).not.toContain(START_MARKER);
  });

  it("follows a child's status, merges a description changed on both sides, keeps the user's text and writes the section once", async () => {
    w = await world({ mode });
    expect((await w.sync()).exitCode).toBe(0);
    const child = childrenOf("OPS-1")[0] ?? "";
    // Bob moves the child to another status; the parent's row follows on the next sync.
    const offered = await rest(w, "GET", `/issue/${child}/transitions`);
    const transitions = (offered.body as { transitions: { id: string; to: { name: string } }[] }).transitions;
    const current = (await rest(w, "GET", `/issue/${child}`)).body as { fields: { status: { name: string } } };
    const move = transitions.find((t) => t.to.name !== current.fields.status.name && t.to.name !== "Done");
    expect(move).toBeDefined();
    expect((await rest(w, "POST", `/issue/${child}/transitions`, { transition: { id: move?.id } }, "bob")).status).toBe(204);
    // The user writes right above and right below the markers (no blank lines) while Bob rewrites the description.
    const epic = noteOf(w, "OPS-1");
    const body = bodyOf(epic.text);
    const start = body.indexOf(START_MARKER);
    const mine = `${body.slice(0, start).trimEnd()}\nMy line above.\n${body.slice(start)}My line below.\n`;
    w.vault.set(epic.path, withBody(epic.text, mine));
    await editIssue(w, "OPS-1", { description: description(w, "Rewritten by Bob.\n\nCreated for the Operations demo.") });
    const synced = await w.sync();
    expect(synced.entries.filter((e) => e.level !== "info")).toEqual([]);
    const text = noteOf(w, "OPS-1").text;
    expect(text.split(START_MARKER)).toHaveLength(2);
    expect(text.split(END_MARKER)).toHaveLength(2);
    expect(rows("OPS-1").find((r) => r.startsWith(`[[${stem(child)}]]`))).toMatch(new RegExp(`\\| ${move?.to.name ?? ""}$`));
    expect(text).toContain("Rewritten by Bob.");
    expect(text).toContain("My line above.");
    expect(text).toContain("My line below.");
    // Jira's description has the user's lines as paragraphs of their own, and nothing of the section.
    const jira = await descriptionMarkdown(w, "OPS-1");
    expect(jira).toContain("Rewritten by Bob.");
    expect(jira).not.toContain("jira-vault-sync");
    expect(jira).not.toContain("Child issues");
    expect(jira).not.toMatch(/demo\.My line|above\.My line/);
    expect(jira.split("\n")).toEqual(expect.arrayContaining(["My line above.", "My line below."]));
    // Stable: nothing more to write or send.
    const files = w.vault.files();
    const quiet = await w.sync();
    expect(quiet.counts.requests).toBe(1);
    expect(w.vault.files()).toEqual(files);
  });
});
