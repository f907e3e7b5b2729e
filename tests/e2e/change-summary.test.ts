// Change summaries for stakeholders (issue #17 item 4) on the simulator's company site, Cloud and Data Center:
// after a sync, the user edits an issue note's body; *Summarise my changes as an issue comment* drafts the comment (by
// comparison while assistance is off, by the fake model server when on, with the note's comment never sent),
// and the reviewed comment is posted through the sync's comment path with a real mention (an ADF mention node
// on Cloud, `[~name]` on Data Center), once. An enabled rule's `summarise` action posts the comparison's
// summary of the body's changes in the sync that carried them.
import { describe, expect, it } from "vitest";
import { DEFAULT_ASSIST_SETTINGS } from "../../plugin/src/assist/assist-settings";
import { recipients, reviewedComment, stateBytes, summaryDraft, summaryInput } from "../../plugin/src/assist/change-summary";
import type { AutomationInput } from "../../plugin/src/automation/run-input";
import { chatRequestProblems } from "../assist/fake-openai";
import { assistanceHooks } from "./assistance";
import { COMPANY_PROJECTS, companyWorld } from "./company";
import { loadCoreSync, type World } from "./harness";
import { bodyOf, noteOf, withBody } from "./helpers";

const hooks = assistanceHooks();

/** A top-level issue of the synced projects in progress. */
function inProgress(site: World): string {
  const st = site.sim.sim.store.state;
  const statusId = st.statuses.find((s) => s.name === "In Progress")?.id;
  const found = st.issues.find((i) => COMPANY_PROJECTS.includes(i.projectKey) && i.statusId === statusId && i.parentId === null);
  if (found === undefined) throw new Error("no issue in progress");
  return found.key;
}

function commentsOn(site: World, key: string): unknown[] {
  const id = site.sim.sim.store.issue(key)?.id;
  return (site.sim.sim.store.state.comments ?? []).filter((c) => c.issueId === id).map((c) => c.body);
}

/** The text of a comment body (wiki as is; ADF text nodes, hard breaks as line breaks). */
function plain(body: unknown): string {
  if (typeof body === "string") return body;
  const walk = (n: { type?: string; text?: string; content?: unknown[] }): string => (n.type === "hardBreak" ? "\n" : (n.text ?? "") + (n.content ?? []).map((c) => walk(c as never)).join(""));
  return walk(body as never);
}

const ROLLOUT = "\n\n## Rollout\n\n- [x] Canary in eu-west ✅ 2026-12-03\n- [ ] Full rollout to every region\n%%ask Dana about the budget%%\n";

