// The plugin's stored data (data.json): settings and the issue cache in one object, read tolerantly,
// and the store that owns it. The store exposes the two narrow interfaces the rest of the code uses,
// `SettingsStore` and `IssueCache`, and persists through an injected function (Obsidian's saveData in
// the app, an in-memory fake in tests).
import { type CachedIssue, type IssueCache, type IssueCacheData, type IssueKeys, readIssueCache } from "../cache/issue-cache";
import { readSettings, type Settings } from "../settings/settings";

/** The shape of data.json. */
export interface PluginData {
  settings: Settings;
  issueCache: IssueCacheData;
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

type Persist = (data: PluginData) => Promise<void>;

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

  constructor(
    private raw: unknown,
    private readonly persist: Persist,
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

  /** A copy of everything stored, as written to data.json. */
  snapshot(): PluginData {
    // The settings by a JSON round trip (structuredClone is missing on older iOS WebViews; the data is JSON
    // anyway); the cache, which may hold tens of thousands of issues, entry by entry: its entries are flat
    // objects of strings (`readCachedIssue`), so a copy of each is a deep copy, at a fraction of the round trip.
    const issueCache: IssueCacheData = {};
    for (const [key, issue] of Object.entries(this.data.issueCache)) {
      const copy: CachedIssue = { summary: issue.summary, status: issue.status, statusCategory: issue.statusCategory };
      if (issue.updated !== undefined) copy.updated = issue.updated;
      // A data property even for "__proto__", as JSON.parse makes it (defined only then: it is slow in bulk).
      if (key === "__proto__") Object.defineProperty(issueCache, key, { value: copy, enumerable: true, configurable: true, writable: true });
      else issueCache[key] = copy;
    }
    return { settings: JSON.parse(JSON.stringify(this.data.settings)) as Settings, issueCache };
  }

  private save(): Promise<void> {
    return this.persist(this.snapshot());
  }
}
