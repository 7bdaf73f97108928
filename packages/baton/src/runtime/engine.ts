/**
 * The Standard-workflow engine: durable executions on top of the pure interpreter. Every applied
 * signal becomes one transition (state, history, timers, tasks) committed through the group
 * committer before any of its effects is carried out (transactional outbox); signals to one
 * execution are applied one at a time; executions waiting on timers or workers leave memory.
 */
import { createHash } from 'node:crypto';
import {
  type CompiledMachine,
  compileDefinition,
  createExecution,
  type ExecutionState,
  formatInvalidDefinition,
  type HistoryEvent,
  type ScheduleTask,
  type Signal,
  type StepResult,
  step,
} from '../asl/index.js';
import type { Clock, Entropy, Json } from '../kernel/index.js';
import { GroupCommit } from '../store/group-commit.js';
import type { CommitItem, CommitOutcome, ExecutionRecord, Store, TaskRecord, Transition } from '../store/port.js';
import { ActivityWaiters } from './activity-waiters.js';
import { arns } from './arns.js';
import { resultSignal, type TaskOutcome, type TaskResource, unsupportedResource } from './task-resource.js';
import { TimerScheduler } from './timer-scheduler.js';

export interface EngineOptions {
  readonly store: Store;
  readonly clock: Clock;
  readonly entropy: Entropy;
  readonly resources: readonly TaskResource[];
  /** Running executions kept in memory between signals (the rest are reloaded from the store). */
  readonly hotLimit?: number;
  /** Group-commit batches allowed in flight at once (the store's transactions must not contend). */
  readonly commitsInFlight?: number;
  readonly onError?: (error: unknown, context: string) => void;
}

export interface StartRequest {
  readonly stateMachineArn: string;
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly name: string;
  readonly input: Json;
  readonly traceHeader?: string;
}

export type StartResult =
  | { readonly kind: 'started'; readonly executionArn: string; readonly startDate: number }
  | { readonly kind: 'alreadyExists'; readonly existing: ExecutionRecord };

/** How a task's result was received: applied, or refused because the task is closed or unknown. */
export type TaskAnswer = 'applied' | 'closed' | 'unknown';

/** Task-table changes that travel with a transition: a token handed over, or answered. */
interface TokenChange {
  readonly start?: string;
  readonly close?: string;
}

interface Hot {
  readonly machine: CompiledMachine;
  readonly state: ExecutionState;
  /** The version or alias the execution was started through (kept for its status-change events). */
  readonly through: StartedThrough;
  version: number;
}

export interface StartedThrough {
  readonly stateMachineVersionArn?: string;
  readonly stateMachineAliasArn?: string;
}

/**
 * What the engine tells observers (the console's live updates, status-change events) after each
 * committed transition. `state` is the execution's live state: read it before the observer
 * returns, the next transition changes it.
 */
export interface TransitionNotice {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly status: ExecutionState['status'];
  readonly events: readonly HistoryEvent[];
  readonly state: ExecutionState;
  readonly through: StartedThrough;
}

/** How many waiting tasks one GetActivityTask considers: enough for concurrent pollers to each find their own. */
const CLAIM_CANDIDATES = 16;

function startedThrough(record: ExecutionRecord): StartedThrough {
  return {
    ...(record.stateMachineVersionArn ? { stateMachineVersionArn: record.stateMachineVersionArn } : {}),
    ...(record.stateMachineAliasArn ? { stateMachineAliasArn: record.stateMachineAliasArn } : {}),
  };
}

