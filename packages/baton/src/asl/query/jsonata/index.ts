/**
 * @module asl/query/jsonata
 * JSONata as Step Functions uses it: `{% … %}` detection, expressions parsed once at definition
 * time (with AWS's refusals), the Step Functions dialect ($partition, $range, $hash, $random,
 * $uuid, $parse; no $eval; $now/$millis at the execution's time), whole templates (Arguments,
 * Output, Assign, ItemSelector) compiled into one evaluator, and AWS's
 * States.QueryEvaluationError causes. Pure: imports kernel, the shared EvalEnv, asl errors and
 * diagnostics, the intrinsics' hash functions and the `jsonata` package; never the clock.
 *
 * Entry points: `compileJsonataTemplate` for any field that may hold expressions,
 * `compileJsonata` for one expression body, `isJsonataString` to tell an expression from a literal.
 */
export {
  compileJsonata,
  isJsonataString,
  type JsonataExpression,
  type JsonataIssue,
  type JsonataIssueCode,
  jsonataBody,
} from './compile.js';
export {
  evaluationErrorMessage,
  undefinedResultMessage,
  unexpectedTypeMessage,
  unsupportedResultMessage,
} from './messages.js';
export { compileJsonataTemplate, type JsonataTemplate } from './template.js';
