/**
 * writeResultPath against the developer guide's "Specifying state output using ResultPath"
 * examples, plus the copy-on-write guarantee and the cases that cannot be applied (the caller's
 * States.ResultPathMatchFailure).
 */
import { describe, expect, it } from 'vitest';
import type { Json } from '../../../kernel/index.js';
import { parseJsonPath, parseReferencePath, writeResultPath } from './index.js';

function write(target: Json, path: string, value: Json): Json | undefined {
  const parsed = parseReferencePath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return writeResultPath(target, parsed.value, value);
}

const input = {
  comment: 'This is a test of the input and output of a Task state.',
  details: 'Default example',
  who: 'AWS Step Functions',
};
const result = 'Hello, AWS Step Functions!';

describe('developer guide, "Specifying state output using ResultPath"', () => {
  it('"$" replaces the input with the result', () => {
    expect(write(input, '$', result)).toBe(result);
  });

  it('"$.taskresult" includes the result with the input', () => {
    expect(write(input, '$.taskresult', result)).toEqual({ ...input, taskresult: result });
  });

  it('"$.strings.lambdaresult" inserts into a child node', () => {
    const withStrings = { comment: 'An input comment.', strings: { string1: 'foo', string2: 'bar' }, who: 'x' };
    expect(write(withStrings, '$.strings.lambdaresult', result)).toEqual({
      comment: 'An input comment.',
      strings: { string1: 'foo', string2: 'bar', lambdaresult: result },
      who: 'x',
    });
  });

  it('"$.comment" updates a node in place, keeping member order', () => {
    const out = write(input, '$.comment', result) as Record<string, Json>;
    expect(Object.keys(out)).toEqual(['comment', 'details', 'who']);
    expect(out.comment).toBe(result);
  });

  it('"$.error" in a Catch keeps the input beside the error', () => {
    expect(write({ foo: 'bar' }, '$.error', { Error: 'Error here' })).toEqual({
      foo: 'bar',
      error: { Error: 'Error here' },
    });
  });
});

describe('copy-on-write', () => {
  it('never mutates the target and shares the untouched subtrees', () => {
    const target = { a: { b: { c: 1 } }, keep: { big: [1, 2, 3] }, list: [{ x: 1 }, { x: 2 }] };
    const snapshot = JSON.parse(JSON.stringify(target)) as Json;
    const out = write(target, '$.a.b.d', 2) as typeof target & { a: { b: { d: number } } };
    expect(target).toEqual(snapshot);
    expect(out.keep).toBe(target.keep);
    expect(out.a.b).toEqual({ c: 1, d: 2 });
    const replaced = write(target, '$.list[1].x', 9) as typeof target;
    expect(replaced.list).toEqual([{ x: 1 }, { x: 9 }]);
    expect(replaced.list[0]).toBe(target.list[0]);
    expect(target).toEqual(snapshot);
  });

  it('adds missing intermediate objects', () => {
    expect(write({}, '$.a.b.c', 1)).toEqual({ a: { b: { c: 1 } } });
  });

  it('writes a "__proto__" member as data, and keeps one the target has', () => {
    const out = write({}, "$['__proto__'].x", 1) as Record<string, Json>;
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    const target = JSON.parse('{"__proto__":{"p":1}}') as Json;
    const kept = write(target, '$.y', 2) as Record<string, Json>;
    expect([Object.hasOwn(kept, '__proto__'), Object.getPrototypeOf(kept), kept.y]).toEqual([
      true,
      Object.prototype,
      2,
    ]);
  });
});

describe('paths that cannot be applied', () => {
  it.each([
    ['a string input', 'hello', '$.a'],
    ['an array input', [1], '$.a'],
    ['a non-object on the way', { a: 1 }, '$.a.b'],
    ['a null on the way', { a: null }, '$.a.b'],
    ['an index into a missing member', {}, '$.a[0]'],
    ['an index past the end', { a: [1] }, '$.a[1]'],
    ['a context path', {}, '$$.Execution'],
    ['a variable path', {}, '$v.a'],
  ] as const)('%s', (_why, target, path) => {
    expect(write(target as Json, path, 1)).toBeUndefined();
  });

  it('a full (non-reference) path', () => {
    const parsed = parseJsonPath('$.a[*]');
    expect(parsed.ok && writeResultPath({ a: [1] }, parsed.value, 1)).toBeUndefined();
  });
});
