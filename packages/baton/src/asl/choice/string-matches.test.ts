/**
 * StringMatches patterns (ASL spec, "Choice State" → StringMatches) against a regular-expression
 * oracle built from the same pieces.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileStringMatches } from './string-matches.js';

/** The spec's meaning as a regex: pieces between unescaped stars, each quoted. */
function oracle(pattern: string): RegExp {
  const pieces = [''];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern[i] === '*') pieces.push('');
    else pieces[pieces.length - 1] += pattern[i] === '\\' ? pattern[++i] : pattern[i];
  }
  return new RegExp(`^${pieces.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('[\\s\\S]*')}$`);
}

describe('compileStringMatches', () => {
  it('treats only * as special', () => {
    expect(compileStringMatches('a.c')!('abc')).toBe(false);
    expect(compileStringMatches('a?c')!('abc')).toBe(false);
    expect(compileStringMatches('[ab]')!('[ab]')).toBe(true);
    expect(compileStringMatches('*')!('')).toBe(true);
    expect(compileStringMatches('**a**')!('xa')).toBe(true);
    expect(compileStringMatches('')!('')).toBe(true);
  });

  it('does not let pieces overlap the prefix or the suffix', () => {
    expect(compileStringMatches('ab*ba')!('aba')).toBe(false);
    expect(compileStringMatches('a*a*a')!('aa')).toBe(false);
    expect(compileStringMatches('a*a*a')!('aaa')).toBe(true);
  });

  it('refuses an open escape', () => {
    expect(compileStringMatches('a\\')).toBeUndefined();
  });

  it('agrees with the regex oracle', () => {
    const alphabet = fc.constantFrom('a', 'b', '*', '\\', '.');
    const pattern = fc
      .array(alphabet, { maxLength: 8 })
      .map((cs) => cs.join(''))
      .filter((p) => !/(^|[^\\])(\\\\)*\\$/.test(p));
    const text = fc.array(fc.constantFrom('a', 'b', '*', '\\', '.'), { maxLength: 10 }).map((cs) => cs.join(''));
    fc.assert(
      fc.property(pattern, text, (p, t) => {
        expect(compileStringMatches(p)!(t)).toBe(oracle(p).test(t));
      }),
      { numRuns: 3000 },
    );
  });
});
