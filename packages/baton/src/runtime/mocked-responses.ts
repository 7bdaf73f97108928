/**
 * Mocked service responses in the Step Functions Local format (developer guide, "Using mocked
 * service integrations for testing in Step Functions Local"): `StateMachines.<name>.TestCases
 * .<case>.<state> → <response name>`, and `MockedResponses.<name>` maps attempt numbers or
 * ranges (`"0"`, `"1-2"`) to `{ "Return": … }` or `{ "Throw": { "Error", "Cause" } }`.
 */
import { isJsonObject, type Json, type JsonObject } from '../kernel/index.js';
import { TaskError, type TaskHandler } from './in-memory-runner.js';

export interface MockConfig {
  readonly StateMachines: Record<string, { TestCases: Record<string, Record<string, string>> }>;
  readonly MockedResponses: Record<string, Record<string, JsonObject>>;
}

export function parseMockConfig(value: Json): MockConfig {
  if (!isJsonObject(value) || !isJsonObject(value.StateMachines) || !isJsonObject(value.MockedResponses)) {
    throw new Error('A mock configuration needs "StateMachines" and "MockedResponses" objects');
  }
  return value as unknown as MockConfig;
}

/** The response for attempt `n` (0-based) of a mocked response, or undefined when none is listed. */
function responseFor(mocked: Record<string, JsonObject>, n: number): JsonObject | undefined {
  for (const [key, response] of Object.entries(mocked)) {
    const [from, to] = key.split('-').map(Number) as [number, number | undefined];
    if (n >= from && n <= (to ?? from)) return response;
  }
  return undefined;
}

/**
 * A handler resolver for one test case: each mocked state answers its attempts in order; a
 * state without a mock falls back to `fallback` (or fails, naming the state).
 */
export function mockedHandlers(
  config: MockConfig,
  machine: string,
  testCase: string,
  fallback?: (resource: string) => TaskHandler | undefined,
): (resource: string) => TaskHandler {
  const cases = config.StateMachines[machine]?.TestCases;
  if (!cases) throw new Error(`No test cases for state machine '${machine}' in the mock configuration`);
  const mocks = cases[testCase];
  if (!mocks) throw new Error(`No test case '${testCase}' for state machine '${machine}'`);
  const attempts = new Map<string, number>();
  return (resource) => async (input, context) => {
    const mockName = mocks[context.stateName];
    if (mockName === undefined) {
      const real = fallback?.(resource);
      if (real) return real(input, context);
      throw new TaskError(
        'States.TaskFailed',
        `State '${context.stateName}' has no mocked response in test case '${testCase}'`,
      );
    }
    const mocked = config.MockedResponses[mockName];
    if (!mocked) throw new TaskError('States.TaskFailed', `Mocked response '${mockName}' is not defined`);
    const n = attempts.get(context.stateName) ?? 0;
    attempts.set(context.stateName, n + 1);
    const response = responseFor(mocked, n);
    if (!response)
      throw new TaskError('States.TaskFailed', `Mocked response '${mockName}' has no answer for attempt ${n}`);
    if (isJsonObject(response.Throw ?? null)) {
      const thrown = response.Throw as JsonObject;
      throw new TaskError(
        String(thrown.Error ?? 'States.TaskFailed'),
        thrown.Cause === undefined ? undefined : String(thrown.Cause),
      );
    }
    return (response.Return ?? null) as Json;
  };
}
