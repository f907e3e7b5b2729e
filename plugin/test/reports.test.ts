// Report notes through the shared report module and the built core, on an in-memory vault: regenerated in
// place with the same bytes, a copied note with edited parameters refreshes to a different report, a note or
// chart file the product did not write is never overwritten, and the zone's offset spans place a DST switch.
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import * as core from "../../pkg/jira_vault_sync.js";
import { defaultReportPath, loadSiteHistoryText, paramsOfNote, type RenderedReport, type ReportRequest, renderReport, reportMetrics, SVG_MARKER, teamProblems, writeRenderedReport, zoneSpans } from "../src/report/reports";
import { historyFileName } from "../src/history/driver";
import { MemoryStore } from "../src/state/memory-store";
import { loadWithText, pickJsonText, tmpName } from "../src/state/state-store";
import { MemoryVault } from "../src/vault/memory-vault";

const worklog = (issueId: string, issueKey: string, author: string, started: string, seconds: number) => ({ issueId, issueKey, authorId: author, author, started, seconds, comment: "" });
const STATE = {
  baseUrl: "https://example.atlassian.net",
  issues: {
    "100": { key: "OPS-1", path: "Jira/OPS-1.md", status: "Done", values: { title: "Fix login", estimate: "2h", remaining: "0m" } },
    "200": { key: "WEB-3", path: "Jira/WEB-3.md", status: "In Progress", values: { title: "Landing <b>page</b>", estimate: "1d" } },
  },
  worklogs: {
    "1": worklog("100", "OPS-1", "Alice", "2024-03-01T09:00:00.000+0100", 3600),
    "2": worklog("200", "WEB-3", "Bob", "2024-03-02T16:00:00.000-0800", 1800),
  },
};
// 2024-03-13T12:00Z.
const NOW = 1_710_331_200_000;

function request(params: ReportRequest["params"], notePath: string): ReportRequest {
  return { params, notePath, now: NOW, state: STATE, history: undefined, settings: { hoursPerDay: 8, daysPerWeek: 5 }, timeZone: "Europe/Berlin" };
}
const isGenerated = (t: string): boolean => core.isGeneratedReport(t);

beforeAll(() => {
  core.initSync({ module: readFileSync("pkg/jira_vault_sync_bg.wasm") });
});

