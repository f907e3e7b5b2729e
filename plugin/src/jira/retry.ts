// When and how long to wait before trying a Jira call again. 429 and 503 mean Jira did not process the
// request, so every method is retried. 502, 504 and lost connections may hide a request that Jira did
// process: only idempotent methods (GET, PUT, DELETE) are retried then, never POST, which could create
// an issue or a worklog twice. Waits follow `Retry-After` (seconds or an HTTP date, capped), else
// capped exponential backoff with full jitter.
import { isIdempotent } from "./request";

export interface RetryPolicy {
  /** Total tries including the first. */
  maxAttempts: number;
  /** Backoff base: the first retry waits up to this long. */
  baseDelayMs: number;
  /** Backoff never waits longer than this. */
  maxDelayMs: number;
  /** A `Retry-After` longer than this is shortened to it. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  maxAttempts: 5,
  baseDelayMs: 1000,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
});

/** Whether a response status (or 0 for "no response") may be retried for this method. */
export function isRetryable(method: string, status: number): boolean {
  if (status === 429 || status === 503) return true;
  if (status === 0 || status === 502 || status === 504) return isIdempotent(method);
  return false;
}

/** `Retry-After` in milliseconds from `now`, or null when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | null {
  if (value === undefined) return null;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (!/[a-z]/i.test(text)) return null;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return null;
  return Math.max(0, at - now);
}

/**
 * How long to wait before retry number `retry` (1 for the first retry). `retryAfterMs` wins when given
 * (capped); otherwise full jitter: a random wait in [0, min(maxDelay, base · 2^(retry-1))).
 */
export function retryDelayMs(policy: RetryPolicy, retry: number, retryAfterMs: number | null, random: number): number {
  if (retryAfterMs !== null) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random * ceiling);
}
