// People by name (issue #12 item 10), on the simulator's company site, Cloud and Data Center: a user field
// (assignee, reporter, the user-picker "Reviewer", the multi-user picker "Approvers") holds Jira's display name in the note, and a
// name typed in the note is resolved through Jira's user search before it is pushed. Typing "ada example" sets
// the assignee (and the note keeps what was typed: no rewrite, no false conflict on the next sync); a name two
// colleagues share, an unknown name and a deactivated user are each a message on that note, nothing is sent
// for that field, and the note's other changes still reach Jira; an empty value unassigns.
import { afterEach, describe, expect, it } from "vitest";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { companyConfig } from "./company";
import { world, type World } from "./harness";
import { editFrontmatter, entries, frontmatter, issueFields, noteOf } from "./helpers";

const PROJECT = "NOTIF";

let w: World;
afterEach(async () => w.stop());

/** The default mappings without the AI custom fields the company site lacks, plus the three user fields. */
function peopleConfig(config: SyncConfig): SyncConfig {
  return companyConfig(
    config,
    { jira: "assignee", note: { frontmatter: "assignee" }, direction: "both" },
    { jira: "reporter", note: { frontmatter: "reporter" }, direction: "both" },
    { jira: { custom: "Reviewer" }, note: { frontmatter: "reviewer" }, direction: "both" },
    { jira: { custom: "Approvers" }, note: { frontmatter: "approvers" }, direction: "both" },
  );
}

async function peopleWorld(mode: "cloud" | "datacenter"): Promise<{ keys: string[] }> {
  w = await world({ mode, seed: "company", projects: [PROJECT] });
  Object.assign(w.config, peopleConfig(w.config));
  const first = await w.sync();
  expect(first.fatal).toBeUndefined();
  expect(entries(first, "error")).toEqual([]);
  const keys = w.sim.sim.store.state.issues.filter((i) => i.projectKey === PROJECT).map((i) => i.key);
  return { keys };
}

/** A user field of an issue as alice reads it: the display name, or null. */
async function who(key: string, field: string): Promise<string | null> {
  const v = (await issueFields(w, key))[field] as { displayName?: string } | null;
  return v?.displayName ?? null;
}

const puts = (): string[] => w.sim.admin.log().filter((e) => e.method === "PUT").map((e) => e.path);

