/**
 * Worklogs: CRUD, adjustEstimate modes, strict `started` format, duration parsing, estimates following the
 * worklogs, the updated/deleted feeds (omitting the last minute) and `/worklog/list`.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { adf, cloudSim, type Body, type Client } from "./test/harness";
import type { SimHandle } from "./server";

let h: SimHandle;
let alice: Client, carol: Client;
const API = "/rest/api/3";
const START = Date.parse("2025-05-05T10:00:00.000Z");

beforeAll(async () => {
  ({ h, alice, carol } = await cloudSim({ clockStart: START, clockFrozen: true }));
});
afterAll(() => h.stop());

async function issueWithEstimate(estimate: string): Promise<string> {
  const r = await alice.post(`${API}/issue`, { fields: { project: { key: "OPS" }, issuetype: { name: "Task" }, summary: "wl", timetracking: { originalEstimate: estimate } } });
  expect(r.status).toBe(201);
  return r.body.key;
}

async function tracking(key: string): Promise<Body> {
  return (await alice.get(`${API}/issue/${key}?fields=timetracking`)).body.fields.timetracking;
}

const started = "2025-05-05T09:00:00.000+0200";

describe("worklogs", () => {
  it("adds, reads, updates and deletes with auto estimates", async () => {
    const key = await issueWithEstimate("1d");
    const add = await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpent: "1h 30m", comment: adf("did things") });
    expect(add.status).toBe(201);
    expect(add.body).toMatchObject({ timeSpent: "1h 30m", timeSpentSeconds: 5400, started: "2025-05-05T07:00:00.000+0000" });
    expect(await tracking(key)).toMatchObject({ remainingEstimateSeconds: 28800 - 5400, timeSpentSeconds: 5400, timeSpent: "1h 30m" });
    const id: string = add.body.id;
    const one = await alice.get(`${API}/issue/${key}/worklog/${id}`);
    expect(one.body.comment.type).toBe("doc");
    const upd = await alice.put(`${API}/issue/${key}/worklog/${id}`, { timeSpentSeconds: 3600 });
    expect(upd.status).toBe(200);
    expect(await tracking(key)).toMatchObject({ remainingEstimateSeconds: 28800 - 3600, timeSpentSeconds: 3600 });
    const list = await alice.get(`${API}/issue/${key}/worklog`);
    expect(list.body).toMatchObject({ total: 1, startAt: 0 });
    expect((await alice.del(`${API}/issue/${key}/worklog/${id}`)).status).toBe(204);
    expect(await tracking(key)).toMatchObject({ remainingEstimateSeconds: 28800 });
    expect((await alice.get(`${API}/issue/${key}/worklog/${id}`)).status).toBe(404);
    const hist = await alice.get(`${API}/issue/${key}/changelog`);
    expect(hist.body.values.flatMap((v: Body) => v.items.map((i: Body) => i.field))).toEqual(expect.arrayContaining(["timespent", "timeestimate", "WorklogId"]));
  });

  it("adjustEstimate new / leave / manual", async () => {
    const key = await issueWithEstimate("1w");
    await alice.post(`${API}/issue/${key}/worklog?adjustEstimate=new&newEstimate=2d`, { started, timeSpent: "1h" });
    expect((await tracking(key)).remainingEstimate).toBe("2d");
    await alice.post(`${API}/issue/${key}/worklog?adjustEstimate=leave`, { started, timeSpent: "1h" });
    expect((await tracking(key)).remainingEstimate).toBe("2d");
    const m = await alice.post(`${API}/issue/${key}/worklog?adjustEstimate=manual&reduceBy=4h`, { started, timeSpent: "1h" });
    expect((await tracking(key)).remainingEstimate).toBe("1d 4h");
    await alice.call("DELETE", `${API}/issue/${key}/worklog/${m.body.id as string}?adjustEstimate=manual&increaseBy=30m`);
    expect((await tracking(key)).remainingEstimate).toBe("1d 4h 30m");
    expect((await tracking(key)).timeSpent).toBe("2h");
    expect((await alice.post(`${API}/issue/${key}/worklog?adjustEstimate=new`, { started, timeSpent: "1h" })).status).toBe(400);
    expect((await alice.post(`${API}/issue/${key}/worklog?adjustEstimate=manual`, { started, timeSpent: "1h" })).status).toBe(400);
    expect((await alice.post(`${API}/issue/${key}/worklog?adjustEstimate=bogus`, { started, timeSpent: "1h" })).status).toBe(400);
  });

  it("validates started, timeSpent and timeSpentSeconds", async () => {
    const key = await issueWithEstimate("1h");
    const z = await alice.post(`${API}/issue/${key}/worklog`, { started: "2025-05-05T09:00:00.000Z", timeSpent: "1h" });
    expect(z.status).toBe(400);
    expect(z.body.errors.started).toBeDefined();
    expect((await alice.post(`${API}/issue/${key}/worklog`, { started: "2025-05-05T09:00:00+0200", timeSpent: "1h" })).status).toBe(400);
    expect((await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpentSeconds: 59 })).status).toBe(400);
    expect((await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpent: "soon" })).status).toBe(400);
    expect((await alice.post(`${API}/issue/${key}/worklog`, { started })).status).toBe(400);
    expect((await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpent: "1h", comment: "plain" })).status).toBe(400);
    const w = await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpent: "1w 1d" });
    expect(w.body.timeSpentSeconds).toBe(6 * 8 * 3600);
    expect((await tracking(key)).remainingEstimateSeconds).toBe(0);
    expect((await carol.get(`${API}/issue/PLAT-3/worklog`)).status).toBe(404);
  });

  it("feeds updated/deleted worklogs since a time, omitting the last minute; lists by id", async () => {
    h.admin.clock.set(START + 3600_000, true);
    const since = h.admin.clock.now();
    const key = await issueWithEstimate("1d");
    const a = await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpent: "1h" });
    const b = await alice.post(`${API}/issue/${key}/worklog`, { started, timeSpent: "2h" });
    const fresh = await alice.get(`${API}/worklog/updated?since=${since}`);
    expect(fresh.body.values).toEqual([]);
    expect(fresh.body.lastPage).toBe(true);
    h.admin.clock.advance(61_000);
    const upd = await alice.get(`${API}/worklog/updated?since=${since}`);
    expect(upd.body.values.map((v: Body) => String(v.worklogId))).toEqual([a.body.id, b.body.id]);
    expect(upd.body.until).toBe(upd.body.values[1].updatedTime);
    await alice.del(`${API}/issue/${key}/worklog/${a.body.id as string}`);
    expect((await alice.get(`${API}/worklog/deleted?since=${since}`)).body.values).toEqual([]);
    h.admin.clock.advance(61_000);
    const del = await alice.get(`${API}/worklog/deleted?since=${since}`);
    expect(del.body.values.map((v: Body) => String(v.worklogId))).toEqual([a.body.id]);
    const list = await alice.post(`${API}/worklog/list`, { ids: [Number(a.body.id), Number(b.body.id), 1] });
    expect(list.body.map((w: Body) => w.id)).toEqual([b.body.id]);
    expect((await alice.post(`${API}/worklog/list`, { ids: Array.from({ length: 1001 }, (_, i) => i) })).status).toBe(400);
    expect((await alice.post(`${API}/worklog/list`, {})).status).toBe(400);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-return -- end of file */
