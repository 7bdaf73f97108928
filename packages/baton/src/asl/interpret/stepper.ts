/**
 * One application of a signal to an execution: the Stepper collects the history events and
 * effects it produces while flows advance, and owns the loop every flow goes through:
 * enter a state → do its work → complete (next / end) or fail (Retry → Catch → flow fails).
 * ASL spec "Transitions", "Error Handling"; developer guide "Input and output processing".
 */
import { isPromise, type Json, type JsonObject, type MaybePromise, nextHex } from '../../kernel/index.js';
import type { ChoiceRule, CompiledMachine, CompiledState, EvalScope, StateType } from '../compile/machine.js';
import { type Failure, StatesError, StatesErrorName } from '../errors.js';
import { checkedBytes, MAX_PAYLOAD_BYTES, storedBound } from '../payload-size.js';
import type { EvalEnv } from '../query/env.js';
import { formatTimestamp } from '../timestamp.js';
import { andThen, attempt } from './continue.js';
import { findRule, retryDelayMs } from './retry.js';
import type { Effect, ExecutionState, Flow, HistoryEvent, HistoryEventType } from './types.js';

/** Outputs carry an upper bound of their size in bytes (see payload-size.ts). */
export type Outcome =
  | { readonly kind: 'blocked' }
  | { readonly kind: 'next'; readonly next: string; readonly output: Json; readonly bytes: number }
  | { readonly kind: 'end'; readonly output: Json; readonly bytes: number }
  /** The state failed: its Retry and Catch rules decide what happens. */
  | { readonly kind: 'failed'; readonly failure: Failure }
  /** The flow fails as a whole (a Fail state, or an error no rule handled). */
  | { readonly kind: 'flowFailed'; readonly failure: Failure };

export const BLOCKED: Outcome = { kind: 'blocked' };

/** The history quota (developer guide, "Step Functions service quotas"): an execution reaching it fails. */
export const MAX_HISTORY_EVENTS = 25_000;

/** Extra entries of the context object while a particular field is evaluated. */
export interface ContextExtras {
  readonly taskToken?: string;
  readonly mapItem?: { readonly index: number; readonly value: Json };
}

/**
 * What a state's work produced (a Task's output, a Pass's result, a Map's or Parallel's results)
 * and an upper bound of its size in bytes.
 */
export interface WorkResult {
  readonly value: Json;
  readonly bytes: number;
}

/** A flow's result, as its parent's Parallel or Map hears about it. */
export type ChildResult = { readonly output: Json; readonly bytes: number } | { readonly failure: Failure };

/** Handlers for the work of each state type, provided by the state modules (see step.ts). */
export interface StateHandlers {
  work(stepper: Stepper, flow: Flow, state: CompiledState): MaybePromise<Outcome>;
  /** A child flow (branch or iteration) of `parent` finished; returns the parent's outcome. */
  childSettled(stepper: Stepper, parent: Flow, child: Flow, result: ChildResult): MaybePromise<Outcome>;
}

/** Where a Choice state goes: the matching rule (with its Assign and JSONata Output) or the Default. */
export type ChoiceTransition = Pick<ChoiceRule, 'next' | 'assign' | 'output'>;

export class Stepper {
  readonly events: HistoryEvent[] = [];
  readonly effects: Effect[] = [];
  private executionContext?: JsonObject;
  private lastScope?: { readonly flow: Flow; readonly state: string; readonly scope: EvalScope };

  constructor(
    readonly machine: CompiledMachine,
    readonly state: ExecutionState,
    readonly at: number,
    private readonly handlers: StateHandlers,
  ) {}

  // ------------------------------------------------------------------ recording

  /** Records a history event in `flow`'s chain (silent flows record nothing) and returns its id. */
  emit(flow: Flow | undefined, type: HistoryEventType, details?: JsonObject): number {
    if (flow?.silent) return flow.lastEventId;
    const id = ++this.state.lastEventId;
    const previousEventId = flow ? flow.lastEventId : id - 1;
    this.events.push(
      details === undefined
        ? { id, previousEventId, timestamp: this.at, type }
        : { id, previousEventId, timestamp: this.at, type, details },
    );
    if (flow) flow.lastEventId = id;
    return id;
  }

