/**
 * One compiler per state type (ASL spec "State Types"): each turns a validated state's JSON into
 * its CompiledState with every path, template and expression prepared.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { compileChoiceCondition, compileChoiceRule } from '../choice/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import { isIntrinsicCall, parseIntrinsic } from '../intrinsics/index.js';
import { jsonByteLength } from '../payload-size.js';
import { isJsonataString } from '../query/jsonata/index.js';
import { fieldPathNotFoundMessage, parseReferencePath } from '../query/jsonpath/index.js';
import { parseTimestamp } from '../timestamp.js';
import { compileAssign } from './assign.js';
import { compileDataFlow, compileJsonataValue, compilePathField, type FlowShape } from './data-flow.js';
import { compileCatchers, compileRetriers } from './error-handling.js';
import type {
  ChoiceRule,
  ChoiceState,
  CompiledState,
  EvalScope,
  FailState,
  PassState,
  QueryLanguage,
  ResourceKind,
  StateType,
  TaskState,
  WaitState,
} from './machine.js';
import { compileMap } from './map.js';
import { compileNumberField } from './number-field.js';

export interface StateContext {
  readonly name: string;
  readonly pointer: string;
  readonly language: QueryLanguage;
  readonly sink: DiagnosticSink;
  /** Compiles a nested scope (Parallel branch, Map processor) and returns its id. */
  readonly compileScope: (scope: JsonObject, pointer: string) => number;
}

const SHAPES: Record<StateType, FlowShape> = {
  Pass: { parameters: true, result: true, outputDefaultsToResult: false },
  Task: { parameters: true, result: true, outputDefaultsToResult: true },
  Parallel: { parameters: true, result: true, outputDefaultsToResult: true },
  Map: { parameters: false, result: true, outputDefaultsToResult: true },
  Choice: { parameters: false, result: false, outputDefaultsToResult: false },
  Wait: { parameters: false, result: false, outputDefaultsToResult: false },
  Succeed: { parameters: false, result: false, outputDefaultsToResult: false },
  Fail: { parameters: false, result: false, outputDefaultsToResult: false },
};

export function compileState(state: JsonObject, ctx: StateContext): CompiledState {
  const type = state.Type as StateType;
  const { name, pointer, language, sink } = ctx;
  const assign = compileAssign(state.Assign, language, pointer, sink);
  const base = {
    name,
    pointer,
    flow: compileDataFlow(state, language, SHAPES[type], pointer, sink),
    ...(typeof state.Next === 'string' ? { next: state.Next } : {}),
    ...(assign ? { assign } : {}),
    retriers: compileRetriers(state.Retry),
    catchers: compileCatchers(state.Catch, language, pointer, sink),
  };
  switch (type) {
    case 'Pass':
      return {
        ...base,
        type,
        ...(state.Result !== undefined ? { result: state.Result, resultBytes: jsonByteLength(state.Result) } : {}),
      } satisfies PassState;
    case 'Task':
      return compileTask(state, base, ctx);
    case 'Choice':
      return compileChoice(state, base, ctx);
    case 'Wait':
      return compileWait(state, base, ctx);
    case 'Succeed':
      return { ...base, type };
    case 'Fail':
      return compileFail(state, base, ctx);
    case 'Parallel':
      return {
        ...base,
        type,
        branches: (state.Branches as JsonObject[]).map((b, i) =>
          ctx.compileScope(b, pointerTo(pointerTo(pointer, 'Branches'), i)),
        ),
      };
    case 'Map':
      return compileMap(state, base, ctx);
  }
}

type Base = Omit<PassState, 'type' | 'result'>;

/** Resource ARN forms (developer guide "Integrating services"; "Activities"; "Lambda"). */
export function classifyResource(resource: string): { kind: ResourceKind; pattern: TaskState['integrationPattern'] } {
  if (/^arn:[^:]+:states:[^:]*:[^:]*:activity:/.test(resource)) return { kind: 'activity', pattern: 'request' };
  if (/^arn:[^:]+:lambda:[^:]*:[^:]*:function:/.test(resource)) return { kind: 'lambda', pattern: 'request' };
  const m = /\.(sync:2|sync|waitForTaskToken)$/.exec(resource);
  return { kind: 'service', pattern: (m?.[1] as TaskState['integrationPattern'] | undefined) ?? 'request' };
}

function compileTask(state: JsonObject, base: Base, ctx: StateContext): TaskState {
  const resource = state.Resource as string;
  const { kind, pattern } = classifyResource(resource);
  const positive = {
    integer: true,
    range: (n: number) => (n < 1 ? 'The timeout value must be a positive integer.' : undefined),
  };
  const timeout = compileNumberField(state, 'TimeoutSeconds', ctx.language, positive, ctx.pointer, ctx.sink);
  const heartbeat = compileNumberField(state, 'HeartbeatSeconds', ctx.language, positive, ctx.pointer, ctx.sink);
  const credentials =
    state.Credentials !== undefined && ctx.language === 'JSONata'
      ? compileJsonataValue(state.Credentials, 'Credentials', pointerTo(ctx.pointer, 'Credentials'), ctx.sink)
      : undefined;
  return {
    ...base,
    type: 'Task',
    resource,
    resourceKind: kind,
    integrationPattern: pattern,
    timeoutSeconds: timeout,
    heartbeatSeconds: heartbeat,
    ...(credentials ? { credentials } : {}),
  };
}

