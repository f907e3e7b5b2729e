// Transition defaults (issue #15): the settings row's `PROJECT: field = value` lines, read and written back,
// stored settings of any shape read without losing the rest (older data has none), and passed to the core as
// `transitionDefaults`.
import { describe, expect, it } from "vitest";
import { formatTransitionDefaults, parseTransitionDefaults, readTransitionDefaults } from "../src/projects/transition-defaults";
import { DEFAULT_SETTINGS } from "../src/settings/settings";
import { readSyncSettings, toSyncConfig } from "../src/settings/sync-settings";

describe("transition defaults", () => {
  it("read one PROJECT: field = value line each and write them back sorted", () => {
    const text = "ops: resolution = Done\n\n  SRCH :Resolution=Won't Do  \nOPS: customfield_10050 = S2 - Major = worst\n";
    const { defaults, problems } = parseTransitionDefaults(text);
    expect(problems).toEqual([]);
    expect(defaults).toEqual({ OPS: { resolution: "Done", customfield_10050: "S2 - Major = worst" }, SRCH: { Resolution: "Won't Do" } });
    const written = formatTransitionDefaults(defaults);
    expect(written).toBe("OPS: customfield_10050 = S2 - Major = worst\nOPS: resolution = Done\nSRCH: Resolution = Won't Do");
    expect(parseTransitionDefaults(written).defaults).toEqual(defaults);
  });

  it("name the lines that do not read", () => {
    const { defaults, problems } = parseTransitionDefaults("OPS resolution Done\nOPS: resolution =\nOPS: resolution = Done");
    expect(problems).toEqual([
      "Line 1: write PROJECT: field = value, such as OPS: resolution = Done.",
      "Line 2: write PROJECT: field = value, such as OPS: resolution = Done.",
    ]);
    expect(defaults).toEqual({ OPS: { resolution: "Done" } });
  });

  it("are empty in older settings, keep only strings, and reach the core's config", () => {
    expect(readSyncSettings({ jql: "x" }).transitionDefaults).toEqual({});
    expect(readTransitionDefaults({ OPS: { resolution: "Done", points: 3 }, SRCH: "Done", X: [] })).toEqual({ OPS: { resolution: "Done" } });
    const sync = readSyncSettings({ transitionDefaults: { OPS: { resolution: "Done" } } });
    const config = toSyncConfig({ ...DEFAULT_SETTINGS, siteUrl: "https://example.atlassian.net" }, sync, { fields: [], statuses: [] });
    expect(config.transitionDefaults).toEqual({ OPS: { resolution: "Done" } });
  });
});
