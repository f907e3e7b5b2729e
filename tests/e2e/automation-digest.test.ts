// The `digest` action of automation rules writes the digest note, against the simulator's company site (Cloud and
// Data Center): each firing adds one line (the local time, a wiki-link to the issue's note, the rendered text)
// under a heading for the user's local date, the newest day last; a missing note is created with a title; lines
// the user wrote stay as they are; a digest note the user edits during the run is not overwritten (the entry is
// added to the user's text); a dry run and a replay write nothing.
import { afterEach, describe, expect, it } from "vitest";
import type { AutomationInput } from "../../plugin/src/automation/run-input";
import type { VaultPort } from "../../plugin/src/vault/vault";
import { COMPANY_PROJECTS as PROJECTS, companyWorld } from "./company";
import type { World } from "./harness";
import { issueFields, noteOf, rest } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const DIGEST = "Jira/Automation digest.md";

/** The rules' input with the digest note as the vault holds it now; the user is 9 hours behind UTC. */
function input(w: World): AutomationInput {
  const rules = '# Automation\n\n```jira-rule\nname: In review\nwhen: {status-changed: {to: In Review}}\nthen:\n  - digest: "{{issue.summary}} is in review"\n```\n';
  return { rules, dailyCap: 20, offsetMinutes: -540, statusSince: {}, digest: { path: DIGEST, text: w.vault.files()[DIGEST] ?? null } };
}

/** Top-level issues of the synced projects in progress. */
function inProgress(w: World): string[] {
  const st = w.sim.sim.store.state;
  const id = st.statuses.find((s) => s.name === "In Progress")?.id;
  return st.issues.filter((i) => PROJECTS.includes(i.projectKey) && i.statusId === id && i.parentId === null).map((i) => i.key);
}

async function toReview(w: World, key: string): Promise<void> {
  const r = await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "21" } }, "bob");
  expect(r.status, JSON.stringify(r.body)).toBe(204);
}

/** The digest line of `key` (its note linked) as the sync writes it at the harness's time, 23:30 the day before in the user's zone. */
async function line(w: World, key: string): Promise<string> {
  const link = noteOf(w, key).path.replace(/\.md$/, "");
  return `- 23:30 [[${link}|${key}]] ${(await issueFields(w, key)).summary} is in review`;
}

describe.each(["cloud", "datacenter"] as const)("automation digest (%s)", (mode) => {
  it("creates the digest note under the local date, keeps the user's lines, and writes nothing on a dry run or a replay", async () => {
    w = await companyWorld(mode);
    await w.sync(undefined, { automation: input(w) });
    const [a, b, c] = inProgress(w);
    expect(c, "three issues in progress").toBeDefined();
    await toReview(w, a!);
    await toReview(w, b!);
    const dry = await w.sync(undefined, { automation: input(w), dryRun: true });
    expect(dry.firings?.map((f) => f.actions)).toHaveLength(2);
    expect(w.vault.files()[DIGEST]).toBeUndefined();

    const run = await w.sync(undefined, { automation: input(w) });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    const [first, second] = (run.firings ?? []).map((f) => f.key);
    expect(w.vault.files()[DIGEST]).toBe(`# Automation digest\n\n## 2025-06-09\n\n${await line(w, first!)}\n${await line(w, second!)}\n`);
    expect(run.entries.some((e) => e.path === DIGEST && e.message === "automation: 2 entries added to the digest note")).toBe(true);
    const replay = await w.sync(undefined, { automation: input(w) });
    expect(replay.firings ?? []).toEqual([]);

    const mine = `${w.vault.files()[DIGEST]}\nMy own line.\n\n## Later\n\nkept\n`;
    w.vault.set(DIGEST, mine);
    await toReview(w, c!);
    await w.sync(undefined, { automation: input(w) });
    expect(w.vault.files()[DIGEST]).toBe(mine.replace("My own line.\n", `My own line.\n${await line(w, c!)}\n`));
  });

  it("a digest note the user edits during the run keeps the user's edit and still gets the entry", async () => {
    w = await companyWorld(mode);
    w.vault.set(DIGEST, "# Digest\n");
    await w.sync(undefined, { automation: input(w) });
    const [key] = inProgress(w);
    await toReview(w, key!);
    const automation = input(w);
    let edited = false;
    const typing = (inner: VaultPort): VaultPort => ({
      ...inner,
      listMarkdown: () => inner.listMarkdown(),
      read: (p) => inner.read(p),
      createIfAbsent: (p, t) => inner.createIfAbsent(p, t),
      moveIfUnchanged: inner.moveIfUnchanged?.bind(inner),
      readSelected: inner.readSelected?.bind(inner),
      async replaceIfUnchanged(path, expected, next) {
        if (path === DIGEST && !edited) {
          edited = true;
          w.vault.set(DIGEST, "# Digest\n\nTyped during the sync.\n");
        }
        return inner.replaceIfUnchanged(path, expected, next);
      },
    });
    const run = await w.sync(undefined, { automation, vault: typing });
    expect(edited).toBe(true);
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(w.vault.files()[DIGEST]).toBe(`# Digest\n\nTyped during the sync.\n\n## 2025-06-09\n\n${await line(w, key!)}\n`);
  });
});
