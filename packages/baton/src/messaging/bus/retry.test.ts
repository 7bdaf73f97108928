/**
 * Retry timing (user guide, "Debugging event delivery": 24 hours and 185 attempts by default,
 * exponential back-off with jitter) and when a delivery is given up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { afterFailure, DEFAULT_BACKOFF, DEFAULT_RETRY_POLICY } from './retry.js';

const T0 = 1_700_000_000_000;

describe('retry policy', () => {
  it('backs off exponentially with jitter in [d/2, d], up to the cap', () => {
    const at = (attempts: number, random: number) =>
      afterFailure(DEFAULT_RETRY_POLICY, DEFAULT_BACKOFF, { attempts, ingestedAt: T0, now: T0, fatal: false }, random);
    expect(at(1, 0)).toEqual({ kind: 'retry', at: T0 + 500 });
    expect(at(1, 0.999_999)).toEqual({ kind: 'retry', at: T0 + 1000 });
    expect(at(4, 0)).toEqual({ kind: 'retry', at: T0 + 4000 });
    expect(at(30, 0)).toEqual({ kind: 'retry', at: T0 + DEFAULT_BACKOFF.capMs / 2 });
  });

  it('gives up when attempts, or the event age, run out; and at once for fatal errors', () => {
    const policy = { maximumRetryAttempts: 2, maximumEventAgeSeconds: 60 };
    const decide = (attempts: number, now: number, fatal = false) =>
      afterFailure(policy, DEFAULT_BACKOFF, { attempts, ingestedAt: T0, now, fatal }, 0.5);
    expect(decide(2, T0).kind).toBe('retry');
    expect(decide(3, T0)).toEqual({ kind: 'giveUp', condition: 'MaximumRetryAttempts' });
    expect(decide(1, T0 + 59_900)).toEqual({ kind: 'giveUp', condition: 'MaximumEventAgeInSeconds' });
    expect(decide(1, T0, true)).toEqual({ kind: 'giveUp', condition: 'Fatal' });
    expect(
      afterFailure(
        { ...policy, maximumRetryAttempts: 0 },
        DEFAULT_BACKOFF,
        { attempts: 1, ingestedAt: T0, now: T0, fatal: false },
        0,
      ),
    ).toEqual({
      kind: 'giveUp',
      condition: 'MaximumRetryAttempts',
    });
  });

  it('property: the next attempt is never sooner than half the back-off nor later than the cap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 185 }),
        fc.double({ min: 0, max: 0.999_999, noNaN: true }),
        (attempts, r) => {
          const d = afterFailure(
            DEFAULT_RETRY_POLICY,
            DEFAULT_BACKOFF,
            { attempts, ingestedAt: T0, now: T0, fatal: false },
            r,
          );
          if (d.kind !== 'retry') return;
          const full = Math.min(DEFAULT_BACKOFF.capMs, DEFAULT_BACKOFF.baseMs * 2 ** (attempts - 1));
          expect(d.at - T0).toBeGreaterThanOrEqual(Math.floor(full / 2));
          expect(d.at - T0).toBeLessThanOrEqual(DEFAULT_BACKOFF.capMs);
        },
      ),
    );
  });
});
