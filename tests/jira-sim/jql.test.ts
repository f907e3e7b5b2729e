/**
 * Unit tests for the JQL lexer/parser/dates and the time helpers (time-zone offsets across DST, Jira
 * timestamps and durations).
 */
import { describe, expect, it } from "vitest";
import { jqlDateMinute } from "./jql/dates";
import { JqlError, tokenize } from "./jql/lexer";
import { parseJql } from "./jql/parser";
import { formatDuration, jiraTimestamp, parseDuration, parseJiraTimestamp, wallTimeToMs, zoneOffsetMinutes } from "./time";

describe("lexer and parser", () => {
  it("tokenizes keys, dates, relative periods, strings and operators", () => {
    expect(tokenize('key=OPS-1 AND updated>=-1d AND created < "2024/03/20 10:15"').map((t) => t.value)).toEqual([
      "key", "=", "OPS-1", "AND", "updated", ">=", "-1d", "AND", "created", "<", "2024/03/20 10:15", "",
    ]);
    expect(() => tokenize("a = 'unterminated")).toThrow(JqlError);
  });

  it("parses precedence (NOT > AND > OR), lists, functions and ORDER BY", () => {
    const q = parseJql("a = 1 OR NOT b = 2 AND c in (x, \"y z\") ORDER BY key DESC, updated");
    expect(q.where?.kind).toBe("or");
    expect(q.orderBy).toEqual([{ field: "key", dir: "DESC" }, { field: "updated", dir: "ASC" }]);
    const f = parseJql("assignee = currentUser() AND labels is not EMPTY");
    expect(JSON.stringify(f.where)).toContain('"func"');
    expect(parseJql("ORDER BY key").where).toBeNull();
    for (const bad of ["a =", "(a = 1", "a = 1 b = 2", "= 1", "a not b", "a = 1 ORDER key"]) expect(() => parseJql(bad), bad).toThrow(JqlError);
  });
});

describe("dates and time zones", () => {
  it("computes offsets across DST", () => {
    expect(zoneOffsetMinutes("Europe/Berlin", Date.parse("2025-01-15T12:00:00Z"))).toBe(60);
    expect(zoneOffsetMinutes("Europe/Berlin", Date.parse("2025-07-15T12:00:00Z"))).toBe(120);
    expect(zoneOffsetMinutes("America/Los_Angeles", Date.parse("2025-07-15T12:00:00Z"))).toBe(-420);
    expect(zoneOffsetMinutes("America/Los_Angeles", Date.parse("2025-01-15T12:00:00Z"))).toBe(-480);
  });

  it("reads wall-clock times in a zone, including the DST switch days", () => {
    expect(new Date(wallTimeToMs("Europe/Berlin", 2025, 3, 30, 1, 30)).toISOString()).toBe("2025-03-30T00:30:00.000Z");
    expect(new Date(wallTimeToMs("Europe/Berlin", 2025, 3, 30, 3, 30)).toISOString()).toBe("2025-03-30T01:30:00.000Z");
    expect(new Date(wallTimeToMs("Europe/Berlin", 2025, 3, 30, 2, 30)).toISOString()).toBe("2025-03-30T01:30:00.000Z"); // gap → forward
    expect(new Date(wallTimeToMs("Europe/Berlin", 2025, 10, 26, 2, 30)).toISOString()).toBe("2025-10-26T00:30:00.000Z"); // overlap → earlier
    expect(new Date(wallTimeToMs("America/Los_Angeles", 2025, 11, 2, 0, 0)).toISOString()).toBe("2025-11-02T07:00:00.000Z");
  });

  it("turns JQL date values into epoch minutes", () => {
    const now = Date.parse("2025-06-10T08:30:45.000Z");
    const m = (v: string, zone = "UTC"): string => new Date(jqlDateMinute("updated", v, zone, now) * 60000).toISOString();
    expect(m("2025/06/10 10:30", "Europe/Berlin")).toBe("2025-06-10T08:30:00.000Z");
    expect(m("2025-06-10 10:30", "America/Los_Angeles")).toBe("2025-06-10T17:30:00.000Z");
    expect(m("2025-06-10", "America/Los_Angeles")).toBe("2025-06-10T07:00:00.000Z");
    expect(m("-5m")).toBe("2025-06-10T08:25:00.000Z");
    expect(m("-1w 2d")).toBe("2025-06-01T08:30:00.000Z");
    expect(m("2h")).toBe("2025-06-10T10:30:00.000Z");
    for (const bad of ["2025-02-30", "2025/13/01", "yesterday", "10:30"]) expect(() => m(bad), bad).toThrow(JqlError);
  });
});

describe("timestamps and durations", () => {
  it("formats and parses Jira timestamps", () => {
    expect(jiraTimestamp(Date.parse("2024-03-20T10:15:30Z"))).toBe("2024-03-20T10:15:30.000+0000");
    expect(jiraTimestamp(Date.parse("2024-07-20T10:15:30Z"), "Europe/Berlin")).toBe("2024-07-20T12:15:30.000+0200");
    expect(parseJiraTimestamp("2024-03-20T12:15:30.000+0200")).toBe(Date.parse("2024-03-20T10:15:30Z"));
    expect(parseJiraTimestamp("2024-03-20T10:15:30.000Z")).toBeNull();
    expect(parseJiraTimestamp("2024-03-20T10:15:30+0000")).toBeNull();
  });

  it("parses and formats durations with 8h days and 5d weeks", () => {
    expect(parseDuration("1h 30m")).toBe(5400);
    expect(parseDuration("1w 2d")).toBe(7 * 8 * 3600);
    expect(parseDuration("1.5h")).toBe(5400);
    expect(parseDuration("90")).toBe(5400);
    expect(parseDuration("abc")).toBeNull();
    expect(formatDuration(5400)).toBe("1h 30m");
    expect(formatDuration(9 * 3600)).toBe("1d 1h");
    expect(formatDuration(0)).toBe("0m");
  });
});
