/**
 * Retry and Catch (ASL spec "Error Handling"; developer guide "Handling errors in Step Functions
 * workflows"): retriers with their back-off parameters and catchers with their output.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { compileJsonataTemplate } from '../query/jsonata/index.js';
import { compileAssign } from './assign.js';
import { compileResultPath } from './data-flow.js';
import type { Catcher, QueryLanguage, Retrier } from './machine.js';

export function compileRetriers(retry: Json | undefined): Retrier[] {
  if (!Array.isArray(retry)) return [];
  return retry.map((r) => {
    const o = r as JsonObject;
    return {
      errorEquals: o.ErrorEquals as string[],
      intervalSeconds: (o.IntervalSeconds as number | undefined) ?? 1,
      maxAttempts: (o.MaxAttempts as number | undefined) ?? 3,
      backoffRate: (o.BackoffRate as number | undefined) ?? 2,
      ...(typeof o.MaxDelaySeconds === 'number' ? { maxDelaySeconds: o.MaxDelaySeconds } : {}),
      jitter: o.JitterStrategy === 'FULL' ? 'FULL' : 'NONE',
    };
  });
}

export function compileCatchers(
  catchers: Json | undefined,
  language: QueryLanguage,
  pointer: string,
  sink: DiagnosticSink,
): Catcher[] {
  if (!Array.isArray(catchers)) return [];
  return catchers.map((c, i) => {
    const o = c as JsonObject;
    const at = pointerTo(pointerTo(pointer, 'Catch'), i);
    const assign = compileAssign(o.Assign, language, at, sink);
    let output: Catcher['output'];
    if (language === 'JSONPath') {
      const resultPath = compileResultPath(o.ResultPath, at, sink);
      output = (raw, errorOutput) => (resultPath ? resultPath(raw, errorOutput) : errorOutput);
    } else {
      const template =
        o.Output !== undefined ? compileJsonataTemplate(o.Output, 'Output', pointerTo(at, 'Output'), sink) : undefined;
      output = (_raw, errorOutput, scope, states) => (template ? template(states, scope.env, scope.now) : errorOutput);
    }
    return { errorEquals: o.ErrorEquals as string[], next: o.Next as string, output, ...(assign ? { assign } : {}) };
  });
}
