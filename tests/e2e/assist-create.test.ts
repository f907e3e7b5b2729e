// From a note to issues (issue #17): the rules find the tasks of a realistic meeting note (tests/fixtures/assist),
// the accepted ones become key-less notes, the sync creates them in the simulator (Cloud and Data Center), and
// each source line gets its new key. Killed after every single request of that sync, one normal sync afterwards
// still leaves exactly one issue per task and every key written back.
import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { type Candidate } from "../../plugin/src/assist/detect-tasks";
import { writeBackKeys, writeCandidateNotes } from "../../plugin/src/assist/create-issues";
import { loadCoreSync, world, type World } from "./harness";
import { jiraIssues } from "./jira";
import { dyingAfter } from "./helpers";

const SOURCE = "Meetings/2026-11-30 Incident review payments.md";
const TEXT = readFileSync(`tests/fixtures/assist/notes/${SOURCE}`, "utf8");
const core = loadCoreSync();

let w: World | null = null;
afterEach(async () => {
  await w?.stop();
  w = null;
});

function candidates(): Candidate[] {
  return core.assistDetectRules({ path: SOURCE, text: TEXT, hints: { defaultProject: "OPS", projects: ["OPS"] } }) as Candidate[];
}

async function start(mode: "cloud" | "datacenter"): Promise<World> {
  w = await world({ mode, seed: "empty" });
  w.vault.set(SOURCE, TEXT);
  return w;
}

describe.each(["cloud", "datacenter"] as const)("tasks in a note become issues (%s)", (mode) => {
  it("creates one issue per accepted task and writes each key into its line", async () => {
    const world = await start(mode);
    const found = candidates();
    expect(found.map((c) => c.summary)).toEqual(["Make the batch job release its connections", "Alert on connection pool saturation above 80%", "Make the pool size change permanent in the Helm chart", "Write the customer-facing summary"]);
    const accepted = found.filter((c) => c.line !== 18);
    const written = await writeCandidateNotes(world.vault, SOURCE, TEXT, accepted, "Jira/{PROJECT}/");
    expect(written.problems).toEqual([]);
    expect((await world.sync()).exitCode).toBe(0);
    const back = await writeBackKeys(world.vault, SOURCE, written.created);
    expect(back.problems).toEqual([]);
    const issues = jiraIssues(world.sim);
    expect(issues.map((i) => i.summary).sort()).toEqual(accepted.map((c) => c.summary).sort());
    const source = world.vault.files()[SOURCE] ?? "";
    for (const c of back.created) expect(source).toContain(c.key ?? "missing");
    expect(source.split("\n")[16]).toMatch(/^- \[ \] OPS-\d+ Make the batch job release its connections ⏫$/);
    expect(source.split("\n")[17]).toBe("- [ ] Alert on connection pool saturation above 80%");
    expect(source.split("\n")[19]).toMatch(/^@ravi will write the customer-facing summary\. OPS-\d+$/);
    // Detecting again finds only the rejected task; writing back again changes nothing.
    const again = core.assistDetectRules({ path: SOURCE, text: source, hints: { projects: ["OPS"] } }) as Candidate[];
    expect(again.map((c) => c.line)).toEqual([18]);
    await writeBackKeys(world.vault, SOURCE, written.created);
    expect(world.vault.files()[SOURCE]).toBe(source);
  });

  it("a sync killed after any request creates no duplicate", async () => {
    const reference = await start(mode);
    const accepted = candidates();
    await writeCandidateNotes(reference.vault, SOURCE, TEXT, accepted, "Jira/{PROJECT}/");
    reference.sim.admin.clearLog();
    await reference.sync();
    const total = reference.sim.admin.log().length;
    await reference.stop();
    w = null;
    expect(total).toBeGreaterThan(2);
    for (let k = 1; k < total; k++) {
      const run = await start(mode);
      const written = await writeCandidateNotes(run.vault, SOURCE, TEXT, accepted, "Jira/{PROJECT}/");
      await run.sync(undefined, { transport: dyingAfter(k) }).catch(() => undefined);
      // The user runs the command again: the notes exist already and are reused, then one normal sync.
      const again = await writeCandidateNotes(run.vault, SOURCE, TEXT, accepted, "Jira/{PROJECT}/");
      expect(again.created.map((c) => c.path)).toEqual(written.created.map((c) => c.path));
      expect((await run.sync()).fatal, `after request ${k}`).toBeUndefined();
      const back = await writeBackKeys(run.vault, SOURCE, again.created);
      expect(back.problems, `after request ${k}`).toEqual([]);
      expect(jiraIssues(run.sim).map((i) => i.summary).sort(), `after request ${k}`).toEqual(accepted.map((c) => c.summary).sort());
      await run.stop();
      w = null;
    }
  }, 120_000);
});