export function definitionHash(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

export class ExecutionEngine {
  readonly activityWaiters = new ActivityWaiters();
  private readonly hot = new Map<string, Hot>();
  private readonly lanes = new Map<string, Promise<unknown>>();
  /** Starts not yet committed (or failed): `close` waits for them. */
  private readonly starts = new Set<Promise<StartResult>>();
  private closing = false;
  private readonly machines = new Map<string, CompiledMachine>();
  /** Tasks this process is running, by token; `persisted` when the task also has a row in the store. */
  private readonly inFlight = new Map<
    string,
    { executionArn: string; seq: number; abort: AbortController; persisted: boolean }
  >();
  /** Activity tasks a poller of this process is starting: other pollers pass them over. */
  private readonly starting = new Set<string>();
  private readonly closeWaiters = new Map<string, Set<() => void>>();
  private readonly observers = new Set<(notice: TransitionNotice) => void>();
  private readonly committer: GroupCommit<CommitItem, CommitOutcome>;
  private readonly timers: TimerScheduler;
  private readonly hotLimit: number;

  constructor(private readonly options: EngineOptions) {
    this.committer = new GroupCommit(
      (items: CommitItem[]) => options.store.executions.commit(items),
      options.commitsInFlight ?? 1,
      512,
    );
    this.timers = new TimerScheduler(options.store.timers, options.clock, (arn, seq) => this.fireTimer(arn, seq));
    this.hotLimit = options.hotLimit ?? 10_000;
  }

  /** Starts timers and resumes what a previous process left running. */
  async open(): Promise<void> {
    this.timers.start();
    await this.recover();
  }

  /**
   * Stops: refuses new starts, lets the starts under way commit, aborts running tasks (a restart
   * runs them again) and waits until no execution has work in flight, so nothing reaches the
   * store after this resolves. A transition committed meanwhile dispatches no new task; the next
   * `open` resumes it.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.timers.stop();
    await Promise.allSettled([...this.starts]);
    for (const { abort } of this.inFlight.values()) abort.abort();
    while (this.lanes.size > 0) await Promise.allSettled([...this.lanes.values()]);
  }

  /** The compiled form of a definition, built once per distinct text. */
  machine(hash: string, text: string): CompiledMachine {
    let machine = this.machines.get(hash);
    if (!machine) {
      const compiled = compileDefinition(text);
      if (!compiled.ok)
        throw new Error(`stored definition ${hash} does not compile: ${formatInvalidDefinition(compiled.error)}`);
      machine = compiled.value;
      this.machines.set(hash, machine);
    }
    return machine;
  }

  /** Starts a Standard execution; idempotent by name (the caller compares inputs on 'alreadyExists'). */
  start(request: StartRequest): Promise<StartResult> {
    if (this.closing) return Promise.reject(new Error('the workflow engine is shutting down'));
    const started = this.begin(request);
    this.starts.add(started);
    const settled = () => this.starts.delete(started);
    started.then(settled, settled);
    return started;
  }

  private async begin(request: StartRequest): Promise<StartResult> {
    const hash = definitionHash(request.definition);
    const machine = this.machine(hash, request.definition);
    const executionArn = arns.execution(request.stateMachineArn, request.name);
    const now = this.options.clock.now();
    const e = this.options.entropy;
    const state = createExecution({
      executionArn,
      name: request.name,
      stateMachineArn: request.stateMachineArn,
      roleArn: request.roleArn,
      input: request.input,
      startedAt: now,
      seed: [e.nextUint32(), e.nextUint32(), e.nextUint32(), e.nextUint32()],
    });
    const result = await step(machine, state, { type: 'Start', at: now });
    const record: ExecutionRecord = {
      arn: executionArn,
      stateMachineArn: request.stateMachineArn,
      ...(request.stateMachineVersionArn ? { stateMachineVersionArn: request.stateMachineVersionArn } : {}),
      ...(request.stateMachineAliasArn ? { stateMachineAliasArn: request.stateMachineAliasArn } : {}),
      name: request.name,
      status: 'RUNNING',
      startDate: now,
      input: request.input,
      redriveCount: 0,
      ...(request.traceHeader ? { traceHeader: request.traceHeader } : {}),
      definitionHash: hash,
      state,
      version: 0,
    };
    const item: CommitItem = {
      kind: 'start',
      execution: {
        record,
        definition: { hash, text: request.definition },
        start: this.transition(executionArn, 0, result, now),
      },
    };
    const outcome = await this.committer.submit(item);
    if (outcome === 'alreadyExists') {
      const existing = await this.options.store.executions.get(executionArn);
      if (!existing) throw new Error(`execution ${executionArn} reported as existing but not found`);
      return { kind: 'alreadyExists', existing };
    }
    const hot: Hot = { machine, state, through: startedThrough(record), version: 1 };
    this.afterCommit(executionArn, hot, result);
    return { kind: 'started', executionArn, startDate: now };
  }

  /** Applies a signal to an execution; false when it no longer applies. */
  signal(executionArn: string, signal: Signal, token?: TokenChange): Promise<boolean> {
    return this.serialize(executionArn, () => this.apply(executionArn, signal, token));
  }

  /** Delivers a task result by token (SendTaskSuccess/Failure, in-process functions). */
  async answerTask(token: string, outcome: Exclude<TaskOutcome, { kind: 'callback' }>): Promise<TaskAnswer> {
    const task = this.inFlight.get(token) ?? (await this.options.store.tasks.get(token));
    if (!task) return 'unknown';
    if ('status' in task && task.status === 'CLOSED') return 'closed';
    const signal = resultSignal(outcome, task.seq, this.options.clock.now());
    // In-process request-response tasks have no row to close (see hasTaskRow).
    const persisted = !('abort' in task) || task.persisted;
    return (await this.signal(task.executionArn, signal, persisted ? { close: token } : undefined))
      ? 'applied'
      : 'closed';
  }

  async heartbeat(token: string): Promise<TaskAnswer> {
    const task = await this.options.store.tasks.get(token);
    if (!task) return 'unknown';
    if (task.status === 'CLOSED') return 'closed';
    const applied = await this.signal(task.executionArn, {
      type: 'TaskHeartbeat',
      at: this.options.clock.now(),
      seq: task.seq,
    });
    return applied ? 'applied' : 'closed';
  }

  /**
   * Hands the oldest waiting task of an activity to a worker. Starting it is the transition that
   * records ActivityStarted, committed with the other transitions of its group under the
   * execution's version check: of two pollers (here or on another node) that pick one task,
   * exactly one starts it; the other moves on to the next candidate.
   */
  async claimActivityTask(activityArn: string, workerName?: string): Promise<TaskRecord | undefined> {
    const candidates = await this.options.store.tasks.scheduled(activityArn, CLAIM_CANDIDATES);
    for (const task of candidates) {
      if (this.starting.has(task.token)) continue;
      this.starting.add(task.token);
      try {
        const signal: Signal = {
          type: 'TaskStarted',
          at: this.options.clock.now(),
          seq: task.seq,
          ...(workerName ? { workerName } : {}),
        };
        if (await this.signal(task.executionArn, signal, { start: task.token })) return { ...task, status: 'STARTED' };
        // Its execution moved on (stopped, timed out) and left the row behind: never hand it out again.
        if (!(await this.awaitsStart(task))) await this.options.store.tasks.retire(task.token);
      } finally {
        this.starting.delete(task.token);
      }
    }
    return undefined;
  }

  /** Whether the task's execution still waits for that task to start (a contended claim, not a stale row). */
  private async awaitsStart(task: TaskRecord): Promise<boolean> {
    const hot = await this.load(task.executionArn);
    const flowId = hot?.state.status === 'RUNNING' ? hot.state.pending[task.seq] : undefined;
    const wait = flowId === undefined ? undefined : hot!.state.flows[flowId]?.wait;
    return wait?.kind === 'task' && !wait.started;
  }

  /** RedriveExecution: false when the execution cannot be redriven (running, succeeded). */
  async redrive(executionArn: string): Promise<boolean> {
    return this.signal(executionArn, { type: 'Redrive', at: this.options.clock.now() });
  }

  async stop(executionArn: string, error?: string, cause?: string): Promise<boolean> {
    const at = this.options.clock.now();
    return this.signal(executionArn, {
      type: 'Stop',
      at,
      ...(error !== undefined ? { error } : {}),
      ...(cause !== undefined ? { cause } : {}),
    });
  }

  /** Subscribes to committed transitions; returns the unsubscribe function. */
  observe(observer: (notice: TransitionNotice) => void): () => void {
    this.observers.add(observer);
    return () => this.observers.delete(observer);
  }

  /** Resolves once the execution is no longer RUNNING (for callers that wait on an outcome). */
  async whenClosed(executionArn: string): Promise<ExecutionRecord | undefined> {
    const current = await this.options.store.executions.get(executionArn);
    if (current?.status !== 'RUNNING') return current;
    await new Promise<void>((resolve) => {
      const set = this.closeWaiters.get(executionArn) ?? new Set();
      this.closeWaiters.set(executionArn, set);
      set.add(resolve);
    });
    return this.options.store.executions.get(executionArn);
  }

  // ------------------------------------------------------------------ internals

  private async apply(executionArn: string, signal: Signal, token?: TokenChange, attempt = 0): Promise<boolean> {
    const hot = await this.load(executionArn);
    if (!hot || (hot.state.status !== 'RUNNING' && signal.type !== 'Redrive')) return false;
    let result: StepResult;
    try {
      result = await step(hot.machine, hot.state, signal);
    } catch (e) {
      this.hot.delete(executionArn);
      throw e;
    }
    if (!result.applied) {
      if (signal.type === 'TimerFired') await this.options.store.timers.remove(executionArn, signal.seq);
      return false;
    }
    const transition = this.transition(executionArn, hot.version, result, signal.at, token);
    let outcome: string;
    try {
      outcome = await this.committer.submit({ kind: 'transition', transition });
    } catch (e) {
      this.hot.delete(executionArn);
      throw e;
    }
    if (outcome === 'conflict') {
      // Another node moved this execution: forget what we held and apply the signal to its state.
      this.hot.delete(executionArn);
      return attempt < 3 ? this.apply(executionArn, signal, token, attempt + 1) : false;
    }
    hot.version++;
    this.afterCommit(executionArn, hot, result);
    return true;
  }

  private transition(
    executionArn: string,
    version: number,
    result: StepResult,
    at: number,
    token?: TokenChange,
  ): Transition {
    const timersArmed = [];
    const timersCancelled = [];
    const tasksCreated: TaskRecord[] = [];
    const tasksStarted = token?.start ? [token.start] : [];
    const tasksClosed = token?.close ? [token.close] : [];
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'StartTimer':
          timersArmed.push({ executionArn, seq: effect.seq, fireAt: effect.fireAt });
          break;
        case 'CancelTimer':
          timersCancelled.push(effect.seq);
          break;
        case 'ScheduleTask':
          if (hasTaskRow(effect)) tasksCreated.push(taskRecord(executionArn, effect, at));
          break;
        case 'CancelTask': {
          // A task run in this process has a row only when it waits for its token (see hasTaskRow).
          const running = this.inFlight.get(effect.token);
          if (!running || running.persisted) tasksClosed.push(effect.token);
          break;
        }
      }
    }
    return {
      executionArn,
      expectedVersion: version,
      state: result.state,
      events: result.events,
      timersArmed,
      timersCancelled,
      tasksCreated,
      tasksStarted,
      tasksClosed,
      at,
    };
  }

  /** Carries out a committed transition's effects: timers, task dispatch, cancellations. */
  private afterCommit(executionArn: string, hot: Hot, result: StepResult): void {
    if (this.observers.size > 0) {
      const notice: TransitionNotice = {
        executionArn,
        stateMachineArn: hot.state.context.stateMachineArn,
        status: hot.state.status,
        events: result.events,
        state: hot.state,
        through: hot.through,
      };
      for (const observer of this.observers) observer(notice);
    }
    for (const effect of result.effects) {
      switch (effect.type) {
        case 'StartTimer':
          this.timers.arm(executionArn, effect.seq, effect.fireAt);
          break;
        case 'CancelTimer':
          this.timers.disarm(executionArn, effect.seq);
          break;
        case 'ScheduleTask':
          this.dispatch(executionArn, effect);
          break;
        case 'CancelTask': {
          const running = this.inFlight.get(effect.token);
          running?.abort.abort();
          this.inFlight.delete(effect.token);
          break;
        }
      }
    }
    if (hot.state.status === 'RUNNING') this.remember(executionArn, hot);
    else {
      this.hot.delete(executionArn);
      for (const resolve of this.closeWaiters.get(executionArn) ?? []) resolve();
      this.closeWaiters.delete(executionArn);
    }
  }

  private dispatch(executionArn: string, task: Omit<ScheduleTask, 'type'>): void {
    if (this.closing) return;
    if (task.resourceKind === 'activity') {
      this.activityWaiters.notify(task.resource);
      return;
    }
    const abort = new AbortController();
    this.inFlight.set(task.token, { executionArn, seq: task.seq, abort, persisted: hasTaskRow(task) });
    const resource = this.options.resources.find((r) => r.handles(task.resource));
    const run = resource
      ? resource.run({ ...task, executionArn, signal: abort.signal })
      : Promise.resolve(unsupportedResource(task.resource));
    run
      .catch(
        (e): TaskOutcome => ({
          kind: 'failed',
          error: 'States.TaskFailed',
          cause: e instanceof Error ? e.message : String(e),
        }),
      )
      .then(async (outcome) => {
        if (abort.signal.aborted) return;
        if (outcome.kind === 'callback') {
          // Handed over: the answer comes with the token. Recorded, so a restart does not repeat it.
          this.inFlight.delete(task.token);
          await this.signal(
            executionArn,
            { type: 'TaskSubmitted', at: this.options.clock.now(), seq: task.seq },
            { start: task.token },
          );
          return;
        }
        await this.answerTask(task.token, outcome);
        this.inFlight.delete(task.token);
      })
      .catch((e) => this.options.onError?.(e, `task ${task.token} of ${executionArn}`));
  }

  private async fireTimer(executionArn: string, seq: number): Promise<void> {
    await this.signal(executionArn, { type: 'TimerFired', at: this.options.clock.now(), seq });
  }

  private async load(executionArn: string): Promise<Hot | undefined> {
    const cached = this.hot.get(executionArn);
    if (cached) return cached;
    const record = await this.options.store.executions.get(executionArn);
    if (!record) return undefined;
    const text = await this.options.store.executions.definition(record.definitionHash);
    if (text === undefined) throw new Error(`definition ${record.definitionHash} of ${executionArn} is missing`);
    const hot: Hot = {
      machine: this.machine(record.definitionHash, text),
      state: record.state,
      through: startedThrough(record),
      version: record.version,
    };
    if (record.status === 'RUNNING') this.remember(executionArn, hot);
    return hot;
  }

  private remember(executionArn: string, hot: Hot): void {
    this.hot.delete(executionArn);
    this.hot.set(executionArn, hot);
    if (this.hot.size > this.hotLimit) this.hot.delete(this.hot.keys().next().value!);
  }

  /** Runs `work` after every earlier piece of work on the same execution has finished. */
  private serialize<T>(executionArn: string, work: () => Promise<T>): Promise<T> {
    const previous = this.lanes.get(executionArn) ?? Promise.resolve();
    const next = previous.then(work, work);
    const tail = next.then(
      () => undefined,
      () => undefined,
    );
    this.lanes.set(executionArn, tail);
    void tail.then(() => {
      if (this.lanes.get(executionArn) === tail) this.lanes.delete(executionArn);
    });
    return next;
  }

  /**
   * After a restart: timers come back through the scheduler's poll; tasks that were being run
   * in this process (not activities, which workers pull) are dispatched again with their
   * original tokens. At-least-once work, exactly-once results: a second answer is refused.
   */
  private async recover(): Promise<void> {
    let after: string | undefined;
    for (;;) {
      const batch = await this.options.store.executions.listRunning(500, after);
      if (batch.length === 0) return;
      for (const executionArn of batch) await this.redispatch(executionArn);
      after = batch[batch.length - 1];
    }
  }

  /**
   * Dispatches again the tasks a running execution waits on that nobody else will answer: the
   * in-process ones (found in the execution's state: they have no row) and callback tasks whose
   * hand-over was never recorded. Activities wait for their workers.
   */
  private async redispatch(executionArn: string): Promise<void> {
    const hot = await this.load(executionArn);
    if (!hot) return;
    const open = new Map((await this.options.store.tasks.openTasks(executionArn)).map((t) => [t.token, t]));
    for (const flow of Object.values(hot.state.flows)) {
      const wait = flow.wait;
      if (wait?.kind !== 'task') continue;
      const state = hot.machine.scopes[flow.scope]!.states.get(flow.state);
      if (state?.type !== 'Task' || state.resourceKind === 'activity') continue;
      const task = {
        seq: wait.seq,
        token: wait.token,
        stateName: state.name,
        resource: state.resource,
        resourceKind: state.resourceKind,
        integrationPattern: state.integrationPattern,
        input: wait.input,
        ...(wait.heartbeatSeconds !== undefined ? { heartbeatSeconds: wait.heartbeatSeconds } : {}),
      };
      if (hasTaskRow(task) && open.get(wait.token)?.status !== 'SCHEDULED') continue;
      this.dispatch(executionArn, task);
    }
  }
}

/**
 * Whether a task needs a row in the task table: activities (workers claim them) and callback
 * tasks (SendTaskSuccess finds them by token). In-process request-response work needs none: its
 * token lives in the execution's state, which is where recovery finds it; skipping the row saves
 * two writes per task.
 */
function hasTaskRow(task: Pick<ScheduleTask, 'resourceKind' | 'integrationPattern'>): boolean {
  return task.resourceKind === 'activity' || task.integrationPattern === 'waitForTaskToken';
}

function taskRecord(executionArn: string, task: ScheduleTask, at: number): TaskRecord {
  return {
    token: task.token,
    executionArn,
    seq: task.seq,
    stateName: task.stateName,
    resource: task.resource,
    kind: task.resourceKind === 'activity' ? 'activity' : task.resourceKind === 'lambda' ? 'function' : 'service',
    integrationPattern: task.integrationPattern,
    input: task.input,
    status: 'SCHEDULED',
    createdAt: at,
    ...(task.heartbeatSeconds !== undefined ? { heartbeatSeconds: task.heartbeatSeconds } : {}),
  };
}
