/**
 * Per-state-type field rules (ASL spec "State Types", "Error Handling"; developer guide pages of
 * each state). Expression syntax inside the fields is checked by the compiler, which parses it.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import type { QueryLanguage, StateType } from '../compile/machine.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { isJsonataString } from '../query/jsonata/index.js';
import { parseTimestamp } from '../timestamp.js';
import { CATCHER_FIELDS, RETRIER_FIELDS } from './fields.js';
import type { ValidateOptions } from './structure.js';
import { invalidNameCharacter, isNonNegativeInteger, isObject, isPositiveInteger } from './values.js';

type ScopeChecker = (scope: JsonObject, pointer: string) => void;

const MAX_LABEL_LENGTH = 40;

export function checkStateFields(
  _name: string,
  type: StateType,
  state: JsonObject,
  pointer: string,
  language: QueryLanguage,
  sink: DiagnosticSink,
  options: ValidateOptions,
  checkScope: ScopeChecker,
): void {
  const at = (field: string) => pointerTo(pointer, field);
  if (state.Retry !== undefined) checkRetriers(state.Retry, at('Retry'), sink);
  if (state.Catch !== undefined) checkCatchers(state.Catch, at('Catch'), sink);
  if (state.Assign !== undefined && !isObject(state.Assign)) sink.schema('Expected value of type object', at('Assign'));
  switch (type) {
    case 'Task':
      checkTask(state, pointer, language, sink, options);
      break;
    case 'Choice':
      if (!Array.isArray(state.Choices) || state.Choices.length === 0) {
        sink.schema(
          state.Choices === undefined
            ? "The field 'Choices' is required but was missing"
            : 'At least one choice rule is required',
          state.Choices === undefined ? pointer : at('Choices'),
        );
      }
      break;
    case 'Wait':
      checkWait(state, pointer, language, sink);
      break;
    case 'Fail':
      onlyOneOf(state, ['Error', 'ErrorPath'], pointer, sink);
      onlyOneOf(state, ['Cause', 'CausePath'], pointer, sink);
      for (const f of ['Error', 'Cause']) {
        if (state[f] !== undefined && typeof state[f] !== 'string') sink.schema('Expected value of type string', at(f));
      }
      break;
    case 'Parallel':
      if (!Array.isArray(state.Branches) || state.Branches.length === 0) {
        sink.schema(
          state.Branches === undefined
            ? "The field 'Branches' is required but was missing"
            : 'At least one branch is required',
          state.Branches === undefined ? pointer : at('Branches'),
        );
      } else {
        state.Branches.forEach((branch, i) => {
          if (isObject(branch)) checkScope(branch, pointerTo(at('Branches'), i));
          else sink.schema('Expected value of type object', pointerTo(at('Branches'), i));
        });
      }
      break;
    case 'Map':
      checkMap(state, pointer, language, sink, checkScope);
      break;
    default:
      break;
  }
}

/** Reports when more than one of `fields` is present, in AWS's words. */
function onlyOneOf(state: JsonObject, fields: string[], pointer: string, sink: DiagnosticSink): void {
  if (fields.filter((f) => state[f] !== undefined).length > 1) {
    sink.schema(`There should only be one of the following fields: [${fields.join(', ')}]`, pointer);
  }
}

function checkTask(
  state: JsonObject,
  pointer: string,
  language: QueryLanguage,
  sink: DiagnosticSink,
  options: ValidateOptions,
): void {
  const at = (field: string) => pointerTo(pointer, field);
  if (state.Resource === undefined) sink.schema("The field 'Resource' is required but was missing", pointer);
  else if (typeof state.Resource !== 'string') sink.schema('Expected value of type string', at('Resource'));
  else {
    const unsupported = options.checkResource?.(state.Resource);
    if (unsupported !== undefined) sink.schema(unsupported, at('Resource'));
  }
  if (typeof state.Resource === 'string' && options.machineType === 'EXPRESS') {
    for (const pattern of ['.sync', '.waitForTaskToken'] as const) {
      if (state.Resource.includes(`${pattern}`) && /^arn:[^:]+:states:::/.test(state.Resource)) {
        sink.schema(`Express state machine does not support '${pattern}' service integration`, at('Resource'));
      }
    }
  }
  onlyOneOf(state, ['TimeoutSeconds', 'TimeoutSecondsPath'], pointer, sink);
  onlyOneOf(state, ['HeartbeatSeconds', 'HeartbeatSecondsPath'], pointer, sink);
  for (const field of ['TimeoutSeconds', 'HeartbeatSeconds']) {
    const v = state[field];
    if (v === undefined || (language === 'JSONata' && isJsonataString(v))) continue;
    if (!isPositiveInteger(v)) sink.schema('Minimum value is 1', at(field));
  }
  if (isPositiveInteger(state.TimeoutSeconds) && isPositiveInteger(state.HeartbeatSeconds)) {
    if (state.HeartbeatSeconds >= state.TimeoutSeconds) {
      sink.schema('HeartbeatSeconds must be smaller than TimeoutSeconds', at('HeartbeatSeconds'));
    }
  }
  if (state.Credentials !== undefined) {
    if (!isObject(state.Credentials)) sink.schema('Expected value of type object', at('Credentials'));
    else if (state.Credentials.RoleArn === undefined && state.Credentials['RoleArn.$'] === undefined) {
      sink.schema("The field 'RoleArn' is required but was missing", at('Credentials'));
    }
  }
}