  effect(effect: Effect): void {
    this.effects.push(effect);
  }

  nextSeq(): number {
    return ++this.state.lastSeq;
  }

  /** Arms a timer for `flow` and returns its sequence number. */
  startTimer(flow: Flow, fireAt: number, seq = this.nextSeq()): number {
    this.state.pending[seq] = flow.id;
    this.effect({ type: 'StartTimer', seq, fireAt });
    return seq;
  }

  cancelTimer(seq: number | undefined): void {
    if (seq === undefined || this.state.pending[seq] === undefined) return;
    delete this.state.pending[seq];
    this.effect({ type: 'CancelTimer', seq });
  }

  /** 128 bits from the execution's generator, whose seed came from a real entropy source. */
  newToken(): string {
    return nextHex(this.state.random, 4);
  }

  // ------------------------------------------------------------------ evaluation scope

  stateOf(flow: Flow): CompiledState {
    const state = this.machine.scopes[flow.scope]!.states.get(flow.state);
    if (!state) throw new Error(`flow ${flow.id} is at unknown state ${flow.state}`);
    return state;
  }

  /**
   * What expressions of `flow`'s current state see. Within one signal nothing the context object
   * says can change while a flow stays in a state (the time is the signal's; a retry waits for a
   * timer), so a state's work and its completion share one scope.
   */
  evalScope(flow: Flow, extras?: ContextExtras): EvalScope {
    if (extras) return { env: new FlowEnv(this, flow, extras), now: this.at };
    const last = this.lastScope;
    if (last?.flow === flow && last.state === flow.state) return last.scope;
    const scope = { env: new FlowEnv(this, flow), now: this.at };
    this.lastScope = { flow, state: flow.state, scope };
    return scope;
  }

  /** JSONata's `$states` for a flow's current state; JSONPath states never build it. */
  statesVar(flow: Flow, scope: EvalScope, more?: { result?: Json; errorOutput?: Json }): JsonObject {
    const states: JsonObject = { input: flow.input, context: scope.env.context };
    if (more?.result !== undefined) states.result = more.result;
    if (more?.errorOutput !== undefined) states.errorOutput = more.errorOutput;
    return states;
  }

  contextObject(flow: Flow, extras?: ContextExtras): JsonObject {
    const c = this.state.context;
    this.executionContext ??= {
      Id: c.executionArn,
      Input: c.input,
      StartTime: c.startTime,
      Name: c.name,
      RoleArn: c.roleArn,
      RedriveCount: this.state.redriveCount ?? c.redriveCount,
    };
    const stateInfo: JsonObject = { EnteredTime: formatTimestamp(flow.enteredAt), Name: flow.state };
    const current = this.machine.scopes[flow.scope]!.states.get(flow.state);
    if (current?.type === 'Task') stateInfo.RetryCount = flow.retries.reduce((a, b) => a + b, 0);
    const ctx: JsonObject = {
      Execution: this.executionContext,
      State: stateInfo,
      StateMachine: { Id: c.stateMachineArn, Name: c.stateMachineName },
    };
    if (extras?.taskToken !== undefined) ctx.Task = { Token: extras.taskToken };
    if (extras?.mapItem) ctx.Map = { Item: { Index: extras.mapItem.index, Value: extras.mapItem.value } };
    return ctx;
  }

  variable(flow: Flow, name: string): Json | undefined {
    for (let f: Flow | undefined = flow; f; f = f.parent === undefined ? undefined : this.state.flows[f.parent]) {
      const v = f.vars[name];
      if (v !== undefined) return v;
    }
    return undefined;
  }

  // ------------------------------------------------------------------ the flow loop

