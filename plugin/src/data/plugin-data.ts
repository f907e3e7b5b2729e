// The plugin's stored data (data.json): the settings, read tolerantly, and the store that owns them. The store
// exposes the two narrow interfaces the rest of the code uses, `SettingsStore` and `IssueCache`, and persists
// through an injected function (Obsidian's saveData in the app, an in-memory fake in tests). The issue cache lives
// in its own file (`IssueCacheFile`, `issue-cache.json`) when the store is given a place for it, as the app does;
// a cache found in data.json (earlier versions kept it there) is then moved into that file and dropped from
// data.json once the file is written. Without one (tests of the settings alone) the cache stays in data.json.
import { type CacheFileStore, IssueCacheFile } from "../cache/issue-cache-file";
import { type CachedIssue, copyCachedIssue, type IssueCache, type IssueCacheData, type IssueKeys, readIssueCache } from "../cache/issue-cache";
import { readSettings, type Settings } from "../settings/settings";

/** The shape of data.json as read (an older data.json, or a store without a cache file, holds the cache). */
export interface PluginData {
  settings: Settings;
  issueCache: IssueCacheData;
}

/** What a save writes to data.json: the cache only while it is kept there (no cache file, or not yet moved). */
export interface StoredPluginData {
  settings: Settings;
  issueCache?: IssueCacheData;
}

/** Reads data.json of unknown shape (missing, older, hand-edited) into valid plugin data. */
export function readPluginData(raw: unknown): PluginData {
  const obj = raw !== null && typeof raw === "object" ? (raw as Record<string, unknown>) : {};
  // Settings saved flat at the top level (hand edits, early builds) are still read.
  const settings = obj.settings !== undefined ? obj.settings : obj;
  return { settings: readSettings(settings), issueCache: readIssueCache(obj.issueCache) };
}

/** Read and update access to the settings, with change notification. */
export interface SettingsStore {
  get(): Readonly<Settings>;
  /** Merges `patch` into the settings, persists, then notifies listeners. */
  update(patch: Partial<Settings>): Promise<void>;
  /** Calls `listener` after every change; returns a function that stops it. */
  onChange(listener: () => void): () => void;
}

type Persist = (data: StoredPluginData) => Promise<void>;

class Listeners {
  private readonly set = new Set<() => void>();
  add(listener: () => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(): void {
    for (const listener of [...this.set]) listener();
  }
}

/**
 * Owns the plugin data; every change is persisted before listeners hear about it. The stored data is read (and
 * its settings checked) on first use, not when the store is made: the plugin's `onload` makes it and registers
 * everything at app start-up without reading a setting (issue #13 goal 3).
 */
export class PluginDataStore {
  private read: PluginData | null = null;
  private readonly settingsListeners = new Listeners();
  private readonly cacheListeners = new Listeners();
  readonly settings: SettingsStore;
  readonly issues: IssueCache & IssueKeys;
  /** The cache file, when the cache is kept in one; `loaded` settles once it is read and migrated. */
  readonly cacheFile: IssueCacheFile | null = null;
  /** Whether data.json still holds the cache (false once it moved to the cache file). */
  private cacheInData = true;

  /**
   * @param raw data.json as loaded.
   * @param persist writes data.json.
   * @param cacheStore where `issue-cache.json` lives (the plugin folder); without it the cache stays in data.json.
   */
  constructor(
    private raw: unknown,
    private readonly persist: Persist,
    cacheStore?: CacheFileStore,
  ) {
    this.settings = {
      get: () => this.data.settings,
      update: async (patch) => {
        this.data.settings = readSettings({ ...this.data.settings, ...patch });
        await this.save();
        this.settingsListeners.emit();
      },
      onChange: (listener) => this.settingsListeners.add(listener),
    };
    if (cacheStore !== undefined) {
      // Read once the cache file is being loaded (after onload): data.json keeps the legacy entries until the file
      // holds them (a settings save meanwhile writes them too).
      const legacy = (): IssueCacheData => {
        this.cacheInData = Object.keys(this.data.issueCache).length > 0;
        return this.data.issueCache;
      };
      const dropLegacy = async (): Promise<void> => {
        this.cacheInData = false;
        this.data.issueCache = {};
        await this.save();
      };
      this.cacheFile = new IssueCacheFile(cacheStore, legacy, dropLegacy);
      this.issues = this.cacheFile;
      return;
    }
    this.issues = {
      get: (key) => (Object.prototype.hasOwnProperty.call(this.data.issueCache, key) ? this.data.issueCache[key] : undefined),
      set: async (key: string, issue: CachedIssue) => {
        this.data.issueCache[key] = { ...issue };
        await this.save();
        this.cacheListeners.emit();
      },
      setMany: async (entries) => {
        if (entries.length === 0) return;
        for (const [key, issue] of entries) this.data.issueCache[key] = { ...issue };
        await this.save();
        this.cacheListeners.emit();
      },
      delete: async (key) => {
        delete this.data.issueCache[key];
        await this.save();
        this.cacheListeners.emit();
      },
      onChange: (listener) => this.cacheListeners.add(listener),
      keys: () => Object.keys(this.data.issueCache),
    };
  }

  /** The plugin data, read from what was stored on first use. */
  private get data(): PluginData {
    if (this.read === null) {
      this.read = readPluginData(this.raw);
      this.raw = null;
    }
    return this.read;
  }

  /** A copy of everything stored in data.json, as written there. */
  snapshot(): StoredPluginData {
    // The settings by a JSON round trip (structuredClone is missing on older iOS WebViews; the data is JSON anyway).
    const settings = JSON.parse(JSON.stringify(this.data.settings)) as Settings;
    return this.cacheInData ? { settings, issueCache: this.cacheCopy() } : { settings };
  }

  /** A deep copy of the cache kept in data.json. */
  private cacheCopy(): IssueCacheData {
    // Entry by entry (the cache may hold tens of thousands of issues): its entries are flat objects of strings (`readCachedIssue`), so a copy of each is a deep copy, at a fraction of the round trip.
    const issueCache: IssueCacheData = {};
    for (const [key, issue] of Object.entries(this.data.issueCache)) {
      const copy = copyCachedIssue(issue);
      // A data property even for "__proto__", as JSON.parse makes it (defined only then: it is slow in bulk).
      if (key === "__proto__") Object.defineProperty(issueCache, key, { value: copy, enumerable: true, configurable: true, writable: true });
      else issueCache[key] = copy;
    }
    return issueCache;
  }

  private save(): Promise<void> {
    return this.persist(this.snapshot());
  }
}
