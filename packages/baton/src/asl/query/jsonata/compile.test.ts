/**
 * One JSONata expression: recognition, definition-time refusals, evaluation with `$states` and
 * variables, and the States.QueryEvaluationError causes. Sources: developer guide "Transforming
 * data with JSONata in Step Functions"; AWS measurements in floci-io/floci#2670, #2736, #2737, #2745.
 */
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, seedRandom } from '../../../kernel/index.js';
import { StatesError } from '../../errors.js';
import type { EvalEnv } from '../env.js';
import { compileJsonata, isJsonataString, jsonataBody } from './index.js';

function envWith(variables: JsonObject = {}): EvalEnv & { reads: string[] } {
  const reads: string[] = [];
  return {
    context: {},
    random: seedRandom(1, 2, 3, 4),
    reads,
    variable(name) {
      reads.push(name);
      return variables[name];
    },
  };
}

async function evaluate(body: string, input: Json = {}, variables: JsonObject = {}): Promise<Json> {
  const compiled = compileJsonata(body);
  if (!compiled.ok) throw new Error(compiled.error.message);
  return compiled.value.evaluate({ input, context: {} }, envWith(variables), 0, 'Output');
}

async function failure(body: string, input: Json = {}): Promise<StatesError> {
  try {
    await evaluate(body, input);
  } catch (e) {
    if (e instanceof StatesError) return e;
    throw e;
  }
  throw new Error(`expected ${body} to fail`);
}

describe('isJsonataString', () => {
  it('takes a string only when it starts with {% and ends with %}', () => {
    expect(isJsonataString('{% $states.input %}')).toBe(true);
    expect(isJsonataString('{%1%}')).toBe(true);
    // outputdecl test_base_cases[BASE_LITERALS]: padded delimiters are a literal.
    expect(isJsonataString(' {% states.input %} ')).toBe(false);
    expect(isJsonataString('$states.input')).toBe(false);
    expect(isJsonataString('{% 1')).toBe(false);
    expect(isJsonataString('{%}')).toBe(false);
    expect(isJsonataString(1)).toBe(false);
  });

  it('quotes the trimmed body, as AWS does in its messages', () => {
    expect(jsonataBody('{% $doesNotExist %}')).toBe('$doesNotExist');
  });
});

describe('compileJsonata refusals (floci-io/floci#2745, #2670)', () => {
  it.each([
    ['a[1,2)', 'Expected "]", got ","'],
    ['"unterminated', 'String literal must be terminated by a matching quote'],
    ['1 +', 'Unexpected end of expression'],
    ['$match("a", /abc', 'No terminating / in regular expression'],
  ])('%s does not parse: %s', (body, message) => {
    expect(compileJsonata(body)).toEqual({ ok: false, error: { code: 'INVALID_JSONATA_EXPRESSION', message } });
  });

  it.each([
    ['phone', 'phone'],
    ['customer.name', 'customer'],
    ['$sum(price)', 'price'],
    ['{"a": name}', 'name'],
    ['($x := 1; total)', 'total'],
    ['$states.input.n > 1 ? yes : no', 'yes'],
  ])('%s reads a field at the top level', (body, name) => {
    expect(compileJsonata(body)).toEqual({
      ok: false,
      error: {
        code: 'UNSUPPORTED_JSONATA_EXPRESSION',
        message: `Reference to '${name}' at the top level is not supported.`,
      },
    });
  });

  it.each([
    '$states.input.items[price > 5].name',
    '$states.input{type: $count($)}',
    '$map($states.input.items, function($v) { $v.price })',
    '$states.input.items^(price)',
    '$states.input ~> |a|{"b": 1}|',
  ])('accepts names whose context is not the root: %s', (body) => {
    expect(compileJsonata(body).ok).toBe(true);
  });
});