  /**
   * Advances `flow` from `outcome` until it blocks, ends or fails. The history quota is checked
   * at every transition, so a loop of states that never wait cannot spin forever.
   */
  run(flow: Flow, outcome: Outcome): MaybePromise<void> {
    for (;;) {
      if (this.state.status !== 'RUNNING') return;
      if (this.state.lastEventId >= MAX_HISTORY_EVENTS - 1) {
        this.close('FAILED', {
          error: StatesErrorName.Runtime,
          cause: `The execution reached the maximum number of history events (${MAX_HISTORY_EVENTS}).`,
        });
        return;
      }
      let next: MaybePromise<Outcome>;
      switch (outcome.kind) {
        case 'blocked':
          return;
        case 'next':
          flow.state = outcome.next;
          flow.input = outcome.output;
          flow.inputBytes = outcome.bytes;
          next = this.enter(flow);
          break;
        case 'failed':
          next = this.handleFailure(flow, outcome.failure);
          break;
        case 'end':
          return this.settle(flow, { output: outcome.output, bytes: outcome.bytes });
        case 'flowFailed':
          return this.settle(flow, { failure: outcome.failure });
      }
      // A JSONata expression is still evaluating: the loop goes on once it has answered.
      if (isPromise(next)) return next.then((o) => this.run(flow, o));
      outcome = next;
    }
  }

  enter(flow: Flow): MaybePromise<Outcome> {
    const state = this.stateOf(flow);
    flow.enteredAt = this.at;
    if (flow.retries.length > 0) flow.retries = [];
    flow.enteredEventId = this.emit(flow, ENTERED[state.type], {
      name: state.name,
      input: flow.input,
    });
    return this.work(flow, state);
  }

  /** Runs the state's work; evaluation errors become failures with AWS's cause prefix. */
  work(flow: Flow, state: CompiledState): MaybePromise<Outcome> {
    return attempt(
      () => this.handlers.work(this, flow, state),
      (e) => this.evaluationFailure(flow, state, e),
    );
  }

  evaluationFailure(flow: Flow, state: CompiledState, e: unknown): Outcome {
    if (!(e instanceof StatesError)) throw e;
    const failure: Failure = {
      error: e.error,
      cause: `An error occurred while executing the state '${state.name}' (entered at the event id #${flow.enteredEventId}). ${e.message}`,
    };
    if (e.error === StatesErrorName.QueryEvaluationError) {
      this.emit(flow, 'EvaluationFailed', { error: failure.error, cause: failure.cause!, state: state.name });
    }
    return { kind: 'failed', failure };
  }

  /**
   * Completes the current state with its work's `result` (none for states without work):
   * computes the output and the variables to assign, checks the payload quota, records the
   * exit and returns the transition (a Choice state's comes from its matching rule).
   */
  complete(flow: Flow, state: CompiledState, result?: WorkResult, choice?: ChoiceTransition): MaybePromise<Outcome> {
    const value = result?.value;
    const scope = this.evalScope(flow);
    const states = state.flow.language === 'JSONata' ? this.statesVar(flow, scope, { result: value }) : EMPTY;
    const assign = choice ? choice.assign : state.assign;
    // A rule's Output is JSONata only: it reads `$states`, not the value it is given, and has no bound.
    const bound = choice?.output
      ? Number.POSITIVE_INFINITY
      : state.flow.outputBytes(storedBound(flow.inputBytes), result?.bytes);
    return attempt(
      () =>
        andThen(
          choice?.output
            ? choice.output(flow.input, scope, states)
            : state.flow.output(flow.input, value, scope, states),
          (output) => {
            if (!assign) return this.transition(flow, state, output, bound, undefined, choice);
            return andThen(state.flow.assignInput(flow.input, value, scope, states), (assignInput) =>
              andThen(assign(assignInput, scope, states), (assigned) =>
                this.transition(flow, state, output, bound, assigned, choice),
              ),
            );
          },
        ),
      (e) => this.evaluationFailure(flow, state, e),
    );
  }

