/**
 * Failure texts for paths that find nothing. The two headline forms are recorded against AWS
 * (shared/conformance/asl/cases/scenarios__test_base_scenarios.json, test_invalid_jsonpath); the
 * Jayway details follow Jayway JsonPath's exceptions as raised with Jackson's node provider.
 */
import { describe, expect, it } from 'vitest';
import { type Json, seedRandom } from '../../../kernel/index.js';
import type { EvalEnv } from '../env.js';
import {
  explainMissingPath,
  fieldPathNotFoundMessage,
  invalidDynamicFieldMessage,
  invalidPathMessage,
  parseJsonPath,
} from './index.js';

const env: EvalEnv = { context: { a: 1 }, variable: () => undefined, random: seedRandom(1, 1, 1, 1) };

function explain(path: string, input: Json): string {
  const parsed = parseJsonPath(path);
  if (!parsed.ok) throw new Error(parsed.error);
  return explainMissingPath(parsed.value, input, env);
}

describe('AWS texts', () => {
  it('InputPath: Invalid path … : No results for path: …', () => {
    const path = parseJsonPath('$.NoSuchInputPath');
    expect(path.ok && invalidPathMessage(path.value, {}, env)).toBe(
      "Invalid path '$.NoSuchInputPath' : No results for path: $['NoSuchInputPath']",
    );
  });

  it('a field path: The JSONPath … specified for the field … could not be found in the input …', () => {
    expect(fieldPathNotFoundMessage('$.NoSuchCausePath', 'CausePath', { Error: 'error-value' })).toBe(
      "The JSONPath '$.NoSuchCausePath' specified for the field 'CausePath' could not be found in the input '{\"Error\":\"error-value\"}'",
    );
  });

  it('a key.$ value that is neither a path nor a call', () => {
    expect(invalidDynamicFieldMessage('out.$')).toBe(
      "The value for the field 'out.$' must be a valid JSONPath or a valid intrinsic function call",
    );
  });
});

describe("Jayway's reasons", () => {
  it.each([
    ['$.a.b', { a: {} }, "No results for path: $['a']['b']"],
    ['$.x.b', { a: {} }, "Missing property in path $['x']"],
    [
      '$.a.b',
      { a: 'text' },
      "Expected to find an object with property ['b'] in path $['a'] but found 'com.fasterxml.jackson.databind.node.TextNode'. This is not a json object according to the JsonProvider: 'com.jayway.jsonpath.spi.json.JacksonJsonNodeJsonProvider'.",
    ],
    ['$.a[0]', { a: 1 }, 'Filter: [0] can only be applied to arrays. Current context is: 1'],
    ['$.a[5][0]', { a: [1] }, "The path $['a'][5] is null"],
    ['$$.b', {}, "No results for path: $['b']"],
    ['$.a[*].b', {}, "No results for path: $['a'][*]['b']"],
  ] as const)('%s on %j', (path, input, reason) => {
    expect(explain(path, input as Json)).toBe(reason);
  });
});
