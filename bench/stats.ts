// Timing helpers shared by the benchmarks: a warm-up call, then `runs` timed calls; the median with min and max.
import { performance } from "node:perf_hooks";

export interface Timing {
  medianMs: number;
  minMs: number;
  maxMs: number;
  runs: number;
}

/** Median, min and max of a list of milliseconds. */
export function summarise(ms: number[]): Timing {
  const sorted = [...ms].sort((a, b) => a - b);
  return { medianMs: sorted[Math.floor(sorted.length / 2)] ?? NaN, minMs: sorted[0] ?? NaN, maxMs: sorted[sorted.length - 1] ?? NaN, runs: sorted.length };
}

/** Times `fn` `runs` times after one untimed warm-up call (JIT and wasm tiers). */
export function time(runs: number, fn: () => unknown): Timing {
  fn();
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    ms.push(performance.now() - t0);
  }
  return summarise(ms);
}

/** MB/s (10^6 bytes per second) of `bytes` processed in `ms`. */
export const mbPerS = (bytes: number, ms: number): number => bytes / 1e6 / (ms / 1e3);
