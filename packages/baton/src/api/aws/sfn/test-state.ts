/**
 * TestState (API reference, "TestState"; developer guide, "Testing states"): runs one state on
 * its own — without a state machine — and reports its output or error, the next state, whether
 * a Retry would run it again (RETRIABLE) or a Catch took it (CAUGHT_ERROR), and, at DEBUG and
 * TRACE levels, the data after each processing stage. Task work runs for real unless `mock`
 * answers it; Wait states do not wait.
 */
import { randomUUID } from 'node:crypto';
import {
  type CompiledMachine,
  compileDefinitionValue,
  createExecution,
  type ExecutionState,
  formatInvalidDefinition,
  type HistoryEvent,
  type ScheduleTask,
  type Signal,
  step,
} from '../../../asl/index.js';
import { isJsonObject, type Json, type JsonObject, seedRandom } from '../../../kernel/index.js';
import { type HttpExchange, resultSignal, type TaskOutcome } from '../../../runtime/task-resource.js';
import { AwsError, validationError } from '../../errors.js';
import type { Operation } from '../json-protocol.js';
import type { SfnDeps } from './deps.js';
import { jsonPayload, optionalString, requiredString } from './input.js';

const LEVELS = new Set(['INFO', 'DEBUG', 'TRACE']);
const FAILURE_EVENTS = /(Failed|TimedOut)$/;

function targetsOf(state: JsonObject): string[] {
  const out: string[] = [];
  if (typeof state.Next === 'string') out.push(state.Next);
  if (typeof state.Default === 'string') out.push(state.Default);
  for (const list of [state.Choices, state.Catch]) {
    if (Array.isArray(list)) for (const r of list) if (isJsonObject(r) && typeof r.Next === 'string') out.push(r.Next);
  }
  return out;
}

/** The state under test and the query language around it, from a single state or a whole machine. */
function stateUnderTest(
  definition: Json,
  stateName: string | undefined,
): { name: string; state: JsonObject; queryLanguage?: Json } {
  if (!isJsonObject(definition)) throw new AwsError('InvalidDefinition', 'The definition must be a JSON object');
  if (isJsonObject(definition.States)) {
    const name = stateName ?? (typeof definition.StartAt === 'string' ? definition.StartAt : '');
    const state = definition.States[name];
    if (!isJsonObject(state)) throw validationError(`State '${name}' is not in the definition`);
    return {
      name,
      state,
      ...(definition.QueryLanguage !== undefined ? { queryLanguage: definition.QueryLanguage } : {}),
    };
  }
  return { name: stateName ?? 'TestState', state: definition };
}

function mockedOutcome(mock: JsonObject): Exclude<TaskOutcome, { kind: 'callback' }> {
  if (isJsonObject(mock.errorOutput ?? null)) {
    const e = mock.errorOutput as JsonObject;
    return {
      kind: 'failed',
      error: String(e.error ?? ''),
      ...(e.cause !== undefined ? { cause: String(e.cause) } : {}),
    };
  }
  if (typeof mock.result !== 'string') throw validationError('A mock needs a result or an errorOutput');
  return { kind: 'succeeded', output: jsonPayload(mock.result, 'ValidationException', 'Mock result') };
}

