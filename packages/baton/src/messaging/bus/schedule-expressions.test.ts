/**
 * Schedule expressions as the user guide's "Cron expressions reference" and "Rate expressions
 * reference" describe them: the examples of those pages, the limits they state, and fire times.
 */
import { describe, expect, it } from 'vitest';
import { nextFireTime, parseScheduleExpression } from './schedule-expressions.js';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

/** The next `n` fire times after `from`, as ISO strings. */
function times(expression: string, from: string, n: number): (string | undefined)[] {
  const parsed = parseScheduleExpression(expression);
  if (!parsed) throw new Error(`${expression} did not parse`);
  const out: (string | undefined)[] = [];
  let after = at(from);
  for (let i = 0; i < n; i++) {
    const next = nextFireTime(parsed, after, at(from));
    out.push(iso(next));
    if (next === undefined) break;
    after = next;
  }
  return out;
}

describe('rate expressions', () => {
  it('take a singular unit for 1 and a plural one above (guide: rate(1 hours) and rate(5 hour) are not valid)', () => {
    for (const ok of [
      'rate(1 minute)',
      'rate(5 minutes)',
      'rate(1 hour)',
      'rate(1 day)',
      'rate(12 hours)',
      'rate(2 days)',
    ]) {
      expect(parseScheduleExpression(ok), ok).toBeDefined();
    }
    for (const bad of [
      'rate(1 hours)',
      'rate(5 hour)',
      'rate(0 minutes)',
      'rate(1 second)',
      'rate(1.5 hours)',
      'rate(-1 minute)',
      'rate(1minute)',
      'rate()',
    ]) {
      expect(parseScheduleExpression(bad), bad).toBeUndefined();
    }
  });

  it('fire a period after the schedule starts, then every period', () => {
    expect(times('rate(5 minutes)', '2024-01-01T10:02:30Z', 3)).toEqual([
      '2024-01-01T10:07:30.000Z',
      '2024-01-01T10:12:30.000Z',
      '2024-01-01T10:17:30.000Z',
    ]);
  });

  it('resume on their grid after downtime: the next time is the first one after now', () => {
    const parsed = parseScheduleExpression('rate(1 hour)')!;
    const due = at('2024-01-01T10:00:00Z');
    expect(iso(nextFireTime(parsed, at('2024-01-01T13:20:00Z'), due))).toBe('2024-01-01T14:00:00.000Z');
  });
});

describe('cron expressions', () => {
  it('run the guide examples at the times they describe (UTC)', () => {
    const from = '2024-01-01T00:00:00Z'; // a Monday
    expect(times('cron(0 10 * * ? *)', from, 2)).toEqual(['2024-01-01T10:00:00.000Z', '2024-01-02T10:00:00.000Z']);
    expect(times('cron(15 12 * * ? *)', from, 1)).toEqual(['2024-01-01T12:15:00.000Z']);
    expect(times('cron(0 18 ? * MON-FRI *)', '2024-01-05T19:00:00Z', 1)).toEqual(['2024-01-08T18:00:00.000Z']);
    expect(times('cron(0 8 1 * ? *)', from, 2)).toEqual(['2024-01-01T08:00:00.000Z', '2024-02-01T08:00:00.000Z']);
    expect(times('cron(0/15 * * * ? *)', from, 2)).toEqual(['2024-01-01T00:15:00.000Z', '2024-01-01T00:30:00.000Z']);
    expect(times('cron(0/5 8-17 ? * MON-FRI *)', from, 1)).toEqual(['2024-01-01T08:00:00.000Z']);
    expect(times('cron(0 9 ? * 2#1 *)', from, 2)).toEqual(['2024-01-01T09:00:00.000Z', '2024-02-05T09:00:00.000Z']);
  });

  it('read 1-7 as SUN-SAT, and L, W and # as the guide says', () => {
    const from = '2024-01-01T00:00:00Z';
    expect(times('cron(0 0 ? * 1 *)', from, 1)).toEqual(['2024-01-07T00:00:00.000Z']); // Sunday
    expect(times('cron(0 0 ? * SUN *)', from, 1)).toEqual(['2024-01-07T00:00:00.000Z']);
    expect(times('cron(0 0 L * ? *)', from, 2)).toEqual(['2024-01-31T00:00:00.000Z', '2024-02-29T00:00:00.000Z']);
    expect(times('cron(0 0 ? * L *)', from, 1)).toEqual(['2024-01-06T00:00:00.000Z']); // last day of the week
    expect(times('cron(0 0 ? * 6L *)', from, 1)).toEqual(['2024-01-26T00:00:00.000Z']); // last Friday
    expect(times('cron(0 0 3W * ? *)', '2024-02-01T00:00:00Z', 1)).toEqual(['2024-02-02T00:00:00.000Z']); // 3rd is a Saturday
    expect(times('cron(0 0 ? * 3#2 *)', from, 1)).toEqual(['2024-01-09T00:00:00.000Z']); // second Tuesday
    expect(times('cron(0 0 1 1 ? 2025)', from, 2)).toEqual(['2025-01-01T00:00:00.000Z', undefined]);
  });

  it('refuse what the guide rules out', () => {
    for (const bad of [
      'cron(0 10 * * * *)', // * in both day fields
      'cron(0 10 ? * ? *)', // ? in both
      'cron(0 10 1 * MON *)', // a value in both
      'cron(0 10 * * ?)', // five fields
      'cron(0 0 10 * * ? *)', // seven fields
      'cron(0 0 ? * 3#1,6#3 *)', // two '#' expressions
      'cron(0 0 1W-5 * ? 1969)', // a year before 1970
      'cron(0 0 * * ? 2200)',
      'cron(60 0 * * ? *)',
      'cron(0 24 * * ? *)',
      'cron(0 0 32 * ? *)',
      'cron(0 0 ? 13 MON *)',
      'cron(0 L * * ? *)', // L only in the day fields
      'cron(0 0 * * ? *',
      'every(5 minutes)',
    ]) {
      expect(parseScheduleExpression(bad), bad).toBeUndefined();
    }
  });
});
