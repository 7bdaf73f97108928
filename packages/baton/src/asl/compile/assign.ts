/**
 * Assign (developer guide "Passing data between states with variables"). JSONPath: a payload
 * template whose `$` is the state's result (or error output in a catcher). JSONata: expressions
 * over `$states`. Both read the values of variables as they were when the state was entered:
 * the interpreter applies the assignments only after every expression of the state ran.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { compileJsonataTemplate } from '../query/jsonata/index.js';
import { compileJsonPathTemplate } from './jsonpath-template.js';
import type { AssignEvaluator, QueryLanguage } from './machine.js';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_VARIABLE_NAME_LENGTH = 80;

export function compileAssign(
  assign: Json | undefined,
  language: QueryLanguage,
  pointer: string,
  sink: DiagnosticSink,
): AssignEvaluator | undefined {
  if (assign === undefined || assign === null || typeof assign !== 'object' || Array.isArray(assign)) return undefined;
  const at = pointerTo(pointer, 'Assign');
  for (const key of Object.keys(assign)) {
    const name = language === 'JSONPath' && key.endsWith('.$') ? key.slice(0, -2) : key;
    if (!VARIABLE_NAME.test(name) || name.length > MAX_VARIABLE_NAME_LENGTH) {
      sink.schema(`The variable name '${name}' is not valid`, pointerTo(at, key));
    } else if (name === 'states') {
      sink.schema("The variable name 'states' is reserved", pointerTo(at, key));
    }
  }
  if (Object.keys(assign).length === 0) return undefined;
  if (language === 'JSONPath') {
    const template = compileJsonPathTemplate(assign, at, sink);
    return (value, scope) => template(value, scope.env) as JsonObject;
  }
  const template = compileJsonataTemplate(assign, 'Assign', at, sink);
  return async (_value, scope, states) => (await template(states, scope.env, scope.now)) as JsonObject;
}
