/**
 * The Task state (ASL spec "Task State"; developer guide "Task", "Activities", "Wait for a
 * Callback with Task Token"): schedules work through a ScheduleTask effect with a task token,
 * arms TimeoutSeconds and HeartbeatSeconds timers, and records AWS's event names per resource
 * kind (Activity…, LambdaFunction…, Task…).
 */
import type { Json, JsonObject, MaybePromise } from '../../kernel/index.js';
import type { TaskState } from '../compile/machine.js';
import { type Failure, StatesErrorName } from '../errors.js';
import { jsonByteLength } from '../payload-size.js';
import { andThen } from './continue.js';
import { BLOCKED, type Outcome, type Stepper } from './stepper.js';
import type { Flow, HistoryEventType } from './types.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

type Phase = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut' | 'Submitted';

function eventType(state: TaskState, phase: Phase): HistoryEventType {
  if (state.resourceKind === 'activity' && phase !== 'Submitted') return `Activity${phase}`;
  if (state.resourceKind === 'lambda' && phase !== 'Submitted') return `LambdaFunction${phase}`;
  return `Task${phase}`;
}

/**
 * Task* events name the service and the action: `arn:aws:states:::lambda:invoke` → lambda / invoke.
 * A new object each time, for the caller to add to (adding to a spread copy is slow in V8).
 */
function resourceFields(state: TaskState): JsonObject {
  if (state.resourceKind !== 'service') return { resource: state.resource };
  const m = /^arn:[^:]+:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(state.resource);
  return { resourceType: m?.[1] ?? state.resource, resource: m?.[2] ?? state.resource };
}

export function startTask(stepper: Stepper, flow: Flow, state: TaskState): MaybePromise<Outcome> {
  const token = stepper.newToken();
  const scope = stepper.evalScope(flow, { taskToken: token });
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const raw = flow.input;
  // One field after the other: JSONata expressions draw from the execution's random generator in order.
  return andThen(state.flow.effectiveInput(raw, scope, states), (input) =>
    andThen(state.timeoutSeconds(raw, scope, states), (timeoutSeconds) =>
      andThen(state.heartbeatSeconds(raw, scope, states), (heartbeatSeconds) =>
        andThen(state.credentials?.(raw, scope, states), (credentials) =>
          schedule(stepper, flow, state, { token, input, timeoutSeconds, heartbeatSeconds, credentials }),
        ),
      ),
    ),
  );
}

/** The task's fields are evaluated: records the scheduling, asks the runtime for the work, arms timers. */
function schedule(
  stepper: Stepper,
  flow: Flow,
  state: TaskState,
  task: {
    token: string;
    input: Json;
    timeoutSeconds: number | undefined;
    heartbeatSeconds: number | undefined;
    credentials: Json | undefined;
  },
): Outcome {
  const { token, input, timeoutSeconds, heartbeatSeconds, credentials } = task;
  const seq = stepper.nextSeq();
  stepper.state.pending[seq] = flow.id;

  const details = resourceFields(state);
  if (state.resourceKind === 'service') details.parameters = input;
  else details.input = input;
  if (timeoutSeconds !== undefined) details.timeoutInSeconds = timeoutSeconds;
  if (heartbeatSeconds !== undefined && state.resourceKind !== 'lambda') details.heartbeatInSeconds = heartbeatSeconds;
  stepper.emit(flow, eventType(state, 'Scheduled'), details);
  stepper.effect({
    type: 'ScheduleTask',
    seq,
    token,
    stateName: state.name,
    resource: state.resource,
    resourceKind: state.resourceKind,
    integrationPattern: state.integrationPattern,
    input,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
    ...(credentials !== undefined ? { credentials } : {}),
  });
  flow.wait = {
    kind: 'task',
    seq,
    token,
    input,
    started: false,
    ...(timeoutSeconds !== undefined
      ? { timeoutSeq: stepper.startTimer(flow, stepper.at + timeoutSeconds * 1000) }
      : {}),
    ...(heartbeatSeconds !== undefined ? { heartbeatSeconds } : {}),
  };
  return BLOCKED;
}

