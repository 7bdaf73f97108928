import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeNumber, numberKey } from './number.js';

describe('order-preserving number keys', () => {
  it('gives one key to every spelling of a value', () => {
    expect(numberKey('300')).toBe(numberKey('300.0'));
    expect(numberKey('300')).toBe(numberKey('3.0e2'));
    expect(numberKey('0.5')).toBe(numberKey('5e-1'));
    expect(numberKey('-0')).toBe(numberKey('0'));
  });

  it('compares exactly, without binary rounding', () => {
    expect(numberKey('0.3')).not.toBe(numberKey('0.299999'));
    expect(numberKey('4999999999.999999')! < numberKey('5000000000')!).toBe(true);
  });

  it('refuses what AWS does not compare: beyond ±5e9 or six decimals', () => {
    expect(encodeNumber('5000000000')).toMatchObject({ ok: true });
    expect(encodeNumber('-5000000000')).toMatchObject({ ok: true });
    expect(encodeNumber('5000000000.000001')).toEqual({ ok: false, reason: 'range' });
    expect(encodeNumber('123456789012')).toEqual({ ok: false, reason: 'range' });
    expect(encodeNumber('0.0000001')).toEqual({ ok: false, reason: 'precision' });
    expect(encodeNumber('27.807807921694092')).toEqual({ ok: false, reason: 'precision' });
    expect(encodeNumber('1e999999999')).toEqual({ ok: false, reason: 'range' });
  });

  it('encodes plain integers (its shortcut) as the general parser does their decimal spelling', () => {
    const integer = fc.oneof(fc.nat({ max: 9_999_999_999 }).map(String), fc.stringMatching(/^[0-9]{1,11}$/));
    fc.assert(
      fc.property(integer, (text) => {
        expect(encodeNumber(text)).toEqual(encodeNumber(`${text}.0`));
      }),
    );
  });

  it('orders keys as the numbers they encode', () => {
    const decimal = fc.integer({ min: -5_000_000_000_000, max: 5_000_000_000_000 }).map((n) => n / 1000);
    fc.assert(
      fc.property(decimal, decimal, (a, b) => {
        const ka = numberKey(String(a))!;
        const kb = numberKey(String(b))!;
        expect(Math.sign(a - b)).toBe(ka < kb ? -1 : ka > kb ? 1 : 0);
      }),
    );
  });
});
