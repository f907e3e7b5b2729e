// `jira-vault-sync assist time` as a child process of the built CLI: a day's suggestions from the activity file
// Obsidian recorded, in the Jira user's zone from the sync state (Los Angeles, on the 25-hour day of 2026-11-01),
// less the time logged in the issue's note (found by the state's path); text and --json; nothing written; and
// what it says with no recorded activity or a bad --day.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { stateFileNames } from "../../plugin/src/sync/driver";
import { cliTestHooks, runCli } from "./run-cli";

/** The command line in Tokyo's zone. */
const cli = (args: string[]) => runCli(args, { TZ: "Asia/Tokyo" });
const SITE = "https://example.atlassian.net";
const NOTE = "Jira/OPS/OPS-16 Fix login.md";
const hooks = cliTestHooks();
let tmp: string;

function vault(activity: boolean): string {
  const dir = path.join(tmp, "vault");
  const plugin = path.join(dir, ".obsidian/plugins/jira-vault-sync");
  mkdirSync(plugin, { recursive: true });
  mkdirSync(path.join(dir, "Jira/OPS"), { recursive: true });
  writeFileSync(path.join(plugin, "data.json"), JSON.stringify({ settings: { siteUrl: SITE, email: "me@example.com", projectKeys: "OPS", timeSuggestions: { enabled: true } } }));
  writeFileSync(path.join(plugin, stateFileNames(SITE).state), JSON.stringify({ version: 1, myself: { accountId: "acc-me", timeZone: "America/Los_Angeles" }, issues: { "10016": { key: "OPS-16", path: NOTE } } }));
  // Logged already: 00:30–02:30 on the wall clock, three hours on this day (01:00–02:00 happens twice).
  writeFileSync(path.join(dir, NOTE), "---\njira_key: OPS-16\n---\n# Fix login\n\n## Worklog\n- 2026-11-01 00:30–02:30 Night shift ^wl-1\n");
  if (activity) {
    const at = (iso: string) => Date.parse(iso);
    const spans = [
      { path: NOTE, key: "OPS-16", start: at("2026-11-01T16:00:00Z"), end: at("2026-11-01T20:20:00Z") }, // 4 h 20 active
      { path: "Jira/OPS/OPS-17 Proxy.md", key: "OPS-17", start: at("2026-11-02T07:30:00Z"), end: at("2026-11-02T08:30:00Z") }, // 23:30–00:30 PST
    ];
    writeFileSync(path.join(plugin, "time-activity.json"), JSON.stringify({ version: 1, spans, shownDay: null }));
  }
  return dir;
}

beforeEach(() => {
  tmp = hooks.tempDir("jvs-assist-time-");
});

describe("jira-vault-sync assist time", () => {
  it("prints a day's suggestions in the Jira user's zone, less the time logged", async () => {
    const dir = vault(true);
    const before = readdirSync(dir, { recursive: true }).length;
    const text = await cli(["assist", "time", "--vault", dir, "--day", "2026-11-01"]);
    expect(text.stderr).toBe("");
    expect(text.status).toBe(0);
    expect(text.stdout).toBe(
      ["Time suggestions for 2026-11-01 (America/Los_Angeles):", `  OPS-16: 1h 15m (edited 260 min, logged 180 min) → ${NOTE}`, "  OPS-17: 30m (edited 30 min, logged 0 min) → Jira/OPS/OPS-17 Proxy.md", ""].join("\n"),
    );
    const json = await cli(["assist", "time", "--vault", dir, "--day", "2026-11-02", "--json"]);
    expect(json.status).toBe(0);
    const out = JSON.parse(json.stdout) as { day: string; timeZone: string; suggestions: { key: string; minutes: number; line: string }[] };
    expect(out).toMatchObject({ day: "2026-11-02", timeZone: "America/Los_Angeles", suggestions: [{ key: "OPS-17", minutes: 30, line: "- 2026-11-02 30m" }] });
    expect(readdirSync(dir, { recursive: true }).length).toBe(before);
    expect(readFileSync(path.join(dir, NOTE), "utf8")).toContain("00:30–02:30 Night shift ^wl-1\n");
  });

  it("says when nothing was recorded, and refuses a bad day", async () => {
    const dir = vault(false);
    const none = await cli(["assist", "time", "--vault", dir]);
    expect(none.status).toBe(0);
    expect(none.stdout).toContain("No editing activity recorded");
    const bad = await cli(["assist", "time", "--vault", dir, "--day", "1 November"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--day takes a date such as 2026-12-03.");
  });
});
