// The query blocks' cache file: bounded least-recently-used (a read counts as a use), kept across restarts in
// `query-cache.json` through the store (atomic saves), with each site's field list; an unreadable file is empty.
import { describe, expect, it } from "vitest";
import { QUERY_CACHE_FILE, QueryCache, queryCacheKey } from "../src/query/query-cache";
import type { QueryResult } from "../src/query/query-types";
import { MemoryStore } from "../src/state/memory-store";

const result = (count: number): QueryResult => ({ kind: "count", jql: "project = OPS", display: "table", columns: [], rows: [], count, more: false, diagnostics: [] });
const key = (n: number) => queryCacheKey("https://example.atlassian.net", "count", `project = P${n}`, `project = P${n}`);

describe("query cache", () => {
  it("keeps the most recently used entries up to its limit, across restarts", async () => {
    const store = new MemoryStore();
    const cache = new QueryCache(store, 3);
    for (const n of [1, 2, 3]) await cache.set(key(n), { result: result(n), at: n });
    expect((await cache.get(key(1)))?.result.count).toBe(1); // 1 is now the most recent
    await cache.set(key(4), { result: result(4), at: 4 }); // drops 2, the least recently used
    expect(await cache.size()).toBe(3);
    expect(await cache.get(key(2))).toBeUndefined();
    await cache.setFields("https://example.atlassian.net", [{ id: "customfield_10050", name: "Severity", type: "option" }]);

    const again = new QueryCache(store, 3);
    expect((await again.get(key(4)))?.at).toBe(4);
    expect((await again.get(key(1)))?.result.count).toBe(1);
    expect(await again.get(key(2))).toBeUndefined();
    expect(await again.fields("https://example.atlassian.net")).toEqual([{ id: "customfield_10050", name: "Severity", type: "option" }]);
    expect(store.raw(`${QUERY_CACHE_FILE}.tmp`)).toBeNull();
  });

  it("reads a damaged file as empty and keys differ by site, kind, text and JQL", async () => {
    const store = new MemoryStore();
    await store.save(QUERY_CACHE_FILE, { version: 1, entries: [["k", { at: "soon" }], 7], fields: null });
    const cache = new QueryCache(store);
    expect(await cache.size()).toBe(0);
    expect(await cache.fields("https://example.atlassian.net")).toBeUndefined();
    const keys = new Set([queryCacheKey("a", "search", "t", "j"), queryCacheKey("b", "search", "t", "j"), queryCacheKey("a", "count", "t", "j"), queryCacheKey("a", "search", "u", "j"), queryCacheKey("a", "search", "t", "k")]);
    expect(keys.size).toBe(5);
  });
});
