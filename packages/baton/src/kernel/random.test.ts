import { describe, expect, it } from 'vitest';
import { nextFloat, nextUuid, seedRandom } from './random.js';

describe('seeded random', () => {
  it('gives the same sequence for the same seed (replay is deterministic)', () => {
    const a = seedRandom(1, 2, 3, 4);
    const b = seedRandom(1, 2, 3, 4);
    const xs = Array.from({ length: 5 }, () => nextFloat(a));
    expect(Array.from({ length: 5 }, () => nextFloat(b))).toEqual(xs);
    for (const x of xs) expect(x >= 0 && x < 1).toBe(true);
  });

  it('draws version-4 UUIDs', () => {
    const s = seedRandom(9, 8, 7, 6);
    const u = nextUuid(s);
    expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(nextUuid(s)).not.toBe(u);
  });
});