export function testStateOperations(deps: SfnDeps): Record<string, Operation> {
  return {
    async TestState(input, ctx) {
      const level = optionalString(input, 'inspectionLevel') ?? 'INFO';
      if (!LEVELS.has(level)) throw validationError(`Invalid inspectionLevel: '${level}'`);
      const definition = jsonPayload(requiredString(input, 'definition'), 'InvalidDefinition', 'Definition');
      const { name, state, queryLanguage } = stateUnderTest(definition, optionalString(input, 'stateName'));
      const mock = isJsonObject(input.mock ?? null) ? (input.mock as JsonObject) : undefined;
      const resource = typeof state.Resource === 'string' ? state.Resource : '';
      if (!mock && (/:activity:/.test(resource) || /\.(sync(:2)?|waitForTaskToken)$/.test(resource))) {
        throw validationError(
          'TestState supports Activity tasks and .sync and .waitForTaskToken integrations only with a mock',
        );
      }
      // Not built yet: refused rather than answered wrongly.
      if (state.Type === 'Map' || state.Type === 'Parallel')
        throw validationError('TestState of Map and Parallel states is not supported by this Baton server yet');
      for (const field of ['context', 'stateConfiguration'] as const) {
        if (input[field] !== undefined)
          throw validationError(`TestState's ${field} is not supported by this Baton server yet`);
      }
      if (mock?.fieldValidationMode !== undefined && mock.fieldValidationMode !== 'NONE')
        throw validationError(
          "Mocked results are not validated against the service's API by this Baton server: set fieldValidationMode to NONE",
        );
      const variablesText = optionalString(input, 'variables');
      const variables =
        variablesText === undefined ? {} : jsonPayload(variablesText, 'ValidationException', 'Variables');
      if (!isJsonObject(variables)) throw validationError('variables must be a JSON object');
      const payload = jsonPayload(optionalString(input, 'input'), 'InvalidExecutionInput', 'Input');

      // The state alone, its transition targets standing in as Succeed states.
      const states: JsonObject = { [name]: state };
      for (const target of targetsOf(state)) if (target !== name) states[target] = { Type: 'Succeed' };
      const compiled = compileDefinitionValue(
        { ...(queryLanguage !== undefined ? { QueryLanguage: queryLanguage } : {}), StartAt: name, States: states },
        { ...(deps.checkResource ? { checkResource: deps.checkResource } : {}) },
      );
      if (!compiled.ok) throw new AwsError('InvalidDefinition', formatInvalidDefinition(compiled.error));
      const machine = compiled.value;
      const machineArn = `arn:aws:states:${ctx.region}:${ctx.account}:stateMachine:TestState`;
      const e = deps.entropy;
      const execution = createExecution({
        executionArn: `arn:aws:states:${ctx.region}:${ctx.account}:execution:TestState:${randomUUID()}`,
        name: 'TestState',
        stateMachineArn: machineArn,
        roleArn: optionalString(input, 'roleArn') ?? `arn:aws:iam::${ctx.account}:role/TestState`,
        input: payload,
        startedAt: deps.clock.now(),
        seed: [e.nextUint32(), e.nextUint32(), e.nextUint32(), e.nextUint32()],
        variables,
      });

      const history: HistoryEvent[] = [];
      const exchanges: HttpExchange[] = [];
      const trace = level === 'TRACE' ? (exchange: HttpExchange) => exchanges.push(exchange) : undefined;
      let retriable = false;
      let taskResult: Json | undefined;
      let signals: Signal[] = [{ type: 'Start', at: deps.clock.now() }];
      while (signals.length > 0 && execution.status === 'RUNNING') {
        const next: Signal[] = [];
        for (const signal of signals) {
          const r = await step(machine, execution, signal);
          history.push(...r.events);
          for (const effect of r.effects) {
            if (effect.type === 'ScheduleTask') {
              const outcome = mock ? mockedOutcome(mock) : await runTask(deps, effect, execution, trace);
              if (outcome.kind === 'succeeded') taskResult = outcome.output;
              next.push(resultSignal(outcome, effect.seq, deps.clock.now()));
            } else if (effect.type === 'StartTimer') {
              const waiting = Object.values(execution.flows).find(
                (f) => f.wait?.kind === 'timer' && f.wait.seq === effect.seq,
              );
              if (waiting?.wait?.kind === 'timer' && waiting.wait.purpose === 'retry') retriable = true;
              // A Wait state does not wait here; task deadlines never fire (the task answered already).
              else if (waiting) next.push({ type: 'TimerFired', at: effect.fireAt, seq: effect.seq });
            }
          }
        }
        if (retriable) break;
        // The state under test is done once it has exited (its targets are stand-ins).
        if (history.some((ev) => ev.type.endsWith('StateExited') && ev.details?.name === name)) break;
        signals = next;
      }
      const out = answer(name, execution, history, retriable);
      if (level !== 'INFO') {
        const inspection = await inspect(machine, name, execution, history, payload, variables, taskResult);
        const exchange = exchanges.at(-1);
        if (exchange) Object.assign(inspection, traced(exchange, input.revealSecrets === true));
        out.inspectionData = inspection;
      }
      return out;
    },
  };
}

async function runTask(
  deps: SfnDeps,
  task: ScheduleTask,
  execution: ExecutionState,
  trace: ((exchange: HttpExchange) => void) | undefined,
) {
  const resource = deps.resources?.find((r) => r.handles(task.resource));
  if (!resource)
    return { kind: 'failed', error: 'States.TaskFailed', cause: `No resource runs '${task.resource}'` } as const;
  const outcome = await resource.run({
    ...task,
    executionArn: execution.context.executionArn,
    ...(trace ? { trace } : {}),
    signal: new AbortController().signal,
  });
  return outcome.kind === 'callback'
    ? ({ kind: 'failed', error: 'States.Runtime', cause: 'Callback tasks need a mock in TestState' } as const)
    : outcome;
}

/**
 * The verdict, read from the history: the state's exit (or none, when it failed), the failure
 * recorded before it (a Catch took it), and the state entered next (its transition target).
 */
