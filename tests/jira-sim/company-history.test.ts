/**
 * The company site's seeded past (company-history.ts): each issue's histories sorted and inside
 * `[created, updated]`, resolved iff in a done-category status with `resolutiondate` at the last Done
 * transition, reopened and aging issues, assignee/priority/estimate/time-spent changes (time spent matching the
 * worklogs), a renamed status, moved issues; sprints every two weeks (closed, one active, one future) with the
 * Sprint field in each deployment's shape and Sprint / story point changelog items, served conformantly.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CF } from "./base";
import { companyState } from "./company";
import { RENAMED_STATUS, SCRUM_PROJECTS, SPRINT_FIELD } from "./company-history";
import type { SimHistory } from "./model";
import { DEFAULT_SEED_BASE } from "./seed";
import type { SimHandle } from "./server";
import { cloudSim, dcSim, type Client } from "./test/harness";

describe("company seed history", () => {
  const base = DEFAULT_SEED_BASE;
  const state = companyState("cloud", base);
  const byIssue = new Map<string, SimHistory[]>();
  for (const h of state.histories) byIssue.set(h.issueId, [...(byIssue.get(h.issueId) ?? []), h]);
  const category = (id: string): string | undefined => state.statuses.find((s) => s.id === id)?.category;

  it("is deterministic", () => {
    expect(JSON.stringify(companyState("cloud", base))).toBe(JSON.stringify(state));
  });

  it("keeps each issue's histories sorted, inside [created, updated] and before now, with authors", () => {
    for (const i of state.issues) {
      let prev = i.created;
      for (const h of byIssue.get(i.id) ?? []) {
        expect(h.created).toBeGreaterThanOrEqual(prev);
        expect(h.created).toBeLessThanOrEqual(i.updated);
        expect(state.users.some((u) => u.accountId === h.author)).toBe(true);
        prev = h.created;
      }
      expect(i.updated).toBeLessThan(base);
    }
  });

  it("resolves an issue iff its status is done, at its last Done transition; the status path ends in the status", () => {
    let reopened = 0;
    let multiStep = 0;
    for (const i of state.issues) {
      const statusItems = (byIssue.get(i.id) ?? []).flatMap((h) => h.items.filter((it) => it.field === "status").map((it) => ({ at: h.created, it })));
      expect(i.resolutionDate !== null).toBe(category(i.statusId) === "done");
      const last = statusItems.at(-1);
      expect(last?.it.to ?? "10000").toBe(i.statusId);
      if (i.resolutionDate !== null) expect(i.resolutionDate).toBe(last?.at);
      if (statusItems.some((s) => s.it.from === "10005")) reopened++;
      if (statusItems.length >= 3) multiStep++;
      for (let k = 1; k < statusItems.length; k++) expect(statusItems[k]?.it.from).toBe(statusItems[k - 1]?.it.to);
    }
    expect(reopened).toBeGreaterThan(100);
    expect(multiStep).toBeGreaterThan(1000);
  });

  it("records assignee, priority, estimate and time spent changes; time spent adds up to the worklogs", () => {
    const fields = new Set(state.histories.flatMap((h) => h.items.map((it) => it.field)));
    for (const f of ["assignee", "priority", "timeoriginalestimate", "timeestimate", "timespent", "WorklogId", "resolution", "Sprint", "Story point estimate", "Key", "project"]) expect(fields).toContain(f);
    for (const i of state.issues) {
      const logged = state.worklogs.filter((w) => w.issueId === i.id).reduce((s, w) => s + w.timeSpentSeconds, 0);
      const spent = (byIssue.get(i.id) ?? []).flatMap((h) => h.items).filter((it) => it.field === "timespent").at(-1);
      expect(Number(spent?.to ?? 0)).toBe(logged);
    }
  });

  it("renamed a status (same id, older histories carry the old name) and moved issues between projects", () => {
    const old = state.histories.flatMap((h) => h.items).filter((it) => it.field === "status" && (it.to === RENAMED_STATUS.id ? it.toString : null) === RENAMED_STATUS.oldName);
    expect(old.length).toBeGreaterThan(100);
    expect(state.statuses.find((s) => s.id === RENAMED_STATUS.id)?.name).toBe("In Progress");
    const moved = state.issues.filter((i) => i.oldKeys.length);
    expect(moved.length).toBe(3);
    for (const i of moved) {
      const item = (byIssue.get(i.id) ?? []).flatMap((h) => h.items).find((it) => it.field === "Key");
      expect(item).toMatchObject({ fromString: i.oldKeys[0], toString: i.key });
    }
  });

  it("runs two-week sprints on the Scrum projects and records issues joining, leaving and carried over", () => {
    const sprints = state.sprints ?? [];
    for (const key of SCRUM_PROJECTS) {
      const own = sprints.filter((s) => s.projectKey === key);
      expect(own.filter((s) => s.state === "active")).toHaveLength(1);
      expect(own.filter((s) => s.state === "future")).toHaveLength(1);
      const active = own.find((s) => s.state === "active");
      expect(active?.startDate).toBeLessThan(base);
      expect(active?.endDate).toBeGreaterThan(base);
      for (const s of own.filter((x) => x.state === "closed")) expect((s.endDate ?? 0) - (s.startDate ?? 0)).toBe(14 * 86_400_000);
    }
    const items = state.histories.flatMap((h) => h.items).filter((it) => it.field === "Sprint");
    expect(items.some((it) => it.from !== null && it.to !== null && it.to.split(", ").length > it.from.split(", ").length)).toBe(true); // carried over
    expect(items.some((it) => it.from !== null && it.to === null)).toBe(true); // removed mid-sprint
    for (const it of items) expect(it).toMatchObject({ fieldtype: "custom", fieldId: SPRINT_FIELD });
    for (const i of state.issues) {
      const ids = i.custom[SPRINT_FIELD];
      const last = (byIssue.get(i.id) ?? []).flatMap((h) => h.items).filter((it) => it.field === "Sprint").at(-1);
      expect(ids === undefined ? null : (ids as number[]).join(", ")).toBe(last?.to ?? null);
      if (ids !== undefined) expect(SCRUM_PROJECTS as readonly string[]).toContain(i.projectKey);
    }
    const points = state.histories.flatMap((h) => h.items).filter((it) => it.field === "Story point estimate");
    expect(points.some((it) => it.fromString !== null)).toBe(true); // re-estimated
    expect(points.every((it) => it.fieldId === CF.storyPoints)).toBe(true);
  });
});

describe.each([
  ["cloud", cloudSim, "/rest/api/3"],
  ["datacenter", dcSim, "/rest/api/2"],
] as const)("company history served (%s)", (mode, start, api) => {
  let h: SimHandle;
  let alice: Client;
  beforeAll(async () => {
    ({ h, alice } = await start({ seed: "company" }));
  });
  afterAll(() => h.stop());

  it("serves the Sprint field in the deployment's shape, and the changelog with sprint and story point items", async () => {
    const fields = await alice.get(`${api}/field`);
    const sprint = fields.body.find((f: { name: string }) => f.name === "Sprint");
    expect(sprint.schema.custom).toBe("com.pyxis.greenhopper.jira:gh-sprint");
    const carried = h.sim.store.state.issues.find((i) => Array.isArray(i.custom[SPRINT_FIELD]) && (i.custom[SPRINT_FIELD] as number[]).length > 1 && typeof i.custom[CF.storyPoints] === "number");
    const got = await alice.get(`${api}/issue/${carried?.key ?? ""}?expand=changelog`);
    expect(got.status).toBe(200);
    const value = got.body.fields[SPRINT_FIELD];
    expect(value.length).toBeGreaterThan(1);
    if (mode === "cloud") expect(value[0]).toMatchObject({ id: expect.any(Number), name: expect.stringMatching(/ Sprint \d+$/), state: "closed", boardId: expect.any(Number), startDate: expect.any(String), endDate: expect.any(String), completeDate: expect.any(String) });
    else expect(value[0]).toMatch(/^com\.atlassian\.greenhopper\.service\.sprint\.Sprint@[0-9a-f]+\[id=\d+,rapidViewId=\d+,state=CLOSED,name=[A-Z]+ Sprint \d+,startDate=/);
    const items = got.body.changelog.histories.flatMap((x: { items: { field: string }[] }) => x.items);
    expect(items.some((it: { field: string }) => it.field === "Sprint")).toBe(true);
    expect(items.some((it: { field: string }) => it.field === "Story point estimate")).toBe(true);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call -- end of file */