describe.each(["cloud", "datacenter"] as const)("people by name (%s)", (mode) => {
  it("typing a colleague's name sets the assignee; the note keeps it as typed, and the next sync is quiet", async () => {
    const { keys } = await peopleWorld(mode);
    const key = keys[0] ?? "";
    const note = noteOf(w, key);
    editFrontmatter(w, note.path, { assignee: "ada example" });
    const run = await w.sync();
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(await who(key, "assignee")).toBe("Ada Example");
    expect(frontmatter(noteOf(w, key).text).assignee).toBe("ada example");

    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(again.counts.notesUpdated).toBe(0);
    expect(puts()).toEqual([]);
    expect(frontmatter(noteOf(w, key).text).assignee).toBe("ada example");

    // An empty value unassigns, without a user search.
    w.sim.admin.clearLog();
    editFrontmatter(w, note.path, { assignee: "" });
    const cleared = await w.sync();
    expect(cleared.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(await who(key, "assignee")).toBeNull();
    expect(w.sim.admin.log().some((e) => e.path.includes("/user/"))).toBe(false);
  });

  it("a name two colleagues share, and an unknown name, are messages on their notes; the rest still syncs", async () => {
    const { keys } = await peopleWorld(mode);
    const [k1, k2] = [keys[1] ?? "", keys[2] ?? ""];
    const before = [await who(k1, "assignee"), await who(k2, "assignee")];
    const [n1, n2] = [noteOf(w, k1), noteOf(w, k2)];
    editFrontmatter(w, n1.path, { assignee: "Sam Taylor", title: "Shared name, new title" });
    editFrontmatter(w, n2.path, { assignee: "Nobody Here", title: "Unknown name, new title" });
    const run = await w.sync();
    const errors = entries(run, "error");
    expect(errors.map((e) => e.path).sort()).toEqual([n1.path, n2.path].sort());
    const shared = errors.find((e) => e.path === n1.path)?.message ?? "";
    expect(shared).toMatch(/^assignee not sent: "Sam Taylor" matches 2 Jira users: /);
    expect(shared).toContain("Sam Taylor (sam.taylor@example.com)");
    expect(shared).toContain("Sam Taylor (staylor@example.com)");
    const unknown = errors.find((e) => e.path === n2.path)?.message ?? "";
    expect(unknown).toBe(`assignee not sent: no user called "Nobody Here" can be assigned issues in ${PROJECT}`);
    // Nothing was sent for the assignee; the titles went through; the notes keep what was typed.
    expect([await who(k1, "assignee"), await who(k2, "assignee")]).toEqual(before);
    expect((await issueFields(w, k1)).summary).toBe("Shared name, new title");
    expect((await issueFields(w, k2)).summary).toBe("Unknown name, new title");
    expect(frontmatter(noteOf(w, k1).text).assignee).toBe("Sam Taylor");

    // Writing the one meant as the message shows it resolves the ambiguity.
    editFrontmatter(w, n1.path, { assignee: "staylor@example.com" });
    editFrontmatter(w, n2.path, { assignee: before[1] });
    const fixed = await w.sync();
    expect(fixed.entries.filter((e) => e.level !== "info")).toEqual([]);
    const st = w.sim.sim.store;
    expect(st.user(st.issue(k1)?.assignee)?.name).toBe("staylor");
  });

  it("reporter and the user-picker custom field resolve through the general user search", async () => {
    const { keys } = await peopleWorld(mode);
    const [k1, k2, k3] = [keys[3] ?? "", keys[4] ?? "", keys[5] ?? ""];
    const [n1, n2, n3] = [noteOf(w, k1), noteOf(w, k2), noteOf(w, k3)];
    editFrontmatter(w, n1.path, { reporter: "GRACE LONDON", reviewer: "Ada Lovelace" });
    editFrontmatter(w, n3.path, { reviewer: "ada  lovelace" });
    editFrontmatter(w, n2.path, { reviewer: "Alex Former", title: "Reviewer gone" });
    const run = await w.sync();
    const errors = entries(run, "error");
    expect(errors.map((e) => [e.path, e.message])).toEqual([[n2.path, `reviewer not sent: "Alex Former" is a deactivated Jira user`]]);
    expect(await who(k1, "reporter")).toBe("Grace London");
    expect(await who(k1, "customfield_10054")).toBe("Ada Lovelace");
    expect(await who(k3, "customfield_10054")).toBe("Ada Lovelace");
    expect(await who(k2, "customfield_10054")).toBeNull();
    expect((await issueFields(w, k2)).summary).toBe("Reviewer gone");
    // One search per name and run, however many notes name it.
    const searches = w.sim.admin.log().filter((e) => e.path.endsWith("/user/search")).length;
    expect(searches).toBe(3);
  });

  it("a multi-user field is a list of names, sent only when every name resolves", async () => {
    const { keys } = await peopleWorld(mode);
    const [k1, k2] = [keys[6] ?? "", keys[7] ?? ""];
    const [n1, n2] = [noteOf(w, k1), noteOf(w, k2)];
    editFrontmatter(w, n1.path, { approvers: ["ada example", "Sam Okafor"] });
    editFrontmatter(w, n2.path, { approvers: ["Ada Example", "Sam Taylor"], title: "Approvers pending" });
    const run = await w.sync();
    const errors = entries(run, "error");
    expect(errors.map((e) => e.path)).toEqual([n2.path]);
    expect(errors[0]?.message).toMatch(/^approvers not sent: "Sam Taylor" matches 2 Jira users: /);
    const approvers = async (key: string): Promise<string[] | null> =>
      ((await issueFields(w, key)).customfield_10055 as { displayName: string }[] | null)?.map((u) => u.displayName) ?? null;
    expect(await approvers(k1)).toEqual(["Ada Example", "Sam Okafor"]);
    expect(await approvers(k2)).toBeNull();
    expect((await issueFields(w, k2)).summary).toBe("Approvers pending");
    expect(frontmatter(noteOf(w, k1).text).approvers).toEqual(["ada example", "Sam Okafor"]);
    w.sim.admin.clearLog();
    const again = await w.sync();
    expect(again.entries.filter((e) => e.level === "error" && e.path === n1.path)).toEqual([]);
    expect(puts().filter((p) => p.endsWith(`/${w.sim.sim.store.issue(k1)?.id ?? ""}`) || p.endsWith(`/${k1}`))).toEqual([]);
  });
});
