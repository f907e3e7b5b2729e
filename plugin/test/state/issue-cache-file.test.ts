// The issue cache in its own file (issue-cache.json in the plugin folder), over AdapterStore and a fake DataAdapter:
// the migration out of data.json (nothing lost, dropped from data.json only after the file is written), the
// atomic write and a crash half-way through one, the text built in slices, and saves serialised and coalesced.
import { describe, expect, it } from "vitest";
import { CACHE_SLICE, cacheFileText, ISSUE_CACHE_FILE, IssueCacheFile, readCacheFile } from "../../src/cache/issue-cache-file";
import type { CachedIssue } from "../../src/cache/issue-cache";
import { PluginDataStore, type StoredPluginData } from "../../src/data/plugin-data";
import { AdapterStore } from "../../src/obsidian/adapter-store";
import { asDataAdapter, FakeAdapter } from "../fakes/obsidian-vault-fakes";

const DIR = "config/plugins/jira-vault-sync";
const FILE = `${DIR}/${ISSUE_CACHE_FILE}`;

const issue = (summary: string, status = "To Do", statusCategory: CachedIssue["statusCategory"] = "new"): CachedIssue => ({ summary, status, statusCategory });

/** The issues in the cache file on the fake disk (the main file only). */
function onDisk(adapter: FakeAdapter): Record<string, CachedIssue> {
  const text = adapter.files.get(FILE);
  if (text === undefined) throw new Error("no cache file");
  return (JSON.parse(text) as { issues: Record<string, CachedIssue> }).issues;
}

/** A PluginDataStore over the fake adapter, recording what data.json received and whether the file existed then. */
function pluginStore(adapter: FakeAdapter, dataJson: unknown, persist?: (data: StoredPluginData) => Promise<void>) {
  const saves: { data: StoredPluginData; fileThen: boolean }[] = [];
  const store = new PluginDataStore(
    dataJson,
    async (data) => {
      saves.push({ data, fileThen: adapter.files.has(FILE) });
      if (persist) await persist(data);
    },
    new AdapterStore(asDataAdapter(adapter), DIR),
  );
  return { store, saves };
}

describe("IssueCacheFile: migration from data.json", () => {
  it("serves the data.json cache at once, writes it to the file, then drops it from data.json", async () => {
    const adapter = new FakeAdapter();
    const legacy = { "OPS-1": issue("One"), "OPS-2": { ...issue("Two", "Done", "done"), updated: "2025-06-10T08:30:00.000+0000" } };
    const { store, saves } = pluginStore(adapter, { settings: { siteUrl: "https://a.example" }, issueCache: legacy });
    expect(store.issues.get("OPS-1")?.summary).toBe("One");
    await store.cacheFile!.loaded;
    expect(onDisk(adapter)).toEqual(legacy);
    // One data.json save, after the file was in place, without the cache; the settings untouched.
    expect(saves).toHaveLength(1);
    expect(saves[0]!.fileThen).toBe(true);
    expect(saves[0]!.data).not.toHaveProperty("issueCache");
    expect(saves[0]!.data.settings.siteUrl).toBe("https://a.example");
    expect([...store.issues.keys()].sort()).toEqual(["OPS-1", "OPS-2"]);
  });

  it("merges a file and a data.json cache (a crash between the two steps): the file wins, nothing is lost", async () => {
    const adapter = new FakeAdapter();
    adapter.files.set(FILE, await cacheFileText([["OPS-1", issue("Newer", "Done", "done")], ["OPS-3", issue("Only in the file")]]));
    const { store } = pluginStore(adapter, { issueCache: { "OPS-1": issue("Older"), "OPS-2": issue("Only in data.json") } });
    const changes: number[] = [];
    store.issues.onChange(() => changes.push(1));
    await store.cacheFile!.loaded;
    expect(store.issues.get("OPS-1")?.summary).toBe("Newer");
    expect(onDisk(adapter)).toEqual({ "OPS-1": issue("Newer", "Done", "done"), "OPS-2": issue("Only in data.json"), "OPS-3": issue("Only in the file") });
    expect(changes).toHaveLength(1);
  });

  it("keeps the cache in data.json when the file cannot be written", async () => {
    const adapter = new FakeAdapter();
    adapter.write = () => Promise.reject(new Error("disk full"));
    const errors = console.error;
    console.error = () => undefined;
    try {
      const { store, saves } = pluginStore(adapter, { issueCache: { "OPS-1": issue("One") } });
      await store.cacheFile!.loaded;
      expect(saves).toHaveLength(0);
      // A later settings save still writes the cache into data.json.
      await store.settings.update({ inlineBadges: false });
      expect(saves[0]!.data.issueCache).toEqual({ "OPS-1": issue("One") });
      expect(store.issues.get("OPS-1")?.summary).toBe("One");
    } finally {
      console.error = errors;
    }
  });

  it("loses nothing when data.json cannot be saved after the move: the next start finds the file", async () => {
    const adapter = new FakeAdapter();
    const errors = console.error;
    console.error = () => undefined;
    try {
      const first = pluginStore(adapter, { issueCache: { "OPS-1": issue("One") } }, () => Promise.reject(new Error("crash")));
      await first.store.cacheFile!.loaded;
    } finally {
      console.error = errors;
    }
    expect(onDisk(adapter)).toEqual({ "OPS-1": issue("One") });
    const second = pluginStore(adapter, { issueCache: { "OPS-1": issue("One") } });
    await second.store.cacheFile!.loaded;
    expect(second.store.issues.get("OPS-1")).toEqual(issue("One"));
    expect(second.saves.at(-1)!.data).not.toHaveProperty("issueCache");
  });

  it("starts empty and writes nothing without a cache anywhere; data.json never gets one", async () => {
    const adapter = new FakeAdapter();
    const { store, saves } = pluginStore(adapter, {});
    await store.cacheFile!.loaded;
    expect(adapter.files.size).toBe(0);
    await store.issues.set("OPS-1", issue("One"));
    await store.settings.update({ inlineBadges: false });
    expect(onDisk(adapter)).toEqual({ "OPS-1": issue("One") });
    expect(saves.map((s) => s.data)).toEqual([{ settings: store.settings.get() }]);
  });
});

