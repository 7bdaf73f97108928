/**
 * SNS delivery policies (developer guide, "Amazon SNS message delivery retries"): the phases of
 * the AWS-managed policy, the HTTP/S default, and AWS's limits on a custom healthyRetryPolicy.
 */
import { describe, expect, it } from 'vitest';
import { HTTP_RETRY_POLICY, MANAGED_RETRY_POLICY, mergeRetryPolicy, type RetryPolicy, retryDelayMs } from './retry.js';

const delays = (policy: RetryPolicy, retries: number) =>
  Array.from({ length: retries }, (_, i) => retryDelayMs(policy, i + 1));

describe('delivery policies', () => {
  it('retries HTTP/S endpoints three times, 20 seconds apart, by default', () => {
    expect(delays(HTTP_RETRY_POLICY, 4)).toEqual([20_000, 20_000, 20_000, undefined]);
  });

  it('gives AWS-managed endpoints 100,015 attempts: immediate, pre-backoff, backoff, post-backoff', () => {
    const first = delays(MANAGED_RETRY_POLICY, 15);
    // With the first delivery, three attempts without delay, then two 1 s apart.
    expect(first.slice(0, 4)).toEqual([0, 0, 1000, 1000]);
    // Ten backoff retries growing from 1 s to 20 s.
    const backoff = first.slice(4, 14) as number[];
    expect(backoff[0]).toBe(1000);
    expect(backoff[9]).toBe(20_000);
    for (let i = 1; i < backoff.length; i++) expect(backoff[i]!).toBeGreaterThanOrEqual(backoff[i - 1]!);
    expect(first[14]).toBe(20_000);
    expect(retryDelayMs(MANAGED_RETRY_POLICY, 100_014)).toBe(20_000);
    expect(retryDelayMs(MANAGED_RETRY_POLICY, 100_015)).toBeUndefined();
  });

  it('interpolates each backoff function from the minimum to the maximum delay', () => {
    for (const backoffFunction of ['linear', 'arithmetic', 'geometric', 'exponential'] as const) {
      const policy = { ...HTTP_RETRY_POLICY, minDelayTarget: 2, maxDelayTarget: 30, numRetries: 6, backoffFunction };
      const d = delays(policy, 6) as number[];
      expect(d[0], backoffFunction).toBe(2000);
      expect(d[5], backoffFunction).toBe(30_000);
      for (let i = 1; i < d.length; i++) expect(d[i]!).toBeGreaterThanOrEqual(d[i - 1]!);
    }
  });

  it('merges a custom healthyRetryPolicy and refuses what AWS refuses', () => {
    expect(mergeRetryPolicy(HTTP_RETRY_POLICY, { numRetries: 5, minDelayTarget: 1 })).toMatchObject({
      numRetries: 5,
      minDelayTarget: 1,
      maxDelayTarget: 20,
    });
    expect(mergeRetryPolicy(HTTP_RETRY_POLICY, { minDelayTarget: 0 })).toBe('minDelayTarget must be at least 1');
    expect(mergeRetryPolicy(HTTP_RETRY_POLICY, { maxDelayTarget: 3601, minDelayTarget: 1 })).toMatch(/3600/);
    expect(mergeRetryPolicy(HTTP_RETRY_POLICY, { numRetries: 101 })).toMatch(/100/);
    expect(mergeRetryPolicy(HTTP_RETRY_POLICY, { backoffFunction: 'cubic' })).toMatch(/backoffFunction/);
    expect(mergeRetryPolicy(HTTP_RETRY_POLICY, { numRetries: 1, numNoDelayRetries: 2 })).toMatch(/numNoDelayRetries/);
  });
});
