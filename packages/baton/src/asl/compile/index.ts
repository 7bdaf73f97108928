/**
 * @module asl/compile
 * Definition text → CompiledMachine. Validation runs first (structure and transitions), then
 * every path, template, intrinsic and JSONata expression is parsed once; any problem found on
 * the way is a Diagnostic. Pure: imports kernel and the rest of asl only.
 */
import { err, type Json, type JsonObject, ok, type Result } from '../../kernel/index.js';
import { parseDefinitionText } from '../definition.js';
import { type Diagnostic, DiagnosticSink, pointerTo } from '../diagnostics.js';
import { checkMachine, type ValidateOptions } from '../validate/structure.js';
import type { CompiledMachine, CompiledScope, CompiledState, QueryLanguage } from './machine.js';
import { compileState } from './states.js';

export type { ValidateOptions } from '../validate/structure.js';
export * from './machine.js';

/** Validates a definition and returns every diagnostic (empty when the definition is valid). */
export function validateDefinition(text: string, options: ValidateOptions = {}): Diagnostic[] {
  const compiled = compileDefinition(text, options);
  return compiled.ok ? [] : compiled.error;
}

export function compileDefinition(text: string, options: ValidateOptions = {}): Result<CompiledMachine, Diagnostic[]> {
  const parsed = parseDefinitionText(text);
  if (!parsed.ok) return parsed;
  return compileDefinitionValue(parsed.value, options);
}

export function compileDefinitionValue(
  definition: Json,
  options: ValidateOptions = {},
): Result<CompiledMachine, Diagnostic[]> {
  const sink = new DiagnosticSink();
  checkMachine(definition, sink, options);
  if (sink.hasErrors) return err(sink.all);
  const def = definition as JsonObject;
  const machineLanguage: QueryLanguage = def.QueryLanguage === 'JSONata' ? 'JSONata' : 'JSONPath';
  const scopes: CompiledScope[] = [];

  const compileScope = (scope: JsonObject, pointer: string): number => {
    const id = scopes.length;
    const states = new Map<string, CompiledState>();
    const placeholder: CompiledScope = { id, pointer, startAt: scope.StartAt as string, states };
    scopes.push(placeholder);
    for (const [name, state] of Object.entries(scope.States as JsonObject)) {
      const s = state as JsonObject;
      const language: QueryLanguage =
        s.QueryLanguage === undefined ? machineLanguage : s.QueryLanguage === 'JSONPath' ? 'JSONPath' : 'JSONata';
      const statePointer = pointerTo(pointerTo(pointer, 'States'), name);
      states.set(name, compileState(s, { name, pointer: statePointer, language, sink, compileScope }));
    }
    return id;
  };
  compileScope(def, '');
  if (sink.hasErrors) return err(sink.all);
  return ok({
    definition: def,
    queryLanguage: machineLanguage,
    ...(typeof def.TimeoutSeconds === 'number' ? { timeoutSeconds: def.TimeoutSeconds } : {}),
    scopes,
  });
}
