// Time tracking settings: read with defaults for missing or malformed values, passed to the core as
// `timeTracking` by toSyncConfig.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../src/settings/settings";
import { DEFAULT_TIME_TRACKING, readSyncSettings, toSyncConfig } from "../src/settings/sync-settings";

describe("time tracking settings", () => {
  it("are off by default and read field by field", () => {
    expect(readSyncSettings({}).timeTracking).toEqual(DEFAULT_TIME_TRACKING);
    const read = readSyncSettings({ timeTracking: { enabled: true, dailyFolder: "Daily", hoursPerDay: 99, adjustEstimate: "new", deleteRemote: "yes" } });
    expect(read.timeTracking).toEqual({ ...DEFAULT_TIME_TRACKING, enabled: true, dailyFolder: "Daily" });
  });

  it("reach the core's config as timeTracking", () => {
    const sync = readSyncSettings({ timeTracking: { enabled: true, everyone: true } });
    const config = toSyncConfig({ ...DEFAULT_SETTINGS, siteUrl: "https://example.atlassian.net" }, sync, { fields: [], statuses: [] });
    expect(config.timeTracking).toEqual({ ...DEFAULT_TIME_TRACKING, enabled: true, everyone: true });
  });
});
