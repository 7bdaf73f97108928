/**
 * When a failed delivery is tried again (developer guide, "Amazon SNS message delivery retries"):
 * a delivery policy has four phases — immediate retries, pre-backoff retries at the minimum delay,
 * backoff retries growing from the minimum to the maximum delay, post-backoff retries at the
 * maximum delay — and gives up after `numRetries` retries. AWS-managed endpoints (SQS, Lambda, and
 * Baton's own states and events) use a fixed policy (100,015 attempts over 23 days); HTTP/S
 * endpoints use the topic's or subscription's `healthyRetryPolicy` (default: 3 retries, 20 s
 * apart). Pure: the attempt number arrives as a value.
 */

export type BackoffFunction = 'linear' | 'arithmetic' | 'geometric' | 'exponential';

/** A `healthyRetryPolicy` (delays in seconds), every field filled in. */
export interface RetryPolicy {
  readonly minDelayTarget: number;
  readonly maxDelayTarget: number;
  readonly numRetries: number;
  readonly numNoDelayRetries: number;
  readonly numMinDelayRetries: number;
  readonly numMaxDelayRetries: number;
  readonly backoffFunction: BackoffFunction;
}

/** HTTP/S default: up to three retries, 20 seconds apart. */
export const HTTP_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 20,
  maxDelayTarget: 20,
  numRetries: 3,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};

/**
 * AWS-managed endpoints: 3 immediate attempts (the first delivery among them), 2 at 1 s, 10 backing
 * off from 1 s to 20 s, 100,000 at 20 s: 100,015 attempts in all.
 */
export const MANAGED_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 1,
  maxDelayTarget: 20,
  numRetries: 100_014,
  numNoDelayRetries: 2,
  numMinDelayRetries: 2,
  numMaxDelayRetries: 100_000,
  backoffFunction: 'exponential',
};

/**
 * In-process and HTTP functions that fail: Lambda's own asynchronous-invocation retries (two more
 * attempts, one and two minutes later) stand in for the Lambda service SNS hands events to.
 */
export const FUNCTION_RETRY_POLICY: RetryPolicy = {
  minDelayTarget: 60,
  maxDelayTarget: 120,
  numRetries: 2,
  numNoDelayRetries: 0,
  numMinDelayRetries: 0,
  numMaxDelayRetries: 0,
  backoffFunction: 'linear',
};

/**
 * The delay in milliseconds before retry `retry` (1 = the first retry), or undefined once the
 * policy is spent. The backoff phase interpolates between the two delays by the named function.
 */
export function retryDelayMs(policy: RetryPolicy, retry: number): number | undefined {
  if (retry < 1 || retry > policy.numRetries) return undefined;
  const min = policy.minDelayTarget * 1000;
  const max = policy.maxDelayTarget * 1000;
  const noDelay = policy.numNoDelayRetries;
  const minPhase = noDelay + policy.numMinDelayRetries;
  const backoffEnd = policy.numRetries - policy.numMaxDelayRetries;
  if (retry <= noDelay) return 0;
  if (retry <= minPhase) return min;
  if (retry > backoffEnd) return max;
  const steps = backoffEnd - minPhase;
  const x = steps <= 1 ? 1 : (retry - minPhase - 1) / (steps - 1);
  return Math.round(min + (max - min) * shape(policy.backoffFunction, x, steps));
}

/** Maps progress x ∈ [0, 1] through the backoff phase to a fraction of the way from min to max. */
function shape(fn: BackoffFunction, x: number, steps: number): number {
  switch (fn) {
    case 'linear':
      return x;
    case 'arithmetic':
      return x * x;
    case 'geometric':
      return steps <= 1 ? 1 : (2 ** (x * (steps - 1)) - 1) / (2 ** (steps - 1) - 1);
    case 'exponential':
      return x === 0 ? 0 : (Math.exp(x * 4) - 1) / (Math.exp(4) - 1);
  }
}

const BACKOFF: ReadonlySet<string> = new Set(['linear', 'arithmetic', 'geometric', 'exponential']);

/**
 * A `healthyRetryPolicy` document over a base policy, checked against AWS's limits (minimum delay
 * at least 1 s and at most the maximum, maximum at most 3,600 s, at most 100 retries, phases that
 * fit in the retries). Returns the reason it is refused, or the merged policy.
 */
export function mergeRetryPolicy(base: RetryPolicy, given: unknown): RetryPolicy | string {
  if (given === undefined || given === null) return base;
  if (typeof given !== 'object' || Array.isArray(given)) return 'healthyRetryPolicy must be an object';
  const g = given as Record<string, unknown>;
  const merged: Record<string, unknown> = { ...base };
  for (const key of Object.keys(base)) {
    if (g[key] === undefined || g[key] === null) continue;
    if (key === 'backoffFunction') {
      if (typeof g[key] !== 'string' || !BACKOFF.has(g[key] as string))
        return `Invalid backoffFunction: ${String(g[key])}`;
    } else if (typeof g[key] !== 'number' || !Number.isInteger(g[key]) || (g[key] as number) < 0) {
      return `${key} must be a non-negative integer`;
    }
    merged[key] = g[key];
  }
  const p = merged as unknown as RetryPolicy;
  if (p.minDelayTarget < 1) return 'minDelayTarget must be at least 1';
  if (p.minDelayTarget > p.maxDelayTarget) return 'minDelayTarget must be less than or equal to maxDelayTarget';
  if (p.maxDelayTarget > 3600) return 'maxDelayTarget must be less than or equal to 3600';
  if (p.numRetries > 100) return 'numRetries must be less than or equal to 100';
  if (p.numNoDelayRetries + p.numMinDelayRetries + p.numMaxDelayRetries > p.numRetries) {
    return 'numNoDelayRetries + numMinDelayRetries + numMaxDelayRetries must be less than or equal to numRetries';
  }
  return p;
}
