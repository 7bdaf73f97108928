/**
 * Input and output processing of a state, per query language.
 * JSONPath (developer guide "Processing input and output"): InputPath → Parameters → work →
 * ResultSelector → ResultPath → OutputPath. JSONata ("Transforming data with JSONata"):
 * Arguments → work → Output, with `$states.input` / `$states.result`.
 */
import type { Json, JsonObject } from '../../kernel/index.js';
import { type DiagnosticSink, pointerTo } from '../diagnostics.js';
import { StatesError, StatesErrorName } from '../errors.js';
import { compileJsonataTemplate } from '../query/jsonata/index.js';
import {
  type JsonPath,
  normalizedPath,
  parseJsonPath,
  parseReferencePath,
  writeResultPath,
} from '../query/jsonpath/index.js';
import { compileJsonPathTemplate, type TemplateEvaluator } from './jsonpath-template.js';
import type { DataFlow, EvalScope, Evaluator, QueryLanguage } from './machine.js';
import { pathFieldBound, resultPathBound, type SizeBound, templateBound } from './size-bounds.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

/** What the state's type allows: Pass/Task/Parallel take Parameters and results; Map builds items itself. */
export interface FlowShape {
  readonly parameters: boolean;
  readonly result: boolean;
  /** JSONata Output defaults to the result (Task, Parallel, Map) or to the input (the others). */
  readonly outputDefaultsToResult: boolean;
}

export function compileDataFlow(
  state: JsonObject,
  language: QueryLanguage,
  shape: FlowShape,
  pointer: string,
  sink: DiagnosticSink,
): DataFlow {
  return language === 'JSONPath'
    ? compileJsonPathFlow(state, shape, pointer, sink)
    : compileJsonataFlow(state, shape, pointer, sink);
}

/** A Path field: undefined → identity, null → `{}` (the spec's "discard"), string → a JSONPath. */
export function compilePathField(
  value: Json | undefined,
  field: string,
  pointer: string,
  sink: DiagnosticSink,
): ((input: Json, scope: EvalScope) => Json) | undefined {
  if (value === undefined) return undefined;
  if (value === null) return () => EMPTY;
  const parsed = typeof value === 'string' ? parseJsonPath(value) : undefined;
  if (!parsed?.ok) {
    sink.schema(`The value for the field '${field}' must be a valid JSONPath`, pointerTo(pointer, field));
    return undefined;
  }
  const path = parsed.value;
  return (input, scope) => {
    const found = path.read(input, scope.env);
    if (found === undefined) throw missingPath(path);
    return found;
  };
}

export function missingPath(path: JsonPath): StatesError {
  return new StatesError(
    StatesErrorName.Runtime,
    `Invalid path '${path.text}' : No results for path: ${normalizedPath(path)}`,
  );
}

function compileJsonPathFlow(state: JsonObject, shape: FlowShape, pointer: string, sink: DiagnosticSink): DataFlow {
  const inputPath = compilePathField(state.InputPath, 'InputPath', pointer, sink);
  const outputPath = compilePathField(state.OutputPath, 'OutputPath', pointer, sink);
  const parameters =
    shape.parameters && state.Parameters !== undefined
      ? compileJsonPathTemplate(state.Parameters, pointerTo(pointer, 'Parameters'), sink)
      : undefined;
  const resultSelector =
    shape.result && state.ResultSelector !== undefined
      ? compileJsonPathTemplate(state.ResultSelector, pointerTo(pointer, 'ResultSelector'), sink)
      : undefined;
  const resultPath =
    shape.result || state.ResultPath !== undefined ? compileResultPath(state.ResultPath, pointer, sink) : undefined;

  const select = (result: Json, scope: EvalScope): Json =>
    resultSelector ? resultSelector(result, scope.env) : result;
  const bytes = compileJsonPathBounds(state, shape);
  return {
    language: 'JSONPath',
    effectiveInput(raw, scope) {
      const input = inputPath ? inputPath(raw, scope) : raw;
      return parameters ? parameters(input, scope.env) : input;
    },
    output(raw, result, scope) {
      let combined: Json;
      if (result === undefined) combined = inputPath ? inputPath(raw, scope) : raw;
      else combined = resultPath ? resultPath(raw, select(result, scope)) : select(result, scope);
      return outputPath ? outputPath(combined, scope) : combined;
    },
    assignInput(raw, result, scope) {
      if (result === undefined) return inputPath ? inputPath(raw, scope) : raw;
      return select(result, scope);
    },
    async inspect(raw, result, scope) {
      const afterInputPath = inputPath ? inputPath(raw, scope) : raw;
      const stages: JsonObject = {
        afterInputPath,
        afterParameters: parameters ? parameters(afterInputPath, scope.env) : afterInputPath,
      };
      if (result !== undefined) {
        stages.afterResultSelector = select(result, scope);
        stages.afterResultPath = resultPath ? resultPath(raw, stages.afterResultSelector) : stages.afterResultSelector;
      }
      return stages;
    },
    effectiveInputBytes: bytes.effectiveInputBytes,
    outputBytes: bytes.outputBytes,
  };
}

