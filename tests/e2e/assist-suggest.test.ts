// Suggestions for an issue note on the simulator's company site (issue #17), Cloud and Data Center: after a sync
// of OPS (the project whose issues carry LLM Context and Model Suggestions) and the history read, an open issue's
// note gets its priority, estimate and assignee proposed from the site's real priority list, assignable users and
// done issues, with the fake model server's answer; the accepted values are written to the note's front matter
// and the next sync takes the AI fields to Jira.
import { describe, expect, it } from "vitest";
import { CF } from "../jira-sim/base";
import { fetchSiteHints } from "../../plugin/src/assist/site-hints";
import { applyProposals, historyBytes, proposals, suggestFields, suggestInput, suggestProperties } from "../../plugin/src/assist/suggest-fields";
import { historyFileName } from "../../plugin/src/history/driver";
import { aliceTransport, assistanceHooks, readHistory } from "./assistance";
import { loadCoreSync, world } from "./harness";
import { editFrontmatter, entries, frontmatter, noteOf } from "./helpers";

const hooks = assistanceHooks();

describe.each(["cloud", "datacenter"] as const)("Suggest priority, estimate and assignee (%s, company site)", (mode) => {
  it("proposes from the site's lists and history, and the accepted AI fields reach Jira with the next sync", async () => {
    const core = loadCoreSync();
    const site = await hooks.keep(world({ mode, seed: "company", projects: ["OPS"] }));
    const first = await site.sync();
    expect(first.fatal).toBeUndefined();
    const transport = aliceTransport(site);
    await readHistory(site, transport, ["OPS"]);
    const kept = JSON.parse(site.store.raw(historyFileName(site.sim.url)) ?? "{}") as { issues: Record<string, { key: string; resolved?: number | null }> };
    const history = await historyBytes(site.store, site.sim.url);
    const hints = await fetchSiteHints(transport, "OPS");
    expect(hints.priorities.length).toBeGreaterThan(2);
    expect(hints.assignable.length).toBeGreaterThan(2);

    // The first open OPS issue (by key) whose history gives an estimate.
    const open = Object.values(kept.issues).filter((i) => i.resolved == null && i.key.startsWith("OPS-")).map((i) => i.key).sort((a, b) => a.localeCompare(b, "en", { numeric: true }));
    const props = suggestProperties((core.defaultSyncConfig() as { fields: unknown[] }).fields);
    const { server, settings, endpoint } = await hooks.model(site, ["Jira"]);
    const siteHints = { ...hints, defaultProject: "OPS" };
    const key = open.find((k) => {
      const note = noteOf(site, k);
      return (core.assistSuggestBaseline(history, suggestInput(settings, { ...note, key: k, hints: siteHints }, props)) as { estimate: unknown }).estimate !== null;
    });
    if (key === undefined) throw new Error("no open OPS issue with an estimate from history");
    const { path } = noteOf(site, key);

    // The user writes the LLM Context; the model answers with the site's own names.
    const context = "Customers on the EU cluster are affected; see [[Runbook EU failover]].";
    editFrontmatter(site, path, { ai_context: context });
    const text = site.vault.files()[path] ?? "";
    const person = hints.assignable[1]?.displayName ?? "";
    server.answer({ content: JSON.stringify({ priority: hints.priorities[0], estimate: "1d 2h", estimateReason: "Two clusters, not one.", assignee: person, assigneeReason: "On call this week.", nextSteps: ["Check the EU failover", "Tell support"] }) });
    const input = suggestInput(settings, { path, text, key, hints: siteHints }, props);
    const result = await suggestFields(core, endpoint, history, input);
    expect(result.problem).toBeNull();
    expect(server.shapeProblems).toEqual([]);
    expect(server.allBodies()).toContain("Customers on the EU cluster are affected");
    expect(result.baseline.estimate).not.toBeNull();
    const offered = proposals(result, {}, props, "2026-12-03", settings.model);
    const by = (p: string) => offered.find((o) => o.property === p);
    expect(by("priority")?.after).toBe(hints.priorities[0]);
    expect(by("estimate")?.after).toBe("1d 2h");
    expect(by("estimate")?.why).toContain(`history said ${result.baseline.estimate?.jira ?? ""}`);
    expect(by("assignee")?.after).toBe(person);

    // Accept the estimate and the model's next steps only.
    const fm = frontmatter(text);
    applyProposals(fm, [by("estimate"), by("ai_recommendations")].filter((p) => p !== undefined));
    editFrontmatter(site, path, { estimate: fm.estimate, ai_recommendations: fm.ai_recommendations });
    const second = await site.sync();
    expect(second.fatal).toBeUndefined();
    expect(entries(second, "error")).toEqual([]);
    const issue = site.sim.sim.store.state.issues.find((i) => i.key === key);
    expect(JSON.stringify(issue?.custom[CF.llmContext])).toContain("Customers on the EU cluster are affected");
    expect(JSON.stringify(issue?.custom[CF.modelSuggestions])).toContain("Check the EU failover");
    const after = frontmatter(site.vault.files()[path] ?? "");
    expect(after.estimate).toBe("1d 2h");
    expect(String(after.ai_recommendations)).toContain("Suggested 2026-12-03 by qwen2.5:7b");
    expect(after.priority).toBeUndefined();
  }, 90_000);
});
