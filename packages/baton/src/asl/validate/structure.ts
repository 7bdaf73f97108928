/**
 * Structural validation of a definition, as CreateStateMachine and ValidateStateMachineDefinition
 * do it (ASL spec "Structure of a State Machine", "State Types"; developer guide "Choosing the
 * query language"). Every problem is reported with its JSON pointer; nothing stops at the first.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import type { QueryLanguage, StateType } from '../compile/machine.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { JSONATA_ONLY, JSONPATH_ONLY, SCOPE_FIELDS, STATE_FIELDS, STATE_TYPES, TOP_LEVEL_FIELDS } from './fields.js';
import { checkGraph } from './graph.js';
import { checkStateFields } from './state-fields.js';
import { isObject, isPositiveInteger } from './values.js';

export interface ValidateOptions {
  /** EXPRESS machines refuse `.sync` and `.waitForTaskToken` integrations. */
  readonly machineType?: 'STANDARD' | 'EXPRESS';
  /**
   * Whether the runtime can run a Task's Resource: a message naming the problem when it cannot,
   * so an unsupported integration is refused at creation instead of failing at run time.
   */
  readonly checkResource?: (resource: string) => string | undefined;
}

const MAX_STATE_NAME_LENGTH = 80;

export function checkMachine(def: Json, sink: DiagnosticSink, options: ValidateOptions): void {
  if (!isObject(def)) {
    sink.schema('The definition must be a JSON object', '');
    return;
  }
  for (const key of Object.keys(def))
    if (!TOP_LEVEL_FIELDS.has(key)) sink.schema(`Field '${key}' is not supported`, '');
  if (def.TimeoutSeconds !== undefined && !isPositiveInteger(def.TimeoutSeconds)) {
    sink.schema('Minimum value is 1', '/TimeoutSeconds');
  }
  const machineLanguage = checkQueryLanguage(def.QueryLanguage, 'JSONPath', '/QueryLanguage', sink);
  checkScope(def, '', machineLanguage, machineLanguage, sink, options);
}

/** The query language of a field value: only the exact string 'JSONPath' selects JSONPath. */
function checkQueryLanguage(
  value: Json | undefined,
  inherited: QueryLanguage,
  pointer: string,
  sink: DiagnosticSink,
): QueryLanguage {
  if (value === undefined) return inherited;
  if (value !== 'JSONPath' && value !== 'JSONata') {
    sink.schema(
      `Instance value (${JSON.stringify(value)}) not found in enum (possible values: ["JSONPath","JSONata"])`,
      pointer,
    );
  }
  return value === 'JSONPath' ? 'JSONPath' : 'JSONata';
}

/** Checks a scope (the machine, a Parallel branch or a Map ItemProcessor) and the states in it. */
export function checkScope(
  scope: JsonObject,
  pointer: string,
  machineLanguage: QueryLanguage,
  scopeLanguage: QueryLanguage,
  sink: DiagnosticSink,
  options: ValidateOptions,
): void {
  if (pointer !== '') {
    for (const key of Object.keys(scope)) {
      if (!SCOPE_FIELDS.has(key)) sink.schema(`Field '${key}' is not supported`, pointer);
    }
  }
  if (typeof scope.StartAt !== 'string') {
    sink.schema(
      scope.StartAt === undefined
        ? "The field 'StartAt' is required but was missing"
        : `Expected value of type string at StartAt`,
      pointer,
    );
  }
  if (!isObject(scope.States)) {
    sink.schema(
      scope.States === undefined ? "The field 'States' is required but was missing" : 'Expected value of type object',
      scope.States === undefined ? pointer : pointerTo(pointer, 'States'),
    );
    return;
  }
  const states = scope.States;
  if (Object.keys(states).length === 0) sink.schema('At least one state is required', pointerTo(pointer, 'States'));
  for (const [name, state] of Object.entries(states)) {
    const statePointer = pointerTo(pointerTo(pointer, 'States'), name);
    if (name.length === 0 || name.length > MAX_STATE_NAME_LENGTH) {
      sink.schema(`State name must be between 1 and ${MAX_STATE_NAME_LENGTH} characters`, statePointer);
    }
    checkState(name, state, statePointer, machineLanguage, scopeLanguage, sink, options);
  }
  if (typeof scope.StartAt === 'string') checkGraph(scope.StartAt, states, pointer, sink);
}

function checkState(
  name: string,
  state: Json,
  pointer: string,
  machineLanguage: QueryLanguage,
  scopeLanguage: QueryLanguage,
  sink: DiagnosticSink,
  options: ValidateOptions,
): void {
  if (!isObject(state)) {
    sink.schema('Expected value of type object', pointer);
    return;
  }
  if (state.Type === undefined) {
    sink.schema("The field 'Type' is required but was missing", pointer);
    return;
  }
  if (typeof state.Type !== 'string' || !STATE_TYPES.has(state.Type)) {
    sink.schema(`Instance value (${JSON.stringify(state.Type)}) not found in enum`, pointerTo(pointer, 'Type'));
    return;
  }
  const type = state.Type as StateType;
  const language = checkQueryLanguage(state.QueryLanguage, scopeLanguage, pointerTo(pointer, 'QueryLanguage'), sink);
  if (machineLanguage === 'JSONata' && state.QueryLanguage === 'JSONPath') {
    sink.schema("'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine", pointer);
  }
  const allowed = STATE_FIELDS[type];
  for (const key of Object.keys(state)) {
    if (!allowed.has(key)) sink.schema(`Field '${key}' is not supported`, pointer);
    else if (language === 'JSONPath' && JSONATA_ONLY.has(key)) {
      sink.schema(
        `The QueryLanguage is set to 'JSONPath', but field '${key}' is only supported for the 'JSONata' QueryLanguage`,
        pointer,
      );
    } else if (language === 'JSONata' && JSONPATH_ONLY.has(key)) {
      sink.schema(
        `The QueryLanguage is set to 'JSONata', but field '${key}' is only supported for the 'JSONPath' QueryLanguage`,
        pointer,
      );
    }
  }
  checkTransition(type, state, pointer, sink);
  checkStateFields(name, type, state, pointer, language, sink, options, (sub, subPointer) =>
    checkScope(sub, subPointer, machineLanguage, machineLanguage, sink, options),
  );
}

function checkTransition(type: StateType, state: JsonObject, pointer: string, sink: DiagnosticSink): void {
  if (type === 'Choice' || type === 'Succeed' || type === 'Fail') return;
  const hasNext = state.Next !== undefined;
  const hasEnd = state.End !== undefined;
  if (hasNext && hasEnd) sink.schema('There should only be one of the following fields: [Next, End]', pointer);
  else if (!hasNext && !hasEnd)
    sink.schema('There should be exactly one of the following fields: [Next, End]', pointer);
  if (hasNext && typeof state.Next !== 'string')
    sink.schema('Expected value of type string', pointerTo(pointer, 'Next'));
  if (hasEnd && state.End !== true) sink.schema('Expected value: true', pointerTo(pointer, 'End'));
}
