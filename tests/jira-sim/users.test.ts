/**
 * User searches and user fields on the company seed, Cloud and Data Center: prefix search by name, email or
 * username; assignable users per project (active, allowed to browse it); the general search with deactivated
 * users (always listed on Cloud, on request on Data Center); a display name two people share; refusal of unknown,
 * deactivated and unassignable users on edit with Jira's words; the user-picker custom field "Reviewer" and the
 * multi-user picker "Approvers". Every
 * response is validated against the official spec by the test client.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- response bodies are untyped JSON inspected by assertions */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkedOperations, cloudSim, dcSim, type Body, type Client } from "./test/harness";
import type { SimHandle } from "./server";
import { COMPANY_CF } from "./company";

const names = (b: Body): string[] => (b as { displayName: string }[]).map((u) => u.displayName);

describe("user searches (Cloud)", () => {
  let h: SimHandle;
  let alice: Client;
  const API = "/rest/api/3";
  beforeAll(async () => {
    ({ h, alice } = await cloudSim({ seed: "company", clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true }));
  });
  afterAll(() => h.stop());

  it("finds people by a prefix of their name, any word of it, or their email", async () => {
    expect(names((await alice.get(`${API}/user/search?query=ada`)).body)).toEqual(["Ada Example", "Ada Lovelace"]);
    expect(names((await alice.get(`${API}/user/search?query=ada%20example`)).body)).toEqual(["Ada Example"]);
    expect(names((await alice.get(`${API}/user/search?query=taylor`)).body)).toEqual(["Sam Taylor", "Sam Taylor"]);
    expect(names((await alice.get(`${API}/user/search?query=staylor@`)).body)).toEqual(["Sam Taylor"]);
    const gone = (await alice.get(`${API}/user/search?query=alex`)).body;
    expect(gone.map((u: Body) => [u.displayName, u.active])).toEqual([["Alex Former", false]]);
    expect((await alice.get(`${API}/user/search`)).status).toBe(400);
    expect(checkedOperations.has("GET /rest/api/3/user/search 200")).toBe(true);
  });

  it("lists only active users who may browse the project as assignable", async () => {
    expect(names((await alice.get(`${API}/user/assignable/search?project=OPS&query=alex`)).body)).toEqual([]);
    const sec = names((await alice.get(`${API}/user/assignable/search?project=SEC&query=c`)).body);
    expect(sec).not.toContain("Carol Tokyo");
    expect(names((await alice.get(`${API}/user/assignable/search?project=OPS&query=sam&maxResults=2`)).body)).toHaveLength(2);
  });

  it("refuses unknown, deactivated and unassignable users on edit, and sets the user picker", async () => {
    const byName = async (q: string): Promise<string> => (await alice.get(`${API}/user/search?query=${encodeURIComponent(q)}`)).body[0].accountId;
    const [ada, gone, carol] = [await byName("ada example"), await byName("alex former"), await byName("carol")];
    const put = (fields: Record<string, unknown>): Promise<{ status: number; body: Body }> => alice.put(`${API}/issue/OPS-1`, { fields });
    expect((await put({ assignee: { accountId: "nobody" } })).body.errors.assignee).toBe("User with accountId 'nobody' does not exist");
    expect((await put({ assignee: { accountId: gone } })).body.errors.assignee).toMatch(/cannot be assigned issues/);
    expect((await put({ reporter: { accountId: gone } })).body.errors.reporter).toMatch(/is not active/);
    expect((await alice.put(`${API}/issue/SEC-1`, { fields: { assignee: { accountId: carol } } })).body.errors.assignee).toMatch(/cannot be assigned/);
    expect((await put({ assignee: { accountId: ada }, [COMPANY_CF.reviewer]: { accountId: ada } })).status).toBe(204);
    const got = await alice.get(`${API}/issue/OPS-1?fields=assignee,${COMPANY_CF.reviewer}`);
    expect([got.body.fields.assignee.displayName, got.body.fields[COMPANY_CF.reviewer].displayName]).toEqual(["Ada Example", "Ada Example"]);
  });
});

describe("user searches (Data Center)", () => {
  let h: SimHandle;
  let alice: Client;
  const API = "/rest/api/2";
  beforeAll(async () => {
    ({ h, alice } = await dcSim({ seed: "company", clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true }));
  });
  afterAll(() => h.stop());

  it("searches by username, name or email; deactivated users only on request", async () => {
    expect(names((await alice.get(`${API}/user/search?username=ada`)).body)).toEqual(["Ada Example", "Ada Lovelace"]);
    expect((await alice.get(`${API}/user/search?username=Sam%20Taylor`)).body.map((u: Body) => u.name)).toEqual(["sam.taylor", "staylor"]);
    expect(names((await alice.get(`${API}/user/search?username=alex`)).body)).toEqual([]);
    expect(names((await alice.get(`${API}/user/search?username=alex&includeInactive=true`)).body)).toEqual(["Alex Former"]);
    expect((await alice.get(`${API}/user/search`)).status).toBe(400);
    expect(names((await alice.get(`${API}/user/assignable/search?project=OPS&username=ada%20ex`)).body)).toEqual(["Ada Example"]);
    expect(checkedOperations.has("GET /api/2/user/search 200") && checkedOperations.has("GET /api/2/user/assignable/search 200")).toBe(true);
  });

  it("refuses a display name where a username belongs, as Jira does", async () => {
    const r = await alice.put(`${API}/issue/OPS-1`, { fields: { assignee: { name: "Ada Example" } } });
    expect(r.status).toBe(400);
    expect(r.body.errors.assignee).toBe("User 'Ada Example' does not exist.");
    expect((await alice.put(`${API}/issue/OPS-1`, { fields: { assignee: { name: "ADA" }, [COMPANY_CF.reviewer]: { name: "staylor" } } })).status).toBe(204);
    const got = await alice.get(`${API}/issue/OPS-1?fields=assignee,${COMPANY_CF.reviewer}`);
    expect([got.body.fields.assignee.name, got.body.fields[COMPANY_CF.reviewer].name]).toEqual(["ada", "staylor"]);
  });

  it("takes several users in the multi-user picker, refusing the field if one is unknown", async () => {
    const set = (names: string[]): Promise<{ status: number; body: Body }> => alice.put(`${API}/issue/OPS-2`, { fields: { [COMPANY_CF.approvers]: names.map((name) => ({ name })) } });
    expect((await set(["ada", "sam.okafor"])).status).toBe(204);
    const got = await alice.get(`${API}/issue/OPS-2?fields=${COMPANY_CF.approvers}`);
    expect(names(got.body.fields[COMPANY_CF.approvers])).toEqual(["Ada Example", "Sam Okafor"]);
    expect((await set(["ada", "Sam Taylor"])).body.errors[COMPANY_CF.approvers]).toBe("User 'Sam Taylor' does not exist.");
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-return -- end of file */