describe('evaluation', () => {
  it('sees $states and the variables, nothing else', async () => {
    expect(await evaluate('$states.input.title', { title: 'Doctor' })).toBe('Doctor');
    expect(await evaluate('$customerName', {}, { customerName: 'María' })).toBe('María');
    expect(await evaluate('$states.context', {})).toEqual({});
  });

  it('reads only the variables the expression names', async () => {
    const compiled = compileJsonata('$a & $b & $string($c)');
    if (!compiled.ok) throw new Error(compiled.error.message);
    expect(compiled.value.variables).toEqual(['a', 'b', 'c', 'string']);
    const env = envWith({ a: 'x', b: 'y', c: 1, unused: 'z' });
    expect(await compiled.value.evaluate({ input: {}, context: {} }, env, 0, 'Output')).toBe('xy1');
    expect(env.reads).not.toContain('unused');
  });

  it('keeps a variable holding null distinct from one that is absent', async () => {
    expect(await evaluate('$v = null', {}, { v: null })).toBe(true);
    expect((await failure('$v')).message).toBe(
      "The JSONata expression '$v' specified for the field 'Output' returned nothing (undefined).",
    );
  });

  it('returns plain JSON: no sequence markers, input pieces shared', async () => {
    const input = { a: [{ b: 1 }, { b: 2 }], big: { deep: [1, 2, 3] } };
    const picked = await evaluate('$states.input.a.b', input);
    expect(picked).toEqual([1, 2]);
    expect(Object.keys(picked as object)).toEqual(['0', '1']);
    expect(await evaluate('$states.input.big', input)).toBe(input.big);
  });

  it('never changes the input it reads', async () => {
    const freeze = (v: Json): Json => {
      if (typeof v === 'object' && v !== null) for (const child of Object.values(v)) freeze(child);
      return Object.freeze(v) as Json;
    };
    const input = freeze({
      items: [
        { k: 'b', n: 2 },
        { k: 'a', n: 1 },
      ],
      o: { x: 1 },
    });
    expect(await evaluate('$states.input.items^(k).n', input)).toEqual([1, 2]);
    expect(await evaluate('$merge([$states.input.o, {"y": 2}])', input)).toEqual({ x: 1, y: 2 });
    expect(await evaluate('$states.input ~> |items|{"n": n * 10}|', input)).toEqual({
      items: [
        { k: 'b', n: 20 },
        { k: 'a', n: 10 },
      ],
      o: { x: 1 },
    });
    expect(await evaluate('$append($states.input.items, [3])', input)).toHaveLength(3);
  });

  it('answers non-finite numbers with their names, as AWS does (floci-io/floci#2737)', async () => {
    expect(await evaluate('1/0')).toBe('Infinity');
  });

  it('regular expressions work (recorded: evaluate_jsonata test_base_jsonata_regular_expressions)', async () => {
    expect(await evaluate('$contains("hello$world", /^hello\\ /)')).toBe(false);
    expect(await evaluate("$contains('hello$world', /^hello\\ /)")).toBe(false);
  });
});

describe('States.QueryEvaluationError causes', () => {
  const prefix = (body: string) => `The JSONata expression '${body}' specified for the field 'Output'`;

  it('undefined (recorded: assign test_undefined_reference)', async () => {
    const e = await failure('$doesNotExist');
    expect(e.error).toBe('States.QueryEvaluationError');
    expect(e.message).toBe(`${prefix('$doesNotExist')} returned nothing (undefined).`);
    expect((await failure('$states.input.absent')).message).toBe(
      `${prefix('$states.input.absent')} returned nothing (undefined).`,
    );
  });

  it('a JSONata error: ". CODE: message"', async () => {
    expect((await failure('$abs("x")')).message).toBe(
      `${prefix('$abs("x")')} threw an error during evaluation. T0410: Argument 1 of function "abs" does not match function signature`,
    );
    expect((await failure('$sum(["a"])')).message).toBe(
      `${prefix('$sum(["a"])')} threw an error during evaluation. T0412: Argument 1 of function "sum" must be an array of "numbers"`,
    );
  });

  it('$eval is not available: T1006 (floci-io/floci#2737)', async () => {
    expect((await failure('$eval("1+1")')).message).toBe(
      `${prefix('$eval("1+1")')} threw an error during evaluation. T1006: Attempted to invoke a non-function`,
    );
  });

  it('runaway recursion fails the state instead of the engine', async () => {
    const body = `(${Array(200).fill('1').join('+')})`;
    expect((await failure(body)).message).toMatch(/threw an error during evaluation\. D1011: Stack overflow/);
  });

  it('a function is not a JSON result', async () => {
    expect((await failure('$string')).message).toBe(`${prefix('$string')} returned an unsupported result type.`);
  });
});
