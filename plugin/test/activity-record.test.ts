// The activity record through the shared module and the built core, on an in-memory store: a review where one
// suggested value is accepted and the others rejected is recorded per field with where the value came from; a
// value changed in the review window before it was taken is "edited", and the metric counts it as taken but not
// as offered (its edited share); a
// run's firings keep each action's outcome; an unreadable record gives a diagnostic and starts afresh; the
// report's metrics read the record (acceptance per field, success per rule) and say "not available" without one.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";
import { activityFileName, createdEvents, firingEvents, loadActivityText, recordActivity, reviewEvents } from "../src/activity/activity-record";
import type { Proposal } from "../src/assist/suggest-fields";
import { type ReportRequest, reportMetrics } from "../src/report/reports";
import { MemoryStore } from "../src/state/memory-store";

const SITE = "https://example.atlassian.net";
// 2024-03-13T12:00Z.
const NOW = 1_710_331_200_000;
const activityCore = { recordActivity: (old: string, events: unknown, now: number) => core.recordActivity(old, events, now) as { text: string; diagnostic: string | null } };

function proposal(label: string, offered: Proposal["offered"]): Proposal {
  return { property: label.toLowerCase(), label, before: "", after: "x", why: "", offered };
}

function metricsOf(activity: string | undefined): { automation: { notAvailable: string | null; suggestions: { field: string; offered: number; accepted: number; edited: number; rejected: number; acceptanceRate: number; acceptedAsIs: number }[]; rules: { rule: string; successRate: number }[] } } {
  const request: ReportRequest = {
    params: { kind: "digest", from: "2024-03-01", to: "2024-03-31" },
    notePath: "Reports/D.md",
    now: NOW,
    state: {},
    history: undefined,
    settings: { hoursPerDay: 8, daysPerWeek: 5 },
    timeZone: "Europe/Berlin",
    ...(activity === undefined ? {} : { activity }),
  };
  return reportMetrics(core, request) as ReturnType<typeof metricsOf>;
}

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
});

