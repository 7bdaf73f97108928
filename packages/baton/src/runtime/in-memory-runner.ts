/**
 * Runs one execution to its end in memory, on top of the pure interpreter: task effects go to
 * handlers looked up by resource, timers fire on a virtual clock (instantly, in time order) or
 * on the real one. Express executions, `baton run`, tests and benchmarks use it.
 */
import {
  type CompiledMachine,
  createExecution,
  type Effect,
  type ExecutionState,
  type HistoryEvent,
  type ScheduleTask,
  type Signal,
  step,
} from '../asl/index.js';
import type { Entropy, Json } from '../kernel/index.js';
import { cryptoEntropy } from './entropy.js';

/** What a task handler receives besides its input. */
export interface TaskContext {
  readonly resource: string;
  readonly stateName: string;
  /** The task token (`$$.Task.Token`): a `.waitForTaskToken` handler passes it on and returns nothing. */
  readonly token: string;
}

export type TaskHandler = (input: Json, context: TaskContext) => Json | undefined | Promise<Json | undefined>;

/** An error a handler throws to fail its task with a specific error name (as a Lambda function would). */
export class TaskError extends Error {
  constructor(
    readonly error: string,
    readonly causeText?: string,
  ) {
    super(causeText ?? error);
    this.name = error;
  }
}

export interface RunOptions {
  /** Finds the handler for a Task's Resource; undefined → the task fails with States.TaskFailed. */
  readonly resolveHandler?: (resource: string) => TaskHandler | undefined;
  /** 'virtual' (default): timers fire at once, in order, and time jumps forward. 'real': timers wait. */
  readonly clock?: 'virtual' | 'real';
  readonly startedAt?: number;
  readonly executionArn?: string;
  readonly name?: string;
  readonly stateMachineArn?: string;
  readonly roleArn?: string;
  /** Keep the history events (default true). */
  readonly history?: boolean;
  /** Where execution seeds come from (default: the operating system's cryptographic generator). */
  readonly entropy?: Entropy;
  /** Stops the execution (ABORTED) when it aborts: a deadline, a shutdown. */
  readonly signal?: AbortSignal;
}

const defaultEntropy = cryptoEntropy();

export interface RunResult {
  readonly state: ExecutionState;
  readonly history: HistoryEvent[];
}

/** The region and account of executions run outside a server (the CLI, tests, benchmarks). */
const LOCAL_REGION = 'us-east-1';
const LOCAL_ACCOUNT = '123456789012';

interface Timer {
  readonly seq: number;
  readonly fireAt: number;
}

