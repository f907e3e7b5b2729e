/**
 * Issue links on both flavours: the site's link types, creating a link (direction as Jira stores it, seen
 * from both issues), the `Link` history items Jira writes on both issues, reading and deleting a link, and the
 * errors Jira answers. Every response is validated against the flavour's OpenAPI document by the client.
 */
/* eslint-disable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- response bodies are untyped JSON inspected by assertions */
import { afterEach, describe, expect, it } from "vitest";
import { checkedOperations, cloudSim, dcSim, type Client } from "./test/harness";
import type { SimHandle } from "./server";

interface LinkType { name: string; inward: string; outward: string }
interface Link { id: string; type: LinkType; inwardIssue?: { key: string }; outwardIssue?: { key: string } }
interface Item { field: string; from?: string; fromString?: string; to?: string; toString?: string }

let h: SimHandle | undefined;
afterEach(async () => h?.stop());

describe.each([
  ["cloud", "/rest/api/3", cloudSim],
  ["datacenter", "/rest/api/2", dcSim],
] as const)("issue links (%s)", (_mode, API, start) => {
  async function sim(): Promise<{ alice: Client; carol: Client }> {
    const s = await start({ clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true });
    h = s.h;
    return s;
  }
  const linksOf = async (c: Client, key: string): Promise<Link[]> => (await c.get(`${API}/issue/${key}?fields=issuelinks`)).body.fields.issuelinks as Link[];

  it("lists Jira's default link types", async () => {
    const { alice } = await sim();
    const types = await alice.get(`${API}/issueLinkType`);
    expect((types.body.issueLinkTypes as LinkType[]).map((t) => [t.name, t.outward, t.inward])).toEqual([
      ["Blocks", "blocks", "is blocked by"],
      ["Cloners", "clones", "is cloned by"],
      ["Duplicate", "duplicates", "is duplicated by"],
      ["Relates", "relates to", "relates to"],
    ]);
    expect(checkedOperations).toContain(`GET ${API === "/rest/api/3" ? API : "/api/2"}/issueLinkType 200`);
  });

  it("creates a link seen from both issues, records it in both histories, reads and deletes it", async () => {
    const { alice } = await sim();
    const before = (await alice.get(`${API}/issue/OPS-12?fields=updated`)).body.fields.updated;
    h?.admin.clock.advance(60_000);
    const made = await alice.post(`${API}/issueLink`, { type: { name: "Duplicate" }, inwardIssue: { key: "OPS-12" }, outwardIssue: { key: "OPS-13" } });
    expect(made.status).toBe(201);
    // Again: Jira keeps one link.
    expect((await alice.post(`${API}/issueLink`, { type: { id: "10002" }, inwardIssue: { key: "OPS-12" }, outwardIssue: { key: "OPS-13" } })).status).toBe(201);
    const fromA = (await linksOf(alice, "OPS-12")).filter((l) => l.type.name === "Duplicate");
    expect(fromA.map((l) => [l.outwardIssue?.key, l.inwardIssue])).toEqual([["OPS-13", undefined]]);
    const fromB = (await linksOf(alice, "OPS-13")).filter((l) => l.type.name === "Duplicate");
    expect(fromB.map((l) => [l.inwardIssue?.key, l.outwardIssue])).toEqual([["OPS-12", undefined]]);
    expect((await alice.get(`${API}/issue/OPS-12?fields=updated`)).body.fields.updated).not.toBe(before);

    const history = async (key: string): Promise<Item[]> => {
      const got = await alice.get(`${API}/issue/${key}?expand=changelog&fields=summary`);
      return (got.body.changelog.histories as { items: Item[] }[]).flatMap((x) => x.items).filter((i) => i.field === "Link");
    };
    expect((await history("OPS-12")).map((i) => [i.to, i.toString])).toEqual([["OPS-13", "This issue duplicates OPS-13"]]);
    expect((await history("OPS-13")).map((i) => [i.to, i.toString])).toEqual([["OPS-12", "This issue is duplicated by OPS-12"]]);

    const id = fromA[0]?.id ?? "";
    const one = await alice.get(`${API}/issueLink/${id}`);
    expect([one.body.type.name, one.body.inwardIssue.key, one.body.outwardIssue.key]).toEqual(["Duplicate", "OPS-12", "OPS-13"]);
    expect((await alice.del(`${API}/issueLink/${id}`)).status).toBe(204);
    expect((await linksOf(alice, "OPS-12")).some((l) => l.id === id)).toBe(false);
    expect((await history("OPS-13")).map((i) => [i.from ?? null, i.fromString ?? null, i.to ?? null])).toEqual([
      [null, null, "OPS-12"],
      ["OPS-12", "This issue is duplicated by OPS-12", null],
    ]);
    expect((await alice.get(`${API}/issueLink/${id}`)).status).toBe(404);
    expect((await alice.del(`${API}/issueLink/${id}`)).status).toBe(404);
  });

  it("answers Jira's errors", async () => {
    const { alice, carol } = await sim();
    const bad = await alice.post(`${API}/issueLink`, { type: { name: "Causes" }, inwardIssue: { key: "OPS-1" }, outwardIssue: { key: "OPS-2" } });
    expect([bad.status, bad.body.errorMessages]).toEqual([404, ["No issue link type with name 'Causes' found."]]);
    const missing = await alice.post(`${API}/issueLink`, { type: { name: "Blocks" }, inwardIssue: { key: "OPS-1" }, outwardIssue: { key: "OPS-999" } });
    expect(missing.status).toBe(404);
    const self = await alice.post(`${API}/issueLink`, { type: { name: "Blocks" }, inwardIssue: { key: "OPS-1" }, outwardIssue: { key: "OPS-1" } });
    expect(self.status).toBe(400);
    // Carol may not browse PLAT: a link to a PLAT issue is neither creatable nor visible to her.
    expect((await carol.post(`${API}/issueLink`, { type: { name: "Blocks" }, inwardIssue: { key: "OPS-1" }, outwardIssue: { key: "PLAT-1" } })).status).toBe(404);
    await alice.post(`${API}/issueLink`, { type: { name: "Blocks" }, inwardIssue: { key: "OPS-1" }, outwardIssue: { key: "PLAT-1" } });
    const id = (await linksOf(alice, "OPS-1")).find((l) => l.outwardIssue?.key === "PLAT-1")?.id ?? "";
    expect((await carol.get(`${API}/issueLink/${id}`)).status).toBe(404);
    expect((await linksOf(carol, "OPS-1")).some((l) => l.id === id)).toBe(false);
  });
});
/* eslint-enable @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-member-access -- end of file */
