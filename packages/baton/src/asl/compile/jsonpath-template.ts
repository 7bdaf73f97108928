/**
 * JSONPath payload templates (ASL spec "Payload Template"): Parameters, ResultSelector,
 * ItemSelector and JSONPath Assign. A key ending in `.$` takes its value from a path (`$…`,
 * `$$…`, `$variable…`) or an intrinsic function call; other values are copied as they are.
 * Compiled once into a closure; constant subtrees are shared, never copied per call.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import { isIntrinsicCall, parseIntrinsic } from '../intrinsics/index.js';
import type { EvalEnv } from '../query/env.js';
import { fieldPathNotFoundMessage, invalidDynamicFieldMessage, parseJsonPath } from '../query/jsonpath/index.js';

export type TemplateEvaluator = (value: Json, env: EvalEnv) => Json;

/** Compiles a template; problems in `.$` values are reported to `sink` at their pointer. */
export function compileJsonPathTemplate(template: Json, pointer: string, sink: DiagnosticSink): TemplateEvaluator {
  const build = compileNode(template, pointer, sink);
  return build ?? (() => template);
}

/** Returns undefined when the subtree has no dynamic part (the caller then shares the constant). */
function compileNode(node: Json, pointer: string, sink: DiagnosticSink): TemplateEvaluator | undefined {
  if (Array.isArray(node)) {
    const items = node.map((item, i) => compileNode(item, pointerTo(pointer, i), sink));
    if (items.every((f) => f === undefined)) return undefined;
    const parts = items.map((f, i) => f ?? constant(node[i]!));
    return (value, env) => parts.map((f) => f(value, env));
  }
  if (node === null || typeof node !== 'object') return undefined;
  const fields: Array<{ key: string; fn: TemplateEvaluator; dynamic: boolean }> = [];
  let dynamic = false;
  for (const [key, child] of Object.entries(node)) {
    const at = pointerTo(pointer, key);
    if (key.endsWith('.$') && key.length > 2) {
      fields.push({ key: key.slice(0, -2), fn: compileDynamicValue(key, child, at, sink), dynamic: true });
      dynamic = true;
    } else {
      const fn = compileNode(child, at, sink);
      if (fn) dynamic = true;
      fields.push({ key, fn: fn ?? constant(child), dynamic: fn !== undefined });
    }
  }
  if (!dynamic) return undefined;
  return (value, env) => {
    const out: JsonObject = {};
    for (const f of fields) out[f.key] = f.fn(value, env);
    return out;
  };
}

function constant(v: Json): TemplateEvaluator {
  return () => v;
}

function compileDynamicValue(key: string, expression: Json, pointer: string, sink: DiagnosticSink): TemplateEvaluator {
  const invalid = () => {
    sink.schema(invalidDynamicFieldMessage(key), pointer);
    return constant(null);
  };
  if (typeof expression !== 'string') return invalid();
  if (isIntrinsicCall(expression)) {
    const call = parseIntrinsic(expression);
    if (!call.ok) return invalid();
    return (value, env) => call.value.evaluate(value, env);
  }
  const path = parseJsonPath(expression);
  if (!path.ok) return invalid();
  const read = path.value;
  return (value, env) => {
    const found = read.read(value, env);
    if (found === undefined) {
      throw new StatesError(StatesErrorName.Runtime, fieldPathNotFoundMessage(expression, key, value));
    }
    return found;
  };
}
