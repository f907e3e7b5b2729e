// Badge models (category → class, tooltip, link), header placement, and reading keys from the core's
// parse result.
import { describe, expect, it } from "vitest";
import { badgeModel, browseUrl, categoryClass, categoryFromStatusName } from "../src/badges/badge-model";
import { firstBodyLine, frontmatterString, isHeaderSection } from "../src/badges/header-placement";
import { describeKeys, keysFromParseResult } from "../src/jira/parse-result-keys";

const SITE = "https://example.atlassian.net";

describe("badgeModel", () => {
  it("shows the key alone, uncoloured, when the cache is empty and no site is set", () => {
    expect(badgeModel({ key: "OPS-1", siteUrl: "" })).toEqual({
      key: "OPS-1",
      status: "",
      category: "unknown",
      classes: ["jvs-badge", "jvs-status-unknown"],
      tooltip: "OPS-1 · Not synced yet",
      href: null,
    });
  });

  it.each([
    ["new", "jvs-status-new"],
    ["indeterminate", "jvs-status-indeterminate"],
    ["done", "jvs-status-done"],
    ["unknown", "jvs-status-unknown"],
  ] as const)("maps category %s to class %s", (category, cls) => {
    expect(categoryClass(category)).toBe(cls);
    const model = badgeModel({ key: "OPS-1", siteUrl: SITE, issue: { summary: "S", status: "X", statusCategory: category } });
    expect(model.classes).toEqual(["jvs-badge", cls, "jvs-badge-link"]);
  });

  it("puts status and summary in the tooltip and links to the issue", () => {
    const model = badgeModel({
      key: "OPS-7",
      siteUrl: SITE,
      issue: { summary: "Fix <b>login</b>", status: "In Progress", statusCategory: "indeterminate" },
    });
    expect(model.tooltip).toBe("OPS-7 · In Progress — Fix <b>login</b>");
    expect(model.href).toBe(`${SITE}/browse/OPS-7`);
    expect(model.status).toBe("In Progress");
  });

  it("shows Jira's cached status; the note's status only stands in when none is cached", () => {
    const issue = { summary: "Cached", status: "In Progress", statusCategory: "indeterminate" as const };
    const header = badgeModel({ key: "OPS-2", siteUrl: "", issue, state: "Done", summary: "From note", variant: "header" });
    expect(header.status).toBe("In Progress");
    expect(header.category).toBe("indeterminate");
    expect(header.classes).toEqual(["jvs-badge", "jvs-status-indeterminate", "jvs-badge-header"]);
    expect(header.tooltip).toBe("OPS-2 · In Progress — Cached");
    const noCache = badgeModel({ key: "OPS-2", siteUrl: "", state: "Waiting for vendor", summary: "From note" });
    expect(noCache.category).toBe("unknown");
    expect(noCache.tooltip).toBe("OPS-2 · Waiting for vendor — From note");
    expect(badgeModel({ key: "OPS-2", siteUrl: "", state: "to do" }).category).toBe("new");
  });

  it("uses the category name when the status text is missing", () => {
    expect(badgeModel({ key: "A-1", siteUrl: "", issue: { summary: "", status: "", statusCategory: "done" } }).tooltip).toBe("A-1 · Done");
  });

  it("guesses categories of common status names", () => {
    expect(categoryFromStatusName(" In Progress ")).toBe("indeterminate");
    expect(categoryFromStatusName("Closed")).toBe("done");
    expect(categoryFromStatusName("Backlog")).toBe("new");
    expect(categoryFromStatusName("Something")).toBe("unknown");
  });

  it("encodes the key in the browse URL", () => {
    expect(browseUrl(SITE, "OPS-1")).toBe(`${SITE}/browse/OPS-1`);
    expect(browseUrl("", "OPS-1")).toBeNull();
  });
});

describe("header placement", () => {
  it("finds the first body line after front matter", () => {
    expect(firstBodyLine("---\njira_key: OPS-1\n---\n\n# Title\n")).toBe(4);
    expect(firstBodyLine("Body\n")).toBe(0);
    expect(firstBodyLine("\n\nBody")).toBe(2);
    expect(firstBodyLine("---\na: 1\n---\n")).toBe(-1);
    expect(firstBodyLine("---\r\na: 1\r\n---\r\nText")).toBe(3);
  });
  it("picks the section holding that line", () => {
    const text = "---\njira_key: OPS-1\n---\n\n# Title\n\nPara\n";
    expect(isHeaderSection(text, 0, 2)).toBe(false);
    expect(isHeaderSection(text, 4, 4)).toBe(true);
    expect(isHeaderSection(text, 6, 6)).toBe(false);
  });
  it("reads string front matter fields", () => {
    expect(frontmatterString({ a: " x ", n: 3, o: {}, e: "" }, "a")).toBe("x");
    expect(frontmatterString({ n: 3 }, "n")).toBe("3");
    expect(frontmatterString({ o: {} }, "o")).toBeUndefined();
    expect(frontmatterString({ e: " " }, "e")).toBeUndefined();
    expect(frontmatterString(null, "a")).toBeUndefined();
  });
});

describe("keysFromParseResult", () => {
  it("reads the core's jiraKeys, checking each entry", () => {
    const result = { jiraKeys: [{ key: "OPS-1", line: 3 }, { key: 5 }, null, { key: "WEB-2" }] };
    expect(keysFromParseResult(result, "", null)).toEqual([{ key: "OPS-1", line: 3 }, { key: "WEB-2" }]);
    expect(keysFromParseResult(result, "", new Set(["WEB"]))).toEqual([{ key: "WEB-2" }]);
  });
  it("falls back to the TypeScript matcher when the result has no jiraKeys", () => {
    expect(keysFromParseResult({}, "OPS-1 and OPS-2", null)).toEqual([{ key: "OPS-1" }, { key: "OPS-2" }]);
    expect(keysFromParseResult(null, "OPS-1", null)).toEqual([{ key: "OPS-1" }]);
  });
  it("describes keys for a notice", () => {
    expect(describeKeys([])).toBe("No Jira keys in this note.");
    expect(describeKeys([{ key: "OPS-1" }, { key: "WEB-2" }, { key: "OPS-1" }])).toBe("Jira keys in this note: OPS-1 (×2), WEB-2");
  });
});
