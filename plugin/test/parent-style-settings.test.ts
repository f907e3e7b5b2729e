// The parent style setting: wiki-links for new setups, plain keys kept for sync settings saved before the
// setting existed (migration), passed to the core as `parentStyle`.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, readSettings } from "../src/settings/settings";
import { readSyncSettings, toSyncConfig } from "../src/settings/sync-settings";

describe("parent style setting", () => {
  it("is a wiki-link for a new setup and stays a plain key for older saved settings", () => {
    expect(readSettings(null).sync.parentStyle).toBe("link");
    expect(readSettings({ siteUrl: "https://example.atlassian.net", sync: { jql: "" } }).sync.parentStyle).toBe("key");
    expect(readSyncSettings({ parentStyle: "link" }).parentStyle).toBe("link");
    expect(readSyncSettings({ parentStyle: "both" }).parentStyle).toBe("key");
  });

  it("reaches the core's config as parentStyle", () => {
    const sync = readSyncSettings(undefined);
    const config = toSyncConfig({ ...DEFAULT_SETTINGS, siteUrl: "https://example.atlassian.net" }, sync, { fields: [], statuses: [] });
    expect(config.parentStyle).toBe("link");
  });
});
