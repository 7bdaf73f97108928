/**
 * One JSONata expression as Step Functions runs it (developer guide, "Transforming data with
 * JSONata in Step Functions"): recognised by its `{% … %}` delimiters, parsed once when the
 * definition is compiled, evaluated with no context item and only `$states` and the workflow
 * variables in scope ("Passing data between states with variables").
 *
 * Evaluation failures are thrown as `StatesError('States.QueryEvaluationError', …)` carrying
 * AWS's cause for the field the expression sits in, so callers never format messages themselves.
 */
import jsonata from 'jsonata';
import { err, type Json, type JsonObject, ok, type Result } from '../../../kernel/index.js';
import { StatesError, StatesErrorName } from '../../errors.js';
import type { EvalEnv } from '../env.js';
import { type EvaluationRuntime, installStepFunctionsDialect, RUNTIME_BINDING } from './functions.js';
import { evaluationErrorMessage, undefinedResultMessage, unsupportedResultMessage } from './messages.js';
import { readReferences } from './references.js';

/**
 * AWS's rule: a string is an expression only when the whole string starts with `{%` and ends
 * with `%}`; `" {% x %} "` (note the spaces) is a literal. The two delimiters may not overlap.
 */
export function isJsonataString(value: unknown): value is string {
  return typeof value === 'string' && value.length >= 4 && value.startsWith('{%') && value.endsWith('%}');
}

/** The expression between the delimiters, trimmed, as AWS quotes it in messages (`'$doesNotExist'`). */
export function jsonataBody(value: string): string {
  return value.slice(2, -2).trim();
}

/** The definition-time refusals, with AWS's ValidateStateMachineDefinition codes. */
export type JsonataIssueCode = 'INVALID_JSONATA_EXPRESSION' | 'UNSUPPORTED_JSONATA_EXPRESSION';

export interface JsonataIssue {
  readonly code: JsonataIssueCode;
  readonly message: string;
}

export interface JsonataExpression {
  /** The expression without its delimiters, as quoted in AWS's messages. */
  readonly text: string;
  /** The workflow variables it reads, found in its syntax tree at compile time. */
  readonly variables: readonly string[];
  /**
   * Evaluates with `states` bound to `$states` (the reserved variable: `input` and `context`
   * always, `result` in the Output and Assign of a state that produced one, `errorOutput` in a
   * Catch's) at the execution's time `now` (epoch ms). Resolves to a JSON value; rejects with a
   * `States.QueryEvaluationError` naming `field` when JSONata raises, when nothing (undefined) is
   * returned, or when the result is not JSON (a function).
   */
  evaluate(states: JsonObject, env: EvalEnv, now: number, field: string): Promise<Json>;
}

/**
 * Bounds on one evaluation, so a runaway expression fails its state instead of the engine.
 * Depth 100 is the nesting AWS accepts (100 accepted, 101 refused, as measured for
 * floci-io/floci's JsonataEvaluator). The timeout only ends infinite loops, which JSONata's tail
 * calls would otherwise run forever; it is the one wall-clock dependency, and it can only turn an
 * expression that would never finish into a failure, which history then records for replay.
 */
const LIMITS = { stack: 100, timeout: 5000 };

/** Parses `text` (the body, without delimiters). The error is the message AWS gives at definition time. */
export function compileJsonata(text: string): Result<JsonataExpression, JsonataIssue> {
  let compiled: jsonata.Expression;
  try {
    compiled = jsonata(text, LIMITS);
  } catch (e) {
    // AWS quotes JSONata's parser message without its code: `Unexpected end of expression`.
    return err({ code: 'INVALID_JSONATA_EXPRESSION', message: describe(e).message });
  }
  const references = readReferences(compiled.ast());
  if (references.topLevelName !== undefined) {
    return err({
      code: 'UNSUPPORTED_JSONATA_EXPRESSION',
      message: `Reference to '${references.topLevelName}' at the top level is not supported.`,
    });
  }
  installStepFunctionsDialect(compiled);
  return ok(new CompiledExpression(text, references.variables, compiled));
}

class CompiledExpression implements JsonataExpression {
  constructor(
    readonly text: string,
    readonly variables: readonly string[],
    private readonly compiled: jsonata.Expression,
  ) {}

  async evaluate(states: JsonObject, env: EvalEnv, now: number, field: string): Promise<Json> {
    const runtime: EvaluationRuntime = { env, now };
    const bindings: Record<string, unknown> = { states, [RUNTIME_BINDING]: runtime };
    for (const name of this.variables) {
      const value = env.variable(name);
      if (value !== undefined) bindings[name] = value;
    }
    let raw: unknown;
    try {
      raw = await this.compiled.evaluate(undefined, bindings);
    } catch (e) {
      const { code, message } = describe(e);
      throw queryError(evaluationErrorMessage(this.text, field, code, message));
    }
    const value = toJson(raw);
    if (value === undefined) throw queryError(undefinedResultMessage(this.text, field));
    if (value === UNSUPPORTED) throw queryError(unsupportedResultMessage(this.text, field));
    return value;
  }
}

function queryError(message: string): StatesError {
  return new StatesError(StatesErrorName.QueryEvaluationError, message);
}

/** JSONata throws plain objects `{code, message}`; anything else (a stack overflow) has no code. */
function describe(e: unknown): { code: string | undefined; message: string } {
  if (typeof e === 'object' && e !== null && !(e instanceof Error)) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') return { code, message: String(message) };
  }
  return { code: undefined, message: e instanceof Error ? e.message : String(e) };
}

const UNSUPPORTED = Symbol('unsupported');

/**
 * JSONata's result as plain JSON. The common case, a value that already is JSON (often a piece
 * of the input), is checked without allocating and returned as it is; otherwise a copy drops
 * JSONata's sequence markers and undefined members. A function is unsupported; a non-finite
 * number becomes the string JavaScript names it by, as AWS answers `1/0` with "Infinity".
 */
function toJson(value: unknown): Json | undefined | typeof UNSUPPORTED {
  return isJson(value) ? value : convert(value);
}

function isJson(value: unknown): value is Json {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (Array.isArray(value)) return !(value as { sequence?: boolean }).sequence && value.every(isJson);
      if (isFunctionValue(value)) return false;
      for (const key in value) if (!isJson((value as Record<string, unknown>)[key])) return false;
      return true;
    }
    default:
      return false;
  }
}

function convert(value: unknown): Json | undefined | typeof UNSUPPORTED {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : String(value);
    case 'object': {
      if (value === null) return null;
      if (isFunctionValue(value)) return UNSUPPORTED;
      if (Array.isArray(value)) {
        const out: Json[] = [];
        for (const raw of value) {
          const item = convert(raw);
          if (item === UNSUPPORTED) return UNSUPPORTED;
          if (item !== undefined) out.push(item);
        }
        return out;
      }
      const out: JsonObject = {};
      for (const [key, raw] of Object.entries(value)) {
        const item = convert(raw);
        if (item === UNSUPPORTED) return UNSUPPORTED;
        if (item !== undefined) out[key] = item;
      }
      return out;
    }
    default:
      return UNSUPPORTED;
  }
}

/** JSONata lambdas and built-in functions are objects marked by these flags. */
function isFunctionValue(value: object): boolean {
  return '_jsonata_lambda' in value || '_jsonata_function' in value;
}
