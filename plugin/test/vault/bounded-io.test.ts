// mapBounded: Promise.all over a list with at most `limit` calls pending, results in order, stopping at
// the first failure (and rejecting only once the calls already started have settled); and the adapters'
// ConcurrencyLimiter giving a failed operation's slot back.
import { setImmediate } from "node:timers";
import { describe, expect, it } from "vitest";
import { ConcurrencyLimiter, IO_CONCURRENCY, mapBounded } from "../../src/vault/bounded-io";

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("mapBounded", () => {
  it("keeps at most `limit` calls pending and returns the results in item order", async () => {
    let active = 0;
    let peak = 0;
    const items = Array.from({ length: 100 }, (_, i) => i);
    const out = await mapBounded(items, 7, async (n, i) => {
      active++;
      peak = Math.max(peak, active);
      // Uneven durations, so calls finish out of order.
      for (let k = 0; k < (n * 7) % 5; k++) await tick();
      active--;
      return `${n}:${i}`;
    });
    expect(out).toEqual(items.map((n) => `${n}:${n}`));
    expect(peak).toBe(7);
  });

  it("handles fewer items than the limit, and none", async () => {
    expect(await mapBounded([1, 2], 32, (n) => Promise.resolve(n * 2))).toEqual([2, 4]);
    expect(await mapBounded([], 32, () => Promise.reject(new Error("never called")))).toEqual([]);
  });

  it("starts nothing after a failure and rejects once the started calls settled", async () => {
    const started: number[] = [];
    const settled: number[] = [];
    const run = mapBounded([0, 1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      started.push(n);
      await tick();
      if (n === 1) throw new Error("disk on fire");
      await tick();
      settled.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("disk on fire");
    expect(started).toEqual([0, 1, 2]);
    expect(settled.sort()).toEqual([0, 2]);
  });

  it("refuses a limit that is not a positive integer", async () => {
    await expect(mapBounded([1], 0, (n) => Promise.resolve(n))).rejects.toThrow(/positive integer/);
    await expect(mapBounded([1], 1.5, (n) => Promise.resolve(n))).rejects.toThrow(/positive integer/);
  });

  it("bounds note I/O at 32: far below macOS's 256 open files", () => {
    expect(IO_CONCURRENCY).toBe(32);
  });
});

describe("ConcurrencyLimiter (the adapters' slots)", () => {
  it("gives the slot of a failed operation back, so the next ones still run", async () => {
    const limiter = new ConcurrencyLimiter(1);
    const failed = limiter.run(() => Promise.reject(new Error("EACCES")));
    const next = limiter.run(() => Promise.resolve("read"));
    await expect(failed).rejects.toThrow("EACCES");
    expect(await next).toBe("read");
    expect(limiter.inFlight).toBe(0);
  });
});
