/** The rate limiter of API destinations: calls spaced evenly at InvocationRateLimitPerSecond. */
import { describe, expect, it } from 'vitest';
import { RateLimiter } from './api-destinations.js';

describe('RateLimiter', () => {
  it('lets the first call go at once and spaces the next ones by 1/rate seconds', () => {
    const limiter = new RateLimiter(4);
    expect([0, 0, 0, 0].map((now) => limiter.reserve(now))).toEqual([0, 250, 500, 750]);
  });

  it('does not bank unused time: after a pause, calls are spaced again from now', () => {
    const limiter = new RateLimiter(2);
    expect(limiter.reserve(0)).toBe(0);
    expect(limiter.reserve(10_000)).toBe(0);
    expect(limiter.reserve(10_000)).toBe(500);
  });
});
