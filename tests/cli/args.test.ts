// The headless command line's argument parsing and report formatting, without a process or a network.
import { describe, expect, it } from "vitest";
import { parseCliArgs, VERSION } from "../../cli/args";
import { countsLine, entryLine, summaryText } from "../../cli/format";
import type { RunReport } from "../../plugin/src/sync/types";

describe("parseCliArgs", () => {
  it("reads the sync command with its flags", () => {
    const parsed = parseCliArgs(["sync", "--vault", "v", "--site", "https://x.atlassian.net", "--project", "OPS", "--project", "PLAT", "--dry-run", "--full", "--json"]);
    expect(parsed).toEqual({
      kind: "run",
      args: { vault: "v", site: "https://x.atlassian.net", email: undefined, deployment: undefined, projects: ["OPS", "PLAT"], configDir: ".obsidian", dryRun: true, full: true, pull: false, arrange: false, rebuildHistory: false, json: true },
    });
  });

  it("reads --rebuild-history, which a dry run cannot take", () => {
    expect(parseCliArgs(["sync", "--vault", "v", "--rebuild-history"])).toMatchObject({ kind: "run", args: { rebuildHistory: true, dryRun: false } });
    expect(parseCliArgs(["sync", "--vault", "v", "--rebuild-history", "--dry-run"])).toEqual({ kind: "error", message: "Use --rebuild-history without --dry-run (a dry run writes nothing)." });
  });

  it("refuses what it cannot run", () => {
    expect(parseCliArgs([])).toMatchObject({ kind: "error" });
    expect(parseCliArgs(["push", "--vault", "v"])).toMatchObject({ kind: "error", message: expect.stringContaining("Unknown command") as string });
    expect(parseCliArgs(["sync"])).toEqual({ kind: "error", message: "Missing --vault DIR." });
    expect(parseCliArgs(["sync", "--vault", "v", "--deployment", "server"])).toMatchObject({ kind: "error" });
    expect(parseCliArgs(["sync", "--vault", "v", "--full", "--pull"])).toEqual({ kind: "error", message: "Use --full or --pull, not both." });
    expect(parseCliArgs(["sync", "--vault", "v", "--config-dir", "../x"])).toMatchObject({ kind: "error" });
    expect(parseCliArgs(["sync", "--vault", "v", "--token", "secret"])).toMatchObject({ kind: "error" });
    expect(parseCliArgs(["--help"])).toEqual({ kind: "help" });
  });

  it("names the commands when one is unknown, even with --help, and prints the version", () => {
    for (const argv of [["bogus", "--help"], ["bogus"], ["bogus", "--vault", "v"]]) {
      expect(parseCliArgs(argv)).toEqual({ kind: "error", message: "Unknown command: bogus. Commands: sync, check, automation check, report <kind>, report metrics, assist detect, assist estimate, assist suggest, assist summarise, assist time." });
    }
    expect(parseCliArgs(["sync", "--help"])).toEqual({ kind: "help" });
    expect(parseCliArgs(["report", "--help"])).toEqual({ kind: "help", topic: "report" });
    expect(parseCliArgs(["--version"])).toEqual({ kind: "version" });
    expect(parseCliArgs(["-V"])).toEqual({ kind: "version" });
    expect(VERSION).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe("summaryText", () => {
  const report: RunReport = {
    state: {},
    journal: {},
    exitCode: 1,
    counts: { fetched: 3, notesUpdated: 1, notesCreated: 0, issuesUpdated: 0, transitions: 0, issuesCreated: 0, deleted: 0, conflicts: 1, errors: 0, requests: 2 },
    entries: [
      { level: "info", path: "A.md", key: "OPS-1", message: "would update the note" },
      { level: "info", path: "B.md", key: "OPS-2", message: "updated the note" },
      { level: "conflict", path: "C.md", key: "OPS-3", message: "conflict in title: both sides changed; nothing was overwritten" },
      { level: "error", message: "no path" },
    ],
  };

  it("lists counts and every problem with path and key; the plan only in a dry run", () => {
    expect(countsLine(report)).toBe("3 fetched, 0 notes created, 1 note updated, 0 issues created, 0 issues updated, 0 transitions, 0 deleted, 1 conflict, 0 errors, 2 requests");
    const text = summaryText(report, false);
    expect(text).toContain("  conflict C.md OPS-3: conflict in title");
    expect(text).toContain("  error    no path");
    expect(text).not.toContain("OPS-1");
    expect(text).not.toContain("OPS-2");
    const dry = summaryText(report, true);
    expect(dry).toContain("Plan (1):\n  info     A.md OPS-1: would update the note\n");
    expect(dry).not.toContain("OPS-2");
    expect(entryLine({ level: "warning", key: "OPS-9", message: "m" })).toBe("  warning  OPS-9: m");
  });
});