describe("report notes", () => {
  it("regenerates in place with the same bytes, and a copy with edited parameters becomes another report", async () => {
    const vault = new MemoryVault();
    const path = defaultReportPath("Reports", { id: "time", title: "Time report" }, { kind: "time" });
    expect(path).toBe("Reports/Time report.md");
    const first = renderReport(core, request({ kind: "time", from: "2024-03-01", to: "2024-03-03" }, path));
    expect(await writeRenderedReport(vault, path, first, isGenerated)).toEqual({ kind: "created" });
    const again = renderReport(core, request({ kind: "time", from: "2024-03-01", to: "2024-03-03" }, path));
    expect(again.markdown).toBe(first.markdown);
    expect(await writeRenderedReport(vault, path, again, isGenerated)).toEqual({ kind: "unchanged" });
    expect(first.markdown).toContain("| WEB-3 | Landing &lt;b&gt;page&lt;/b&gt; |");

    // The user copies the note and narrows it to one project: Refresh report reads the new parameters.
    const copy = "Reports/OPS time.md";
    const edited = (vault.files()[path] ?? "").replace("report: time\n", "report: time\nproject: OPS\n");
    await vault.createIfAbsent(copy, edited);
    const params = paramsOfNote(core, edited);
    expect(params).toEqual({ kind: "time", project: "OPS", from: "2024-03-01", to: "2024-03-03" });
    const refreshed = renderReport(core, request(params, copy));
    expect(await writeRenderedReport(vault, copy, refreshed, isGenerated)).toEqual({ kind: "replaced" });
    const text = vault.files()[copy] ?? "";
    expect(text).toContain("# Time report 2024-03-01 – 2024-03-03 · OPS");
    expect(text).toContain("| OPS-1 |");
    expect(text).not.toContain("WEB-3");
  });

  it("resolves a relative period against now in the Jira user's zone", () => {
    const r = renderReport(core, request({ kind: "time", period: "last-week" }, "Reports/T.md"));
    expect(r.markdown).toContain("period: last-week\nfrom: 2024-03-04\nto: 2024-03-10\n");
  });

  it("never overwrites a note or a chart file it did not write", async () => {
    const mine = "# My notes\n";
    const vault = new MemoryVault({ "Reports/Flow.md": mine });
    const rendered: RenderedReport = { markdown: "---\ngenerated_by: jira-vault-sync\n---\n# x\n", assets: [{ path: "Reports/assets/Flow-cfd.svg", content: `${SVG_MARKER}\n<svg/>` }] };
    const refused = await writeRenderedReport(vault, "Reports/Flow.md", rendered, isGenerated);
    expect(refused.kind).toBe("refused");
    expect(vault.files()["Reports/Flow.md"]).toBe(mine);
    expect(vault.files()["Reports/assets/Flow-cfd.svg"]).toBeUndefined();

    const other = new MemoryVault({ "Reports/assets/Flow-cfd.svg": "<svg>user's drawing</svg>" });
    const r2 = await writeRenderedReport(other, "Reports/Flow.md", rendered, isGenerated);
    expect(r2.kind).toBe("refused");
    expect(other.files()["Reports/assets/Flow-cfd.svg"]).toBe("<svg>user's drawing</svg>");
    expect(other.files()["Reports/Flow.md"]).toBeUndefined();

    const ours = new MemoryVault({ "Reports/assets/Flow-cfd.svg": `${SVG_MARKER}\n<svg>old</svg>` });
    expect((await writeRenderedReport(ours, "Reports/Flow.md", rendered, isGenerated)).kind).toBe("created");
    expect(ours.files()["Reports/assets/Flow-cfd.svg"]).toBe(`${SVG_MARKER}\n<svg/>`);
  });

  it("places a daylight-saving switch in the zone's offset spans to the minute", () => {
    // Europe/Berlin springs forward on 2024-03-31 at 01:00 UTC.
    const spans = zoneSpans("Europe/Berlin", Date.UTC(2024, 2, 30), Date.UTC(2024, 3, 2));
    expect(spans).toEqual([
      { from: Date.UTC(2024, 2, 30), offsetMinutes: 60 },
      { from: Date.UTC(2024, 2, 31, 1), offsetMinutes: 120 },
    ]);
    expect(zoneSpans(undefined, 0, 1)).toEqual([]);
  });

  it("refuses a note that is not a report when refreshing", () => {
    expect(() => paramsOfNote(core, "# just a note\n")).toThrow(/not a generated report/);
  });

  it("reads a kept history whose changes lack optional names: a key absent from JSON is never found on Object.prototype", () => {
    // As the history file keeps them: `toString` and `fromString` left out when Jira sent none. Read property
    // by property, an absent `toString` found Object.prototype's function and the report failed.
    const DAY = 86_400_000;
    const history = {
      version: 1,
      baseUrl: STATE.baseUrl,
      statuses: { "1": { name: "To Do", category: "toDo" }, "3": { name: "In Progress", category: "inProgress" }, "10005": { name: "Done", category: "done" } },
      issues: {
        "100": {
          id: "100",
          key: "OPS-1",
          project: "OPS",
          issueType: "Task",
          summary: "Fix login",
          created: NOW - 10 * DAY,
          updated: NOW - 2 * DAY,
          resolved: NOW - 2 * DAY,
          status: "10005",
          changes: [
            { at: NOW - 6 * DAY, field: "status", from: "1", to: "3" },
            { at: NOW - 2 * DAY, field: "status", from: "3", to: "10005" },
          ],
        },
      },
    };
    const path = "Reports/Flow.md";
    const rendered = renderReport(core, { ...request({ kind: "flow", from: "2024-03-01", to: "2024-03-13" }, path), history });
    expect(rendered.markdown).toContain("OPS-1");
  });

  it("hands the stored state's and history's file texts to the core as they are, in one UTF-8 copy", async () => {
    // As the plugin and `jira-vault-sync report` read them: the texts `load` would pick, parsed for the shell's
    // own needs (zone, teams) but not stringified again for the core.
    const store = new MemoryStore();
    const stateText = `${JSON.stringify(STATE, null, 1)}\n`;
    const history = { version: 1, baseUrl: STATE.baseUrl, statuses: {}, users: { Alice: { name: "Alice Ö" } }, issues: {} };
    store.setRaw("sync-state.json", "{ torn");
    store.setRaw(tmpName("sync-state.json"), stateText);
    store.setRaw(historyFileName(STATE.baseUrl), JSON.stringify(history, null, 3));
    const state = await loadWithText(store, "sync-state.json");
    expect(state).toEqual({ value: STATE, text: stateText });
    const kept = await loadSiteHistoryText(store, STATE.baseUrl);
    expect(kept.history).toEqual(history);
    let seen = "";
    const spy = { ...core, generateReports: (bytes: Uint8Array): unknown => ((seen = new TextDecoder().decode(bytes)), core.generateReports(bytes)) };
    const params = { kind: "time", from: "2024-03-01", to: "2024-03-03" };
    const base = request(params, "Reports/T.md");
    const fromTexts = renderReport(spy, { ...base, history: kept.history, historyText: kept.text, stateText: state.text });
    expect(seen).toContain(`"state":${stateText}`);
    expect(seen).toContain(`"history":${JSON.stringify(history, null, 3)}}`);
    // The same report as from the parsed values.
    expect(fromTexts).toEqual(renderReport(core, { ...base, history: kept.history }));
    expect(pickJsonText(null, null)).toEqual({ value: null, text: undefined });
    expect(pickJsonText("[1]", "{}")).toEqual({ value: [1], text: "[1]" });
  });

  it("takes the teams from the Teams setting, members by display name, and names what it cannot resolve", () => {
    const history = { users: { Alice: { name: "Alice Berlin" }, Bob: { name: "Bob Stone" } }, issues: {} };
    const r: ReportRequest = {
      ...request({ kind: "team", team: "Ops", from: "2024-03-01", to: "2024-03-03" }, "Reports/Team Ops.md"),
      history,
      settings: { hoursPerDay: 8, daysPerWeek: 5, teams: "Ops: Alice Berlin, Carol\nWeb: Bob Stone" },
    };
    const m = reportMetrics(core, r) as { time: { teams: { name: string; members: string[]; hours: number }[] } };
    expect(m.time.teams.map((t) => [t.name, t.members, t.hours])).toEqual([["Ops", ["Alice"], 1]]);
    expect(teamProblems(r)).toEqual(['Team "Ops": no Jira user "Carol" in the issue history (a display name or an account id).']);
    expect(teamProblems({ ...r, params: { ...r.params, team: "Nope" } })).toContain('No team "Nope" is configured (settings, Reports, Teams).');
  });
});
