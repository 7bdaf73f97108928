/**
 * The interpreter's entry points: `createExecution` builds the initial state and `step` applies
 * one signal, returning the new state, the effects for the runtime and the history events.
 * Deterministic: the same machine, state and signals give the same result (time and randomness
 * arrive as values). `step` takes ownership of the state it is given and returns it updated.
 */
import { type Instant, type Json, type JsonObject, type MaybePromise, seedRandom } from '../../kernel/index.js';
import type { CompiledMachine, CompiledState } from '../compile/machine.js';
import { StatesErrorName } from '../errors.js';
import { formatTimestamp } from '../timestamp.js';
import { andThen } from './continue.js';
import { childSettled, startMap, startParallel } from './fan-out.js';
import { runChoice, runFail, runPass, runWait } from './simple-states.js';
import { BLOCKED, type Outcome, type StateHandlers, Stepper } from './stepper.js';
import {
  startTask,
  taskFailed,
  taskHeartbeat,
  taskStarted,
  taskSubmitted,
  taskSucceeded,
  taskTimedOut,
} from './task.js';
import type { ExecutionContext, ExecutionState, Flow, Signal, StepResult } from './types.js';

export interface NewExecution {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName?: string;
  readonly roleArn?: string;
  readonly input: Json;
  readonly startedAt: Instant;
  /** Four 32-bit integers from a real entropy source: everything random in the execution derives from them. */
  readonly seed: readonly [number, number, number, number];
  readonly redriveCount?: number;
  /** Variables the execution starts with (TestState's `variables`); none for a normal start. */
  readonly variables?: JsonObject;
}

export function createExecution(params: NewExecution): ExecutionState {
  const context: ExecutionContext = {
    executionArn: params.executionArn,
    name: params.name,
    stateMachineArn: params.stateMachineArn,
    stateMachineName: params.stateMachineName ?? params.stateMachineArn.split(':').pop()!,
    roleArn: params.roleArn ?? '',
    input: params.input,
    startTime: formatTimestamp(params.startedAt),
    redriveCount: params.redriveCount ?? 0,
  };
  return {
    status: 'RUNNING',
    context,
    lastEventId: 0,
    lastSeq: 0,
    random: seedRandom(...params.seed),
    flows: {},
    nextFlowId: 0,
    pending: {},
    ...(params.variables ? { initialVariables: params.variables } : {}),
  };
}

const handlers: StateHandlers = {
  work(stepper, flow, state: CompiledState): MaybePromise<Outcome> {
    switch (state.type) {
      case 'Pass':
        return runPass(stepper, flow, state);
      case 'Task':
        return startTask(stepper, flow, state);
      case 'Choice':
        return runChoice(stepper, flow, state);
      case 'Wait':
        return runWait(stepper, flow, state);
      case 'Succeed':
        return stepper.complete(flow, state);
      case 'Fail':
        return runFail(stepper, flow, state);
      case 'Parallel':
        return startParallel(stepper, flow, state);
      case 'Map':
        return startMap(stepper, flow, state);
    }
  },
  childSettled,
};

/** Synchronous unless a JSONata expression is evaluated on the way: `await` the result either way. */
export function step(machine: CompiledMachine, state: ExecutionState, signal: Signal): MaybePromise<StepResult> {
  const stepper = new Stepper(machine, state, signal.at, handlers);
  const applied = signal.type === 'Redrive' ? redrive(stepper) : state.status === 'RUNNING' && apply(stepper, signal);
  return andThen(applied, (applied) => ({ state, effects: stepper.effects, events: stepper.events, applied }));
}

/**
 * RedriveExecution (developer guide, "Redriving executions"): an unsuccessful execution runs
 * again from the top-level state it stopped in, with that state's input and the variables of
 * the time; the history goes on after an ExecutionRedriven event. A Map or Parallel state is
 * re-run as a whole.
 */
function redrive(stepper: Stepper): MaybePromise<boolean> {
  const s = stepper.state;
  if (s.status === 'RUNNING' || s.status === 'SUCCEEDED' || !s.redrive) return false;
  const point = s.redrive;
  s.status = 'RUNNING';
  s.redriveCount = (s.redriveCount ?? 0) + 1;
  s.redrivenAt = stepper.at;
  for (const key of ['redrive', 'closedAt', 'error', 'cause', 'output'] as const) delete s[key];
  stepper.emit(undefined, 'ExecutionRedriven', { redriveCount: s.redriveCount });
  return andThen(runTopLevel(stepper, point), () => true);
}

