import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Json } from '../../kernel/index.js';
import { exceedsBytes, jsonByteLength } from './size.js';

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
  });

  it('applies the 256 KiB limit', () => {
    expect(exceedsBytes('x'.repeat(256 * 1024 - 2))).toBe(false);
    expect(exceedsBytes('x'.repeat(256 * 1024 - 1))).toBe(true);
  });
});