/** The size bounds of a JSONPath flow, stage by stage like `effectiveInput` and `output` above. */
function compileJsonPathBounds(
  state: JsonObject,
  shape: FlowShape,
): Pick<DataFlow, 'effectiveInputBytes' | 'outputBytes'> {
  const same: SizeBound = (bytes) => bytes;
  const inputPath = pathFieldBound(state.InputPath) ?? same;
  const outputPath = pathFieldBound(state.OutputPath) ?? same;
  const parameters = shape.parameters && state.Parameters !== undefined ? templateBound(state.Parameters) : same;
  const resultSelector =
    shape.result && state.ResultSelector !== undefined ? templateBound(state.ResultSelector) : same;
  const resultPath = resultPathBound(state.ResultPath);
  return {
    effectiveInputBytes: (raw) => parameters(inputPath(raw)),
    outputBytes: (raw, result) =>
      outputPath(result === undefined ? inputPath(raw) : resultPath(raw, resultSelector(result))),
  };
}

/** ResultPath: undefined → the result replaces the input; null → the input passes through; else merged in. */
export function compileResultPath(
  value: Json | undefined,
  pointer: string,
  sink: DiagnosticSink,
): ((raw: Json, result: Json) => Json) | undefined {
  if (value === undefined) return undefined;
  if (value === null) return (raw) => raw;
  const parsed = typeof value === 'string' ? parseReferencePath(value) : undefined;
  if (!parsed?.ok || parsed.value.root !== 'input') {
    sink.schema("The value for the field 'ResultPath' must be a valid ReferencePath", pointerTo(pointer, 'ResultPath'));
    return undefined;
  }
  const path = parsed.value;
  return (raw, result) => {
    const combined = writeResultPath(raw, path, result);
    if (combined === undefined) {
      throw new StatesError(
        StatesErrorName.ResultPathMatchFailure,
        `Unable to apply ResultPath '${path.text}' to input '${JSON.stringify(raw)}'`,
      );
    }
    return combined;
  };
}

function compileJsonataFlow(state: JsonObject, shape: FlowShape, pointer: string, sink: DiagnosticSink): DataFlow {
  const args =
    shape.parameters && state.Arguments !== undefined
      ? compileJsonataTemplate(state.Arguments, 'Arguments', pointerTo(pointer, 'Arguments'), sink)
      : undefined;
  const output =
    state.Output !== undefined
      ? compileJsonataTemplate(state.Output, 'Output', pointerTo(pointer, 'Output'), sink)
      : undefined;
  return {
    language: 'JSONata',
    effectiveInput(raw, scope, states) {
      return args ? args(states, scope.env, scope.now) : raw;
    },
    output(raw, result, scope, states) {
      if (output) return output(states, scope.env, scope.now);
      return shape.outputDefaultsToResult && result !== undefined ? result : raw;
    },
    assignInput(raw) {
      return raw;
    },
    async inspect(raw, _result, scope, states) {
      return { afterArguments: args ? await args(states, scope.env, scope.now) : raw };
    },
    // What an expression makes has no bound: it is measured.
    effectiveInputBytes(raw) {
      return args ? Number.POSITIVE_INFINITY : raw;
    },
    outputBytes(raw, result) {
      if (output) return Number.POSITIVE_INFINITY;
      return shape.outputDefaultsToResult && result !== undefined ? result : raw;
    },
  };
}

/** A JSONata-or-constant value used by fields like TimeoutSeconds, Items and MaxConcurrency. */
export function compileJsonataValue(value: Json, field: string, pointer: string, sink: DiagnosticSink): Evaluator {
  const template = compileJsonataTemplate(value, field, pointer, sink);
  return (_value, scope, states) => template(states, scope.env, scope.now);
}

export type { TemplateEvaluator };
