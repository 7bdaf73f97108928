/**
 * Reading paths: the developer guide's examples ("Paths" / "Reference Paths", "InputPath,
 * Parameters and ResultSelector", "Passing data between states with variables", "Context
 * object"), the Jayway JsonPath README examples (the syntax Step Functions adopts: "Paths follow
 * JsonPath syntax"), and behaviour recorded against AWS in shared/conformance/asl/cases.
 */
import { describe, expect, it } from 'vitest';
import { type Json, seedRandom } from '../../../kernel/index.js';
import type { EvalEnv } from '../env.js';
import { parseJsonPath, readExisting } from './index.js';

const env: EvalEnv = {
  context: { Execution: { Id: 'arn:aws:states:us-east-1:111111111111:execution:m:run', Input: { a: 1 } } },
  variable: (name) => ({ order: { id: 7, items: [{ sku: 'x' }] }, n: 0 })[name],
  random: seedRandom(1, 2, 3, 4),
};

function read(path: string, input: unknown): Json | undefined {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value.read(input as Json, env);
}

describe('developer guide examples', () => {
  const paths = { foo: 123, bar: ['a', 'b', 'c'], car: { cdr: true } };

  it('"Reference Paths": $.foo, $.bar, $.car.cdr', () => {
    expect(read('$.foo', paths)).toBe(123);
    expect(read('$.bar', paths)).toEqual(['a', 'b', 'c']);
    expect(read('$.car.cdr', paths)).toBe(true);
  });

  it('"InputPath": a path can yield a selection ($.a[0:2]) or an object ($.dataset2)', () => {
    expect(read('$.a[0:2]', { a: [1, 2, 3, 4] })).toEqual([1, 2]);
    const input = { comment: 'Example for InputPath.', dataset1: { val1: 1 }, dataset2: { val1: 'a', val2: 'b' } };
    expect(read('$.dataset2', input)).toEqual({ val1: 'a', val2: 'b' });
  });

  it('"Parameters": paths select from the input', () => {
    const input = { product: { details: { color: 'blue', size: 'small' }, availability: 'in stock', sku: '2317' } };
    expect(read('$.product.details.size', input)).toBe('small');
    expect(read('$.product.availability', input)).toBe('in stock');
  });

  it('"ResultSelector": picks from the task result and flattens an array of arrays', () => {
    const result = { resourceType: 'elasticmapreduce', output: { ClusterId: 'AKIAIOSFODNN7EXAMPLE' } };
    expect(read('$.output.ClusterId', result)).toBe('AKIAIOSFODNN7EXAMPLE');
    expect(
      read('$[*][*]', [
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('"Context object": $$ reads the context, $$ alone is all of it', () => {
    expect(read('$$.Execution.Id', {})).toBe('arn:aws:states:us-east-1:111111111111:execution:m:run');
    expect(read('$$', {})).toEqual(env.context);
    expect(read('$$.Execution.Input.a', {})).toBe(1);
  });

  it('"Passing data between states with variables": $name and $name.path', () => {
    expect(read('$order.id', {})).toBe(7);
    expect(read('$order.items[0].sku', {})).toBe('x');
    expect(read('$n', {})).toBe(0);
    expect(read('$missing', {})).toBeUndefined();
  });
});

describe('Jayway JsonPath README examples', () => {
  const store = {
    store: {
      book: [
        { category: 'reference', author: 'Nigel Rees', title: 'Sayings of the Century', price: 8.95 },
        { category: 'fiction', author: 'Evelyn Waugh', title: 'Sword of Honour', price: 12.99 },
        { category: 'fiction', author: 'Herman Melville', title: 'Moby Dick', isbn: '0-553-21311-3', price: 8.99 },
        {
          category: 'fiction',
          author: 'J. R. R. Tolkien',
          title: 'The Lord of the Rings',
          isbn: '0-395-19395-8',
          price: 22.99,
        },
      ],
      bicycle: { color: 'red', price: 19.95 },
    },
    expensive: 10,
  };
  const titles = (path: string) => (read(path, store) as { title: string }[]).map((b) => b.title);

  it('wildcards, recursive descent, slices and unions', () => {
    expect(read('$.store.book[*].author', store)).toEqual([
      'Nigel Rees',
      'Evelyn Waugh',
      'Herman Melville',
      'J. R. R. Tolkien',
    ]);
    expect(read('$..author', store)).toHaveLength(4);
    expect(read('$.store.*', store)).toEqual([store.store.book, store.store.bicycle]);
    expect(read('$.store..price', store)).toEqual([8.95, 12.99, 8.99, 22.99, 19.95]);
    expect(titles('$..book[2]')).toEqual(['Moby Dick']);
    expect(titles('$..book[-2]')).toEqual(['Moby Dick']);
    expect(titles('$..book[0,1]')).toEqual(['Sayings of the Century', 'Sword of Honour']);
    expect(titles('$..book[:2]')).toEqual(['Sayings of the Century', 'Sword of Honour']);
    expect(titles('$..book[1:2]')).toEqual(['Sword of Honour']);
    expect(titles('$..book[-2:]')).toEqual(['Moby Dick', 'The Lord of the Rings']);
    expect(titles('$..book[2:]')).toEqual(['Moby Dick', 'The Lord of the Rings']);
    expect(titles('$.store.book[::-2]')).toEqual(['The Lord of the Rings', 'Sword of Honour']);
    expect(read('$..*', store)).toHaveLength(28);
  });

  it('filters: existence, comparison against a literal or the root, regex, logic', () => {
    expect(titles('$..book[?(@.isbn)]')).toEqual(['Moby Dick', 'The Lord of the Rings']);
    expect(titles('$.store.book[?(@.price < 10)]')).toEqual(['Sayings of the Century', 'Moby Dick']);
    expect(titles("$..book[?(@.price <= $['expensive'])]")).toEqual(['Sayings of the Century', 'Moby Dick']);
    expect(titles('$..book[?(@.author =~ /.*REES/i)]')).toEqual(['Sayings of the Century']);
    expect(titles("$..book[?(@.category == 'fiction' && !(@.isbn))]")).toEqual(['Sword of Honour']);
    expect(titles("$..book[?(@.price > 20 || @.category == 'reference')]")).toEqual([
      'Sayings of the Century',
      'The Lord of the Rings',
    ]);
    expect(titles("$..book[?(@.author in ['Nigel Rees', 'Evelyn Waugh'])]")).toHaveLength(2);
    expect(titles("$..book[?(@.author nin ['Nigel Rees'])]")).toHaveLength(3);
    expect(read('$.store.book[?(@.isbn)].price.length()', store)).toBe(2);
  });

  it('functions: length(), min(), max(), avg(), sum(), stddev()', () => {
    expect(read('$.store.book.length()', store)).toBe(4);
    expect(read('$..price.min()', store)).toBe(8.95);
    expect(read('$..price.max()', store)).toBe(22.99);
    expect(read('$..price.sum()', store)).toBeCloseTo(73.87, 10);
    expect(read('$..price.avg()', store)).toBeCloseTo(14.774, 10);
    expect(read('$.nums.stddev()', { nums: [2, 4, 4, 4, 5, 5, 7, 9] })).toBe(2);
    expect(read('$.store.bicycle.color.length()', store)).toBeNull();
    expect(read('$.nums.sum()', { nums: ['a'] })).toBeUndefined();
  });
});

describe('filter semantics (Jayway evaluators)', () => {
  const items = [{ n: 1 }, { n: '1' }, { n: 2 }, { s: 'abc' }, { tags: ['a', 'b'] }, { n: null }];
  const pick = (filter: string) => read(`$[?(${filter})]`, items);

  it('== coerces between a number and numeric text; != holds for absent members', () => {
    expect(pick('@.n == 1')).toEqual([{ n: 1 }, { n: '1' }]);
    expect(pick('@.n != 1')).toHaveLength(4);
    expect(pick('@.n == null')).toEqual([{ n: null }]);
    expect(pick('@.n')).toHaveLength(4);
  });

  it('ordering compares two numbers or two strings only', () => {
    expect(pick('@.n >= 1')).toEqual([{ n: 1 }, { n: 2 }]);
    expect(pick("@.s > 'abb'")).toEqual([{ s: 'abc' }]);
  });

  it('@ alone, @.length of an array, contains, size, empty, subsetof, anyof, noneof', () => {
    expect(read('$[?(@ > 2)]', [1, 2, 3, 4])).toEqual([3, 4]);
    expect(read('$[?(@.length > 1)]', [[1], [1, 2], 'ab'])).toEqual([[1, 2]]);
    expect(pick("@.tags contains 'a'")).toEqual([{ tags: ['a', 'b'] }]);
    expect(pick('@.tags size 2')).toHaveLength(1);
    expect(pick('@.tags empty false')).toHaveLength(1);
    expect(pick("@.tags subsetof ['a', 'b', 'c']")).toHaveLength(1);
    expect(pick("@.tags anyof ['b']")).toHaveLength(1);
    expect(pick("@.tags noneof ['c']")).toHaveLength(1);
  });

  it('a filter on an object tests the object itself', () => {
    expect(read('$.o[?(@.a == 1)]', { o: { a: 1 } })).toEqual([{ a: 1 }]);
    expect(read('$.o[?(@.a == 2)]', { o: { a: 1 } })).toEqual([]);
  });

  it('regex matches the whole text, also with the m flag', () => {
    expect(read('$[?(@ =~ /b/)]', ['abc', 'b'])).toEqual(['b']);
    expect(read('$[?(@ =~ /b$/m)]', ['b\nc', 'b'])).toEqual(['b']);
  });
});

describe('behaviour recorded against AWS', () => {
  const items = Array.from({ length: 11 }, (_, i) => ({ item_key: i }));

  it('reads $.items[10] (base__test_base: test_json_path_array_access)', () => {
    expect(read('$.items[10]', { items })).toEqual({ item_key: 10 });
  });

  it.each([
    '$.items[1:]',
    '$.items[:1]',
    '$.item.items[:1]',
    '$.item.items[1:5]',
    '$.items[*].itemValue',
    '$.items[1:].itemValue',
  ])('an indefinite path over a missing member gives [] (%s)', (path) => {
    expect(read(path, {})).toEqual([]);
  });

  it('keeps backslashes of a quoted bracket name (scenarios: ESCAPE_SEQUENCES_JSONPATH)', () => {
    expect(read(`$['Test\\""Name"']`, { 'Test\\""Name"': 'Value"\\' })).toBe('Value"\\');
  });

  it('reads an index past the end as null, but an intrinsic argument reads it as missing', () => {
    const path = parseJsonPath('$.items[5]');
    if (!path.ok) throw new Error(path.error);
    expect(path.value.read({ items: [1, 2] }, env)).toBeNull();
    expect(readExisting(path.value, { items: [1, 2] }, env)).toBeUndefined();
    expect(read('$.items[-3]', { items: [1, 2] })).toBeNull();
    expect(read('$.items[5].x', { items: [1, 2] })).toBeUndefined();
  });

  it('a final union of names merges the present members (Jayway)', () => {
    expect(read("$['a','b','c']", { a: 1, b: 2 })).toEqual({ a: 1, b: 2 });
    expect(read("$['a','b'].x", { a: { x: 1 }, b: { x: 2 } })).toEqual([1, 2]);
  });
});

describe('definite paths', () => {
  it('return undefined for anything missing and never read inherited members', () => {
    expect(read('$.a.b', { a: 1 })).toBeUndefined();
    expect(read('$.a.b', { a: null })).toBeUndefined();
    expect(read('$[0]', { a: 1 })).toBeUndefined();
    expect(read('$.constructor', {})).toBeUndefined();
    expect(read("$['__proto__']", {})).toBeUndefined();
    expect(read('$.toString', JSON.parse('{"toString":"mine"}') as Json)).toBe('mine');
  });

  it('read names Jayway allows in dot notation', () => {
    expect(read('$.delivery-partner', { 'delivery-partner': 1 })).toBe(1);
    expect(read('$.a:b', { 'a:b': 2 })).toBe(2);
    expect(read('$.["a"]', { a: 3 })).toBe(3);
  });
});
