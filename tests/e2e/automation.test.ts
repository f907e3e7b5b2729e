// Automation rules inside the sync, against the simulator's company site (Cloud and Data Center): a status
// changed in Jira → a comment mentioning the reporter (ADF mention node / `[~name]`) and a notification; all
// tasks checked in a note → the issue moves to In Review; Done through a screen that requires `resolution`;
// replays fire nothing; the first run with rules fires nothing; a dry run lists firings and writes nothing; a
// loop between two rules is stopped at the chain limit; a run killed after any request never repeats a comment.
import { afterEach, describe, expect, it } from "vitest";
import { COMPANY_PROJECTS as PROJECTS, companyWorld, rulesInput } from "./company";
import { world, type World } from "./harness";
import { editFrontmatter, issueFields, noteOf, rest, withBody, bodyOf, dyingAfter, restorePoint } from "./helpers";

let w: World;
afterEach(async () => w.stop());

/** A top-level issue of the synced projects in `status` (the n-th). */
function pick(w: World, status: string, n = 0): string {
  const st = w.sim.sim.store.state;
  const statusId = st.statuses.find((s) => s.name === status)?.id;
  const found = st.issues.filter((i) => PROJECTS.includes(i.projectKey) && i.statusId === statusId && i.parentId === null)[n];
  expect(found, `an issue in ${status}`).toBeDefined();
  return found?.key ?? "";
}

function commentsOn(w: World, key: string): unknown[] {
  const id = w.sim.sim.store.issue(key)?.id;
  return (w.sim.sim.store.state.comments ?? []).filter((c) => c.issueId === id).map((c) => c.body);
}

const REVIEW_COMMENT = `name: Review started
when: {status-changed: {to: In Review}}
then:
  - comment:
      text: "{{issue.key}} is ready for review"
      mention: [reporter]
  - notify:
      subject: "{{issue.key}} is in review"
      body: "{{issue.summary}}"
      to: [reporter, watchers]
`;

describe.each(["cloud", "datacenter"] as const)("automation (%s)", (mode) => {
  it("status changed in Jira → a comment mentioning the reporter and a notification, once", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput(REVIEW_COMMENT);
    const first = await w.sync(undefined, { automation });
    expect(first.exitCode).toBe(0);
    expect(first.firings ?? []).toEqual([]);
    const key = pick(w, "In Progress");
    const moved = await rest(w, "POST", `/issue/${key}/transitions`, { transition: { id: "21" } }, "bob");
    expect(moved.status).toBe(204);

    const preview = await w.sync(undefined, { automation, dryRun: true });
    expect(preview.firings).toEqual([{ rule: "Review started", key, actions: [`comment "${key} is ready for review" mentioning the reporter`, `notify the reporter, the watchers — subject "${key} is in review", body "${(await issueFields(w, key)).summary}"`], outcomes: [{ kind: "comment", outcome: "skipped" }, { kind: "notify", outcome: "skipped" }] }]);
    expect(commentsOn(w, key)).toEqual([]);

    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.firings?.map((f) => [f.rule, f.key])).toEqual([["Review started", key]]);
    const reporter = w.sim.sim.store.user(w.sim.sim.store.issue(key)?.reporter);
    const comments = commentsOn(w, key);
    expect(comments).toHaveLength(1);
    if (mode === "cloud") {
      expect(comments[0]).toEqual({ type: "doc", version: 1, content: [{ type: "paragraph", content: [{ type: "mention", attrs: { id: reporter?.accountId, text: `@${reporter?.displayName}` } }, { type: "text", text: " " }, { type: "text", text: `${key} is ready for review` }] }] });
    } else {
      expect(comments[0]).toBe(`[~${reporter?.name}] ${key} is ready for review`);
    }
    const sent = w.sim.sim.store.state.notifications ?? [];
    expect(sent.map((n) => n.subject)).toEqual([`${key} is in review`]);
    expect(sent[0]?.recipients).toContain(reporter?.accountId);

    const replay = await w.sync(undefined, { automation });
    expect(replay.firings ?? []).toEqual([]);
    expect(commentsOn(w, key)).toHaveLength(1);
    expect(w.sim.sim.store.state.notifications).toHaveLength(1);
  });

  it("all tasks checked in a note → the issue moves to In Review", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput("name: Tasks done\nwhen: tasks-checked\nif: {status-category: in-progress}\nthen:\n  - move-to: In Review\n");
    await w.sync(undefined, { automation });
    const key = pick(w, "In Progress");
    const { path, text } = noteOf(w, key);
    w.vault.set(path, withBody(text, `${bodyOf(text).trimEnd()}\n\n- [x] write it\n- [ ] test it\n`));
    const partly = await w.sync(undefined, { automation });
    expect(partly.firings ?? []).toEqual([]);
    const now = noteOf(w, key).text;
    w.vault.set(path, now.replace("- [ ] test it", "- [x] test it"));
    const run = await w.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.firings).toEqual([{ rule: "Tasks done", key, actions: ['move to status "In Review"'], outcomes: [{ kind: "move-to", outcome: "ok" }] }]);
    expect((await issueFields(w, key)).status.name).toBe("In Review");
    const next = await w.sync(undefined, { automation });
    expect(next.firings ?? []).toEqual([]);
    expect(next.entries.filter((e) => e.level !== "info")).toEqual([]);
  });

  it("moves to Done through the screen that requires a resolution, from the rule's fields", async () => {
    w = await companyWorld(mode);
    const automation = rulesInput(
      "name: Close\nwhen: {property-changed: {property: wrap_up, to: close}}\nthen:\n  - move-to: {status: Done, fields: {resolution: Won't Do}}\n",
      "name: Close bare\nwhen: {property-changed: {property: wrap_up, to: close-bare}}\nthen:\n  - move-to: Done\n",
    );
    await w.sync(undefined, { automation });
    const key = pick(w, "In Progress");
    const other = pick(w, "In Progress", 1);
    editFrontmatter(w, noteOf(w, key).path, { wrap_up: "close" });
    editFrontmatter(w, noteOf(w, other).path, { wrap_up: "close-bare" });
    const run = await w.sync(undefined, { automation });
    expect(run.firings?.map((f) => f.key).sort()).toEqual([key, other].sort());
    const fields = await issueFields(w, key);
    expect(fields.status.name).toBe("Done");
    expect((fields as unknown as { resolution: { name: string } }).resolution.name).toBe("Won't Do");
    expect((await issueFields(w, other)).status.name).toBe("In Progress");
    const warning = run.entries.find((e) => e.level === "warning" && e.key === other);
    expect(warning?.message).toContain("Resolution");
    expect(run.exitCode).toBe(0);
  });
});

