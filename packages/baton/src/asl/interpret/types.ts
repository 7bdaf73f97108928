/**
 * The interpreter's data: execution state (serializable, so a durable runtime can store it),
 * the signals that drive it, the effects it asks the runtime to carry out, and history events
 * with AWS's type names and detail fields.
 */
import type { Instant, Json, JsonObject, RandomState } from '../../kernel/index.js';
import type { ResourceKind, TaskState } from '../compile/machine.js';

export type ExecutionStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** What the context object `$$` says about the execution (developer guide "Context object"). */
export interface ExecutionContext {
  readonly executionArn: string;
  readonly name: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly input: Json;
  readonly startTime: string;
  readonly redriveCount: number;
}

/**
 * A flow runs one scope: the execution itself, a Parallel branch or a Map iteration. Branches
 * and iterations are sub-flows of the flow running the Parallel or Map state, not threads.
 */
export interface Flow {
  readonly id: number;
  readonly parent?: number;
  /** Branch index or item index in the parent's fan-out. */
  readonly slot?: number;
  readonly scope: number;
  /** Variables assigned in this flow; outer flows' variables are read through `parent`. */
  vars: JsonObject;
  state: string;
  /** The current state's raw input. */
  input: Json;
  /** An upper bound of `input`'s size in bytes of JSON text (read it with `storedBound`). */
  inputBytes?: number;
  enteredEventId: number;
  enteredAt: Instant;
  /** The last event this flow recorded: the next one's previousEventId. */
  lastEventId: number;
  /** Attempts made per retrier of the current state. */
  retries: number[];
  /** Iterations of a distributed Map record no events in the parent's history. */
  readonly silent: boolean;
  wait?: FlowWait;
}

export type FlowWait =
  | {
      kind: 'task';
      seq: number;
      token: string;
      input: Json;
      started: boolean;
      timeoutSeq?: number;
      heartbeatSeq?: number;
      heartbeatSeconds?: number;
      /** When the heartbeat timer is due: a firing scheduled before the last heartbeat is stale. */
      heartbeatDeadline?: number;
    }
  | { kind: 'timer'; seq: number; purpose: 'wait' | 'retry' }
  | { kind: 'fanout'; fanout: FanOut };

export interface FanOut {
  readonly total: number;
  /** Map items (after batching) or, for Parallel, undefined. */
  readonly items?: Json[];
  readonly input: Json;
  readonly maxConcurrency: number;
  readonly toleratedCount?: number;
  readonly toleratedPercentage?: number;
  next: number;
  running: number[];
  results: Json[];
  /** An upper bound of the settled results' total size in bytes (read it with `storedBound`). */
  resultBytes?: number;
  failed: number;
  /** Set when the fan-out has failed and its remaining children were stopped. */
  failure?: { error: string; cause?: string };
  /** True while the parent starts children: completions then only record, the pump decides. */
  pumping: boolean;
}

export interface ExecutionState {
  status: ExecutionStatus;
  readonly context: ExecutionContext;
  lastEventId: number;
  lastSeq: number;
  random: RandomState;
  flows: Record<number, Flow>;
  nextFlowId: number;
  /** Outstanding task and timer sequence numbers → the flow waiting on them. */
  pending: Record<number, number>;
  timeoutSeq?: number;
  output?: Json;
  error?: string;
  cause?: string;
  closedAt?: Instant;
  /** Where a redrive resumes an unsuccessful execution: the top-level state it stopped in. */
  redrive?: { scope: number; state: string; input: Json; vars: JsonObject };
  redriveCount?: number;
  redrivenAt?: Instant;
  /** Variables the top-level flow starts with (TestState). */
  readonly initialVariables?: JsonObject;
}

export type Signal =
  | { readonly type: 'Start'; readonly at: Instant }
  | { readonly type: 'TaskStarted'; readonly at: Instant; readonly seq: number; readonly workerName?: string }
  | { readonly type: 'TaskSubmitted'; readonly at: Instant; readonly seq: number; readonly output?: Json }
  | { readonly type: 'TaskHeartbeat'; readonly at: Instant; readonly seq: number }
  | { readonly type: 'TaskSucceeded'; readonly at: Instant; readonly seq: number; readonly output: Json }
  | {
      readonly type: 'TaskFailed';
      readonly at: Instant;
      readonly seq: number;
      readonly error?: string;
      readonly cause?: string;
    }
  | { readonly type: 'TimerFired'; readonly at: Instant; readonly seq: number }
  | { readonly type: 'Stop'; readonly at: Instant; readonly error?: string; readonly cause?: string }
  /** RedriveExecution: resume an unsuccessful execution from the state it stopped in. */
  | { readonly type: 'Redrive'; readonly at: Instant };

export interface ScheduleTask {
  readonly type: 'ScheduleTask';
  readonly seq: number;
  readonly token: string;
  readonly stateName: string;
  readonly resource: string;
  readonly resourceKind: ResourceKind;
  readonly integrationPattern: TaskState['integrationPattern'];
  readonly input: Json;
  readonly timeoutSeconds?: number;
  readonly heartbeatSeconds?: number;
  readonly credentials?: Json;
}

export type Effect =
  | ScheduleTask
  | { readonly type: 'CancelTask'; readonly seq: number; readonly token: string }
  /** Starting a timer with a sequence number already armed moves it (heartbeats re-arm this way). */
  | { readonly type: 'StartTimer'; readonly seq: number; readonly fireAt: Instant }
  | { readonly type: 'CancelTimer'; readonly seq: number };

export type HistoryEventType =
  | 'ExecutionStarted'
  | 'ExecutionSucceeded'
  | 'ExecutionFailed'
  | 'ExecutionTimedOut'
  | 'ExecutionAborted'
  | 'ExecutionRedriven'
  | 'EvaluationFailed'
  | `${'Pass' | 'Task' | 'Choice' | 'Wait' | 'Succeed' | 'Map' | 'Parallel'}State${'Entered' | 'Exited'}`
  | 'FailStateEntered'
  | `Task${'Scheduled' | 'Started' | 'Submitted' | 'Succeeded' | 'Failed' | 'TimedOut'}`
  | `Activity${'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut'}`
  | `LambdaFunction${'Scheduled' | 'Started' | 'Succeeded' | 'Failed' | 'TimedOut'}`
  | `MapState${'Started' | 'Succeeded' | 'Failed'}`
  | `MapIteration${'Started' | 'Succeeded' | 'Failed' | 'Aborted'}`
  | `MapRun${'Started' | 'Succeeded' | 'Failed'}`
  | `ParallelState${'Started' | 'Succeeded' | 'Failed'}`;

/**
 * A history event. `details` holds the fields of AWS's `…EventDetails` object for this type
 * (name, input, output, error, cause, resource, …); input and output stay JSON values here and
 * are serialized by whoever stores or serves the history.
 */
export interface HistoryEvent {
  readonly id: number;
  readonly previousEventId: number;
  readonly timestamp: Instant;
  readonly type: HistoryEventType;
  readonly details?: JsonObject;
}

export interface StepResult {
  readonly state: ExecutionState;
  readonly effects: Effect[];
  readonly events: HistoryEvent[];
  /** False when the signal no longer applies (a late task result, a stale timer). */
  readonly applied: boolean;
}
