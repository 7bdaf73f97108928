/**
 * Numeric fields that may be a constant, a `…Path` reference (JSONPath) or a JSONata expression:
 * TimeoutSeconds, HeartbeatSeconds, MaxConcurrency, ToleratedFailureCount/Percentage,
 * MaxItemsPerBatch. The messages are the ones Step Functions raises at run time.
 */
import type { Json, JsonObject, MaybePromise } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import { isJsonataString, jsonataBody, unexpectedTypeMessage } from '../query/jsonata/index.js';
import { parseReferencePath } from '../query/jsonpath/index.js';
import { compileJsonataValue } from './data-flow.js';
import type { EvalScope, QueryLanguage } from './machine.js';

export type NumberField = (input: Json, scope: EvalScope, states: JsonObject) => MaybePromise<number | undefined>;

export interface NumberRule {
  readonly integer: boolean;
  /** Checks the resolved value; returns AWS's message when it is out of range. */
  readonly range?: (n: number) => string | undefined;
}

function describe(v: Json | undefined): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

/** Numbers may arrive as numeric strings ("1") through a path; anything else is refused. */
function toNumber(v: Json | undefined, integer: boolean): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : Number.NaN;
  if (!Number.isFinite(n)) return undefined;
  return integer && !Number.isInteger(n) ? undefined : n;
}

export function compileNumberField(
  container: JsonObject,
  field: string,
  language: QueryLanguage,
  rule: NumberRule,
  pointer: string,
  sink: DiagnosticSink,
): NumberField {
  const value = container[field];
  const pathValue = container[`${field}Path`];
  const check = (n: number): number => {
    const problem = rule.range?.(n);
    if (problem) throw new StatesError(StatesErrorName.Runtime, problem);
    return n;
  };
  if (language === 'JSONata' && isJsonataString(value)) {
    const evaluate = compileJsonataValue(value, field, pointerTo(pointer, field), sink);
    return async (input, scope, states) => {
      const v = await evaluate(input, scope, states);
      const n = toNumber(typeof v === 'number' ? v : undefined, rule.integer);
      if (n === undefined) {
        throw new StatesError(
          StatesErrorName.QueryEvaluationError,
          unexpectedTypeMessage(jsonataBody(value), field, rule.integer ? 'integer' : 'number', v),
        );
      }
      return check(n);
    };
  }
  if (typeof value === 'number') return () => value;
  if (typeof pathValue === 'string') {
    const parsed = parseReferencePath(pathValue);
    if (!parsed.ok) {
      sink.schema('Value is not a Reference Path', pointerTo(pointer, `${field}Path`));
      return () => undefined;
    }
    const path = parsed.value;
    return (input, scope) => {
      const v = path.read(input, scope.env);
      const n = toNumber(v, rule.integer);
      if (n === undefined) {
        throw new StatesError(
          StatesErrorName.Runtime,
          `The ${field}Path field refers to value "${describe(v)}" which is not a valid ${rule.integer ? 'integer' : 'float'}: ${pathValue}`,
        );
      }
      return check(n);
    };
  }
  return () => undefined;
}
