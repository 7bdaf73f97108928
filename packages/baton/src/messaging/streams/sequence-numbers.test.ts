import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSequence, encodeSequence, MAX_POSITION } from './sequence-numbers.js';

const T = 1_700_000_000_000;

describe('sequence numbers', () => {
  it("have the shape of AWS's: 56 decimal digits", () => {
    const s = encodeSequence({ shardCreatedAt: T, shardIndex: 3, position: 1n, arrivedAt: T + 5000 });
    expect(s).toMatch(/^4\d{55}$/);
  });

  it('round-trip and order like the log within a shard (string order is numeric order)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 31 - 1 }),
        fc.bigInt({ min: 0n, max: MAX_POSITION - 1000n }),
        fc.bigInt({ min: 1n, max: 1000n }),
        fc.integer({ min: 0, max: 10_000_000 }),
        (shardIndex, position, step, later) => {
          const a = { shardCreatedAt: T, shardIndex, position, arrivedAt: T + later };
          // A later record: a larger position (arriving earlier by the clock must not matter).
          const b = { ...a, position: position + step, arrivedAt: T };
          const sa = encodeSequence(a);
          const sb = encodeSequence(b);
          expect(decodeSequence(sa)).toEqual({ ...a, arrivedAt: Math.floor(a.arrivedAt / 1000) * 1000 });
          expect(sa.length).toBe(56);
          expect(sb > sa).toBe(true);
          expect(BigInt(sb) > BigInt(sa)).toBe(true);
        },
      ),
    );
  });

  it('refuses numbers that are not ours', () => {
    for (const s of ['', '0', '12', 'abc', `1${'0'.repeat(60)}`, `4${'9'.repeat(55)}`]) {
      expect(decodeSequence(s)).toBeUndefined();
    }
  });

  it('read a real AWS sequence number in the same layout', () => {
    // From the Kinesis developer guide's examples: created 2018-11-21, shard 0.
    const parts = decodeSequence('49590338271490256608559692538361571095921575989136588898');
    expect(parts && new Date(parts.shardCreatedAt).getUTCFullYear()).toBe(2018);
  });
});
