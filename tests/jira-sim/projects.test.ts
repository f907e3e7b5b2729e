/**
 * Project metadata for project notes (issue #15), on the company site, Cloud and Data Center: one project with
 * its description, category, lead and issue types; its versions (release dates, released/archived) and its
 * components (by name, with leads). Every response is checked against the deployment's spec by the client.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { SimHandle } from "./server";
import { cloudSim, dcSim } from "./test/harness";

interface Named {
  name: string;
  released?: boolean;
  lead?: { displayName: string };
}

const list = (body: unknown): Named[] => body as Named[];

let h: SimHandle | undefined;
afterEach(async () => h?.stop());

describe.each([
  ["cloud", cloudSim, "/rest/api/3"],
  ["datacenter", dcSim, "/rest/api/2"],
] as const)("project metadata (%s)", (_mode, start, API) => {
  it("describes a project, its versions and its components", async () => {
    const sim = await start({ seed: "company", clockStart: "2025-06-10T08:30:00.000Z", clockFrozen: true });
    h = sim.h;
    const { alice } = sim;
    const p = await alice.get(`${API}/project/SRCH?expand=description,lead,issueTypes`);
    expect(p.status).toBe(200);
    expect(p.body).toMatchObject({ key: "SRCH", name: "Search", description: expect.stringContaining("Search") as unknown, projectCategory: { name: "Engineering" } });
    const project = p.body as { lead: { displayName: string }; issueTypes: Named[] };
    expect(project.lead.displayName).toEqual(expect.any(String));
    expect(project.issueTypes.map((t) => t.name)).toEqual(["Epic", "Task", "Bug", "Story", "Sub-task"]);
    expect((await alice.get(`${API}/project/CS`)).body).toMatchObject({ projectCategory: { name: "Business" } });

    const versions = await alice.get(`${API}/project/SRCH/versions`);
    expect(versions.status).toBe(200);
    expect(list(versions.body).length).toBeGreaterThan(1);
    expect(list(versions.body)[0]).toMatchObject({ name: "1.0.0", released: true, archived: false, releaseDate: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) as unknown });
    expect(list(versions.body).some((v) => v.released === false)).toBe(true);
    expect((await alice.get(`${API}/project/CS/versions`)).body).toEqual([]);

    const components = await alice.get(`${API}/project/SRCH/components`);
    expect(list(components.body).map((c) => c.name)).toEqual(["Backend", "Frontend", "Infrastructure"]);
    expect(list(components.body)[0]?.lead?.displayName).toEqual(expect.any(String));
    expect((await alice.get(`${API}/project/CS/components`)).body).toEqual([]);

    // Hidden projects stay hidden.
    expect((await alice.get(`${API}/project/HR/versions`)).status).toBe(404);
    expect((await alice.get(`${API}/project/HR/components`)).status).toBe(404);
  });
});
