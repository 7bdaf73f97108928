/**
 * The Task state (ASL spec "Task State"; developer guide "Task", "Activities", "Wait for a
 * Callback with Task Token"): schedules work through a ScheduleTask effect with a task token,
 * arms TimeoutSeconds and HeartbeatSeconds timers, and records AWS's event names per resource
 * kind (Activity…, LambdaFunction…, Task…).
 */
import { isPromise, type Json, type JsonObject } from '../../kernel/index.js';
import type { TaskState } from '../compile/machine.js';
import { type Failure, StatesErrorName } from '../errors.js';
import { BLOCKED, type Outcome, type Stepper } from './stepper.js';
import type { Flow, HistoryEventType } from './types.js';

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

type Phase = 'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut' | 'Submitted';

function eventType(state: TaskState, phase: Phase): HistoryEventType {
  if (state.resourceKind === 'activity' && phase !== 'Submitted') return `Activity${phase}`;
  if (state.resourceKind === 'lambda' && phase !== 'Submitted') return `LambdaFunction${phase}`;
  return `Task${phase}`;
}

/** Task* events name the service and the action: `arn:aws:states:::lambda:invoke` → lambda / invoke. */
function resourceFields(state: TaskState): JsonObject {
  if (state.resourceKind !== 'service') return { resource: state.resource };
  const m = /^arn:[^:]+:states:[^:]*:[^:]*:([^:]+):(.+)$/.exec(state.resource);
  return { resourceType: m?.[1] ?? state.resource, resource: m?.[2] ?? state.resource };
}

export async function startTask(stepper: Stepper, flow: Flow, state: TaskState): Promise<Outcome> {
  const token = stepper.newToken();
  const scope = stepper.evalScope(flow, { taskToken: token });
  const states = state.flow.language === 'JSONata' ? stepper.statesVar(flow, scope) : EMPTY;
  const maybeInput = state.flow.effectiveInput(flow.input, scope, states);
  const input = isPromise(maybeInput) ? await maybeInput : maybeInput;
  const maybeTimeoutSeconds = state.timeoutSeconds(flow.input, scope, states);
  const timeoutSeconds = isPromise(maybeTimeoutSeconds) ? await maybeTimeoutSeconds : maybeTimeoutSeconds;
  const maybeHeartbeatSeconds = state.heartbeatSeconds(flow.input, scope, states);
  const heartbeatSeconds = isPromise(maybeHeartbeatSeconds) ? await maybeHeartbeatSeconds : maybeHeartbeatSeconds;
  const credentials = state.credentials ? await state.credentials(flow.input, scope, states) : undefined;
  const seq = stepper.nextSeq();
  stepper.state.pending[seq] = flow.id;

  const details: JsonObject = { ...resourceFields(state) };
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
  stepper.emit(flow, 'TaskSubmitted', { ...resourceFields(state), ...(output !== undefined ? { output } : {}) });
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

export async function taskSucceeded(stepper: Stepper, flow: Flow, state: TaskState, output: Json): Promise<Outcome> {
  markStarted(stepper, flow, state);
  finishWaiting(stepper, flow);
  const details: JsonObject = state.resourceKind === 'service' ? { ...resourceFields(state), output } : { output };
  stepper.emit(flow, eventType(state, 'Succeeded'), details);
  return stepper.complete(flow, state, output);
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
