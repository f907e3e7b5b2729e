// The `create` action of automation rules, against the simulator (the company site, Cloud and Data Center): a
// sub-task of the firing issue and an issue linked to it are created once, with the rule's templates, and the
// next sync writes their notes; a rule-driven run killed after each of its requests still ends with exactly
// one issue created.
import { afterEach, describe, expect, it } from "vitest";
import { COMPANY_PROJECTS as PROJECTS, companyWorld, rulesInput } from "./company";
import type { World } from "./harness";
import { dyingAfter, notesOf, rest, restorePoint } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** The issues whose summary is `summary`. */
function issuesNamed(w: World, summary: string): { id: string; key: string; parentId: string | null; labels: string[]; issueTypeId: string }[] {
  return w.sim.sim.store.state.issues.filter((i) => i.summary === summary);
}

/** A top-level Task of the synced projects in progress. */
function pickTask(w: World): string {
  const st = w.sim.sim.store.state;
  const inProgress = st.statuses.find((s) => s.name === "In Progress")?.id;
  const task = st.issueTypes.find((t) => t.name === "Task")?.id;
  const found = st.issues.find((i) => PROJECTS.includes(i.projectKey) && i.statusId === inProgress && i.issueTypeId === task && i.parentId === null);
  expect(found).toBeDefined();
  return found?.key ?? "";
}

const SUBTASK = `name: Review task
when: {status-changed: {to: In Review}}
then:
  - create:
      summary: "Review {{issue.key}}"
      description: "Check **{{issue.summary}}** before it is done."
`;

const FOLLOW_UP = `name: Follow-up
when: {status-changed: {to: In Review}}
then:
  - create:
      type: Task
      summary: "Follow up {{issue.key}}"
      link: is blocked by
`;

describe.each(["cloud", "datacenter"] as const)("the create action (%s)", (mode) => {
  it("creates a sub-task from the templates once, and the next sync writes its note", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput(SUBTASK);
    await w.sync(undefined, { automation });
    const key = pickTask(w);
    expect((await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "21" } }, "bob")).status).toBe(204);

    const preview = await w.sync(undefined, { automation, dryRun: true });
    expect(preview.firings?.[0]?.actions).toEqual([`create a Sub-task "Review ${key}"`]);
    expect(issuesNamed(w, `Review ${key}`)).toEqual([]);

    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    const made = issuesNamed(w, `Review ${key}`);
    expect(made).toHaveLength(1);
    const parent = w.sim.sim.store.issue(key);
    expect(made[0]?.parentId).toBe(parent?.id);
    expect(made[0]?.labels.some((l) => l.startsWith("jvs-"))).toBe(true);
    expect(run.counts.issuesCreated).toBe(1);

    const next = await w.sync(undefined, { automation });
    expect(next.firings ?? []).toEqual([]);
    expect(issuesNamed(w, `Review ${key}`)).toHaveLength(1);
    const newKey = made[0]?.key ?? "";
    expect(notesOf(w, newKey)).toHaveLength(1);
    const note = w.vault.files()[notesOf(w, newKey)[0] ?? ""] ?? "";
    expect(note).toContain("before it is done");
    expect(note).not.toContain("jvs-");
  });

  it("creates an issue linked to the firing one", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput(FOLLOW_UP);
    await w.sync(undefined, { automation });
    const key = pickTask(w);
    await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "21" } }, "bob");
    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    const made = issuesNamed(w, `Follow up ${key}`);
    expect(made).toHaveLength(1);
    expect(made[0]?.parentId).toBeNull();
    const firing = w.sim.sim.store.issue(key);
    const links = w.sim.sim.store.state.links.filter((l) => l.inwardIssueId === made[0]?.id);
    // The new issue blocks the firing one ("is blocked by", read from the firing issue).
    expect(links.map((l) => [l.type, l.outwardIssueId])).toEqual([["Blocks", firing?.id]]);
  });
});

describe("the create action and crashes", () => {
  it("a rule-driven run killed after each of its requests ends with exactly one issue created and linked", async () => {
    w = await companyWorld("cloud");
    const automation = rulesInput(FOLLOW_UP);
    await w.sync(undefined, { automation });
    const key = pickTask(w);
    await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "21" } }, "bob");
    const restore = restorePoint(w);
    w.sim.admin.clearLog();
    const full = await w.sync(undefined, { automation });
    expect(issuesNamed(w, `Follow up ${key}`)).toHaveLength(1);
    const requests = w.sim.admin.log().length;
    expect(requests).toBeGreaterThan(2);
    for (let k = 1; k <= requests; k++) {
      restore();
      await w.sync(undefined, { automation, transport: dyingAfter(k) }).catch(() => undefined);
      await w.sync(undefined, { automation });
      await w.sync(undefined, { automation });
      const made = issuesNamed(w, `Follow up ${key}`);
      expect(made, `killed after request ${k}`).toHaveLength(1);
      const links = w.sim.sim.store.state.links.filter((l) => l.inwardIssueId === made[0]?.id);
      expect(links, `killed after request ${k}`).toHaveLength(1);
    }
    expect(full.firings?.map((f) => f.key)).toEqual([key]);
  });
});
