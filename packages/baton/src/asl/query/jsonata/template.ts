/**
 * A JSONata template: the value of Arguments, Output, Assign, ItemSelector, Items, … in a JSONata
 * state. Any string anywhere in it may be a `{% … %}` expression; everything else is literal
 * (developer guide, "Transforming data with JSONata in Step Functions").
 *
 * Compiled once into one evaluator. Subtrees without expressions are kept as shared constants and
 * returned without copying; only the objects and arrays on the way to an expression are rebuilt.
 * Expressions are evaluated one at a time in document order, so draws from the execution's random
 * generator (`$uuid()`, `$random()`) happen in the same order on every replay.
 */
import type { Json, JsonObject } from '../../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../../diagnostics.js';
import type { EvalEnv } from '../env.js';
import { compileJsonata, isJsonataString, type JsonataExpression, jsonataBody } from './compile.js';

/**
 * Evaluates a compiled template with `$states` (input, context, and result/errorOutput where the
 * field sees them), the execution's variables and time. Rejects with States.QueryEvaluationError.
 */
export type JsonataTemplate = (states: JsonObject, env: EvalEnv, now: number) => Promise<Json>;

/** A compiled subtree: either a value shared as is, or an evaluator. */
type Part = { readonly constant: Json } | { readonly run: JsonataTemplate };

/**
 * Compiles `template`, found at JSON pointer `pointer`, whose expressions AWS names `field` in
 * messages (`Output`, `Assign`, `Arguments`; keys add `/key`, array items `[i]`: `Output/a[0]`).
 * Expressions that do not parse or read a top-level field are reported into `sink` with AWS's
 * codes (INVALID_JSONATA_EXPRESSION, UNSUPPORTED_JSONATA_EXPRESSION).
 */
export function compileJsonataTemplate(
  template: Json,
  field: string,
  pointer: string,
  sink: DiagnosticSink,
): JsonataTemplate {
  const part = compilePart(template, field, pointer, sink);
  if ('run' in part) return part.run;
  const value = part.constant;
  return () => Promise.resolve(value);
}

function compilePart(value: Json, field: string, pointer: string, sink: DiagnosticSink): Part {
  if (isJsonataString(value)) {
    const expression = compileExpression(value, pointer, sink);
    if (expression === undefined) return { constant: value };
    return { run: (states, env, now) => expression.evaluate(states, env, now, field) };
  }
  if (Array.isArray(value)) return compileArray(value, field, pointer, sink);
  if (typeof value === 'object' && value !== null) return compileObject(value, field, pointer, sink);
  return { constant: value };
}

function compileExpression(value: string, pointer: string, sink: DiagnosticSink): JsonataExpression | undefined {
  const compiled = compileJsonata(jsonataBody(value));
  if (compiled.ok) return compiled.value;
  // AWS's two JSONata codes belong in DiagnosticCode (diagnostics.ts); until they are listed there, assert them.
  sink.error(compiled.error.code, compiled.error.message, pointer);
  return undefined;
}

function compileArray(items: Json[], field: string, pointer: string, sink: DiagnosticSink): Part {
  const parts = items.map((item, i) => compilePart(item, `${field}[${i}]`, pointerTo(pointer, i), sink));
  if (parts.every((p) => 'constant' in p)) return { constant: items };
  return {
    run: async (states, env, now) => {
      const out: Json[] = [];
      for (const part of parts) out.push('constant' in part ? part.constant : await part.run(states, env, now));
      return out;
    },
  };
}

function compileObject(object: JsonObject, field: string, pointer: string, sink: DiagnosticSink): Part {
  const entries = Object.entries(object).map(
    ([key, item]) => [key, compilePart(item, `${field}/${key}`, pointerTo(pointer, key), sink)] as const,
  );
  if (entries.every(([, p]) => 'constant' in p)) return { constant: object };
  return {
    run: async (states, env, now) => {
      const out: JsonObject = {};
      for (const [key, part] of entries)
        out[key] = 'constant' in part ? part.constant : await part.run(states, env, now);
      return out;
    },
  };
}