describe("activity record", () => {
  it("records an accepted and a rejected suggestion per field, and the metrics give each field's acceptance", async () => {
    const store = new MemoryStore();
    expect(metricsOf(await loadActivityText(store, SITE)).automation.notAvailable).toContain("no record of automation or assistance yet");
    const offered = [proposal("Priority", "history"), proposal("Estimate", "model"), proposal("Assignee", "history")];
    const accepted = [offered[1] as Proposal];
    expect(await recordActivity(store, activityCore, SITE, reviewEvents("OPS-9", offered, accepted, NOW), NOW)).toBeNull();
    const saved = (await store.load(activityFileName(SITE))) as { reviews: unknown[] };
    expect(saved.reviews).toEqual([
      { at: NOW, key: "OPS-9", field: "priority", offered: "history", outcome: "rejected" },
      { at: NOW, key: "OPS-9", field: "estimate", offered: "model", outcome: "accepted" },
      { at: NOW, key: "OPS-9", field: "assignee", offered: "history", outcome: "rejected" },
    ]);
    // A second review adds to the record.
    await recordActivity(store, activityCore, SITE, reviewEvents("OPS-10", [proposal("Priority", "model")], [proposal("Priority", "model")], NOW + 1000), NOW + 1000);
    const m = metricsOf(await loadActivityText(store, SITE)).automation;
    expect(m.notAvailable).toBeNull();
    expect(m.suggestions.map((s) => [s.field, s.offered, s.accepted, s.rejected, s.acceptanceRate])).toEqual([
      ["assignee", 1, 0, 1, 0],
      ["estimate", 1, 1, 0, 1],
      ["priority", 2, 0, 2, 0],
    ]);
  });

  it("records a value changed before it was taken as edited, and the metric gives the edited share", async () => {
    const store = new MemoryStore();
    const first = [proposal("Priority", "model"), proposal("Estimate", "history")];
    // Priority changed, then taken; estimate taken as offered.
    await recordActivity(store, activityCore, SITE, reviewEvents("OPS-9", first, first, NOW, new Set([first[0]!])), NOW);
    const second = [proposal("Priority", "model")];
    await recordActivity(store, activityCore, SITE, reviewEvents("OPS-10", second, second, NOW + 1000), NOW + 1000);
    const third = [proposal("Priority", "history")];
    // Marked edited but not taken: rejected.
    await recordActivity(store, activityCore, SITE, reviewEvents("OPS-11", third, [], NOW + 2000, new Set(third)), NOW + 2000);
    const saved = (await store.load(activityFileName(SITE))) as { reviews: { key: string; field: string; outcome: string }[] };
    expect(saved.reviews.map((r) => [r.key, r.field, r.outcome])).toEqual([
      ["OPS-9", "priority", "edited"],
      ["OPS-9", "estimate", "accepted"],
      ["OPS-10", "priority", "accepted"],
      ["OPS-11", "priority", "rejected"],
    ]);
    const m = metricsOf(await loadActivityText(store, SITE)).automation;
    // Priority: 3 offered, 1 taken as offered, 1 edited, 1 rejected → 2 of 3 taken, 1 of 3 as offered.
    expect(m.suggestions.map((s) => [s.field, s.offered, s.accepted, s.edited, s.rejected])).toEqual([
      ["estimate", 1, 1, 0, 0],
      ["priority", 3, 1, 1, 1],
    ]);
    const priority = m.suggestions.find((s) => s.field === "priority")!;
    expect(priority.acceptanceRate).toBeCloseTo(2 / 3, 10);
    expect(priority.acceptedAsIs).toBeCloseTo(1 / 3, 10);
  });

  it("keeps each firing's action outcomes and the issues created from detected tasks", async () => {
    const store = new MemoryStore();
    const firings = [
      { rule: "Review started", key: "OPS-1", actions: ["comment"], outcomes: [{ kind: "comment", outcome: "ok" as const }] },
      { rule: "Archive", key: "OPS-1", actions: ["move"], outcomes: [{ kind: "move-to", outcome: "failed" as const }] },
    ];
    await recordActivity(store, activityCore, SITE, firingEvents(firings, NOW), NOW);
    const created = [{ key: "OPS-20", candidate: { origin: "model" } }, { key: null, candidate: { origin: "taskItem" } }, { key: "OPS-21", candidate: { origin: "taskItem" } }];
    await recordActivity(store, activityCore, SITE, createdEvents(created, NOW), NOW);
    const saved = (await store.load(activityFileName(SITE))) as { firings: { actions: unknown[] }[]; created: unknown[] };
    expect(saved.firings.map((f) => f.actions)).toEqual([[{ kind: "comment", outcome: "ok" }], [{ kind: "move-to", outcome: "failed" }]]);
    expect(saved.created).toEqual([
      { at: NOW, key: "OPS-20", by: "model" },
      { at: NOW, key: "OPS-21", by: "rules" },
    ]);
    const rules = metricsOf(await loadActivityText(store, SITE)).automation.rules;
    expect(rules.map((r) => [r.rule, r.successRate])).toEqual([
      ["Archive", 0],
      ["Review started", 1],
    ]);
  });

  it("starts afresh with a diagnostic when the kept record cannot be read", async () => {
    const store = new MemoryStore();
    await store.save(activityFileName(SITE), { version: 99, firings: "not a list" });
    const diagnostic = await recordActivity(store, activityCore, SITE, reviewEvents("OPS-9", [proposal("Priority", "model")], [], NOW), NOW);
    expect(diagnostic).toContain("a fresh one was started");
    const saved = (await store.load(activityFileName(SITE))) as { version: number; reviews: unknown[] };
    expect(saved.version).toBe(1);
    expect(saved.reviews).toHaveLength(1);
  });
});
