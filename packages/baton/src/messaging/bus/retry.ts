/**
 * When a failed delivery is tried again (user guide, "Debugging event delivery" and API
 * reference, RetryPolicy): by default for 24 hours and up to 185 times, with exponential back-off
 * and jitter. A delivery is given up (dead-lettered, or dropped without a DeadLetterConfig) when
 * its retries or its event's age run out, whichever comes first; errors that no retry can fix
 * (the target does not exist) give up at once. Pure: time and randomness arrive as values.
 */

export interface RetryPolicy {
  readonly maximumRetryAttempts: number;
  readonly maximumEventAgeSeconds: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maximumRetryAttempts: 185, maximumEventAgeSeconds: 86_400 };

export interface BackoffOptions {
  /** The first retry's delay before jitter (default 1 s). */
  readonly baseMs: number;
  /** The longest delay (default 8 min: 185 retries at the cap span about 24 hours). */
  readonly capMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 1000, capMs: 8 * 60 * 1000 };

export type RetryDecision =
  | { readonly kind: 'retry'; readonly at: number }
  | { readonly kind: 'giveUp'; readonly condition: 'MaximumRetryAttempts' | 'MaximumEventAgeInSeconds' | 'Fatal' };

/**
 * What to do after attempt number `attempts` (1 = the first delivery) failed at `now`.
 * `random` is a number in [0, 1): the delay is uniform in [d/2, d] for d = min(cap, base·2^(n−1)).
 */
export function afterFailure(
  policy: RetryPolicy,
  backoff: BackoffOptions,
  failure: { readonly attempts: number; readonly ingestedAt: number; readonly now: number; readonly fatal: boolean },
  random: number,
): RetryDecision {
  if (failure.fatal) return { kind: 'giveUp', condition: 'Fatal' };
  if (failure.attempts > policy.maximumRetryAttempts) return { kind: 'giveUp', condition: 'MaximumRetryAttempts' };
  const exponent = Math.min(failure.attempts - 1, 40);
  const delay = Math.min(backoff.capMs, backoff.baseMs * 2 ** exponent);
  const at = failure.now + Math.round(delay / 2 + (random * delay) / 2);
  if (at - failure.ingestedAt > policy.maximumEventAgeSeconds * 1000) {
    return { kind: 'giveUp', condition: 'MaximumEventAgeInSeconds' };
  }
  return { kind: 'retry', at };
}