function compileChoice(state: JsonObject, base: Base, ctx: StateContext): ChoiceState {
  const choicesPointer = pointerTo(ctx.pointer, 'Choices');
  const rules = Array.isArray(state.Choices) ? (state.Choices as JsonObject[]) : [];
  const choices: ChoiceRule[] = rules.map((rule, i) => {
    const at = pointerTo(choicesPointer, i);
    const assign = compileAssign(rule.Assign, ctx.language, at, ctx.sink);
    const next = rule.Next as string;
    if (ctx.language === 'JSONPath') {
      const predicate = compileChoiceRule(rule, at, ctx.sink);
      return { test: (value, scope) => predicate(value, scope.env), next, ...(assign ? { assign } : {}) };
    }
    if (rule.Condition === undefined) ctx.sink.schema('These fields are required: [Condition]', at);
    const condition = compileChoiceCondition(rule.Condition ?? true, i, pointerTo(at, 'Condition'), ctx.sink);
    const output =
      rule.Output !== undefined
        ? compileJsonataValue(rule.Output, 'Output', pointerTo(at, 'Output'), ctx.sink)
        : undefined;
    return {
      test: (_value, scope, states) => condition(states, scope.env, scope.now),
      next,
      ...(assign ? { assign } : {}),
      ...(output ? { output } : {}),
    };
  });
  return { ...base, type: 'Choice', choices, ...(typeof state.Default === 'string' ? { default: state.Default } : {}) };
}

function compileWait(state: JsonObject, base: Base, ctx: StateContext): WaitState {
  const { language, pointer, sink } = ctx;
  if (language === 'JSONata') {
    if (state.Seconds !== undefined) {
      const seconds = compileNumberField(
        state,
        'Seconds',
        language,
        { integer: true, range: nonNegativeWait },
        pointer,
        sink,
      );
      return {
        ...base,
        type: 'Wait',
        until: async (input, at, scope, states) => at + (await seconds(input, scope, states))! * 1000,
      };
    }
    const timestamp = compileJsonataValue(state.Timestamp ?? null, 'Timestamp', pointerTo(pointer, 'Timestamp'), sink);
    return {
      ...base,
      type: 'Wait',
      until: async (input, _at, scope, states) => {
        const v = await timestamp(input, scope, states);
        const t = typeof v === 'string' ? parseTimestamp(v) : undefined;
        if (t === undefined) {
          throw new StatesError(
            StatesErrorName.QueryEvaluationError,
            `The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: ${typeof v === 'string' ? v : JSON.stringify(v)}`,
          );
        }
        return t;
      },
    };
  }
  if (typeof state.Seconds === 'number') {
    const ms = state.Seconds * 1000;
    return { ...base, type: 'Wait', until: (_input, at) => at + ms };
  }
  if (typeof state.Timestamp === 'string') {
    const t = parseTimestamp(state.Timestamp) ?? 0;
    return { ...base, type: 'Wait', until: () => t };
  }
  const field = state.SecondsPath !== undefined ? 'SecondsPath' : 'TimestampPath';
  const parsed = parseReferencePath(String(state[field]));
  if (!parsed.ok) {
    sink.schema('Value is not a Reference Path', pointerTo(pointer, field));
    return { ...base, type: 'Wait', until: (_input, at) => at };
  }
  const path = parsed.value;
  return {
    ...base,
    type: 'Wait',
    until: (input, at, scope) => {
      const v = path.read(input, scope.env);
      if (field === 'SecondsPath') {
        if (typeof v !== 'number' || !Number.isInteger(v)) {
          throw new StatesError(
            StatesErrorName.Runtime,
            `The SecondsPath parameter cannot be parsed as a long value: ${path.text} == ${describe(v)}`,
          );
        }
        if (v < 0)
          throw new StatesError(
            StatesErrorName.Runtime,
            `The SecondsPath parameter references a negative value: ${path.text} == ${v}`,
          );
        return at + v * 1000;
      }
      const t = typeof v === 'string' ? parseTimestamp(v) : undefined;
      if (t === undefined) {
        throw new StatesError(
          StatesErrorName.Runtime,
          `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: ${path.text} == ${describe(v)}`,
        );
      }
      return t;
    },
  };
}

function nonNegativeWait(n: number): string | undefined {
  return n < 0 ? 'The Seconds field must be a non-negative integer.' : undefined;
}

function describe(v: Json | undefined): string {
  return typeof v === 'string' ? v : JSON.stringify(v ?? null);
}

/** Fail: Error and Cause as constants, `…Path` fields (paths or intrinsics) or JSONata expressions. */
function compileFail(state: JsonObject, base: Base, ctx: StateContext): FailState {
  const field = (name: 'Error' | 'Cause'): FailState['error'] => {
    const value = state[name];
    const pathValue = state[`${name}Path`];
    if (ctx.language === 'JSONata' && isJsonataString(value)) {
      const evaluate = compileJsonataValue(value, name, pointerTo(ctx.pointer, name), ctx.sink);
      return async (input, scope, states) => {
        const v = await evaluate(input, scope, states);
        return typeof v === 'string' ? v : JSON.stringify(v);
      };
    }
    if (typeof value === 'string') return () => value;
    if (typeof pathValue !== 'string') return () => undefined;
    if (isIntrinsicCall(pathValue)) {
      const call = parseIntrinsic(pathValue);
      if (!call.ok) {
        ctx.sink.schema(call.error, pointerTo(ctx.pointer, `${name}Path`));
        return () => undefined;
      }
      return (input, scope) => asText(call.value.evaluate(input, scope.env));
    }
    const read = compilePathField(pathValue, `${name}Path`, ctx.pointer, ctx.sink);
    return (input, scope: EvalScope) => {
      try {
        return asText(read ? read(input, scope) : input);
      } catch (e) {
        if (!(e instanceof StatesError)) throw e;
        throw new StatesError(StatesErrorName.Runtime, fieldPathNotFoundMessage(pathValue, `${name}Path`, input));
      }
    };
  };
  return { ...base, type: 'Fail', error: field('Error'), cause: field('Cause') };
}

function asText(v: Json): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}
