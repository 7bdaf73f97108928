/**
 * Behaviour the guide leaves open, pinned to what AWS was observed to do: causes captured from
 * real executions (floci-io/floci's AslExecutorIntrinsicMissingArgumentTest, "captured from real
 * AWS (us-east-1)"), and the AWS observations noted in public intrinsic conformance catalogs
 * (tests/support/conformance/intrinsicCases/States.*.ts). Every failure is States.Runtime.
 */
import { describe, expect, it } from 'vitest';
import { type Json, seedRandom } from '../../kernel/index.js';
import { StatesError } from '../errors.js';
import type { EvalEnv } from '../query/env.js';
import { parseIntrinsic } from './index.js';

const env = (context: Json = {}): EvalEnv => ({ context, variable: () => undefined, random: seedRandom(5, 6, 7, 8) });

function run(text: string, input: unknown = {}, e: EvalEnv = env()): Json {
  const call = parseIntrinsic(text);
  if (!call.ok) throw new Error(call.error);
  return call.value.evaluate(input as Json, e);
}

function failure(text: string, input: unknown = {}): StatesError {
  try {
    run(text, input);
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error(`${text} did not fail`);
}

const invalid = (text: string, name: string) =>
  `The function '${text}' had the following error: Invalid arguments in ${name}`;

describe('argument paths that find nothing', () => {
  it("names the whole expression as written and the state input (AWS's cause)", () => {
    const e = failure("States.Format('{}',$.nope)", { other: 1 });
    expect(e.error).toBe('States.Runtime');
    expect(e.message).toBe(
      "The function 'States.Format('{}',$.nope)' had the following error: The JsonPath argument for the field '$.nope' could not be found in the input '{\"other\":1}'",
    );
  });

  it('names the failing argument, also inside a nested call', () => {
    expect(failure("States.Format('{} {}', $.other, $.a.b)", { other: 1 }).message).toContain("field '$.a.b'");
    expect(failure("States.Format('{}', States.Format('{}', $.nope))", { other: 1 }).message).toMatch(
      /^The function 'States\.Format\('\{\}', States\.Format\('\{\}', \$\.nope\)\)'/,
    );
  });

  it('reports a $$ path as $… and still quotes the state input', () => {
    const call = parseIntrinsic("States.Format('{}', $$.Nope.Deep)");
    expect(call.ok && (() => call.value.evaluate({ other: 1 }, env({ State: { Name: 'P' } })))).toThrowError(
      "The function 'States.Format('{}', $$.Nope.Deep)' had the following error: The JsonPath argument for the field '$.Nope.Deep' could not be found in the input '{\"other\":1}'",
    );
  });

  it('treats an index past the end as a miss (a plain "v.$" path reads null there)', () => {
    expect(failure("States.Format('{}', $.items[5])", { items: [1, 2] }).message).toContain("field '$.items[5]'");
    expect(failure("States.Format('{}', $.items[5].x)", { items: [1] }).message).toContain("field '$.items[5].x'");
  });

  it('formats an explicit null, reads $ whole, and gives [] for a wildcard matching nothing', () => {
    expect(run("States.Format('{}', $.nul)", { nul: null })).toBe('null');
    expect(run('States.JsonToString($)', { other: 1 })).toBe('{"other":1}');
    expect(run('States.ArrayLength($.items[*].nope)', { items: [1, 2] })).toBe(0);
  });
});

describe('arguments that do not fit fail when the call runs', () => {
  it.each([
    ['States.JsonToString()', 'States.JsonToString'],
    ['States.StringToJson($.a, $.b)', 'States.StringToJson'],
    ["States.Hash('hello')", 'States.Hash'],
    ['States.MathAdd(1)', 'States.MathAdd'],
    ["States.MathAdd(1, 'NOT A NUMBER')", 'States.MathAdd'],
    ["States.ArrayLength('not-array')", 'States.ArrayLength'],
  ])('%s', (text, name) => {
    expect(parseIntrinsic(text).ok).toBe(true);
    const e = failure(text, { a: '{}', b: 'x' });
    expect([e.error, e.message]).toEqual(['States.Runtime', invalid(text, name)]);
  });

  it('States.UUID ignores any arguments', () => {
    expect(run("States.UUID('x', 1, null)")).toMatch(/^[0-9a-f-]{36}$/);
  });
});

describe('numbers where an integer is wanted are cut towards zero (MathAdd rounds)', () => {
  it('ArrayPartition, ArrayGetItem, ArrayRange', () => {
    const arr = { arr: [1, 2, 3, 4, 5] };
    expect(run('States.ArrayPartition($.arr, 2.6)', arr)).toEqual([[1, 2], [3, 4], [5]]);
    expect(() => run('States.ArrayPartition($.arr, 0.6)', arr)).toThrow('Invalid arguments in States.ArrayPartition');
    expect(run('States.ArrayGetItem($.arr, 1.2)', arr)).toBe(2);
    expect(run('States.ArrayRange(1.6, 1.4, 1)')).toEqual([1]);
    expect(run('States.ArrayRange(5.4, -0.6, -2.4)')).toEqual([5, 3, 1]);
    expect(() => run('States.ArrayRange(1, 10, 0.49)')).toThrow('Invalid arguments in States.ArrayRange');
  });

  it('MathAdd rounds halves upwards and stays within 32-bit ints', () => {
    expect(run('States.MathAdd(1.6, 2.7)')).toBe(5);
    expect(run('States.MathAdd(-1.5, -1.51)')).toBe(-3);
    expect(run('States.MathAdd(2147483646, 1)')).toBe(2147483647);
    expect(() => run('States.MathAdd(2147483647, 1)')).toThrow('Invalid arguments in States.MathAdd');
    expect(() => run('States.MathAdd(3000000000, -1)')).toThrow('Invalid arguments in States.MathAdd');
    expect(() => run("States.MathAdd('1', 2)")).toThrow('Invalid arguments in States.MathAdd');
  });

  it('MathRandom draws from [start, end) after cutting, and refuses an empty range', () => {
    for (let i = 0; i < 50; i++) {
      const v = run('States.MathRandom(1.6, 5.4)', {}, env()) as number;
      expect(v >= 1 && v < 5).toBe(true);
    }
    expect(() => run('States.MathRandom(1.4, 1.6)')).toThrow('Invalid arguments in States.MathRandom');
    expect(() => run('States.MathRandom(10, 5)')).toThrow('Invalid arguments in States.MathRandom');
    expect(() => run('States.MathRandom(1, 10, null)')).toThrow('Invalid arguments in States.MathRandom');
  });

  it("a seed gives Java's number: seed 42 over [-5, 5) is -5 on AWS", () => {
    expect(run('States.MathRandom(-5, 5, 42)')).toBe(-5);
    expect(run('States.MathRandom(1, 100, 42)')).toBe(run('States.MathRandom(1, 100, 42)'));
  });
});

describe('States.ArrayGetItem bounds', () => {
  it('fails below zero or past the end, but answers null on an empty array', () => {
    expect(() => run('States.ArrayGetItem($.arr, 3)', { arr: [10, 20, 30] })).toThrow('Invalid arguments');
    expect(() => run('States.ArrayGetItem($.arr, -1)', { arr: [10, 20, 30] })).toThrow('Invalid arguments');
    expect(run('States.ArrayGetItem($.arr, 999)', { arr: [] })).toBeNull();
  });
});

describe('States.ArrayContains compares Java text', () => {
  it.each([
    [[{ a: 1, b: 2 }], { b: 2, a: 1 }, false],
    [['-1', '9007199254740991'], 9007199254740991, true],
    [['true', 'false'], true, true],
    [[0, 1, -1, -1.5], false, false],
    [[null, '', ' ', 0, 1, true, false, [0, 1, false]], [0, 1, false], true],
    [[{ a: 1 }], { a: 1, extra: null }, false],
  ] as const)('%j contains %j: %s', (arr, target, expected) => {
    expect(run('States.ArrayContains($.arr, $.target)', { arr, target })).toBe(expected);
  });
});

describe('States.ArrayUnique returns Java HashSet order', () => {
  it.each([
    [
      [true, false, true, false],
      [false, true],
    ],
    [
      [
        [1, 2],
        [1, 2],
        [2, 1],
      ],
      [
        [2, 1],
        [1, 2],
      ],
    ],
    [
      [null, null, 1, null],
      [null, 1],
    ],
    [
      [1, '1', 1, '01'],
      [1, '1', '01'],
    ],
    [
      ['a', 'b', 'a', 'c', 'b'],
      ['a', 'b', 'c'],
    ],
    [
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [{ a: 1, b: 2 }],
    ],
  ] as const)('%j → %j', (arr, expected) => {
    expect(run('States.ArrayUnique($.arr)', { arr })).toEqual(expected);
  });
});

describe('strings and JSON', () => {
  it('StringSplit drops empty pieces', () => {
    expect(run("States.StringSplit($.s, ',')", { s: ',a,,b,' })).toEqual(['a', 'b']);
    expect(run("States.StringSplit($.s, ',')", { s: '' })).toEqual([]);
    expect(run("States.StringSplit($.s, 'ab')", { s: '1a2b3ab4' })).toEqual(['1', '2', '3', '4']);
    expect(() => run("States.StringSplit($.s, ',')", { s: 123 })).toThrow('Invalid arguments');
  });

  it('StringToJson: blank is null, surrounding space is fine, malformed or non-string fails', () => {
    expect(run('States.StringToJson($.s)', { s: '' })).toBeNull();
    expect(run('States.StringToJson($.s)', { s: ' {"a":1} ' })).toEqual({ a: 1 });
    expect(() => run('States.StringToJson($.s)', { s: '{bad json}' })).toThrow('Invalid arguments');
    expect(() => run('States.StringToJson($.s)', { s: 'undefined' })).toThrow('Invalid arguments');
    expect(() => run('States.StringToJson($.s)', { s: { a: 1 } })).toThrow('Invalid arguments');
  });

  it("JsonToString of a literal; JsonMerge refuses deep mode but reads 'false' as shallow", () => {
    expect(run("States.JsonToString('x')")).toBe('"x"');
    expect(run('States.JsonMerge($.a, $.b, $.deep)', { a: { x: 1 }, b: { y: 2 }, deep: 'false' })).toEqual({
      x: 1,
      y: 2,
    });
    expect(() => run('States.JsonMerge($.a, $.b, true)', { a: {}, b: {} })).toThrow('Invalid arguments');
    expect(() => run('States.JsonMerge($.a, $.b, false)', { a: null, b: {} })).toThrow('Invalid arguments');
  });

  it('JsonMerge keeps a "__proto__" member as plain data', () => {
    const input = JSON.parse('{"a":{"__proto__":{"polluted":true}},"b":{"x":1}}') as Json;
    const merged = run('States.JsonMerge($.a, $.b, false)', input) as Record<string, Json>;
    expect(Object.hasOwn(merged, '__proto__')).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('Format: quotes, whitespace, nested calls; a lone brace or a count mismatch fails', () => {
    expect(
      run("States.Format('Name: \\'{}\\', Surname: \"{}\"', $.name, $.surname)", { name: 'Gabriel', surname: 'M' }),
    ).toBe('Name: \'Gabriel\', Surname: "M"');
    expect(run("States.Format('  {}  ', 'x')")).toBe('  x  ');
    expect(run("States.Format('arn:{}:{}', 'lambda', States.JsonToString($.o))", { o: { k: 1 } })).toBe(
      'arn:lambda:{"k":1}',
    );
    expect(run("States.Format('{}|{}|{}|{}', null, false, 3.5, 0.00001)")).toBe('null|false|3.5|1.0E-5');
    for (const text of [
      "States.Format('{} {}', 'x')",
      "States.Format('{}', 'x', 'y')",
      "States.Format('Hello {', 'x')",
    ]) {
      expect(failure(text).message).toBe(invalid(text, 'States.Format'));
    }
    expect(() => run("States.Format('Hello {{}}', 'x')")).toThrow('Invalid arguments');
    expect(() => run("States.Format('}')")).toThrow('Invalid arguments');
    expect(() => run('States.Format($.t, 1)', { t: 123 })).toThrow('Invalid arguments');
  });
});

describe('Base64 and Hash', () => {
  it('encodes UTF-8 and accepts up to 10,000 characters', () => {
    expect(run("States.Base64Encode('✓')")).toBe('4pyT');
    expect(run("States.Base64Encode('🚀')")).toBe('8J+agA==');
    expect(run("States.Base64Decode('44GT44KT44Gr44Gh44Gv')")).toBe('こんにちは');
    expect(typeof run('States.Base64Encode($.s)', { s: 'a'.repeat(10_000) })).toBe('string');
    expect(() => run('States.Base64Encode($.s)', { s: 'a'.repeat(10_001) })).toThrow('Invalid arguments');
    expect(() => run('States.Base64Decode($.s)', { s: 'A'.repeat(10_001) })).toThrow('Invalid arguments');
    expect(() => run('States.Base64Encode(123)')).toThrow('Invalid arguments');
  });

  it('decodes leniently: stray characters skipped, stops at padding, partial groups kept', () => {
    expect(run("States.Base64Decode(' YWJjZA== ')")).toBe('abcd');
    expect(run("States.Base64Decode('ab==cd')")).toBe(run("States.Base64Decode('ab')"));
    expect(typeof run("States.Base64Decode('!!!invalid!!!')")).toBe('string');
    expect(run("States.Base64Decode('YWJjAGRlZg==')")).toBe('abc\u0000def');
  });

  it('hashes with the five algorithms spelled exactly, data by its text', () => {
    expect(run("States.Hash('hello', 'MD5')")).toBe('5d41402abc4b2a76b9719d911017c592');
    expect(run("States.Hash('hello', 'SHA-256')")).toBe(
      '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824',
    );
    expect(run("States.Hash('🚀', 'SHA-256')")).toBe(
      'ebbc0b2870eb323f2b6cffa5c493ceef81ae7eb36afc73d4e0367301631daec5',
    );
    expect(run("States.Hash(123, 'MD5')")).toBe(run("States.Hash('123', 'MD5')"));
    for (const algorithm of ['sha-256', 'SHA256', 'MD-5', '', 'SHA-257']) {
      expect(() => run(`States.Hash('data', '${algorithm}')`)).toThrow('Invalid arguments in States.Hash');
    }
    expect(() => run('States.Hash($.s, $.a)', { s: 'a'.repeat(10_001), a: 'MD5' })).toThrow('Invalid arguments');
  });
});