describe.each(["cloud", "datacenter"] as const)("Summarise my changes as an issue comment (%s, company site)", (mode) => {
  it("drafts by comparison or by the model, and posts the reviewed comment once with a real mention", async () => {
    const core = loadCoreSync();
    const site = await hooks.keep(companyWorld(mode));
    expect((await site.sync()).fatal).toBeUndefined();
    const key = inProgress(site);
    const { path, text } = noteOf(site, key);
    const edited = withBody(text, `${bodyOf(text).trimEnd()}${ROLLOUT}`);
    site.vault.set(path, edited);
    const state = await stateBytes(site.store, site.sim.url);

    // Assistance off: the comparison's draft, and nothing is sent.
    const { server, settings, endpoint } = await hooks.model(site, ["/"]);
    const off = await summaryDraft(core, "Assistance is off.", state, summaryInput(DEFAULT_ASSIST_SETTINGS, { path, text: edited, key }));
    expect(off.by).toBe("comparison");
    expect(off.text).toBe(`What changed in the note of ${key}:\n- Done: Canary in eu-west\n- New task: Full rollout to every region\n- New section “Rollout”\n- In all: 5 lines added, 0 removed`);
    expect(server.requests).toHaveLength(0);

    // Assistance on: the model's summary, from the filtered diff.
    server.answer({ content: JSON.stringify({ summary: "- The canary runs in eu-west.\n- Next: the full rollout." }) });
    const draft = await summaryDraft(core, endpoint, state, summaryInput(settings, { path, text: edited, key }));
    expect(draft.problem).toBeNull();
    expect(draft.by).toBe("model");
    expect(draft.text).toBe(`What changed in the note of ${key}:\n- The canary runs in eu-west.\n- Next: the full rollout.`);
    expect(server.requests).toHaveLength(1);
    const sent = server.requests[0]?.body ?? "";
    expect(chatRequestProblems(sent)).toEqual([]);
    expect(sent).toContain("+- [x] Canary in eu-west");
    expect(sent).toContain("summarise_changes");
    expect(sent).not.toContain("Child issues");
    expect(sent).not.toContain("ask Dana");

    // The review: the text as edited, the reporter mentioned; posted in a run of that note.
    const comment = reviewedComment(key, `${draft.text}\n- Reviewed by Alice.`, recipients({ reporter: true, assignee: false, watchers: false }, []));
    if (typeof comment === "string") throw new Error(comment);
    const run = await site.sync({ kind: "notes", paths: [path] }, { comments: [comment] });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    const reporter = site.sim.sim.store.user(site.sim.sim.store.issue(key)?.reporter);
    const comments = commentsOn(site, key);
    expect(comments).toHaveLength(1);
    if (mode === "cloud") {
      const first = (comments[0] as { content: { content: unknown[] }[] }).content[0]?.content[0];
      expect(first).toEqual({ type: "mention", attrs: { id: reporter?.accountId, text: `@${reporter?.displayName}` } });
    } else {
      expect(String(comments[0])).toMatch(new RegExp(`^\\[~${reporter?.name ?? "?"}\\] What changed in the note of ${key}:\\n`));
    }
    expect(plain(comments[0])).toContain("- Next: the full rollout.\n- Reviewed by Alice.");

    // Posted once: the next syncs post nothing more, and the change is synced (nothing left to summarise).
    await site.sync();
    expect(commentsOn(site, key)).toHaveLength(1);
    const after = await summaryDraft(core, "off", await stateBytes(site.store, site.sim.url), summaryInput(DEFAULT_ASSIST_SETTINGS, { path, text: noteOf(site, key).text, key }));
    expect(after.nothing).toContain("has not changed");
  });

  it("an enabled rule's summarise action comments the body's changes of the sync that carried them", async () => {
    const site = await hooks.keep(companyWorld(mode));
    const rule = "name: Tell the reporter\nwhen: body-changed\nthen:\n  - summarise: {mention: [reporter]}\n";
    const automation: AutomationInput = { rules: `# Automation\n\n\`\`\`jira-rule\n${rule}\`\`\`\n`, dailyCap: 1000, offsetMinutes: 0, statusSince: {} };
    expect((await site.sync(undefined, { automation })).firings ?? []).toEqual([]);
    // The second sync writes the parents' Child issues sections (their facts change, not their synced bodies).
    await site.sync(undefined, { automation });
    expect((await site.sync(undefined, { automation })).firings ?? []).toEqual([]);
    const key = inProgress(site);
    const earlier = commentsOn(site, key).length;
    const { path, text } = noteOf(site, key);
    site.vault.set(path, withBody(text, `${bodyOf(text).trimEnd()}${ROLLOUT}`));
    const run = await site.sync(undefined, { automation });
    expect(run.entries.filter((e) => e.level !== "info")).toEqual([]);
    expect(run.firings?.map((f) => [f.rule, f.key])).toEqual([["Tell the reporter", key]]);
    const comments = commentsOn(site, key).slice(earlier);
    expect(comments).toHaveLength(1);
    const reporter = site.sim.sim.store.user(site.sim.sim.store.issue(key)?.reporter);
    expect(plain(comments[0])).toContain(`What changed in the note of ${key}:\n- Done: Canary in eu-west\n- New task: Full rollout to every region\n- New section “Rollout”`);
    expect(plain(comments[0])).not.toContain("Dana");
    if (mode === "datacenter") expect(String(comments[0]).startsWith(`[~${reporter?.name ?? "?"}] `)).toBe(true);
    else expect(JSON.stringify(comments[0])).toContain(`"id":"${reporter?.accountId ?? "?"}"`);
    const replay = await site.sync(undefined, { automation });
    expect(replay.firings ?? []).toEqual([]);
    expect(commentsOn(site, key)).toHaveLength(earlier + 1);
  });
});
