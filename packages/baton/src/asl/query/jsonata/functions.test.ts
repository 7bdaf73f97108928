/**
 * The functions Step Functions adds to JSONata and its restrictions (developer guide,
 * "Transforming data with JSONata in Step Functions" → "JSONata functions provided by Step
 * Functions"); edge cases as measured against AWS in floci-io/floci#2736/#2737.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { type Json, nextFloat, nextUuid, seedRandom } from '../../../kernel/index.js';
import { StatesError } from '../../errors.js';
import type { EvalEnv } from '../env.js';
import { compileJsonata } from './index.js';

const NOW = Date.UTC(2024, 0, 2, 3, 4, 5, 678);

function env(seed = 7): EvalEnv {
  return { context: {}, variable: () => undefined, random: seedRandom(seed, 0, 0, 0) };
}

async function evaluate(body: string, input: Json = {}, at: EvalEnv = env()): Promise<Json> {
  const compiled = compileJsonata(body);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value.evaluate({ input, context: {} }, at, NOW, 'Output');
}

async function cause(body: string, input: Json = {}): Promise<string> {
  try {
    await evaluate(body, input);
  } catch (e) {
    if (e instanceof StatesError && e.error === 'States.QueryEvaluationError') return e.message;
    throw e;
  }
  throw new Error(`expected ${body} to fail`);
}

const said = (body: string, tail: string) =>
  `The JSONata expression '${body}' specified for the field 'Output' ${tail}`;

describe('$partition', () => {
  it('splits into chunks, the last one shorter (guide example)', async () => {
    expect(await evaluate('$partition([1, 2, 3, 4, 5, 6, 7, 8, 9], 3)')).toEqual([
      [1, 2, 3],
      [4, 5, 6],
      [7, 8, 9],
    ]);
    expect(await evaluate('$partition([1, 2, 3, 4], 3)')).toEqual([[1, 2, 3], [4]]);
  });

  it('rounds the size towards zero and refuses a negative one', async () => {
    expect(await evaluate('$partition([1, 2, 3], 2.9)')).toEqual([[1, 2], [3]]);
    expect(await cause('$partition([1, 2, 3], -2)')).toBe(
      said(
        '$partition([1, 2, 3], -2)',
        'threw an error during evaluation. D3137: Second argument must be zero or greater',
      ),
    );
  });

  it('answers nothing for an empty array or a zero size', async () => {
    expect(await cause('$partition([], 2)')).toBe(said('$partition([], 2)', 'returned nothing (undefined).'));
    expect(await cause('$partition([1], 0)')).toBe(said('$partition([1], 0)', 'returned nothing (undefined).'));
  });

  it('takes an array only, and two arguments at most', async () => {
    expect(await cause('$partition(5, 2)')).toBe(
      said(
        '$partition(5, 2)',
        'threw an error during evaluation. T0412: Argument 1 of function "partition" must be an array of undefined',
      ),
    );
    expect(await cause('$partition([1], 1, 1)')).toBe(
      said(
        '$partition([1], 1, 1)',
        'threw an error during evaluation. T0410: Argument 3 of function "partition" does not match function signature',
      ),
    );
  });
});

describe('$range', () => {
  it('counts from start to end by step, end included when reached (guide example)', async () => {
    expect(await evaluate('$range(0, 10, 2)')).toEqual([0, 2, 4, 6, 8, 10]);
    expect(await evaluate('$range(0, 10, 3)')).toEqual([0, 3, 6, 9]);
    expect(await evaluate('$range(10, 0, -5)')).toEqual([10, 5, 0]);
  });

  it('collapses a single element to a number and answers nothing for an impossible range', async () => {
    expect(await evaluate('$range(4, 4, 1)')).toBe(4);
    expect(await cause('$range(0, 10, -1)')).toBe(said('$range(0, 10, -1)', 'returned nothing (undefined).'));
    expect(await cause('$range(0, 10, 0)')).toBe(said('$range(0, 10, 0)', 'returned nothing (undefined).'));
  });

  it('takes numbers', async () => {
    expect(await cause('$range("a", 2, 1)')).toBe(
      said(
        '$range("a", 2, 1)',
        'threw an error during evaluation. T0410: Argument 1 of function "range" does not match function signature',
      ),
    );
  });
});

describe('$hash', () => {
  it.each([
    ['MD5', 'md5'],
    ['SHA-1', 'sha1'],
    ['SHA-256', 'sha256'],
    ['SHA-384', 'sha384'],
    ['SHA-512', 'sha512'],
  ])('%s is the hex digest of the UTF-8 bytes (guide example)', async (algorithm, node) => {
    const content = 'Hello, Step Functions — ünïcode ✓';
    expect(await evaluate(`$hash($states.input.content, '${algorithm}')`, { content })).toBe(
      createHash(node).update(content, 'utf8').digest('hex'),
    );
  });

  it('refuses an unknown algorithm by name', async () => {
    expect(await cause("$hash('a', 'SHA-3')")).toBe(
      said(
        "$hash('a', 'SHA-3')",
        "threw an error during evaluation. D3137: Hash algorithm 'SHA-3' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5",
      ),
    );
  });

  it('takes a string to hash', async () => {
    expect(await cause("$hash(1, 'MD5')")).toBe(
      said(
        "$hash(1, 'MD5')",
        'threw an error during evaluation. T0410: Argument 1 of function "hash" does not match function signature',
      ),
    );
  });
});

describe('$random', () => {
  it('draws from the execution generator without a seed, so replay repeats the number', async () => {
    const expected = nextFloat(seedRandom(7, 0, 0, 0));
    expect(await evaluate('$random()')).toBe(expected);
    expect(await evaluate('$random()')).toBe(expected);
  });

  it("with a seed answers Java's Random(seed).nextDouble(), as AWS does", async () => {
    expect(await evaluate('$random(42)')).toBe(0.7275636800328681);
    expect(await evaluate('$random($states.input.seed)', { seed: 0 })).toBe(0.730967787376657);
    expect(await evaluate('$random(42.9)')).toBe(0.7275636800328681);
  });

  it('advances the generator in place: two draws differ', async () => {
    const [a, b] = (await evaluate('[$random(), $random()]')) as number[];
    expect(a).not.toBe(b);
  });
});

describe('$uuid', () => {
  it('is a v4 UUID from the execution generator', async () => {
    const id = await evaluate('$uuid()');
    expect(id).toBe(nextUuid(seedRandom(7, 0, 0, 0)));
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('takes no argument', async () => {
    expect(await cause('$uuid(1)')).toMatch(/T0410: Argument 1 of function "uuid" does not match function signature$/);
  });
});

describe('$parse', () => {
  it('reads a JSON string (recorded: test_json_manipulation_jsonata test_parse#5)', async () => {
    expect(await evaluate('$parse($states.input.FunctionInput)', { FunctionInput: '[1, 2, "HelloWorld"]' })).toEqual([
      1,
      2,
      'HelloWorld',
    ]);
    expect(await evaluate('$parse(\'{"foo": "bar"}\').foo')).toBe('bar');
  });

  it('refuses what is not JSON', async () => {
    expect(await cause("$parse('{')")).toBe(
      said("$parse('{')", 'threw an error during evaluation. D3137: Invalid JSON'),
    );
  });
});

describe('$now and $millis', () => {
  it('return the execution time, not the host clock', async () => {
    expect(await evaluate('$now()')).toBe('2024-01-02T03:04:05.678Z');
    expect(await evaluate('$millis()')).toBe(NOW);
    expect(await evaluate("$now('[Y0001]-[M01]-[D01]')")).toBe('2024-01-02');
  });
});
