import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AffixIndex } from './affix-index.js';

// Short strings over a small alphabet (ASCII and not, an astral character) so that affixes and
// values share heads and tails often; empty affixes included.
const text = fc
  .array(fc.constantFrom('a', 'b', '.', 'ß', 'İ', '😀', 'Z'), { maxLength: 6 })
  .map((chars) => chars.join(''));

describe('AffixIndex', () => {
  for (const side of ['prefix', 'suffix'] as const) {
    it(`finds every ${side} of a value, as a scan of all affixes does, through adds and removes`, () => {
      fc.assert(
        fc.property(
          fc.array(text, { maxLength: 30 }),
          fc.array(fc.nat(), { maxLength: 10 }),
          text,
          fc.nat(),
          (added, removed, free, pick) => {
            // Half the values extend an added affix on its open side, so that most lengths hit.
            const base = added.length > 0 && pick % 2 === 0 ? added[pick % added.length]! : '';
            const value = side === 'prefix' ? base + free : free + base;
            const index = new AffixIndex<number>(side);
            const live = new Map<number, string>();
            added.forEach((affix, i) => {
              index.add(affix, i);
              live.set(i, affix);
            });
            for (const k of removed) {
              const i = k % Math.max(added.length, 1);
              if (!live.has(i)) continue;
              index.remove(live.get(i)!, i);
              live.delete(i);
            }
            const found: (readonly number[])[] = [];
            index.collect(value, found);
            const want = [...live]
              .filter(([, affix]) => (side === 'prefix' ? value.startsWith(affix) : value.endsWith(affix)))
              .map(([i]) => i)
              .sort((a, b) => a - b);
            expect(found.flat().sort((a, b) => a - b)).toEqual(want);
          },
        ),
        { numRuns: 500 },
      );
    });
  }
});