  /** The state's output and assignments are known: checks the payload quota, records the exit. */
  private transition(
    flow: Flow,
    state: CompiledState,
    output: Json,
    bound: number,
    assigned: JsonObject | undefined,
    choice: ChoiceTransition | undefined,
  ): Outcome {
    const bytes = checkedBytes(output, bound);
    if (bytes > MAX_PAYLOAD_BYTES) {
      return {
        kind: 'failed',
        failure: {
          error: StatesErrorName.DataLimitExceeded,
          cause: `The state/task '${state.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
        },
      };
    }
    this.exit(flow, state, output, assigned);
    const next = choice ? choice.next : state.next;
    return next === undefined ? { kind: 'end', output, bytes } : { kind: 'next', next, output, bytes };
  }

  private exit(flow: Flow, state: CompiledState, output: Json, assigned: JsonObject | undefined): void {
    const details: JsonObject = { name: state.name, output };
    if (assigned) {
      details.assignedVariables = assigned;
      Object.assign(flow.vars, assigned);
    }
    if (state.type !== 'Fail') this.emit(flow, EXITED[state.type], details);
  }

  /** Retry, then Catch, then the flow fails (ASL spec "Retrying after an error", "Fallback states"). */
  handleFailure(flow: Flow, failure: Failure): MaybePromise<Outcome> {
    const state = this.stateOf(flow);
    const r = findRule(state.retriers, failure.error);
    if (r >= 0) {
      const retrier = state.retriers[r]!;
      const attempt = flow.retries[r] ?? 0;
      if (attempt < retrier.maxAttempts) {
        flow.retries[r] = attempt + 1;
        const seq = this.startTimer(flow, this.at + retryDelayMs(retrier, attempt, this.state.random));
        flow.wait = { kind: 'timer', seq, purpose: 'retry' };
        return BLOCKED;
      }
    }
    // Map and Parallel record their failure once it is final (not before a retry), unless the
    // error is States.Runtime, which ends the execution without it (as AWS's histories show).
    if ((state.type === 'Map' || state.type === 'Parallel') && failure.error !== StatesErrorName.Runtime) {
      this.emit(flow, `${state.type}StateFailed`);
    }
    const c = findRule(state.catchers, failure.error);
    if (c < 0) return { kind: 'flowFailed', failure };
    const catcher = state.catchers[c]!;
    const errorOutput: JsonObject = { Error: failure.error, Cause: failure.cause ?? '' };
    const scope = this.evalScope(flow);
    const states = state.flow.language === 'JSONata' ? this.statesVar(flow, scope, { errorOutput }) : EMPTY;
    return attempt(
      () =>
        andThen(catcher.output(flow.input, errorOutput, scope, states), (output) =>
          andThen(catcher.assign?.(errorOutput, scope, states), (assigned): Outcome => {
            this.exit(flow, state, output, assigned);
            return { kind: 'next', next: catcher.next, output, bytes: Number.POSITIVE_INFINITY };
          }),
        ),
      (e) => {
        const outcome = this.evaluationFailure(flow, state, e);
        return outcome.kind === 'failed' ? { kind: 'flowFailed', failure: outcome.failure } : outcome;
      },
    );
  }

  /** A flow ended: the execution closes, or the parent's Parallel/Map hears about it. */
  private settle(flow: Flow, result: ChildResult): MaybePromise<void> {
    flow.wait = undefined;
    delete this.state.flows[flow.id];
    if (flow.parent === undefined) {
      if ('output' in result) this.close('SUCCEEDED', { output: result.output });
      else this.close('FAILED', result.failure, flow);
      return;
    }
    const parent = this.state.flows[flow.parent];
    if (!parent) return;
    return andThen(this.handlers.childSettled(this, parent, flow, result), (outcome) => this.run(parent, outcome));
  }

  /**
   * Closes the execution: records the final event and stops everything still running. An
   * unsuccessful execution remembers the state its top-level flow stopped in, where a redrive
   * resumes (`root` is given when that flow has already been settled).
   */
  close(
    status: 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED',
    end: { output?: Json; error?: string; cause?: string },
    root?: Flow,
  ): void {
    const s = this.state;
    if (s.status !== 'RUNNING') return;
    const top = root ?? Object.values(s.flows).find((f) => f.parent === undefined);
    if (status !== 'SUCCEEDED' && top)
      s.redrive = { scope: top.scope, state: top.state, input: top.input, vars: top.vars };
    for (const id of Object.keys(s.flows)) this.abort(Number(id));
    if (s.timeoutSeq !== undefined) this.effect({ type: 'CancelTimer', seq: s.timeoutSeq });
    s.status = status;
    s.closedAt = this.at;
    const details: JsonObject = {};
    if (status === 'SUCCEEDED') {
      s.output = end.output ?? null;
      details.output = s.output;
    } else {
      // A Fail state without Error closes the execution without an error name, as on AWS.
      if (end.error) details.error = s.error = end.error;
      if (end.cause !== undefined) details.cause = s.cause = end.cause;
    }
    const type = (
      {
        SUCCEEDED: 'ExecutionSucceeded',
        FAILED: 'ExecutionFailed',
        TIMED_OUT: 'ExecutionTimedOut',
        ABORTED: 'ExecutionAborted',
      } as const
    )[status];
    this.emit(undefined, type, details);
  }

  /** Stops a flow and everything under it: cancels its task, timers and children. */
  abort(flowId: number): void {
    const flow = this.state.flows[flowId];
    if (!flow) return;
    const wait = flow.wait;
    if (wait?.kind === 'task') {
      delete this.state.pending[wait.seq];
      this.effect({ type: 'CancelTask', seq: wait.seq, token: wait.token });
      this.cancelTimer(wait.timeoutSeq);
      this.cancelTimer(wait.heartbeatSeq);
    } else if (wait?.kind === 'timer') this.cancelTimer(wait.seq);
    else if (wait?.kind === 'fanout') for (const child of wait.fanout.running) this.abort(child);
    flow.wait = undefined;
    delete this.state.flows[flowId];
  }

  /** Creates a sub-flow for a Parallel branch or Map iteration of `parent`. */
  spawn(parent: Flow, scopeId: number, slot: number, input: Json, inputBytes: number, silent: boolean): Flow {
    const scope = this.machine.scopes[scopeId]!;
    const flow: Flow = {
      id: this.state.nextFlowId++,
      parent: parent.id,
      slot,
      scope: scopeId,
      vars: {},
      state: scope.startAt,
      input,
      inputBytes,
      enteredEventId: 0,
      enteredAt: this.at,
      lastEventId: parent.lastEventId,
      retries: [],
      silent: silent || parent.silent,
    };
    this.state.flows[flow.id] = flow;
    return flow;
  }
}

const EMPTY: JsonObject = Object.freeze({}) as JsonObject;

const ENTERED: Record<StateType, HistoryEventType> = {
  Pass: 'PassStateEntered',
  Task: 'TaskStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};

/** A Fail state records no exit. */
const EXITED: Record<Exclude<StateType, 'Fail'>, HistoryEventType> = {
  Pass: 'PassStateExited',
  Task: 'TaskStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};

/** The EvalEnv of one flow: the context object is built only if an expression reads `$$`. */
class FlowEnv implements EvalEnv {
  private ctx?: JsonObject;

  constructor(
    private readonly stepper: Stepper,
    private readonly flow: Flow,
    private readonly extras?: ContextExtras,
  ) {}

  get context(): Json {
    this.ctx ??= this.stepper.contextObject(this.flow, this.extras);
    return this.ctx;
  }

  get random() {
    return this.stepper.state.random;
  }

  variable(name: string): Json | undefined {
    return this.stepper.variable(this.flow, name);
  }
}
