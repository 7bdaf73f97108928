import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findRange, hashKeyOf, hexRange, MAX_HASH_KEY, uniformRanges } from './hash-keys.js';

describe('hash keys', () => {
  it('are the MD5 of the partition key as a 128-bit integer', () => {
    // md5('a') = 0cc175b9c0f1b6a831c399e269772661
    expect(BigInt(`0x${hashKeyOf('a')}`)).toBe(0x0cc175b9c0f1b6a831c399e269772661n);
  });

  it('lay out uniform ranges as CreateStream does (AWS: 3 shards end at …070484, …140969, 2^128-1)', () => {
    expect(uniformRanges(3).map((r) => r.endingHashKey)).toEqual([
      '113427455640312821154458202477256070484',
      '226854911280625642308916404954512140969',
      '340282366920938463463374607431768211455',
    ]);
    expect(uniformRanges(1)).toEqual([{ startingHashKey: '0', endingHashKey: MAX_HASH_KEY.toString() }]);
  });

  it('route every key to the one range holding it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 64 }), fc.string(), (count, key) => {
        const ranges = uniformRanges(count).map(hexRange);
        const hex = hashKeyOf(key);
        const i = findRange(ranges, hex);
        expect(ranges[i]!.start <= hex && hex <= ranges[i]!.end).toBe(true);
      }),
    );
  });
});
