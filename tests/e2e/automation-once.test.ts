// Automation rules and the run's own writes, against the simulator (Cloud and Data Center): the rules run after
// the merge and before the push, so a note edit and a rule's field changes on the same issue reach Jira in one
// `PUT` (counted in the simulator's request log) and the note shows the rule's values at once; a rule-driven run
// killed after any of its requests, then run again, leaves every field change, status move and comment the rule
// planned in Jira exactly once, and creates no issue twice.
import { afterEach, describe, expect, it } from "vitest";
import { companyWorld, rulesInput } from "./company";
import { world, type World } from "./harness";
import { bodyOf, dyingAfter, frontmatter, issueFields, noteOf, withBody, restorePoint } from "./helpers";

let w: World;
afterEach(async () => w.stop());

const LABELS = { jira: "labels", note: { frontmatter: "labels" }, direction: "both" };
const PRIORITY = { jira: "priority", note: { frontmatter: "priority" }, direction: "both" };

/** The `PUT`s the simulator answered for the issue `key`. */
function putsOn(w: World, key: string): { body: unknown }[] {
  const id = w.sim.sim.store.issue(key)?.id ?? "";
  const paths = [`/rest/api/3/issue/${id}`, `/rest/api/2/issue/${id}`, `/rest/api/3/issue/${key}`, `/rest/api/2/issue/${key}`];
  return w.sim.admin.log().filter((e) => e.method === "PUT" && paths.includes(e.path));
}

/** The history items of `key` that changed `field` to a value containing `to`. */
function changesTo(w: World, key: string, field: string, to: string): number {
  const id = w.sim.sim.store.issue(key)?.id;
  const histories = w.sim.sim.store.state.histories.filter((h) => h.issueId === id);
  return histories.flatMap((h) => h.items).filter((i) => i.field.toLowerCase() === field && (i.toString ?? "").split(" ").includes(to)).length;
}

function commentsOn(w: World, key: string): unknown[] {
  const id = w.sim.sim.store.issue(key)?.id;
  return (w.sim.sim.store.state.comments ?? []).filter((c) => c.issueId === id);
}

/** Appends a paragraph to the body of `key`'s note. */
function editBody(w: World, key: string, line: string): void {
  const { path, text } = noteOf(w, key);
  w.vault.set(path, withBody(text, `${bodyOf(text).trimEnd()}\n\n${line}\n`));
}

const TAG = "name: Tag edits\nwhen: body-changed\nthen:\n  - add: {labels: [edited]}\n  - set: {priority: High}\n";

describe.each(["cloud", "datacenter"] as const)("automation and the push (%s)", (mode) => {
  it("a note edit and a rule's field changes on one issue go out in one PUT, and the note shows the rule's values", async () => {
    w = await companyWorld(mode, { extra: [LABELS, PRIORITY] });
    const automation = rulesInput(TAG);
    await w.sync(undefined, { automation });
    const key = Object.keys(w.vault.files()).map((p) => frontmatter(w.vault.files()[p] ?? "").jira_key).find((k) => typeof k === "string") as string;
    expect(key).toBeTruthy();
    editBody(w, key, "Seen in the field on Tuesday.");
    w.sim.admin.clearLog();

    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.firings?.map((f) => [f.rule, f.key])).toEqual([["Tag edits", key]]);
    const puts = putsOn(w, key);
    expect(puts).toHaveLength(1);
    const body = JSON.stringify(puts[0]?.body);
    expect(body).toContain("description");
    expect(body).toContain("edited");
    expect(body).toContain("High");
    const fields = await issueFields(w, key);
    expect(fields.labels as string[]).toContain("edited");
    const note = frontmatter(noteOf(w, key).text);
    expect(note.labels).toContain("edited");
    expect(note.priority).toBe("High");
    expect(noteOf(w, key).text).toContain("Seen in the field on Tuesday.");

    w.sim.admin.clearLog();
    const replay = await w.sync(undefined, { automation });
    expect(replay.firings ?? []).toEqual([]);
    expect(putsOn(w, key)).toHaveLength(0);
  });
});

describe("automation, the push and crashes", () => {
  it("a rule-driven run killed after each of its requests leaves every planned change in Jira exactly once", async () => {
    w = await world();
    w.config.fields = [...(w.config.fields as unknown[]), LABELS] as typeof w.config.fields;
    const automation = rulesInput(
      "name: Review edits\nwhen: body-changed\nthen:\n  - add: {labels: [edited]}\n  - move-to: In Review\n  - comment: {text: \"{{issue.key}} was edited\"}\n",
    );
    await w.sync(undefined, { automation });
    expect((await issueFields(w, "OPS-7")).status.name).not.toBe("In Review");
    editBody(w, "OPS-7", "A new finding.");
    const issues = w.sim.sim.store.state.issues.length;
    const restore = restorePoint(w);
    const full = await w.sync(undefined, { automation });
    expect(full.firings?.map((f) => f.key)).toEqual(["OPS-7"]);
    expect(putsOn(w, "OPS-7")).toHaveLength(1);
    const requests = w.sim.admin.log().length;
    expect(requests).toBeGreaterThan(3);
    for (let k = 1; k <= requests; k++) {
      restore();
      await w.sync(undefined, { automation, transport: dyingAfter(k) }).catch(() => undefined);
      await w.sync(undefined, { automation });
      await w.sync(undefined, { automation });
      const at = `killed after request ${k}`;
      const fields = await issueFields(w, "OPS-7");
      expect((fields.labels as string[]).filter((l) => l === "edited"), at).toHaveLength(1);
      expect(changesTo(w, "OPS-7", "labels", "edited"), at).toBe(1);
      expect(fields.status.name, at).toBe("In Review");
      expect(changesTo(w, "OPS-7", "status", "Review"), at).toBe(1);
      expect(commentsOn(w, "OPS-7"), at).toHaveLength(1);
      expect(w.sim.sim.store.state.issues, at).toHaveLength(issues);
      expect(noteOf(w, "OPS-7").text, at).toContain("A new finding.");
    }
  });
});
