// The epic folder layout's setting (docs/epic-folders.md): off by default and for settings saved before it
// existed, kept when set, handed to the core as `epicFolders`; an arranging run asked for while another run is
// queued merges into one arranging run.
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../src/settings/settings";
import { readSyncSettings, toSyncConfig } from "../src/settings/sync-settings";
import { mergeModes } from "../src/sync/sync-service";

describe("epic folders setting", () => {
  it("is off for new and for older saved settings, kept when set, and reaches the core's config", () => {
    expect(readSyncSettings(null).epicFolders).toBe(false);
    expect(readSyncSettings({ folderTemplate: "Work/{PROJECT}" }).epicFolders).toBe(false);
    expect(readSyncSettings({ epicFolders: "yes" }).epicFolders).toBe(false);
    const on = readSyncSettings({ epicFolders: true });
    expect(on.epicFolders).toBe(true);
    const config = toSyncConfig({ ...DEFAULT_SETTINGS, siteUrl: "https://example.atlassian.net" }, on, { fields: [], statuses: [] });
    expect(config.epicFolders).toBe(true);
  });

  it("merges an arranging run with any other queued run into one arranging run", () => {
    expect(mergeModes({ kind: "arrange" }, { kind: "sync" })).toEqual({ kind: "arrange" });
    expect(mergeModes({ kind: "full" }, { kind: "arrange" })).toEqual({ kind: "arrange" });
    expect(mergeModes({ kind: "notes", paths: ["a.md"] }, { kind: "arrange" })).toEqual({ kind: "arrange" });
  });
});
