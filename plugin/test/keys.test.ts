// The Jira key matcher and the project-list parser.
import { describe, expect, it } from "vitest";
import { findJiraKeys, isJiraKey, parseProjectKeys } from "../src/jira/keys";

const keys = (text: string, projects?: string[]) => findJiraKeys(text, projects ? new Set(projects) : null).map((m) => m.key);

describe("findJiraKeys", () => {
  it("finds keys with their offsets, project and number", () => {
    expect(findJiraKeys("See OPS-12, then WEB2-7.")).toEqual([
      { key: "OPS-12", project: "OPS", number: 12, start: 4, end: 10 },
      { key: "WEB2-7", project: "WEB2", number: 7, start: 17, end: 23 },
    ]);
  });

  it("is word-bounded on both sides", () => {
    expect(keys("aOPS-1 9OPS-1 OPS-1x OPS-1_ _OPS-1 OPS-12")).toEqual(["OPS-12"]);
    expect(keys("(OPS-1) [OPS-2] OPS-3: 'OPS-4' \"OPS-5\"")).toEqual(["OPS-1", "OPS-2", "OPS-3", "OPS-4", "OPS-5"]);
    expect(keys("OPS-1,OPS-2;OPS-3")).toEqual(["OPS-1", "OPS-2", "OPS-3"]);
    expect(keys("éOPS-1 OPS-1é")).toEqual([]);
  });

  it("ignores tags, paths, lower case, single letters and zero-leading numbers", () => {
    expect(keys("#OPS-1 a/OPS-2 ops-3 O-4 OPS-05 OPS-0")).toEqual([]);
  });

  it("accepts digits and underscores after the first letter, up to ten characters", () => {
    expect(keys("AB-1 A1_B-2 ABCDEFGHIJ-3 ABCDEFGHIJK-4")).toEqual(["AB-1", "A1_B-2", "ABCDEFGHIJ-3"]);
  });

  it("filters by project when given", () => {
    expect(keys("OPS-1 WEB-2 OPS-3", ["OPS"])).toEqual(["OPS-1", "OPS-3"]);
    expect(keys("OPS-1 WEB-2", [])).toEqual(["OPS-1", "WEB-2"]);
  });

  it("is reusable (no leftover regex state) and handles UTF-16 offsets", () => {
    expect(keys("OPS-1")).toEqual(["OPS-1"]);
    expect(keys("OPS-1")).toEqual(["OPS-1"]);
    const [m] = findJiraKeys("😀 OPS-9");
    expect(m?.start).toBe(3);
  });

  it("isJiraKey accepts exactly one key", () => {
    expect(isJiraKey("OPS-1")).toBe(true);
    expect(isJiraKey(" OPS-1")).toBe(false);
    expect(isJiraKey("OPS-1 OPS-2")).toBe(false);
    expect(isJiraKey("ops-1")).toBe(false);
  });
});

describe("parseProjectKeys", () => {
  it("splits on commas and spaces, upper-cases, de-duplicates", () => {
    expect(parseProjectKeys(" ops, WEB ,ops  Mob2")).toEqual({ projects: ["OPS", "WEB", "MOB2"], invalid: [] });
  });
  it("reports entries that are not project keys", () => {
    expect(parseProjectKeys("OPS, 1AB, A, OPS-1")).toEqual({ projects: ["OPS"], invalid: ["1AB", "A", "OPS-1"] });
  });
  it("treats empty input as no projects", () => {
    expect(parseProjectKeys("  , ")).toEqual({ projects: [], invalid: [] });
  });
});
