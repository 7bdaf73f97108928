/**
 * JSONata Choice Conditions: the examples of the developer guide ("Choice workflow state" →
 * "Choice Rules (JSONata)") and the cause AWS gives when a Condition is not a boolean.
 */
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, seedRandom } from '../../kernel/index.js';
import { DiagnosticSink } from '../diagnostics.js';
import { StatesError } from '../errors.js';
import type { EvalEnv } from '../query/env.js';
import { compileChoiceCondition } from './index.js';

function condition(text: Json, index = 0) {
  const sink = new DiagnosticSink();
  const evaluate = compileChoiceCondition(text, index, `/States/Check/Choices/${index}/Condition`, sink);
  return { evaluate, sink };
}

async function holds(text: string, variables: JsonObject, input: Json = {}): Promise<boolean> {
  const env: EvalEnv = { context: {}, variable: (name) => variables[name], random: seedRandom(1, 2, 3, 4) };
  return condition(text).evaluate({ input, context: {} }, env, 0);
}

describe('compileChoiceCondition', () => {
  it.each([
    ['{% $foo = 1 %}', { foo: 1 }, true],
    ["{% $type = 'local' %}", { type: 'local' }, true],
    ["{% $foo > 'MyStringABC' %}", { foo: 'MyStringABD' }, true],
    ['{% $possiblyNullValue != null and $possiblyNullValue = 42 %}', { possiblyNullValue: 42 }, true],
    ['{% $possiblyNullValue != null and $possiblyNullValue = 42 %}', { possiblyNullValue: null }, false],
  ])('guide example %s with %j is %s', async (text, variables, expected) => {
    expect(await holds(text, variables)).toBe(expected);
  });

  it('reads $states.input (recorded: scenarios test_choice_unsorted_parameters_negative)', async () => {
    expect(await holds('{% $not($states.input.result.done) %}', {}, { result: { done: false } })).toBe(true);
  });

  it('fails the state when the result is not a boolean, naming Choices[i]/Condition', async () => {
    const { evaluate } = condition('{% $states.input.n %}', 2);
    const env: EvalEnv = { context: {}, variable: () => undefined, random: seedRandom(1, 2, 3, 4) };
    await expect(evaluate({ input: { n: 1 }, context: {} }, env, 0)).rejects.toThrow(
      new StatesError(
        'States.QueryEvaluationError',
        "The JSONata expression '$states.input.n' specified for the field 'Choices[2]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 1",
      ),
    );
  });

  it('reports an expression that does not parse at its pointer', () => {
    const { sink } = condition('{% $x = %}', 1);
    expect(sink.all).toEqual([
      {
        severity: 'ERROR',
        code: 'INVALID_JSONATA_EXPRESSION',
        message: 'Unexpected end of expression',
        location: '/States/Check/Choices/1/Condition',
      },
    ]);
  });
});
