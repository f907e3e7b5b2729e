// The issue link and child issues settings: issue links on for a new setup, off for sync settings saved before
// they existed (migration); the child issues section on unless the user turned it off; renames read and written as `from = to` lines, and passed to the core as `issueLinks` and
// `childIssues`.
import { describe, expect, it } from "vitest";
import { formatRenames, parseRenames, readIssueLinks } from "../src/links/issue-link-settings";
import { DEFAULT_SETTINGS, readSettings } from "../src/settings/settings";
import { readSyncSettings, toSyncConfig } from "../src/settings/sync-settings";

describe("issue link settings", () => {
  it("are on for a new setup and off for older saved settings", () => {
    expect(readSettings(null).sync.issueLinks).toEqual({ enabled: true, renames: {} });
    expect(readSettings({ siteUrl: "https://example.atlassian.net", sync: { jql: "" } }).sync.issueLinks.enabled).toBe(false);
    expect(readSyncSettings({ issueLinks: { enabled: true } }).issueLinks.enabled).toBe(true);
    expect(readIssueLinks({ renames: { is_blocked_by: "blocked_by", "Bad Name": "x", blocks: 3 } }, true)).toEqual({
      enabled: false,
      renames: { is_blocked_by: "blocked_by" },
    });
  });

  it("read and write renames as lines", () => {
    const { renames, problems } = parseRenames("is_blocked_by = blocked_by\n\n relates_to=related \nnot a rename\n");
    expect(renames).toEqual({ is_blocked_by: "blocked_by", relates_to: "related" });
    expect(problems).toEqual(["not a rename"]);
    expect(formatRenames(renames)).toBe("is_blocked_by = blocked_by\nrelates_to = related");
  });

  it("turn the child issues section on unless the user turned it off", () => {
    const site = "https://example.atlassian.net";
    expect(readSettings(null).sync.childIssues).toBe(true);
    // Saved before the section existed, or saved with the old default (off) that nobody chose: on.
    expect(readSettings({ siteUrl: site, sync: { jql: "" } }).sync.childIssues).toBe(true);
    expect(readSettings({ siteUrl: site, sync: { jql: "", childIssues: false } }).sync.childIssues).toBe(true);
    expect(readSettings({ siteUrl: site, sync: { jql: "", childIssues: true } }).sync.childIssues).toBe(true);
    // Turned off with the toggle: stays off, and the choice survives another save.
    const off = readSettings({ siteUrl: site, sync: { jql: "", childIssues: false, childIssuesChosen: true } }).sync;
    expect(off.childIssues).toBe(false);
    expect(readSyncSettings(JSON.parse(JSON.stringify(off))).childIssues).toBe(false);
    const config = toSyncConfig({ ...DEFAULT_SETTINGS, siteUrl: "https://example.atlassian.net" }, readSyncSettings({ childIssues: true }), { fields: [], statuses: [] });
    expect(config.childIssues).toBe(true);
  });

  it("reach the core's config as issueLinks", () => {
    const sync = readSyncSettings(undefined);
    sync.issueLinks = { enabled: true, renames: { is_blocked_by: "blocked_by" } };
    const config = toSyncConfig({ ...DEFAULT_SETTINGS, siteUrl: "https://example.atlassian.net" }, sync, { fields: [], statuses: [] });
    expect(config.issueLinks).toEqual({ enabled: true, renames: { is_blocked_by: "blocked_by" } });
  });
});
