/**
 * The Map state (developer guide "Map state", inline and distributed modes): where the items
 * come from, how each iteration's input is built, concurrency, failure tolerance and batching.
 */
import { isPromise, type Json, type JsonObject } from '../../kernel/index.js';
import { pointerTo } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import { isJsonataString, jsonataBody, unexpectedTypeMessage } from '../query/jsonata/index.js';
import { parseReferencePath } from '../query/jsonpath/index.js';
import { isObject } from '../validate/values.js';
import { compileJsonataValue } from './data-flow.js';
import { compileJsonPathTemplate } from './jsonpath-template.js';
import type { EvalScope, Evaluator, ItemBatcher, MapState, QueryLanguage } from './machine.js';
import { compileNumberField } from './number-field.js';
import { pathFieldBound, type SizeBound, templateBound, UNBOUNDED } from './size-bounds.js';
import type { StateContext } from './states.js';

type Base = Omit<
  MapState,
  | 'type'
  | 'processor'
  | 'mode'
  | 'items'
  | 'iterationInputBytes'
  | 'maxConcurrency'
  | 'toleratedFailureCount'
  | 'toleratedFailurePercentage'
>;

export function compileMap(state: JsonObject, base: Base, ctx: StateContext): MapState {
  const { language, pointer, sink } = ctx;
  const processorField = state.ItemProcessor !== undefined ? 'ItemProcessor' : 'Iterator';
  const processorJson = state[processorField] as JsonObject;
  const config = isObject(processorJson.ProcessorConfig) ? processorJson.ProcessorConfig : {};
  const { QueryLanguage: _ql, ProcessorConfig: _pc, ...scope } = processorJson;
  const processor = ctx.compileScope(scope, pointerTo(pointer, processorField));
  const mode = config.Mode === 'DISTRIBUTED' ? 'DISTRIBUTED' : 'INLINE';

  const nonNegative = (field: string) => (n: number) => (n < 0 ? `${field} cannot be negative.` : undefined);
  const maxConcurrency = compileNumberField(
    state,
    'MaxConcurrency',
    language,
    { integer: true, range: nonNegative('MaxConcurrency') },
    pointer,
    sink,
  );
  const selector = compileItemSelector(state, ctx);
  const batcher = isObject(state.ItemBatcher) ? compileItemBatcher(state.ItemBatcher, ctx) : undefined;
  return {
    ...base,
    type: 'Map',
    processor,
    mode,
    ...(typeof state.Label === 'string' ? { label: state.Label } : {}),
    items: compileItems(state, ctx),
    ...(selector ? { itemSelector: selector } : {}),
    iterationInputBytes: iterationInputBound(state, language),
    ...(batcher ? { itemBatcher: batcher } : {}),
    maxConcurrency: (input, scope, states) => {
      const n = maxConcurrency(input, scope, states);
      return isPromise(n) ? n.then((v) => v ?? 0) : (n ?? 0);
    },
    toleratedFailureCount: compileNumberField(
      state,
      'ToleratedFailureCount',
      language,
      { integer: true, range: nonNegative('ToleratedFailureCount') },
      pointer,
      sink,
    ),
    toleratedFailurePercentage: compileNumberField(
      state,
      'ToleratedFailurePercentage',
      language,
      {
        integer: false,
        range: (n) => (n < 0 || n > 100 ? 'ToleratedFailurePercentage must be between 0 and 100.' : undefined),
      },
      pointer,
      sink,
    ),
  };
}

