/**
 * Timestamps against Node's Date as the oracle (allowed in tests only), the ASL spec's examples
 * ("Timestamps": `2016-03-14T01:59:00Z`) and the recorded AWS cases that reject a timestamp.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareTimestamps, formatTimestamp, parseExactTimestamp, parseTimestamp } from './timestamp.js';

const YEAR_0 = -62_167_219_200_000; // 0000-01-01T00:00:00Z
const YEAR_10000 = 253_402_300_800_000; // 10000-01-01T00:00:00Z

describe('parseTimestamp', () => {
  it('reads the ASL specification example', () => {
    expect(parseTimestamp('2016-03-14T01:59:00Z')).toBe(Date.UTC(2016, 2, 14, 1, 59));
  });

  it('applies numeric offsets', () => {
    const utc = Date.UTC(2012, 9, 9, 18, 0, 55);
    for (const text of ['2012-10-09T19:00:55+01:00', '2012-10-09T19:00:55+0100', '2012-10-09T19:00:55+01']) {
      expect(parseTimestamp(text)).toBe(utc);
    }
    expect(parseTimestamp('2012-10-09T17:30:55-00:30')).toBe(utc);
    expect(parseTimestamp('2012-10-09T19:01:00+01:00:05')).toBe(utc);
  });

  it('keeps fractions down to the nanosecond', () => {
    expect(parseExactTimestamp('2016-03-14T01:59:00.5Z')).toEqual({
      epochMillis: Date.UTC(2016, 2, 14, 1, 59, 0, 500),
      nanoOfMillis: 0,
    });
    expect(parseExactTimestamp('2016-03-14T01:59:00.123456789Z')).toEqual({
      epochMillis: Date.UTC(2016, 2, 14, 1, 59, 0, 123),
      nanoOfMillis: 456_789,
    });
    const a = parseExactTimestamp('2016-03-14T01:59:00.0001Z');
    const b = parseExactTimestamp('2016-03-14T01:59:00.0002Z');
    expect(a && b && compareTimestamps(a, b)).toBeLessThan(0);
  });

  it('accepts what Java ISO_OFFSET_DATE_TIME accepts: optional seconds, lower-case letters', () => {
    expect(parseTimestamp('2016-03-14T01:59Z')).toBe(Date.UTC(2016, 2, 14, 1, 59));
    expect(parseTimestamp('2016-03-14t01:59:00z')).toBe(Date.UTC(2016, 2, 14, 1, 59));
  });

  it.each([
    ['no zone (recorded: test_wait_timestamp_jsonata[NO_Z])', '2016-12-05T21:29:29'],
    ['hour 25 (recorded: INVALID_TIME)', '2016-12-05T25:29:29Z'],
    ['day first (recorded: TimestampPath cases)', '05-12-2016T21:29:29Z'],
    ['space instead of T (recorded)', '2016-12-05 21:29:29Z'],
    ['date only', '2023-02-24'],
    ['python isoformat', '2023-02-24 12:15:56.832957'],
    ['February 30', '2023-02-30T00:00:00Z'],
    ['February 29 of a common year', '2023-02-29T00:00:00Z'],
    ['month 13', '2023-13-01T00:00:00Z'],
    ['hour 24', '2023-01-01T24:00:00Z'],
    ['second 60', '2023-01-01T23:59:60Z'],
    ['minute 60', '2023-01-01T23:60:00Z'],
    ['ten fraction digits', '2023-01-01T00:00:00.1234567890Z'],
    ['empty fraction', '2023-01-01T00:00:00.Z'],
    ['offset past 18 hours', '2023-01-01T00:00:00+19:00'],
    ['offset with one digit', '2023-01-01T00:00:00+1:00'],
    ['mixed offset separators', '2023-01-01T00:00:00+01:0000'],
    ['trailing text', '2023-01-01T00:00:00Zx'],
    ['two-digit year', '23-01-01T00:00:00Z'],
    ['empty', ''],
  ])('rejects %s', (_why, text) => {
    expect(parseExactTimestamp(text)).toBeUndefined();
    expect(parseTimestamp(text)).toBeUndefined();
  });

  it('accepts February 29 of leap years, including 2000 and not 1900', () => {
    expect(parseTimestamp('2024-02-29T00:00:00Z')).toBeDefined();
    expect(parseTimestamp('2000-02-29T00:00:00Z')).toBeDefined();
    expect(parseTimestamp('1900-02-29T00:00:00Z')).toBeUndefined();
  });

  it('agrees with Date on every instant of years 0000–9999 written as AWS writes them', () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), (ms) => {
        const text = new Date(ms).toISOString();
        expect(parseExactTimestamp(text)).toEqual({ epochMillis: ms, nanoOfMillis: 0 });
      }),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date on offsets', () => {
    const offset = fc.tuple(
      fc.constantFrom('+', '-'),
      fc.integer({ min: 0, max: 17 }),
      fc.integer({ min: 0, max: 59 }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: YEAR_10000 - 2 * 86_400_000 }), offset, (ms, [sign, h, m]) => {
        const local = new Date(ms).toISOString().slice(0, 23);
        const zone = `${sign}${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
        expect(parseTimestamp(local + zone)).toBe(Date.parse(local + zone));
      }),
      { numRuns: 2000 },
    );
  });

  it('orders like the instants it reads', () => {
    const frac = fc.integer({ min: 0, max: 999_999_999 });
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 4_000_000_000 }),
        frac,
        fc.integer({ min: 0, max: 4_000_000_000 }),
        frac,
        (s1, n1, s2, n2) => {
          const text = (s: number, n: number) =>
            `${new Date(s * 1000).toISOString().slice(0, 19)}.${String(n).padStart(9, '0')}Z`;
          const a = parseExactTimestamp(text(s1, n1));
          const b = parseExactTimestamp(text(s2, n2));
          expect(a && b && Math.sign(compareTimestamps(a, b))).toBe(Math.sign(s1 - s2 || n1 - n2));
        },
      ),
    );
  });
});

describe('formatTimestamp', () => {
  it('writes what AWS writes in the context object', () => {
    expect(formatTimestamp(Date.UTC(2024, 0, 1))).toBe('2024-01-01T00:00:00.000Z');
    expect(formatTimestamp(0)).toBe('1970-01-01T00:00:00.000Z');
  });

  it('agrees with Date.toISOString', () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), (ms) => {
        expect(formatTimestamp(ms)).toBe(new Date(ms).toISOString());
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips through parseTimestamp', () => {
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0, max: YEAR_10000 - 1 }), (ms) => {
        expect(parseTimestamp(formatTimestamp(ms))).toBe(ms);
      }),
    );
  });
});
