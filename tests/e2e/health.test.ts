// The vault health checks (docs/health.md) after a real sync against the simulator's company site, on Cloud
// and Data Center. A freshly synced vault has no false positive on real data (epics, sub-tasks, parents, done
// statuses, seven time zones): the only findings are the done parents with open children the site really has
// (worked out here from the simulator's own store, so none is missed either); a note moved out of its project's
// folder afterwards adds exactly that finding, with the move back as its fix.
import { afterEach, describe, expect, it } from "vitest";
import { checkVaultHealth } from "../../plugin/src/health/health-check";
import { JiraTransport } from "../../plugin/src/jira/client";
import { FetchHttpClient } from "../../cli/node/http-fetch";
import { refreshProjectNotes } from "../../plugin/src/projects/project-notes";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { COMPANY_PROJECTS as PROJECTS, companyConfig } from "./company";
import { CLOUD_ALICE, DC_ALICE, loadCoreSync, world, type World } from "./harness";
import { editFrontmatter, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** The default mappings without the AI custom fields this site lacks, plus the parent (as company-site.test.ts). */
function withParent(config: SyncConfig): SyncConfig {
  return companyConfig(config, { jira: "parent", note: { frontmatter: "parent" }, direction: "pull" });
}

/** From the simulator's store: each synced parent in a done status with children that are not, sorted by key as the findings are (by paths). */
function doneParentsWithOpenChildren(w: World): [string, string[]][] {
  const st = w.sim.sim.store.state;
  const done = (statusId: string): boolean => st.statuses.find((s) => s.id === statusId)?.category === "done";
  const synced = st.issues.filter((i) => PROJECTS.includes(i.projectKey));
  const out = new Map<string, string[]>();
  for (const child of synced) {
    const parent = child.parentId ? w.sim.sim.store.issue(child.parentId) : undefined;
    if (parent === undefined || !PROJECTS.includes(parent.projectKey) || !done(parent.statusId) || done(child.statusId)) continue;
    out.set(parent.key, [...(out.get(parent.key) ?? []), child.key].sort());
  }
  const pathOf = (key: string): string => Object.entries(w.vault.files()).find(([, t]) => new RegExp(`^jira_key: ${key}$`, "m").test(t))?.[0] ?? "";
  return [...out.entries()].sort(([a], [b]) => (pathOf(a) < pathOf(b) ? -1 : pathOf(a) > pathOf(b) ? 1 : 0));
}

describe.each(["cloud", "datacenter"] as const)("vault health after a sync of the company site (%s)", (mode) => {
  it("finds only the true done parents with open children in a freshly synced vault, then the one note moved out of its folder", async () => {
    w = await world({ mode, seed: "company", projects: PROJECTS });
    Object.assign(w.config, withParent(w.config));
    const report = await w.sync();
    expect(report.fatal).toBeUndefined();
    const core = loadCoreSync();
    const notes = Object.keys(w.vault.files());
    expect(notes.length).toBeGreaterThan(100);
    const fresh = await checkVaultHealth(core, w.vault, w.store, w.config);
    expect(fresh.filter((f) => f.kind !== "doneParentOpenChildren")).toEqual([]);
    const keyOf = (path: string): string => /^jira_key: (\S+)$/m.exec(w.vault.files()[path] ?? "")?.[1] ?? "";
    const found = fresh.map((f) => [f.key, f.paths.slice(1).map(keyOf).sort()]);
    expect(found).toEqual(doneParentsWithOpenChildren(w));
    expect(found.length).toBeGreaterThan(0);

    // Real data has parents: at least one synced note names one, so the parent checks ran.
    expect(Object.values(w.vault.files()).some((t) => /^parent: \S.*$/m.test(t))).toBe(true);

    const key = /^jira_key: (\S+)$/m.exec(Object.values(w.vault.files())[0] ?? "")?.[1] ?? "";
    const from = noteOf(w, key).path;
    const name = from.slice(from.lastIndexOf("/") + 1);
    await w.vault.createIfAbsent(`Inbox/${name}`, noteOf(w, key).text);
    w.vault.remove(from);
    const findings = await checkVaultHealth(core, w.vault, w.store, w.config);
    const added = findings.filter((f) => f.kind !== "doneParentOpenChildren");
    expect(added.map((f) => [f.kind, f.key, f.fix])).toEqual([["outsideProjectFolder", key, { kind: "move", from: `Inbox/${name}`, to: from }]]);
  });

  it("judges a note's state by the workflow the project notes read from Jira, and a link to an issue without a note", async () => {
    w = await world({ mode, seed: "company", projects: PROJECTS });
    Object.assign(w.config, withParent(w.config));
    await w.sync();
    const core = loadCoreSync();
    // A state whose status (AI Processing) this site's workflows do not have, on a task of the first project.
    const synced = new Set(Object.values(w.vault.files()).map((t) => /^jira_key: (\S+)$/m.exec(t)?.[1]));
    const task = w.sim.sim.store.state.issues.find((i) => i.projectKey === PROJECTS[0] && !i.parentId && synced.has(i.key))?.key ?? "";
    const path = noteOf(w, task).path;
    editFrontmatter(w, path, { current_state: "llm_analysis", relates_to: [`[[${PROJECTS[0]}-99999 Gone]]`] });
    const unmapped = (fs: { kind: string; paths: string[] }[]) => fs.filter((f) => f.kind === "unmappedState" && f.paths.includes(path));
    const before = await checkVaultHealth(core, w.vault, w.store, w.config);
    expect(unmapped(before)).toEqual([]);
    expect(before.filter((f) => f.kind === "missingLinkTarget").map((f) => [f.key, f.message])).toEqual([
      [task, `The linked issue ${PROJECTS[0]}-99999 (relates_to: [[${PROJECTS[0]}-99999 Gone]]) has no note in the vault. Sync again to bring it in, or correct or remove the link.`],
    ]);
    // The project notes read each project's statuses; the checks now know the workflow.
    const transport = new JiraTransport({ siteUrl: w.sim.url, credentials: mode === "cloud" ? CLOUD_ALICE : DC_ALICE, http: new FetchHttpClient(), clock: w.clock, timeoutMs: 5000 });
    await refreshProjectNotes({ core, transport, vault: w.vault, store: w.store }, { config: w.config, siteUrl: w.sim.url, deployment: w.mode });
    const after = unmapped(await checkVaultHealth(core, w.vault, w.store, w.config));
    expect(after).toHaveLength(1);
    expect(after[0]?.paths).toEqual([path]);
  });
});
