// The epic folder layout (docs/epic-folders.md) against the simulator's company site, Cloud and Data Center: with
// `epicFolders` on, an epic's children are written into a folder named after the epic's note (which stays beside
// it in the project's folder); a child re-parented in Jira or in its note moves to its new epic's folder as a
// guarded vault move; a move is refused, with a warning, when the note changed under the sync; and an `arrange`
// run moves the notes of a vault that switched the layout on (a dry run only lists the moves); before it, the vault
// health check finds those notes outside their epic's folder with the arranging run's moves as fixes, after it none.
import { afterEach, describe, expect, it } from "vitest";
import { checkVaultHealth } from "../../plugin/src/health/health-check";
import type { SyncConfig } from "../../plugin/src/sync/types";
import { loadCoreSync, world, type World } from "./harness";
import { editFrontmatter, editIssue, noteOf } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const PROJECTS = ["SRCH", "NOTIF"];
type Mapping = { jira: unknown; note: unknown; direction?: string };

async function companyWorld(mode: "cloud" | "datacenter", epicFolders: boolean): Promise<World> {
  const made = await world({ mode, seed: "company", projects: PROJECTS });
  const config: SyncConfig = made.config;
  const fields = (config.fields as Mapping[]).filter((f) => typeof f.jira !== "object");
  fields.push({ jira: "parent", note: { frontmatter: "parent" }, direction: "both" });
  Object.assign(made.config, { ...config, fields, epicFolders });
  return made;
}

/** Epics of one synced project with their (non-sub-task) children, the biggest first. */
function epics(w: World): { key: string; project: string; children: string[] }[] {
  const st = w.sim.sim.store.state;
  const level = (typeId: string) => st.issueTypes.find((t) => t.id === typeId)?.hierarchyLevel;
  const found = st.issues
    .filter((i) => PROJECTS.includes(i.projectKey) && level(i.issueTypeId) === 1)
    .map((e) => ({ key: e.key, project: e.projectKey, children: st.issues.filter((i) => i.parentId === e.id && level(i.issueTypeId) === 0).map((i) => i.key) }));
  return found.sort((a, b) => b.children.length - a.children.length);
}

const dirOf = (path: string): string => path.slice(0, path.lastIndexOf("/"));
const fileName = (path: string): string => path.split("/").pop() ?? path;
/** The folder of an epic: its note's path without `.md` (the note stays beside it). */
const epicFolder = (w: World, key: string): string => noteOf(w, key).path.replace(/\.md$/, "");

/** Moves `child` to `epic` in Jira, as bob, through the field the deployment uses. */
async function reparentInJira(w: World, child: string, epic: string): Promise<void> {
  const epicLink = w.sim.sim.store.state.fields.find((f) => f.name === "Epic Link")?.id ?? "";
  await editIssue(w, child, w.mode === "cloud" ? { parent: { key: epic } } : { [epicLink]: epic });
}

