/**
 * The examples of the developer guide pages this module implements, each under the section it
 * comes from: "Transforming data with JSONata in Step Functions" (transforming-data.html) and
 * "Passing data between states with variables" (workflow-variables.html). The JSONata functions
 * section is covered in functions.test.ts and the JSONPath-to-JSONata sample in template.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, seedRandom } from '../../../kernel/index.js';
import { DiagnosticSink } from '../../diagnostics.js';
import type { EvalEnv } from '../env.js';
import { compileJsonataTemplate } from './index.js';

function evaluate(template: Json, states: JsonObject, variables: JsonObject = {}, field = 'Output'): Promise<Json> {
  const env: EvalEnv = { context: {}, variable: (name) => variables[name], random: seedRandom(1, 1, 1, 1) };
  return compileJsonataTemplate(template, field, '/States/S', new DiagnosticSink())(states, env, 0);
}

describe('workflow-variables: "Conceptual overview of variables"', () => {
  it('assigns constants and reads them back as $name', async () => {
    const assign = { productName: 'product1', count: 42, available: true };
    expect(await evaluate(assign, { input: {}, context: {} }, {}, 'Assign')).toBe(assign);
    expect(await evaluate('{% $productName %}', { input: {}, context: {} }, assign)).toBe('product1');
  });
});

describe('workflow-variables: "Reserved variable: $states"', () => {
  const states = {
    input: { orderId: 'o-1', items: [{ price: 3 }, { price: 4 }] },
    result: { Payload: { status: 'PAID' } },
    errorOutput: { Error: 'States.TaskFailed', Cause: 'boom' },
    context: { Execution: { Name: 'exec-1' }, State: { Name: 'S' } },
  };

  it('exposes the original input, the result, the error output and the context object', async () => {
    expect(
      await evaluate(
        {
          order: '{% $states.input.orderId %}',
          total: '{% $sum($states.input.items.price) %}',
          status: '{% $states.result.Payload.status %}',
          error: '{% $states.errorOutput.Error %}',
          execution: '{% $states.context.Execution.Name %}',
        },
        states,
      ),
    ).toEqual({ order: 'o-1', total: 7, status: 'PAID', error: 'States.TaskFailed', execution: 'exec-1' });
  });

  it('$states.result is undefined where the state has produced none', async () => {
    await expect(evaluate('{% $states.result %}', { input: {}, context: {} })).rejects.toThrow(
      "The JSONata expression '$states.result' specified for the field 'Output' returned nothing (undefined).",
    );
  });
});

describe('transforming-data: "Handling errors" (States.QueryEvaluationError)', () => {
  it('a type error: {% $x + $y %} with a string operand', async () => {
    await expect(evaluate('{% $x + $y %}', { input: {}, context: {} }, { x: 1, y: 'two' })).rejects.toThrow(
      "The JSONata expression '$x + $y' specified for the field 'Output' threw an error during evaluation. T2002: The right side of the \"+\" operator must evaluate to a number",
    );
  });

  it('a failure to return a result: {% $data.thisFieldDoesNotExist %}', async () => {
    await expect(
      evaluate('{% $data.thisFieldDoesNotExist %}', { input: {}, context: {} }, { data: {} }),
    ).rejects.toThrow(
      "The JSONata expression '$data.thisFieldDoesNotExist' specified for the field 'Output' returned nothing (undefined).",
    );
  });
});

describe('transforming-data: "Writing JSONata expressions"', () => {
  it('uses single-quoted strings, operators and local variables in a block', async () => {
    expect(await evaluate("{% 'Hello ' & $states.input.name %}", { input: { name: 'Ana' }, context: {} })).toBe(
      'Hello Ana',
    );
    expect(
      await evaluate('{% ($total := $sum($states.input.n); $total * 2) %}', { input: { n: [1, 2] }, context: {} }),
    ).toBe(6);
  });

  it('merges objects built from the input (recorded: evaluate_jsonata test_merge_with_dynamic_args)', async () => {
    const input = { part1: { hello: 'world' }, part2: { foo: 'bar' } };
    expect(await evaluate('{% $merge([$states.input.part1, $states.input.part2]) %}', { input, context: {} })).toEqual({
      hello: 'world',
      foo: 'bar',
    });
  });
});