function markStarted(stepper: Stepper, flow: Flow, state: TaskState, workerName?: string): void {
  const wait = flow.wait;
  if (wait?.kind !== 'task' || wait.started) return;
  wait.started = true;
  const details: JsonObject = state.resourceKind === 'activity' ? {} : resourceFields(state);
  if (workerName !== undefined) details.workerName = workerName;
  stepper.emit(flow, eventType(state, 'Started'), details);
  if (wait.heartbeatSeconds !== undefined) {
    wait.heartbeatDeadline = stepper.at + wait.heartbeatSeconds * 1000;
    wait.heartbeatSeq = stepper.startTimer(flow, wait.heartbeatDeadline);
  }
}

export function taskStarted(stepper: Stepper, flow: Flow, state: TaskState, workerName?: string): Outcome {
  markStarted(stepper, flow, state, workerName);
  return BLOCKED;
}

export function taskSubmitted(stepper: Stepper, flow: Flow, state: TaskState, output: Json | undefined): Outcome {
  markStarted(stepper, flow, state);
  const details = resourceFields(state);
  if (output !== undefined) details.output = output;
  stepper.emit(flow, 'TaskSubmitted', details);
  return BLOCKED;
}

/** A heartbeat moves the heartbeat deadline; it does not change the overall timeout. */
export function taskHeartbeat(stepper: Stepper, flow: Flow): Outcome {
  const wait = flow.wait;
  if (wait?.kind === 'task' && wait.heartbeatSeq !== undefined && wait.heartbeatSeconds !== undefined) {
    wait.heartbeatDeadline = stepper.at + wait.heartbeatSeconds * 1000;
    stepper.startTimer(flow, wait.heartbeatDeadline, wait.heartbeatSeq);
  }
  return BLOCKED;
}

function finishWaiting(stepper: Stepper, flow: Flow): void {
  const wait = flow.wait;
  if (wait?.kind !== 'task') return;
  delete stepper.state.pending[wait.seq];
  stepper.cancelTimer(wait.timeoutSeq);
  stepper.cancelTimer(wait.heartbeatSeq);
  flow.wait = undefined;
}

export function taskSucceeded(stepper: Stepper, flow: Flow, state: TaskState, output: Json): MaybePromise<Outcome> {
  markStarted(stepper, flow, state);
  finishWaiting(stepper, flow);
  const details: JsonObject = state.resourceKind === 'service' ? resourceFields(state) : {};
  details.output = output;
  stepper.emit(flow, eventType(state, 'Succeeded'), details);
  // A task's output comes from outside: its size is measured.
  return stepper.complete(flow, state, { value: output, bytes: jsonByteLength(output) });
}

export function taskFailed(stepper: Stepper, flow: Flow, state: TaskState, failure: Failure): Outcome {
  markStarted(stepper, flow, state);
  finishWaiting(stepper, flow);
  const details: JsonObject = state.resourceKind === 'service' ? resourceFields(state) : {};
  details.error = failure.error;
  if (failure.cause !== undefined) details.cause = failure.cause;
  stepper.emit(flow, eventType(state, 'Failed'), details);
  return { kind: 'failed', failure };
}

/** The task's timeout or heartbeat deadline passed: the task is abandoned and the state fails. */
export function taskTimedOut(stepper: Stepper, flow: Flow, state: TaskState, timerSeq: number): Outcome {
  const wait = flow.wait;
  if (wait?.kind !== 'task') return BLOCKED;
  const heartbeat = timerSeq === wait.heartbeatSeq;
  delete stepper.state.pending[timerSeq];
  stepper.effect({ type: 'CancelTask', seq: wait.seq, token: wait.token });
  finishWaiting(stepper, flow);
  const failure: Failure = { error: heartbeat ? StatesErrorName.HeartbeatTimeout : StatesErrorName.Timeout };
  const details: JsonObject = state.resourceKind === 'service' ? resourceFields(state) : {};
  details.error = failure.error;
  stepper.emit(flow, eventType(state, 'TimedOut'), details);
  return { kind: 'failed', failure };
}
