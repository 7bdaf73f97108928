/**
 * The payload quota's size bounds never under-report (fast-check): for generated JSONPath data
 * flows (InputPath, Parameters, ResultSelector, ResultPath, OutputPath with paths that may hit,
 * miss, repeat or nest) over generated inputs and results, every value the flow makes measures
 * at most the bound computed from the sizes of what it was made from.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Json, type JsonObject, seedRandom } from '../../kernel/index.js';
import { DiagnosticSink } from '../diagnostics.js';
import { StatesError } from '../errors.js';
import { jsonByteLength } from '../payload-size.js';
import { compileDataFlow } from './data-flow.js';
import type { EvalScope, QueryLanguage } from './machine.js';
import { templateBound } from './size-bounds.js';

const scope: EvalScope = {
  env: { context: { Execution: { Id: 'x' } }, variable: () => 'v', random: seedRandom(1, 2, 3, 4) },
  now: 0,
};
const NAMES = ['a', 'b', 'é"\\', '__proto__'];

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json; array: Json[]; object: JsonObject }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.constantFrom<Json>(null, true, false, 0, -1.5e300, 'x', '', '😀\u0001'),
    fc.string(),
    tie('array'),
    tie('object'),
  ),
  array: fc.array(tie('value'), { maxLength: 3 }),
  object: fc.dictionary(fc.constantFrom(...NAMES), tie('value'), { maxKeys: 3 }),
})).value;

const step = fc.oneof(
  fc.constantFrom(...NAMES).map((n) => `['${n.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}']`),
  fc.integer({ min: -3, max: 3 }).map((i) => `[${i}]`),
);
const inputPath = fc.array(step, { maxLength: 3 }).map((steps) => `$${steps.join('')}`);
/** Paths the bounds cannot follow as well: context, variables, several nodes, intrinsics. */
const otherPath = fc.constantFrom('$$.Execution.Id', '$var', '$..a', '$.*', 'States.Array($, $, $, $)');
const path = fc.oneof({ weight: 4, arbitrary: inputPath }, { weight: 1, arbitrary: otherPath });

const template: fc.Arbitrary<Json> = fc.letrec<{ node: Json; object: JsonObject }>((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, json, tie('object'), fc.array(tie('node'), { maxLength: 3 })),
  object: fc
    .array(
      fc.oneof(
        fc.tuple(fc.constantFrom(...NAMES), tie('node')),
        fc.tuple(
          fc.constantFrom(...NAMES).map((n) => `${n}.$`),
          path,
        ),
      ),
      { maxLength: 4 },
    )
    .map((entries) => Object.fromEntries(entries) as JsonObject),
})).node;

const pathField = fc.option(fc.oneof(fc.constant(null), path), { nil: undefined });
const resultPath = fc.option(
  fc.oneof(
    fc.constant(null),
    fc.array(fc.constantFrom('.a', '.b', "['x y']", '[0]', '[-1]'), { maxLength: 3 }).map((s) => `$${s.join('')}`),
  ),
  { nil: undefined },
);

const state = fc.record(
  {
    InputPath: pathField,
    Parameters: template,
    ResultSelector: template,
    ResultPath: resultPath,
    OutputPath: pathField,
  },
  { requiredKeys: [] },
);

/** Runs `make`; a run-time failure (a path finding nothing, ResultPath not applicable) makes no value. */
function made(make: () => Json): Json | undefined {
  try {
    return make();
  } catch (e) {
    if (e instanceof StatesError) return undefined;
    throw e;
  }
}

function compile(definition: JsonObject, language: QueryLanguage = 'JSONPath') {
  const sink = new DiagnosticSink();
  const shape = { parameters: true, result: true, outputDefaultsToResult: true };
  const flow = compileDataFlow(definition, language, shape, '/States/S', sink);
  return sink.hasErrors ? undefined : flow;
}

describe('size bounds', () => {
  it('bound every effective input and output a JSONPath data flow makes', () => {
    fc.assert(
      fc.property(state, json, fc.option(json, { nil: undefined }), (definition, raw, result) => {
        const flow = compile(definition as JsonObject);
        if (!flow) return;
        const rawBytes = jsonByteLength(raw);
        const resultBytes = result === undefined ? undefined : jsonByteLength(result);
        const input = made(() => flow.effectiveInput(raw, scope, {}) as Json);
        if (input !== undefined) expect(jsonByteLength(input)).toBeLessThanOrEqual(flow.effectiveInputBytes(rawBytes));
        const output = made(() => flow.output(raw, result, scope, {}) as Json);
        if (output !== undefined)
          expect(jsonByteLength(output)).toBeLessThanOrEqual(flow.outputBytes(rawBytes, resultBytes));
      }),
      { numRuns: 2000 },
    );
  });

  it('follow member and element paths only, and count repeated or nested paths once each', () => {
    expect(templateBound({ 'a.$': '$.a', 'b.$': '$.b' })(100)).toBe(2 + 8 + 1 + 100 + 8);
    expect(templateBound({ 'a.$': '$.a', 'b.$': '$.a' })(100)).toBe(2 + 8 + 1 + 200 + 8);
    expect(templateBound({ 'a.$': '$.a', 'b.$': '$.a.b' })(100)).toBe(2 + 8 + 1 + 200 + 8);
    expect(templateBound({ 'a.$': '$[0]', 'b.$': '$[-1]' })(100)).toBe(2 + 8 + 1 + 200 + 8);
    expect(templateBound({ k: 'constant' })(Number.POSITIVE_INFINITY)).toBe(16);
    for (const unknown of ['$$.Execution.Input', '$var', '$..a', '$.a[*]', '$.a.length()', 'States.UUID()'])
      expect(templateBound({ 'a.$': unknown })(100)).toBe(Number.POSITIVE_INFINITY);
  });

  it('give JSONata fields no bound, and pass on the input or result where no expression is set', () => {
    const withExpressions = compile({ Arguments: '{% $states.input %}', Output: '{% 1 %}' }, 'JSONata')!;
    expect(withExpressions.effectiveInputBytes(10)).toBe(Number.POSITIVE_INFINITY);
    expect(withExpressions.outputBytes(10, 20)).toBe(Number.POSITIVE_INFINITY);
    const plain = compile({}, 'JSONata')!;
    expect(plain.effectiveInputBytes(10)).toBe(10);
    expect(plain.outputBytes(10, 20)).toBe(20);
  });
});