function answer(
  name: string,
  execution: ExecutionState,
  history: readonly HistoryEvent[],
  retriable: boolean,
): JsonObject {
  const exitAt = lastIndexOf(history, (ev) => ev.type.endsWith('StateExited') && ev.details?.name === name);
  const failureAt = lastIndexOf(
    history.slice(0, exitAt < 0 ? history.length : exitAt),
    (ev) => FAILURE_EVENTS.test(ev.type) && ev.type !== 'ExecutionFailed' && ev.details?.error !== undefined,
  );
  const failure = failureAt < 0 ? undefined : history[failureAt];
  const withError = (status: string, error?: Json, cause?: Json): JsonObject => ({
    status,
    ...(error !== undefined ? { error } : {}),
    ...(cause !== undefined ? { cause } : {}),
  });
  if (retriable && failure) return withError('RETRIABLE', failure.details!.error, failure.details!.cause);
  if (exitAt < 0) return withError('FAILED', execution.error, execution.cause);
  const out = failure
    ? withError('CAUGHT_ERROR', failure.details!.error, failure.details!.cause)
    : { status: 'SUCCEEDED' };
  const output = history[exitAt]!.details?.output;
  if (output !== undefined) out.output = JSON.stringify(output);
  const next = history.slice(exitAt + 1).find((ev) => ev.type.endsWith('StateEntered'));
  if (next?.details?.name !== undefined) out.nextState = next.details.name;
  return out;
}

/**
 * DEBUG and TRACE: the state's input and result, the data after each processing stage
 * (afterInputPath, afterParameters, afterResultSelector, afterResultPath, or afterArguments),
 * and the variables once the state assigned its own; every value as JSON text.
 */
async function inspect(
  machine: CompiledMachine,
  name: string,
  execution: ExecutionState,
  history: readonly HistoryEvent[],
  input: Json,
  variables: JsonObject,
  result: Json | undefined,
): Promise<JsonObject> {
  const compiled = machine.scopes[0]!.states.get(name)!;
  const c = execution.context;
  const context: JsonObject = {
    Execution: { Id: c.executionArn, Input: c.input, Name: c.name, RoleArn: c.roleArn, StartTime: c.startTime },
    State: { Name: name, EnteredTime: c.startTime },
    StateMachine: { Id: c.stateMachineArn, Name: c.stateMachineName },
  };
  const env = { context, variable: (v: string) => variables[v], random: seedRandom(1, 2, 3, 4) };
  const scope = { env, now: Date.now() };
  const inspection: JsonObject = { input: JSON.stringify(input) };
  try {
    // A JSONPath Pass state's result is its Result field, or its effective input.
    if (result === undefined && compiled.type === 'Pass' && compiled.flow.language === 'JSONPath') {
      result = compiled.result ?? (await compiled.flow.effectiveInput(input, scope, { input, context }));
    }
    const states: JsonObject = { input, context, ...(result !== undefined ? { result } : {}) };
    for (const [stage, value] of Object.entries(await compiled.flow.inspect(input, result, scope, states))) {
      inspection[stage] = JSON.stringify(value);
    }
  } catch {
    // A stage that fails is where the state failed: the answer's error says so.
  }
  if (result !== undefined) inspection.result = JSON.stringify(result);
  const exit = history[lastIndexOf(history, (ev) => ev.type.endsWith('StateExited') && ev.details?.name === name)];
  inspection.variables = JSON.stringify({ ...variables, ...((exit?.details?.assignedVariables ?? {}) as JsonObject) });
  return inspection;
}

function lastIndexOf<T>(items: readonly T[], matches: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (matches(items[i]!)) return i;
  return -1;
}

/**
 * TRACE: the HTTP Task's request and response (InspectionDataRequest/Response). Unless the caller
 * asked to reveal secrets, the request is shown without what an EventBridge connection added to
 * its headers, query and body; what the state definition gave and the response are shown whole
 * (API reference, TestState: revealSecrets).
 */
function traced(exchange: HttpExchange, revealSecrets: boolean): JsonObject {
  const headers = (h: Headers) => JSON.stringify(Object.fromEntries(h));
  const { response } = exchange;
  const shown = exchange.request.withoutSecrets;
  const request = revealSecrets || !shown ? exchange.request : { method: exchange.request.method, ...shown };
  const protocol = new URL(request.url).protocol.replace(':', '');
  return {
    request: {
      protocol,
      method: request.method,
      url: request.url,
      headers: headers(request.headers),
      body: request.body ?? '',
    },
    ...(response
      ? {
          response: {
            protocol,
            statusCode: String(response.status),
            statusMessage: response.statusText,
            headers: headers(response.headers),
            body: response.body,
          },
        }
      : {}),
  };
}
