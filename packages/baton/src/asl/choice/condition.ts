/**
 * The Condition of a JSONata Choice Rule (developer guide, "Choice workflow state" → "Choice
 * Rules (JSONata)"): an expression that must evaluate to true or false. Any other result fails
 * the state with States.QueryEvaluationError, naming the field as AWS does, `Choices[i]/Condition`
 * (floci-io/floci#2689 recorded AWS's field names), e.g.
 * `The JSONata expression '$states.input.n' specified for the field 'Choices[0]/Condition' returned
 * an unexpected result type. Expected 'boolean', but was 'number' for value: 1`.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import type { DiagnosticSink } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import type { EvalEnv } from '../query/env.js';
import { compileJsonataTemplate, isJsonataString, jsonataBody, unexpectedTypeMessage } from '../query/jsonata/index.js';

export type ChoiceCondition = (states: JsonObject, env: EvalEnv, now: number) => Promise<boolean>;

/** Compiles the Condition of the rule at `index` of `Choices`, found at `pointer`. */
export function compileChoiceCondition(
  condition: Json,
  index: number,
  pointer: string,
  sink: DiagnosticSink,
): ChoiceCondition {
  const field = `Choices[${index}]/Condition`;
  const evaluate = compileJsonataTemplate(condition, field, pointer, sink);
  const text = isJsonataString(condition) ? jsonataBody(condition) : JSON.stringify(condition);
  return async (states, env, now) => {
    const value = await evaluate(states, env, now);
    if (typeof value !== 'boolean') {
      throw new StatesError(StatesErrorName.QueryEvaluationError, unexpectedTypeMessage(text, field, 'boolean', value));
    }
    return value;
  };
}
