/**
 * The causes Step Functions gives a `States.QueryEvaluationError`, word for word. The interpreter
 * prefixes each with "An error occurred while executing the state 'X' (entered at the event id
 * #N). ". `field` names the ASL field relative to the state: `Output`, `Output/result`,
 * `Assign/x`, `Arguments/a[0]`, `Items`, `Choices[1]/Condition`.
 *
 * Sources: the recorded AWS cases in the conformance corpus (undefined result: assign
 * test_undefined_reference; unexpected type: test_map_state_items_eval_jsonata_fail), and for
 * errors raised during evaluation the AWS measurements in floci-io/floci#2736 (". CODE: message"
 * after a coded JSONata error, ": message" after an uncoded one).
 */
import { type Json, jsonTypeOf } from '../../../kernel/index.js';

/** `The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).` */
export function undefinedResultMessage(expression: string, field: string): string {
  return `${opening(expression, field)} returned nothing (undefined).`;
}

/** `… returned an unexpected result type. Expected 'array', but was 'number' for value: 1` */
export function unexpectedTypeMessage(expression: string, field: string, expected: string, value: Json): string {
  return `${opening(expression, field)} returned an unexpected result type. Expected '${expected}', but was '${jsonTypeOf(value)}' for value: ${JSON.stringify(value)}`;
}

/**
 * `… threw an error during evaluation. T0410: Argument 1 of function "abs" does not match function signature`,
 * or `…: <message>` when the failure carries no JSONata code.
 */
export function evaluationErrorMessage(
  expression: string,
  field: string,
  code: string | undefined,
  message: string,
): string {
  const head = `${opening(expression, field)} threw an error during evaluation`;
  return code === undefined ? `${head}: ${message}` : `${head}. ${code}: ${message}`;
}

/**
 * A result JSON cannot carry (a function). Wording from LocalStack's AWS-derived validation
 * (`returned an unsupported result type.`), with the field named like every other cause.
 */
export function unsupportedResultMessage(expression: string, field: string): string {
  return `${opening(expression, field)} returned an unsupported result type.`;
}

function opening(expression: string, field: string): string {
  return `The JSONata expression '${expression}' specified for the field '${field}'`;
}
