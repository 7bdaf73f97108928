/**
 * Intrinsic call syntax (ASL specification, "Intrinsic Functions"; developer guide, "Intrinsic
 * functions" → nesting limit and "Reserved characters"): what is refused when the definition is
 * created, and a property check that the parser answers every string without throwing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { seedRandom } from '../../kernel/index.js';
import { isIntrinsicCall, parseIntrinsic } from './index.js';

const nest = (depth: number) => `${'States.Array('.repeat(depth)}1${')'.repeat(depth)}`;

describe('parseIntrinsic', () => {
  it.each([
    ['States.Format(', 'Invalid argument'],
    ["States.Format('x", 'Unterminated'],
    ['States.UUID)', "Expected '(' after States.UUID"],
    ['States.UUID(,)', 'Invalid argument'],
    ['States.UUID() trailing', 'Unexpected text'],
    ['States.Array($.a) trailing', 'Unexpected text'],
    ['States.UUID($', "Expected ',' or ')'"],
    ['States.Array($.a b)', 'Invalid JSONPath'],
    ['States.Array([1,2])', 'Invalid argument'],
    ['States.Array(1.)', 'Invalid argument'],
    ['States.Array(.5)', 'Invalid argument'],
    ['States.Array(1e309)', 'Number out of range'],
    ['States.ArrayPartition($.arr, )', 'Invalid argument'],
    ["States.Base64Decode('YWJj\\nZA==')", "Invalid escape sequence '\\n'"],
    ["States.Format('it's')", 'Expected'],
    ['States.Nope(1)', 'Unsupported intrinsic function: States.Nope'],
    ['States.Format (1)', "Expected '('"],
    ['$.a', 'Expected an intrinsic function'],
    [nest(11), 'nested at most 10 deep'],
  ])('refuses %s', (text, message) => {
    const parsed = parseIntrinsic(text);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.error).toContain(message);
  });

  it('accepts 10 levels of nesting, spaces around arguments and every argument kind', () => {
    const env = {
      context: { Execution: { Name: 'run' } },
      variable: (n: string) => (n === 'v' ? 7 : undefined),
      random: seedRandom(1, 1, 1, 1),
    };
    const deep = parseIntrinsic(nest(10));
    expect(deep.ok && deep.value.evaluate({}, env)).toEqual([[[[[[[[[[1]]]]]]]]]]);
    const all = parseIntrinsic(
      "States.Array( 'a' , -1.5e2 , true , false , null , $.x , $$.Execution.Name , $v , $.list[?(@.n > 1)].n , States.Array() )",
    );
    expect(all.ok && all.value.evaluate({ x: 'X', list: [{ n: 1 }, { n: 2 }] }, env)).toEqual([
      'a',
      -150,
      true,
      false,
      null,
      'X',
      'run',
      7,
      [2],
      [],
    ]);
  });

  it('lets a path argument contain commas and parentheses inside brackets', () => {
    const env = { context: {}, variable: () => undefined, random: seedRandom(1, 1, 1, 1) };
    const call = parseIntrinsic("States.Array($['a,b'], $.c[?(@ == 'x)')].y)");
    expect(call.ok && call.value.evaluate({ 'a,b': 1, c: [] }, env)).toEqual([1, []]);
  });

  it('isIntrinsicCall recognises the States. prefix', () => {
    expect(isIntrinsicCall("States.Format('x')")).toBe(true);
    expect(isIntrinsicCall('  States.UUID()')).toBe(true);
    expect(isIntrinsicCall('$.States')).toBe(false);
  });

  it('never throws on arbitrary text (property)', () => {
    const pieces = fc.constantFrom(
      'States.',
      'Format',
      'Array',
      'UUID',
      '(',
      ')',
      ',',
      "'",
      '\\',
      '{',
      '}',
      '$',
      '$$',
      '.',
      '[',
      ']',
      '?',
      '@',
      '1',
      '-',
      'e',
      'true',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string(),
          fc.array(pieces).map((p) => p.join('')),
        ),
        (text) => {
          const parsed = parseIntrinsic(text);
          expect(typeof parsed.ok).toBe('boolean');
        },
      ),
      { numRuns: 2000 },
    );
  });
});
