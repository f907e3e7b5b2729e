// Bounded concurrency for note I/O. A vault holds thousands of notes; reading them all at once opens a
// file handle per note and fails with EMFILE under macOS's default limit of 256 open files (Linux: 1,024),
// and on Obsidian mobile floods the bridge to the native file system. So every vault adapter runs each
// file operation through a `ConcurrencyLimiter` of `IO_CONCURRENCY` slots (one operation holds at most
// one file handle at a time), and code that visits every note maps over them with `mapBounded`.
export { ConcurrencyLimiter } from "../concurrency/limiter";

/**
 * File operations (and note reads of a fan-out) in flight at once, per adapter. Why 32: Node runs file
 * system calls on libuv's thread pool (4 threads by default), so a few dozen operations in flight keep it
 * busy and more only queue (measured: 3,000 notes read no slower at 32 than all at once); and 32 file
 * handles leave most of the 256 of macOS's default limit to Node itself, the sockets to Jira and the
 * state files.
 */
export const IO_CONCURRENCY = 32;

/**
 * Calls `fn` on every item, at most `limit` calls pending at any moment, and resolves to the results in
 * item order (like `Promise.all(items.map(fn))`, bounded). After the first failure no further item is
 * started; the promise rejects with that error once the calls already started have settled, so no file
 * operation of it is still running when the caller goes on.
 */
export async function mapBounded<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  if (!Number.isInteger(limit) || limit < 1) throw new Error(`Concurrency limit must be a positive integer, not ${limit}`);
  const results = new Array<R>(items.length);
  let next = 0;
  const failures: unknown[] = [];
  const worker = async (): Promise<void> => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await fn(items[index] as T, index);
      } catch (error) {
        failures.push(error);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures[0];
  return results;
}
