/**
 * The AWS-recorded intrinsic cases of the conformance corpus
 * (shared/conformance/asl/cases/intrinsic_functions__*.json, see shared/conformance/README.md):
 * each is a Pass state whose Parameters compute `"FunctionResult.$": "States.…(…)"`. The
 * intrinsics are evaluated here directly against the recorded input, without the interpreter,
 * and the Parameters output is compared with AWS's. Values AWS itself randomises are listed in
 * the case's `ignore`; `<…>` placeholders match any string.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isJsonObject, type Json, type JsonObject, seedRandom } from '../../kernel/index.js';
import type { EvalEnv } from '../query/env.js';
import { isIntrinsicCall, parseIntrinsic } from './index.js';

const CASES = new URL('../../../../../../shared/conformance/asl/cases/', import.meta.url);

interface RecordedCase {
  id: string;
  definition?: JsonObject;
  input?: Json;
  expected: { status?: string; output?: Json };
  ignore?: string[];
}

function load(): RecordedCase[] {
  if (!existsSync(CASES)) return [];
  return readdirSync(CASES)
    .filter((f) => f.startsWith('intrinsic_functions__'))
    .flatMap((f) => (JSON.parse(readFileSync(new URL(f, CASES), 'utf8')) as { cases: RecordedCase[] }).cases);
}

/** The Parameters of a single JSONPath Pass state, or undefined for any other machine. */
function passParameters(c: RecordedCase): JsonObject | undefined {
  const states = Object.values((c.definition?.States ?? {}) as JsonObject) as JsonObject[];
  const [state] = states;
  if (states.length !== 1 || state?.Type !== 'Pass' || state.QueryLanguage === 'JSONata') return undefined;
  return isJsonObject(state.Parameters) ? state.Parameters : undefined;
}

function environment(input: Json): EvalEnv {
  return {
    context: {
      Execution: {
        Id: 'arn:aws:states:us-east-1:111111111111:execution:machine:run',
        Input: input,
        Name: 'run',
        RoleArn: 'arn:aws:iam::111111111111:role/machine',
        StartTime: '2024-01-01T00:00:00.000Z',
      },
      State: { EnteredTime: '2024-01-01T00:00:00.000Z', Name: 'State_0', RetryCount: 0 },
      StateMachine: { Id: 'arn:aws:states:us-east-1:111111111111:stateMachine:machine', Name: 'machine' },
    },
    variable: () => undefined,
    random: seedRandom(7, 11, 13, 17),
  };
}

function evaluate(parameters: JsonObject, input: Json): JsonObject {
  const env = environment(input);
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(parameters)) {
    if (!key.endsWith('.$') || typeof value !== 'string' || !isIntrinsicCall(value)) {
      out[key] = value;
      continue;
    }
    const call = parseIntrinsic(value);
    if (!call.ok) throw new Error(`${value}: ${call.error}`);
    out[key.slice(0, -2)] = call.value.evaluate(input, env);
  }
  return out;
}

/** AWS's output with ignored members removed and `<…>` placeholders matched loosely. */
function comparable(value: Json, pointer: string, ignore: readonly string[]): unknown {
  if (typeof value === 'string' && /^<[^>]+>$/.test(value)) return expect.any(String);
  if (Array.isArray(value)) return value.map((v, i) => comparable(v, `${pointer}/${i}`, ignore));
  if (isJsonObject(value)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      if (!ignore.includes(`${pointer}/${k}`)) out[k] = comparable(v, `${pointer}/${k}`, ignore);
    }
    return out;
  }
  return value;
}

function withoutIgnored(value: Json, pointer: string, ignore: readonly string[]): Json {
  if (!isJsonObject(value)) return value;
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) {
    if (!ignore.includes(`${pointer}/${k}`)) out[k] = withoutIgnored(v, `${pointer}/${k}`, ignore);
  }
  return out;
}

const cases = load().filter((c) => c.expected.status === 'SUCCEEDED' && passParameters(c) !== undefined);

describe.skipIf(cases.length === 0)('AWS-recorded intrinsic cases (shared/conformance/asl)', () => {
  it.each(cases.map((c) => [c.id, c] as const))('%s', (_id, c) => {
    const ignore = c.ignore ?? [];
    const output = evaluate(passParameters(c)!, c.input ?? {});
    expect(withoutIgnored(output, '/output', ignore)).toEqual(comparable(c.expected.output!, '/output', ignore));
  });

  it('covers every recorded JSONPath intrinsic case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(56);
  });
});