describe("IssueCacheFile: atomic saves", () => {
  it("survives a crash half-way through a save (after the remove, before the rename): the temp copy loads", async () => {
    const adapter = new FakeAdapter();
    const store = new AdapterStore(asDataAdapter(adapter), DIR);
    const cache = new IssueCacheFile(store);
    await cache.setMany([["OPS-1", issue("One")]]);
    adapter.failNextRename = true;
    await expect(cache.setMany([["OPS-2", issue("Two")]])).rejects.toThrow("crash");
    expect(adapter.files.has(FILE)).toBe(false);
    const reopened = new IssueCacheFile(new AdapterStore(asDataAdapter(adapter), DIR));
    await reopened.loaded;
    expect([...reopened.keys()].sort()).toEqual(["OPS-1", "OPS-2"]);
  });

  it("reads the temp copy when the main file is torn, and drops unusable entries", async () => {
    const adapter = new FakeAdapter();
    const whole = await cacheFileText([["OPS-1", issue("One")]]);
    adapter.files.set(FILE, whole.slice(0, 20));
    adapter.files.set(`${FILE}.tmp`, whole.replace('"issues":{', '"issues":{"BAD-1":7,'));
    const cache = new IssueCacheFile(new AdapterStore(asDataAdapter(adapter), DIR));
    await cache.loaded;
    expect([...cache.keys()]).toEqual(["OPS-1"]);
    expect(readCacheFile({ issues: [] }).size).toBe(0);
    expect(readCacheFile("garbage").size).toBe(0);
  });

  it("serialises saves and coalesces the ones queued meanwhile; the file ends with every change", async () => {
    const adapter = new FakeAdapter();
    const cache = new IssueCacheFile(new AdapterStore(asDataAdapter(adapter), DIR));
    await Promise.all([cache.set("OPS-1", issue("One")), cache.set("OPS-2", issue("Two")), cache.set("OPS-3", issue("Three")), cache.delete("OPS-2")]);
    expect(onDisk(adapter)).toEqual({ "OPS-1": issue("One"), "OPS-3": issue("Three") });
    expect(adapter.calls.filter((c) => c === `write ${FILE}.tmp`).length).toBeLessThan(4);
  });
});

describe("cacheFileText", () => {
  it("builds the JSON text in slices with a breath between, the same as JSON.stringify", async () => {
    const entries: [string, CachedIssue][] = Array.from({ length: CACHE_SLICE * 2 + 5 }, (_, i) => [`OPS-${i}`, { ...issue(`S "${i}"\n`), updated: "2025-01-01T00:00:00.000+0000" }]);
    entries.push(["__proto__", issue("proto")]);
    let breaths = 0;
    const text = await cacheFileText(entries, () => {
      breaths++;
      return Promise.resolve();
    });
    expect(breaths).toBe(2);
    const parsed = JSON.parse(text) as { version: number; issues: Record<string, CachedIssue> };
    expect(parsed.version).toBe(1);
    expect(Object.keys(parsed.issues)).toHaveLength(entries.length);
    expect(readCacheFile(parsed).get("__proto__")?.summary).toBe("proto");
    expect(readCacheFile(parsed).get("OPS-7")).toEqual(entries[7]![1]);
    expect(text.endsWith("}}\n")).toBe(true);
  });
});