function checkWait(state: JsonObject, pointer: string, language: QueryLanguage, sink: DiagnosticSink): void {
  const at = (field: string) => pointerTo(pointer, field);
  const present = ['Seconds', 'Timestamp', 'SecondsPath', 'TimestampPath'].filter((f) => state[f] !== undefined);
  if (present.length !== 1) {
    sink.schema(
      'There should be exactly one of the following fields: [Seconds, Timestamp, SecondsPath, TimestampPath]',
      pointer,
    );
  }
  const seconds = state.Seconds;
  if (
    seconds !== undefined &&
    !(language === 'JSONata' && isJsonataString(seconds)) &&
    !isNonNegativeInteger(seconds)
  ) {
    sink.schema('Minimum value is 0', at('Seconds'));
  }
  const timestamp = state.Timestamp;
  if (timestamp !== undefined && !(language === 'JSONata' && isJsonataString(timestamp))) {
    if (typeof timestamp !== 'string' || parseTimestamp(timestamp) === undefined) {
      sink.schema('String does not match RFC3339 timestamp', at('Timestamp'));
    }
  }
}

function checkMap(
  state: JsonObject,
  pointer: string,
  language: QueryLanguage,
  sink: DiagnosticSink,
  checkScope: ScopeChecker,
): void {
  const at = (field: string) => pointerTo(pointer, field);
  onlyOneOf(state, ['ItemProcessor', 'Iterator'], pointer, sink);
  onlyOneOf(state, ['ItemSelector', 'Parameters'], pointer, sink);
  onlyOneOf(state, ['MaxConcurrency', 'MaxConcurrencyPath'], pointer, sink);
  onlyOneOf(state, ['ToleratedFailureCount', 'ToleratedFailureCountPath'], pointer, sink);
  onlyOneOf(state, ['ToleratedFailurePercentage', 'ToleratedFailurePercentagePath'], pointer, sink);
  const processorField = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  const processor = state[processorField];
  if (processor === undefined) sink.schema("The field 'ItemProcessor' is required but was missing", pointer);
  else if (!isObject(processor)) sink.schema('Expected value of type object', at(processorField));
  else {
    if (processor.QueryLanguage !== undefined)
      sink.schema("Field 'QueryLanguage' is not supported", at(processorField));
    checkProcessorConfig(processor.ProcessorConfig, pointerTo(at(processorField), 'ProcessorConfig'), sink);
    const { QueryLanguage: _ignored, ...scope } = processor;
    checkScope(scope, at(processorField));
  }
  numberField(state, 'MaxConcurrency', 0, undefined, language, pointer, sink);
  numberField(state, 'ToleratedFailureCount', 0, undefined, language, pointer, sink);
  numberField(state, 'ToleratedFailurePercentage', 0, 100, language, pointer, sink);
  if (state.Label !== undefined) checkLabel(state.Label, at('Label'), sink);
  if (state.ItemReader !== undefined) {
    sink.schema('ItemReader is not supported: Baton reads Map items from the state input only', at('ItemReader'));
  }
  if (state.ResultWriter !== undefined) {
    sink.schema(
      'ResultWriter is not supported: Baton returns Map results in the state output only',
      at('ResultWriter'),
    );
  }
  if (state.ItemBatcher !== undefined && !isObject(state.ItemBatcher)) {
    sink.schema('Expected value of type object', at('ItemBatcher'));
  }
}

function checkProcessorConfig(config: Json | undefined, pointer: string, sink: DiagnosticSink): void {
  if (config === undefined) return;
  if (!isObject(config)) {
    sink.schema('Expected value of type object', pointer);
    return;
  }
  if (config.Mode !== undefined && config.Mode !== 'INLINE' && config.Mode !== 'DISTRIBUTED') {
    sink.schema(
      `Instance value (${JSON.stringify(config.Mode)}) not found in enum (possible values: ["INLINE","DISTRIBUTED"])`,
      pointerTo(pointer, 'Mode'),
    );
  }
  if (config.ExecutionType !== undefined && config.ExecutionType !== 'STANDARD' && config.ExecutionType !== 'EXPRESS') {
    sink.schema(
      `Instance value (${JSON.stringify(config.ExecutionType)}) not found in enum (possible values: ["STANDARD","EXPRESS"])`,
      pointerTo(pointer, 'ExecutionType'),
    );
  }
}

