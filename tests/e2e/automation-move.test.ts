// The `move-note` action of automation rules, against the simulator's company site (Cloud and Data Center): an
// issue done in Jira → its note moves to the rule's folder as a vault move, the sync state follows it (the next
// sync updates the note at its new place and writes none at the old one), and a file already at the target is
// never overwritten: the note stays, with a warning naming it.
import { afterEach, describe, expect, it } from "vitest";
import type { AutomationInput } from "../../plugin/src/automation/run-input";
import { COMPANY_PROJECTS as PROJECTS, companyWorld } from "./company";
import type { World } from "./harness";
import { editIssue, noteOf, rest } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const ARCHIVE: AutomationInput = {
  rules: '# Automation\n\n```jira-rule\nname: Archive\nwhen: {status-changed: {to: Done}}\nthen:\n  - move-note: "Archive/{{issue.project}}"\n```\n',
  dailyCap: 20,
  offsetMinutes: 0,
  statusSince: {},
};

/** Top-level issues of the synced projects in progress. */
function inProgress(w: World): string[] {
  const st = w.sim.sim.store.state;
  const id = st.statuses.find((s) => s.name === "In Progress")?.id;
  return st.issues.filter((i) => PROJECTS.includes(i.projectKey) && i.statusId === id && i.parentId === null).map((i) => i.key);
}

async function doneInJira(w: World, key: string): Promise<void> {
  const r = await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "31" }, fields: { resolution: { name: "Done" } } }, "bob");
  expect(r.status, JSON.stringify(r.body)).toBe(204);
}

const fileName = (path: string): string => path.split("/").pop() ?? path;

describe.each(["cloud", "datacenter"] as const)("the move-note action (%s)", (mode) => {
  it("moves the note to the rule's folder, and the sync follows it there", async () => {
    w = await companyWorld(mode);
    await w.sync(undefined, { automation: ARCHIVE });
    const [key] = inProgress(w);
    if (key === undefined) throw new Error("company site: no issue in progress");
    const before = noteOf(w, key).path;
    const project = key.split("-")[0] ?? "";
    await doneInJira(w, key);

    const run = await w.sync(undefined, { automation: ARCHIVE });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    const moved = noteOf(w, key);
    expect(moved.path).toBe(`Archive/${project}/${fileName(before)}`);
    expect(w.vault.files()[before]).toBeUndefined();

    await editIssue(w, key, { summary: "Archived and renamed in Jira" });
    const next = await w.sync(undefined, { automation: ARCHIVE });
    expect(next.firings ?? []).toEqual([]);
    const after = noteOf(w, key);
    expect(after.path).toBe(moved.path);
    expect(after.text).toContain("Archived and renamed in Jira");
    expect(w.vault.files()[before]).toBeUndefined();
  });

  it("never overwrites a file at the target: the note stays, with a warning", async () => {
    w = await companyWorld(mode);
    await w.sync(undefined, { automation: ARCHIVE });
    const [key] = inProgress(w);
    if (key === undefined) throw new Error("company site: no issue in progress");
    const before = noteOf(w, key);
    const target = `Archive/${key.split("-")[0] ?? ""}/${fileName(before.path)}`;
    w.vault.set(target, "# My own note\n");
    await doneInJira(w, key);

    const run = await w.sync(undefined, { automation: ARCHIVE });
    expect(w.vault.files()[target]).toBe("# My own note\n");
    expect(noteOf(w, key).path).toBe(before.path);
    const warning = run.entries.find((e) => e.level === "warning" && e.key === key);
    expect(warning?.message).toContain(target);
    expect(warning?.message).toContain("already exists");
  });
});