describe.each(["cloud", "datacenter"] as const)("epic folders (%s)", (mode) => {
  it("writes children into their epic's folder and moves re-parented notes, guarded", async () => {
    w = await companyWorld(mode, true);
    const first = await w.sync();
    expect(first.entries.filter((e) => e.level !== "info")).toEqual([]);
    const [big, other] = epics(w).filter((e, _, all) => e.project === all[0]?.project);
    if (big === undefined || other === undefined || big.children.length < 3) throw new Error("company site: no two epics with children in one project");
    // The epic's note stays in the project's folder; its children are in the folder of the same name beside it.
    expect(dirOf(noteOf(w, big.key).path)).toBe(`Jira/${big.project}`);
    for (const child of big.children) expect(dirOf(noteOf(w, child).path)).toBe(epicFolder(w, big.key));
    // Issues without an epic (epics themselves, tasks without one) stay in the project's folder.
    expect(dirOf(noteOf(w, other.key).path)).toBe(`Jira/${other.project}`);

    // Re-parented in Jira, and in the note (the parent goes to Jira too): both notes move to the other epic.
    const [inJira, inNote, guarded] = big.children;
    await reparentInJira(w, inJira ?? "", other.key);
    editFrontmatter(w, noteOf(w, inNote ?? "").path, { parent: `[[${fileName(epicFolder(w, other.key))}]]` });
    const before = [noteOf(w, inJira ?? "").path, noteOf(w, inNote ?? "").path];
    const second = await w.sync();
    expect(second.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(w.sim.sim.store.issue(inNote ?? "")?.parentId).toBe(w.sim.sim.store.issue(other.key)?.id);
    for (const key of [inJira, inNote]) expect(dirOf(noteOf(w, key ?? "").path)).toBe(epicFolder(w, other.key));
    for (const path of before) expect(w.vault.files()[path]).toBeUndefined();
    expect((second.moves ?? []).map((m) => m.key).sort()).toEqual([inJira, inNote].sort());

    // The next sync finds them at their new places: nothing to write, nothing created at the old ones.
    const third = await w.sync();
    expect(third.counts.notesCreated + third.counts.notesUpdated).toBe(0);

    // A note the user edits while the sync moves it stays where it is, with a warning; the edit is kept.
    await reparentInJira(w, guarded ?? "", other.key);
    const from = noteOf(w, guarded ?? "").path;
    const move = w.vault.moveIfUnchanged.bind(w.vault);
    w.vault.moveIfUnchanged = (path, to, expected) => {
      w.vault.set(path, `${w.vault.files()[path] ?? ""}\nTyped during the sync.\n`);
      return move(path, to, expected);
    };
    const fourth = await w.sync();
    w.vault.moveIfUnchanged = move;
    expect(noteOf(w, guarded ?? "").path).toBe(from);
    expect(noteOf(w, guarded ?? "").text).toContain("Typed during the sync.");
    expect(fourth.entries.filter((e) => e.level !== "info").map((e) => [e.level, e.key, e.message])).toEqual([
      ["warning", guarded, `epic folders: the note changed during the sync (or is gone), so it was not moved to ${epicFolder(w, other.key)}/${fileName(from)}`],
    ]);
  });

  it("arranges a vault that switched the layout on: a dry run lists the moves, the run makes them", async () => {
    w = await companyWorld(mode, false);
    await w.sync();
    const [big] = epics(w);
    if (big === undefined) throw new Error("company site: no epic with children");
    const flat = big.children.map((k) => noteOf(w, k).path);
    for (const path of flat) expect(dirOf(path)).toBe(`Jira/${big.project}`);

    w.config.epicFolders = true;
    const files = { ...w.vault.files() };
    const preview = await w.sync({ kind: "arrange" }, { dryRun: true });
    expect(w.vault.files()).toEqual(files);
    const wanted = (path: string) => `${epicFolder(w, big.key)}/${fileName(path)}`;
    const listed = (preview.moves ?? []).filter((m) => big.children.includes(m.key));
    expect(listed.map((m) => [m.key, m.from, m.to])).toEqual(big.children.map((k, i) => [k, flat[i], wanted(flat[i] ?? "")]));
    // The health check finds the same notes outside their epic's folder, its fix the arranging run's move.
    const core = loadCoreSync();
    const outside = async () => (await checkVaultHealth(core, w.vault, w.store, w.config)).filter((f) => f.kind === "outsideEpicFolder");
    const found = (await outside()).filter((f) => big.children.includes(f.key ?? ""));
    const byKey = (rows: (string | undefined)[][]) => rows.sort((x, y) => (x[0] ?? "").localeCompare(y[0] ?? ""));
    expect(byKey(found.map((f) => [f.key, f.fix?.from, f.fix?.to]))).toEqual(byKey(listed.map((m) => [m.key, m.from, m.to])));

    const run = await w.sync({ kind: "arrange" });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.moves).toEqual(preview.moves);
    for (const [i, k] of big.children.entries()) expect(noteOf(w, k).path).toBe(wanted(flat[i] ?? ""));
    // Arranged: a second arranging run has nothing to move.
    const again = await w.sync({ kind: "arrange" }, { dryRun: true });
    expect(again.moves ?? []).toEqual([]);
    expect(await outside()).toEqual([]);
  });
});
