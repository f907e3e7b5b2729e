// Automation triggers on dependencies and comments, against the simulator's company site (Cloud and Data
// Center): a blocker moved to Done in Jira → the blocked issue moves per the rule (a blocker out of scope by the
// status Jira shows in the blocked issue's links, read with its pull); the last sub-task done → the parent moves; a comment added in Jira
// → the rule fires once, and not on the run that first reads the comments nor on the next one.
import { afterEach, describe, expect, it } from "vitest";
import type { AutomationInput } from "../../plugin/src/automation/run-input";
import { COMPANY_PROJECTS as PROJECTS, companyWorld, rulesInput as companyRules } from "./company";
import type { World } from "./harness";
import { editIssue, issueFields, rest } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const HIDDEN = ["HR", "FIN", "LEGAL", "EXEC", "ACQ"];

/** The rules with a daily cap of 50 (several firings a test). */
const rulesInput = (rule: string): AutomationInput => ({ ...companyRules(rule), dailyCap: 50 });

function statusName(w: World, statusId: string): string | undefined {
  return w.sim.sim.store.state.statuses.find((s) => s.id === statusId)?.name;
}

/** Moves an issue to Done in Jira as bob (the company Done screen requires a resolution). */
async function doneInJira(w: World, key: string): Promise<void> {
  const r = await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "31" }, fields: { resolution: { name: "Done" } } }, "bob");
  expect(r.status, JSON.stringify(r.body)).toBe(204);
}

/** The keys of the issues in `projects` in `status` with no parent and nothing blocking them. */
function inStatus(w: World, status: string, projects: (key: string) => boolean): string[] {
  const st = w.sim.sim.store.state;
  const blocked = new Set(st.links.filter((l) => l.type === "Blocks").map((l) => l.outwardIssueId));
  return st.issues
    .filter((i) => projects(i.projectKey) && statusName(w, i.statusId) === status && i.parentId === null && !blocked.has(i.id))
    .map((i) => i.key);
}

const inScope = (p: string): boolean => PROJECTS.includes(p);

async function block(w: World, blocker: string, blocked: string): Promise<void> {
  const r = await rest(w, "POST", "/issueLink", { type: { name: "Blocks" }, inwardIssue: { key: blocker }, outwardIssue: { key: blocked } }, "bob");
  expect(r.status, JSON.stringify(r.body)).toBe(201);
}

const UNBLOCKED = "name: Unblocked\nwhen: blockers-done\nif: {status: To Do}\nthen:\n  - move-to: In Progress\n";

describe.each(["cloud", "datacenter"] as const)("automation on dependencies and comments (%s)", (mode) => {
  it("a blocker moved to Done in Jira → the blocked issue moves, once", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput(UNBLOCKED);
    const [blocker, blocked] = inStatus(w, "To Do", inScope);
    if (blocker === undefined || blocked === undefined) throw new Error("company site: no issues to link");
    await block(w, blocker, blocked);
    const first = await w.sync(undefined, { automation });
    expect(first.exitCode).toBe(0);
    expect(first.firings?.map((f) => f.key) ?? []).not.toContain(blocked);

    await doneInJira(w, blocker);
    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.firings).toEqual([{ rule: "Unblocked", key: blocked, actions: ['move to status "In Progress"'], outcomes: [{ kind: "move-to", outcome: "ok" }] }]);
    expect((await issueFields(w, blocked)).status.name).toBe("In Progress");

    const replay = await w.sync(undefined, { automation });
    expect(replay.firings ?? []).toEqual([]);
  });

  it("a blocker out of scope is seen by its status in the blocked issue's links", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput(UNBLOCKED);
    const [blocker] = inStatus(w, "To Do", (p) => !inScope(p) && !HIDDEN.includes(p));
    const [blocked] = inStatus(w, "To Do", inScope);
    if (blocker === undefined || blocked === undefined) throw new Error("company site: no issues to link");
    await block(w, blocker, blocked);
    await w.sync(undefined, { automation });

    await doneInJira(w, blocker);
    await editIssue(w, blocked, { summary: `${(await issueFields(w, blocked)).summary} (unblocked)` });
    const run = await w.sync(undefined, { automation });
    expect(run.firings?.map((f) => f.key)).toEqual([blocked]);
    expect((await issueFields(w, blocked)).status.name).toBe("In Progress");
    expect((await w.sync(undefined, { automation })).firings ?? []).toEqual([]);
  });

  it("the last sub-task done in Jira → the parent moves, once", async () => {
    w = await companyWorld(mode);
    const st = w.sim.sim.store.state;
    const parent = st.issues.find((p) => {
      const children = st.issues.filter((c) => c.parentId === p.id);
      return inScope(p.projectKey) && statusName(w, p.statusId) === "In Progress" && children.length > 0 && children.every((c) => inScope(c.projectKey)) && children.some((c) => statusName(w, c.statusId) !== "Done");
    });
    if (parent === undefined) throw new Error("company site: no parent in progress with open children");
    const open = st.issues.filter((c) => c.parentId === parent.id && statusName(w, c.statusId) !== "Done").map((c) => c.key);
    const last = open.pop() ?? "";
    for (const key of open) await doneInJira(w, key);
    const automation = rulesInput("name: Children done\nwhen: subtasks-done\nif: {status: In Progress}\nthen:\n  - move-to: In Review\n");
    const first = await w.sync(undefined, { automation });
    expect(first.exitCode).toBe(0);
    expect(first.firings?.map((f) => f.key) ?? []).not.toContain(parent.key);

    await doneInJira(w, last);
    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.firings).toEqual([{ rule: "Children done", key: parent.key, actions: ['move to status "In Review"'], outcomes: [{ kind: "move-to", outcome: "ok" }] }]);
    expect((await issueFields(w, parent.key)).status.name).toBe("In Review");
    const replay = await w.sync(undefined, { automation });
    expect(replay.firings ?? []).toEqual([]);
  });

  it("a comment added in Jira → the rule fires once", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput('name: New comment\nwhen: comment-added\nthen:\n  - notice: "{{issue.key}} has a new comment"\n');
    const first = await w.sync(undefined, { automation });
    expect(first.firings ?? []).toEqual([]);
    const [key] = inStatus(w, "In Progress", inScope);
    if (key === undefined) throw new Error("company site: no issue in progress");
    const body = mode === "cloud" ? { type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "text", text: "Any news?" }] }] } : "Any news?";
    const added = await rest(w, "POST", `/issue/${key}/comment`, { body }, "bob");
    expect(added.status).toBe(201);

    const run = await w.sync(undefined, { automation });
    expect(run.firings).toEqual([{ rule: "New comment", key, actions: [`notice "${key} has a new comment"`], outcomes: [{ kind: "notice", outcome: "ok" }] }]);
    expect(run.notices).toEqual([{ rule: "New comment", key, text: `${key} has a new comment` }]);
    const next = await w.sync(undefined, { automation });
    expect(next.firings ?? []).toEqual([]);
    expect(next.notices).toBeUndefined();
  });
});
