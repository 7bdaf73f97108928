/**
 * Every example of the developer guide's "Intrinsic functions" page
 * (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html), one test each,
 * with the guide's input, call and result.
 */
import { describe, expect, it } from 'vitest';
import { type Json, seedRandom } from '../../kernel/index.js';
import type { EvalEnv } from '../query/env.js';
import { parseIntrinsic } from './index.js';

function env(): EvalEnv {
  return { context: {}, variable: () => undefined, random: seedRandom(1, 2, 3, 4) };
}

function run(text: string, input: Json = {}, e: EvalEnv = env()): Json {
  const call = parseIntrinsic(text);
  if (!call.ok) throw new Error(call.error);
  return call.value.evaluate(input, e);
}

describe('developer guide, "Intrinsic functions"', () => {
  it('nests up to 10 calls: the myArn example parses', () => {
    const myArn =
      "States.Format('{}.{}.{}', States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 0), States.ArrayGetItem(States.StringSplit(States.ArrayGetItem(States.StringSplit($.ImageRecipe.Arn, '/'), 2), '.'), 1))";
    expect(parseIntrinsic(myArn).ok).toBe(true);
    const twoParts = myArn.replace("'{}.{}.{}'", "'{}.{}'");
    const input = { ImageRecipe: { Arn: 'arn:aws:imagebuilder:us-east-1:111111111111:image-recipe/recipe/1.2.3' } };
    expect(run(twoParts, input)).toBe('1.2');
  });

  it('States.Format with a literal template and with a template from the input', () => {
    const input = { name: 'Arnav', template: 'Hello, my name is {}.' };
    expect(run("States.Format('Hello, my name is {}.', $.name)", input)).toBe('Hello, my name is Arnav.');
    expect(run('States.Format($.template, $.name)', input)).toBe('Hello, my name is Arnav.');
  });

  it("reserved characters: \\' \\{ \\} and \\\\ stand for themselves", () => {
    expect(run("States.Format('It\\'s \\{not\\} {} \\\\', $.x)", { x: 'X' })).toBe("It's {not} X \\");
    expect(run("States.Array('\\{\\}')")).toEqual(['{}']);
  });

  it('States.StringToJson', () => {
    expect(run('States.StringToJson($.escapedJsonString)', { escapedJsonString: '{"foo": "bar"}' })).toEqual({
      foo: 'bar',
    });
  });

  it('States.JsonToString', () => {
    expect(run('States.JsonToString($.unescapedJson)', { unescapedJson: { foo: 'bar' } })).toBe('{"foo":"bar"}');
  });

  it('States.Array', () => {
    expect(run('States.Array($.Id)', { Id: 123456 })).toEqual([123456]);
  });

  it('States.ArrayPartition', () => {
    expect(run('States.ArrayPartition($.inputArray,4)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toEqual([
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]);
  });

  it('States.ArrayContains', () => {
    const input = { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], lookingFor: 5 };
    expect(run('States.ArrayContains($.inputArray, $.lookingFor)', input)).toBe(true);
  });

  it('States.ArrayRange', () => {
    expect(run('States.ArrayRange(1, 9, 2)')).toEqual([1, 3, 5, 7, 9]);
  });

  it('States.ArrayGetItem', () => {
    const input = { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9], index: 5 };
    expect(run('States.ArrayGetItem($.inputArray, $.index)', input)).toBe(6);
  });

  it('States.ArrayLength', () => {
    expect(run('States.ArrayLength($.inputArray)', { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] })).toBe(9);
  });

  it('States.ArrayUnique', () => {
    expect(run('States.ArrayUnique($.inputArray)', { inputArray: [1, 2, 3, 3, 3, 3, 3, 3, 4] })).toEqual([1, 2, 3, 4]);
  });

  it('States.Base64Encode and States.Base64Decode', () => {
    expect(run('States.Base64Encode($.input)', { input: 'Data to encode' })).toBe('RGF0YSB0byBlbmNvZGU=');
    expect(run('States.Base64Decode($.base64)', { base64: 'RGF0YSB0byBlbmNvZGU=' })).toBe('Data to encode');
  });

  it('States.Hash', () => {
    const input = { Data: 'input data', Algorithm: 'SHA-1' };
    expect(run('States.Hash($.Data, $.Algorithm)', input)).toBe('aaff4a450a104cd177d28d18d74485e8cae074b7');
  });

  it('States.JsonMerge is shallow', () => {
    const input = { json1: { a: { a1: 1, a2: 2 }, b: 2 }, json2: { a: { a3: 1, a4: 2 }, c: 3 } };
    expect(run('States.JsonMerge($.json1, $.json2, false)', input)).toEqual({ a: { a3: 1, a4: 2 }, b: 2, c: 3 });
  });

  it('States.MathRandom returns an integer in range; the same seed gives the same number', () => {
    const value = run('States.MathRandom($.start, $.end)', { start: 1, end: 999 });
    expect(Number.isInteger(value) && (value as number) >= 1 && (value as number) < 999).toBe(true);
    const seeded = 'States.MathRandom($.start, $.end, 1234)';
    expect(run(seeded, { start: 1, end: 999 })).toBe(run(seeded, { start: 1, end: 999 }, env()));
  });

  it('States.MathAdd', () => {
    expect(run('States.MathAdd($.value1, $.step)', { value1: 111, step: -1 })).toBe(110);
  });

  it('States.StringSplit splits at each delimiter character', () => {
    expect(run('States.StringSplit($.inputString, $.splitter)', { inputString: '1,2,3,4,5', splitter: ',' })).toEqual([
      '1',
      '2',
      '3',
      '4',
      '5',
    ]);
    const input = { inputString: 'This.is+a,test=string', splitter: '.+,=' };
    expect(run('States.StringSplit($.inputString, $.splitter)', input)).toEqual(['This', 'is', 'a', 'test', 'string']);
  });

  it('States.UUID returns a version-4 UUID drawn from the execution generator', () => {
    const a = run('States.UUID()', {}, env());
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(run('States.UUID()', {}, env())).toBe(a);
  });
});
