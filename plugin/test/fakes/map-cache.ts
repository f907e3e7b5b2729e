// An in-memory IssueCache for sync-service tests: counts the entries set and the saves a real store would make.
import type { CachedIssue, IssueCache } from "../../src/cache/issue-cache";

export class MapCache implements IssueCache {
  readonly map = new Map<string, CachedIssue>();
  /** Entries set, one by one or in batches. */
  sets = 0;
  /** Saves a persisting store would make: one per `set`, `setMany` (with entries) or `delete`. */
  saves = 0;
  get(key: string): CachedIssue | undefined {
    return this.map.get(key);
  }
  set(key: string, issue: CachedIssue): Promise<void> {
    this.sets++;
    this.saves++;
    this.map.set(key, issue);
    return Promise.resolve();
  }
  setMany(entries: readonly (readonly [string, CachedIssue])[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    this.saves++;
    for (const [key, issue] of entries) {
      this.sets++;
      this.map.set(key, issue);
    }
    return Promise.resolve();
  }
  delete(key: string): Promise<void> {
    this.saves++;
    this.map.delete(key);
    return Promise.resolve();
  }
  onChange(): () => void {
    return () => undefined;
  }
}