export async function runInMemory(machine: CompiledMachine, input: Json, options: RunOptions = {}): Promise<RunResult> {
  const virtual = options.clock !== 'real';
  let now = options.startedAt ?? Date.now();
  const clock = () => (virtual ? now : Date.now());
  const entropy = options.entropy ?? defaultEntropy;
  const name = options.name ?? `run-${entropy.nextUint32().toString(36)}`;
  const stateMachineArn =
    options.stateMachineArn ?? `arn:aws:states:${LOCAL_REGION}:${LOCAL_ACCOUNT}:stateMachine:local`;
  const state = createExecution({
    executionArn: options.executionArn ?? `${stateMachineArn.replace(':stateMachine:', ':execution:')}:${name}`,
    name,
    stateMachineArn,
    roleArn: options.roleArn ?? `arn:aws:iam::${LOCAL_ACCOUNT}:role/BatonLocalExecution`,
    input,
    startedAt: clock(),
    seed: [entropy.nextUint32(), entropy.nextUint32(), entropy.nextUint32(), entropy.nextUint32()],
  });
  const keepHistory = options.history !== false;
  const history: HistoryEvent[] = [];
  const timers = new Map<number, Timer>();
  const signals: Signal[] = [{ type: 'Start', at: clock() }];
  const inFlight = new Set<Promise<void>>();

  const apply = (effects: Effect[]) => {
    for (const effect of effects) {
      switch (effect.type) {
        case 'ScheduleTask': {
          const pending = invoke(effect, options, clock, signals);
          if (pending) {
            const p: Promise<void> = pending.finally(() => inFlight.delete(p));
            inFlight.add(p);
          }
          break;
        }
        case 'StartTimer':
          timers.set(effect.seq, { seq: effect.seq, fireAt: effect.fireAt });
          break;
        case 'CancelTimer':
          timers.delete(effect.seq);
          break;
        case 'CancelTask':
          break;
      }
    }
  };

  options.signal?.addEventListener('abort', () => signals.unshift({ type: 'Stop', at: clock() }), { once: true });
  const aborted = options.signal
    ? new Promise<void>((resolve) => options.signal?.addEventListener('abort', () => resolve(), { once: true }))
    : undefined;
  const raceAbort = (p: Promise<unknown>) => (aborted ? Promise.race([p, aborted]) : p);
  while (state.status === 'RUNNING') {
    const signal = signals.shift();
    if (signal) {
      // A machine without JSONata steps synchronously: no microtask turn per signal.
      const stepped = step(machine, state, signal);
      const result = stepped instanceof Promise ? await stepped : stepped;
      if (keepHistory) for (const e of result.events) history.push(e);
      apply(result.effects);
      continue;
    }
    if (inFlight.size > 0) {
      await raceAbort(Promise.race(inFlight));
      continue;
    }
    const next = earliest(timers);
    if (!next) throw new Error('execution is waiting for nothing: no task in flight and no timer armed');
    if (virtual) now = Math.max(now, next.fireAt);
    else {
      let wake: NodeJS.Timeout | undefined;
      await raceAbort(new Promise((r) => (wake = setTimeout(r, Math.max(0, next.fireAt - Date.now())))));
      clearTimeout(wake);
      if (options.signal?.aborted) continue;
    }
    timers.delete(next.seq);
    signals.push({ type: 'TimerFired', at: clock(), seq: next.seq });
  }
  return { state, history };
}

function earliest(timers: Map<number, Timer>): Timer | undefined {
  let best: Timer | undefined;
  for (const t of timers.values())
    if (!best || t.fireAt < best.fireAt || (t.fireAt === best.fireAt && t.seq < best.seq)) best = t;
  return best;
}

/**
 * Calls the task's handler. A handler that answers synchronously has its result queued at once
 * (the interpreter records TaskStarted itself before the result); an asynchronous one is awaited.
 */
function invoke(
  task: ScheduleTask,
  options: RunOptions,
  clock: () => number,
  signals: Signal[],
): Promise<void> | undefined {
  const handler = options.resolveHandler?.(task.resource);
  if (!handler) {
    signals.push({
      type: 'TaskFailed',
      at: clock(),
      seq: task.seq,
      error: 'States.TaskFailed',
      cause: `No handler is registered for the resource '${task.resource}'`,
    });
    return undefined;
  }
  const succeed = (output: Json | undefined) => {
    signals.push({ type: 'TaskSucceeded', at: clock(), seq: task.seq, output: output ?? null });
  };
  const fail = (e: unknown) => {
    const error = e instanceof TaskError ? e.error : e instanceof Error ? e.name : 'Error';
    const cause = e instanceof TaskError ? e.causeText : e instanceof Error ? e.message : String(e);
    signals.push({ type: 'TaskFailed', at: clock(), seq: task.seq, error, ...(cause !== undefined ? { cause } : {}) });
  };
  let result: ReturnType<TaskHandler>;
  try {
    result = handler(task.input, { resource: task.resource, stateName: task.stateName, token: task.token });
  } catch (e) {
    fail(e);
    return undefined;
  }
  if (!(result instanceof Promise)) {
    succeed(result);
    return undefined;
  }
  signals.push({ type: 'TaskStarted', at: clock(), seq: task.seq });
  return result.then(succeed, fail);
}