function numberField(
  state: JsonObject,
  field: string,
  min: number,
  max: number | undefined,
  language: QueryLanguage,
  pointer: string,
  sink: DiagnosticSink,
): void {
  const v = state[field];
  if (v === undefined || (language === 'JSONata' && isJsonataString(v))) return;
  const at = pointerTo(pointer, field);
  if (typeof v !== 'number') sink.schema('Expected value of type number', at);
  else if (v < min) sink.schema(`Minimum value is ${field === 'ToleratedFailurePercentage' ? '0.0' : min}`, at);
  else if (max !== undefined && v > max) sink.schema(`Maximum value is ${max}.0`, at);
  else if (field !== 'ToleratedFailurePercentage' && !Number.isInteger(v))
    sink.schema('Expected value of type integer', at);
}

function checkLabel(label: Json, pointer: string, sink: DiagnosticSink): void {
  if (typeof label !== 'string') sink.schema('Expected value of type string', pointer);
  else if (label.length === 0) sink.schema('Label cannot be empty', pointer);
  else if (label.length > MAX_LABEL_LENGTH) sink.schema(`Label cannot exceed ${MAX_LABEL_LENGTH} characters`, pointer);
  else {
    const bad = invalidNameCharacter(label);
    if (bad !== undefined) sink.schema(`Label contains invalid character: '${bad}'`, pointer);
  }
}

function checkRetriers(retry: Json, pointer: string, sink: DiagnosticSink): void {
  if (!Array.isArray(retry)) {
    sink.schema('Expected value of type array', pointer);
    return;
  }
  retry.forEach((retrier, i) => {
    const at = pointerTo(pointer, i);
    if (!isObject(retrier)) {
      sink.schema('Expected value of type object', at);
      return;
    }
    for (const key of Object.keys(retrier))
      if (!RETRIER_FIELDS.has(key)) sink.schema(`Field '${key}' is not supported`, at);
    checkErrorEquals(retrier.ErrorEquals, at, sink, i === retry.length - 1);
    const { IntervalSeconds, MaxAttempts, BackoffRate, MaxDelaySeconds, JitterStrategy } = retrier;
    if (IntervalSeconds !== undefined && !isPositiveInteger(IntervalSeconds))
      sink.schema('Minimum value is 1', pointerTo(at, 'IntervalSeconds'));
    if (MaxAttempts !== undefined && !isNonNegativeInteger(MaxAttempts))
      sink.schema('Minimum value is 0', pointerTo(at, 'MaxAttempts'));
    if (BackoffRate !== undefined && (typeof BackoffRate !== 'number' || BackoffRate < 1))
      sink.schema('Minimum value is 1.0', pointerTo(at, 'BackoffRate'));
    if (MaxDelaySeconds !== undefined && !isPositiveInteger(MaxDelaySeconds))
      sink.schema('Minimum value is 1', pointerTo(at, 'MaxDelaySeconds'));
    if (JitterStrategy !== undefined && JitterStrategy !== 'FULL' && JitterStrategy !== 'NONE') {
      sink.schema(
        `Instance value (${JSON.stringify(JitterStrategy)}) not found in enum (possible values: ["FULL","NONE"])`,
        pointerTo(at, 'JitterStrategy'),
      );
    }
  });
}

function checkCatchers(catchers: Json, pointer: string, sink: DiagnosticSink): void {
  if (!Array.isArray(catchers)) {
    sink.schema('Expected value of type array', pointer);
    return;
  }
  catchers.forEach((catcher, i) => {
    const at = pointerTo(pointer, i);
    if (!isObject(catcher)) {
      sink.schema('Expected value of type object', at);
      return;
    }
    for (const key of Object.keys(catcher))
      if (!CATCHER_FIELDS.has(key)) sink.schema(`Field '${key}' is not supported`, at);
    checkErrorEquals(catcher.ErrorEquals, at, sink, i === catchers.length - 1);
    if (typeof catcher.Next !== 'string') sink.schema("The field 'Next' is required but was missing", at);
  });
}

/** ErrorEquals is a non-empty list of names; `States.ALL` must stand alone in the last rule (ASL spec "Error names"). */
function checkErrorEquals(value: Json | undefined, pointer: string, sink: DiagnosticSink, isLast: boolean): void {
  const at = pointerTo(pointer, 'ErrorEquals');
  if (value === undefined) {
    sink.schema("The field 'ErrorEquals' is required but was missing", pointer);
    return;
  }
  if (!Array.isArray(value) || value.length === 0 || value.some((e) => typeof e !== 'string')) {
    sink.schema('ErrorEquals must be a non-empty array of strings', at);
    return;
  }
  if (value.includes('States.ALL')) {
    if (value.length > 1) sink.schema("'States.ALL' must appear alone in ErrorEquals", at);
    else if (!isLast) sink.schema("'States.ALL' must appear in the last element of the array", at);
  }
}