function apply(stepper: Stepper, signal: Exclude<Signal, { type: 'Redrive' }>): MaybePromise<boolean> {
  const s = stepper.state;
  if (signal.type === 'Start') return start(stepper);
  if (signal.type === 'Stop') {
    stepper.close('ABORTED', {
      ...(signal.error !== undefined ? { error: signal.error } : {}),
      ...(signal.cause !== undefined ? { cause: signal.cause } : {}),
    });
    return true;
  }
  if (signal.type === 'TimerFired' && signal.seq === s.timeoutSeq) {
    delete s.pending[signal.seq];
    s.timeoutSeq = undefined;
    stepper.close('TIMED_OUT', { error: StatesErrorName.Timeout, cause: 'The execution timed out' });
    return true;
  }
  const flowId = s.pending[signal.seq];
  const flow = flowId === undefined ? undefined : s.flows[flowId];
  if (!flow?.wait) return false;
  const state = stepper.stateOf(flow);
  return andThen(onSignal(stepper, flow, state, signal), (outcome) =>
    outcome === undefined ? false : andThen(stepper.run(flow, outcome), () => true),
  );
}

function start(stepper: Stepper): MaybePromise<boolean> {
  const s = stepper.state;
  if (s.lastEventId > 0) return false;
  const machine = stepper.machine;
  stepper.emit(undefined, 'ExecutionStarted', {
    input: s.context.input,
    roleArn: s.context.roleArn,
  });
  if (machine.timeoutSeconds !== undefined) {
    // The execution's own deadline belongs to no flow, so it is not in `pending`.
    s.timeoutSeq = stepper.nextSeq();
    stepper.effect({ type: 'StartTimer', seq: s.timeoutSeq, fireAt: stepper.at + machine.timeoutSeconds * 1000 });
  }
  const started = runTopLevel(stepper, {
    scope: 0,
    state: machine.scopes[0]!.startAt,
    input: s.context.input,
    vars: { ...s.initialVariables },
  });
  return andThen(started, () => true);
}

/** Creates the execution's top-level flow at `start` and runs it until it blocks or ends. */
function runTopLevel(
  stepper: Stepper,
  start: { scope: number; state: string; input: Json; vars: JsonObject },
): MaybePromise<void> {
  const s = stepper.state;
  const root: Flow = {
    id: s.nextFlowId++,
    ...start,
    // The execution's input is measured only if some output's bound ever needs it.
    inputBytes: Number.POSITIVE_INFINITY,
    enteredEventId: 0,
    enteredAt: stepper.at,
    lastEventId: s.lastEventId,
    retries: [],
    silent: false,
  };
  s.flows[root.id] = root;
  return andThen(stepper.enter(root), (outcome) => stepper.run(root, outcome));
}

/** What a task or timer signal means for the flow waiting on it; undefined when it no longer applies. */
type FlowSignal = Exclude<Signal, { type: 'Start' | 'Stop' | 'Redrive' }>;

function onSignal(
  stepper: Stepper,
  flow: Flow,
  state: CompiledState,
  signal: FlowSignal,
): MaybePromise<Outcome | undefined> {
  const wait = flow.wait!;
  if (signal.type === 'TimerFired') {
    if (wait.kind === 'timer' && wait.seq === signal.seq) {
      delete stepper.state.pending[signal.seq];
      flow.wait = undefined;
      return wait.purpose === 'wait' ? stepper.complete(flow, state) : stepper.work(flow, state);
    }
    if (wait.kind === 'task' && state.type === 'Task' && signal.seq === wait.timeoutSeq) {
      return taskTimedOut(stepper, flow, state, signal.seq);
    }
    if (wait.kind === 'task' && state.type === 'Task' && signal.seq === wait.heartbeatSeq) {
      // A heartbeat moved the deadline after this firing was scheduled: it no longer applies.
      if (wait.heartbeatDeadline !== undefined && signal.at < wait.heartbeatDeadline) return undefined;
      return taskTimedOut(stepper, flow, state, signal.seq);
    }
    return undefined;
  }
  if (wait.kind !== 'task' || wait.seq !== signal.seq || state.type !== 'Task') return undefined;
  switch (signal.type) {
    case 'TaskStarted':
      // A task starts once: a second claim of it does not apply.
      return wait.started ? undefined : taskStarted(stepper, flow, state, signal.workerName);
    case 'TaskSubmitted':
      return taskSubmitted(stepper, flow, state, signal.output);
    case 'TaskHeartbeat':
      return taskHeartbeat(stepper, flow);
    case 'TaskSucceeded':
      return taskSucceeded(stepper, flow, state, signal.output);
    case 'TaskFailed':
      return taskFailed(stepper, flow, state, {
        error: signal.error ?? '',
        ...(signal.cause !== undefined ? { cause: signal.cause } : {}),
      });
    default:
      return BLOCKED;
  }
}