function compileItems(state: JsonObject, ctx: StateContext): MapState['items'] {
  const { language, pointer, sink } = ctx;
  const notArray = (v: Json | undefined, error: string) =>
    new StatesError(error, `Map state input must be an array but was: ${JSON.stringify(v ?? null)}`);
  if (language === 'JSONata') {
    if (state.Items === undefined) {
      return (input) => {
        if (!Array.isArray(input)) throw notArray(input, StatesErrorName.QueryEvaluationError);
        return input;
      };
    }
    const items = compileJsonataValue(state.Items, 'Items', pointerTo(pointer, 'Items'), sink);
    const text = isJsonataString(state.Items) ? jsonataBody(state.Items) : JSON.stringify(state.Items);
    return async (input, scope, states) => {
      const v = await items(input, scope, states);
      if (!Array.isArray(v)) {
        throw new StatesError(StatesErrorName.QueryEvaluationError, unexpectedTypeMessage(text, 'Items', 'array', v));
      }
      return v;
    };
  }
  if (state.ItemsPath === undefined) {
    return (input) => {
      if (!Array.isArray(input)) throw notArray(input, StatesErrorName.Runtime);
      return input;
    };
  }
  const parsed = typeof state.ItemsPath === 'string' ? parseReferencePath(state.ItemsPath) : undefined;
  if (!parsed?.ok) {
    sink.schema('Value is not a Reference Path', pointerTo(pointer, 'ItemsPath'));
    return () => [];
  }
  const path = parsed.value;
  return (input, scope) => {
    const v = path.read(input, scope.env);
    if (v === undefined) {
      throw new StatesError(StatesErrorName.Runtime, `Invalid path '${path.text}' : No results for path: ${path.text}`);
    }
    if (!Array.isArray(v)) throw notArray(v, StatesErrorName.Runtime);
    return v;
  };
}

/**
 * An iteration's input is an item, a node of the items array found in the effective input,
 * unless an ItemSelector or ItemBatcher builds it.
 */
function iterationInputBound(state: JsonObject, language: QueryLanguage): SizeBound {
  if (language === 'JSONata' || state.ItemBatcher !== undefined) return UNBOUNDED;
  const selector = state.ItemSelector !== undefined ? state.ItemSelector : state.Parameters;
  if (selector !== undefined) return templateBound(selector);
  return pathFieldBound(state.ItemsPath) ?? ((bytes) => bytes);
}

/** ItemSelector (or the legacy Parameters): `$` is the Map's effective input, `$$.Map.Item` the item. */
function compileItemSelector(state: JsonObject, ctx: StateContext): Evaluator | undefined {
  const field = state.ItemSelector !== undefined ? 'ItemSelector' : 'Parameters';
  const template = state[field];
  if (template === undefined) return undefined;
  const at = pointerTo(ctx.pointer, field);
  if (ctx.language === 'JSONata') return compileJsonataValue(template, field, at, ctx.sink);
  const evaluate = compileJsonPathTemplate(template, at, ctx.sink);
  return (value, scope: EvalScope) => evaluate(value, scope.env);
}

function compileItemBatcher(batcher: JsonObject, ctx: StateContext): ItemBatcher {
  const { language, sink } = ctx;
  const at = pointerTo(ctx.pointer, 'ItemBatcher');
  const positive = (field: string) => ({
    integer: true,
    range: (n: number) => (n < 1 ? `${field} must be positive.` : undefined),
  });
  let batchInput: Evaluator | undefined;
  if (batcher.BatchInput !== undefined) {
    if (language === 'JSONata')
      batchInput = compileJsonataValue(batcher.BatchInput, 'BatchInput', pointerTo(at, 'BatchInput'), sink);
    else {
      const evaluate = compileJsonPathTemplate(batcher.BatchInput, pointerTo(at, 'BatchInput'), sink);
      batchInput = (value, scope) => evaluate(value, scope.env);
    }
  }
  return {
    maxItemsPerBatch: compileNumberField(batcher, 'MaxItemsPerBatch', language, positive('MaxItemsPerBatch'), at, sink),
    maxInputBytesPerBatch: compileNumberField(
      batcher,
      'MaxInputBytesPerBatch',
      language,
      positive('MaxInputBytesPerBatch'),
      at,
      sink,
    ),
    ...(batchInput ? { batchInput } : {}),
  };
}