describe("automation loops", () => {
  const PING = (reacts: boolean): string =>
    `name: Ping\nwhen: {status-changed: {to: In Review}}\nreacts-to-automation: ${reacts}\nthen:\n  - move-to: In Progress\n`;
  const PONG = (reacts: boolean): string =>
    `name: Pong\nwhen: {status-changed: {to: In Progress}}\nreacts-to-automation: ${reacts}\nthen:\n  - move-to: In Review\n`;

  it("a loop between two rules that react to automation is stopped at the chain limit and reported", async () => {
    w = await world();
    const automation = rulesInput(PING(true), PONG(true));
    await w.sync(undefined, { automation });
    const moved = await rest(w, "POST", "/issue/OPS-7/transitions", { transition: { id: "21" } }, "bob");
    expect(moved.status).toBe(204);
    let fired = 0;
    let stopped = "";
    for (let i = 0; i < 14 && stopped === ""; i++) {
      const r = await w.sync(undefined, { automation });
      fired += r.firings?.length ?? 0;
      stopped = r.entries.find((e) => e.message.includes("stopped a chain"))?.message ?? "";
    }
    expect(stopped).toContain("OPS-7");
    expect(fired).toBe(11);
    const after = await w.sync(undefined, { automation });
    expect(after.firings ?? []).toEqual([]);
  });

  it("rules that do not react to automation fire once: the other rule ignores the change automation made", async () => {
    w = await world();
    const automation = rulesInput(PING(false), PONG(false));
    await w.sync(undefined, { automation });
    await rest(w, "POST", "/issue/OPS-7/transitions", { transition: { id: "21" } }, "bob");
    const run = await w.sync(undefined, { automation });
    expect(run.firings?.map((f) => f.rule)).toEqual(["Ping"]);
    for (let i = 0; i < 3; i++) expect((await w.sync(undefined, { automation })).firings ?? []).toEqual([]);
  });
});

describe("automation and crashes", () => {
  it("a rule-driven run killed after each of its requests ends with its comment posted exactly once", async () => {
    w = await world();
    const automation = rulesInput(REVIEW_COMMENT);
    await w.sync(undefined, { automation });
    await rest(w, "POST", "/issue/OPS-7/transitions", { transition: { id: "21" } }, "bob");
    const restore = restorePoint(w);
    const full = await w.sync(undefined, { automation });
    expect(full.firings?.map((f) => f.key)).toEqual(["OPS-7"]);
    expect(commentsOn(w, "OPS-7")).toHaveLength(1);
    const requests = w.sim.admin.log().length;
    expect(requests).toBeGreaterThan(2);
    for (let k = 1; k <= requests; k++) {
      restore();
      await w.sync(undefined, { automation, transport: dyingAfter(k) }).catch(() => undefined);
      await w.sync(undefined, { automation });
      await w.sync(undefined, { automation });
      expect(commentsOn(w, "OPS-7"), `killed after request ${k}`).toHaveLength(1);
    }
  });
});

