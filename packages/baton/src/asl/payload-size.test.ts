import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../kernel/index.js';
import { checkedBytes, jsonByteLength, MAX_PAYLOAD_BYTES, storedBound } from './payload-size.js';

const utf8 = (v: Json) => new TextEncoder().encode(JSON.stringify(v)).length;

describe('payload size', () => {
  it('equals the UTF-8 length of JSON.stringify for any JSON value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        expect(jsonByteLength(v as Json)).toBe(utf8(v as Json));
      }),
    );
  });

  it('counts escapes, surrogate pairs and lone surrogates as JSON.stringify writes them', () => {
    for (const s of ['"\\\n\t\u0001', 'é€😀', '\ud800x', `${'x'.repeat(300)}\u0000`])
      expect(jsonByteLength(s)).toBe(utf8(s));
  });

  it('stays right when a measured object is reused inside a bigger one', () => {
    const inner = { a: 'x'.repeat(1000), b: [1, 2, 3] };
    jsonByteLength(inner);
    const outer = { inner, again: inner, n: null };
    expect(jsonByteLength(outer)).toBe(utf8(outer));
    expect(jsonByteLength({ outer, small: { b: inner.b } })).toBe(utf8({ outer, small: { b: inner.b } }));
  });

  it('takes a bound within the quota as it is and measures the value otherwise', () => {
    const big = 'x'.repeat(MAX_PAYLOAD_BYTES);
    expect(checkedBytes(big, 10)).toBe(10);
    for (const unknown of [Number.POSITIVE_INFINITY, Number.NaN, MAX_PAYLOAD_BYTES + 1])
      expect(checkedBytes(big, unknown)).toBe(MAX_PAYLOAD_BYTES + 2);
  });

  it('reads a bound that went through JSON, or was never stored, as unknown', () => {
    const stored = JSON.parse(JSON.stringify({ inputBytes: Number.POSITIVE_INFINITY })) as { inputBytes: null };
    expect(storedBound(stored.inputBytes)).toBe(Number.POSITIVE_INFINITY);
    expect(storedBound(undefined)).toBe(Number.POSITIVE_INFINITY);
    expect(storedBound(12)).toBe(12);
  });
});
