/**
 * One task from GetActivityTask to its answer: the handler runs with heartbeats on a timer, then
 * its output or error is reported once. Invariant: at most one of SendTaskSuccess and
 * SendTaskFailure is sent by this worker for a token (the service keeps the first answer; a
 * second would only earn an error).
 */
import {
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { type ActivityContext, type ActivityHandlers, TaskAbortedError, type TaskAbortReason } from './activity.js';
import { failureOf, type TaskFailure } from './failure.js';
import type { WorkerLogger } from './logger.js';

export interface TaskRunOptions {
  readonly client: SFNClient;
  readonly activityArn: string;
  readonly workerName: string;
  readonly taskToken: string;
  /** The task's input as GetActivityTask returned it (a JSON text). */
  readonly input: string | undefined;
  readonly handler: ActivityHandlers[string];
  /** 0 turns the timer off; `context.heartbeat()` still works. */
  readonly heartbeatMs: number;
  readonly logger: WorkerLogger;
}

/** How a run ended: answered, handed back on shutdown, or abandoned because the task ended first. */
export type TaskOutcome = 'succeeded' | 'failed' | 'released' | 'ended' | 'unreported';

export interface RunningTask {
  /** Settles (never rejects) once the task has been answered or given up. */
  readonly done: Promise<TaskOutcome>;
  /** Stops waiting for the handler, aborts its signal and reports `Worker.Shutdown`. */
  release(): void;
}

/** Answers meaning the task is over, so nothing more about it will be accepted. */
const ENDED = new Set<string>(['TaskTimedOut', 'TaskDoesNotExist']);
/** Answers refusing the output itself (too large, not JSON): the task must then fail instead of hang. */
const OUTPUT_REFUSED = new Set<string>(['InvalidOutput', 'ValidationException']);

type HandlerResult = { kind: 'succeeded'; output: string } | { kind: 'failed'; failure: TaskFailure };

export function runTask(o: TaskRunOptions): RunningTask {
  const controller = new AbortController();
  const fields = { activityArn: o.activityArn };
  let timer: NodeJS.Timeout | undefined;
  let settled = false;
  let releasing!: () => void;
  const released = new Promise<{ kind: 'released' }>((resolve) => {
    releasing = () => resolve({ kind: 'released' });
  });

  const abort = (reason: TaskAbortReason, message: string) => {
    if (!controller.signal.aborted) controller.abort(new TaskAbortedError(reason, message));
    clearTimeout(timer);
  };

  const schedule = () => {
    clearTimeout(timer);
    if (o.heartbeatMs <= 0 || settled || controller.signal.aborted) return;
    timer = setTimeout(() => {
      heartbeat().catch((error: unknown) => {
        if (!controller.signal.aborted) o.logger.warn(`SendTaskHeartbeat failed: ${describe(error)}`, fields);
      });
    }, o.heartbeatMs);
  };

  async function heartbeat(): Promise<void> {
    if (controller.signal.aborted) throw controller.signal.reason;
    clearTimeout(timer);
    try {
      await o.client.send(new SendTaskHeartbeatCommand({ taskToken: o.taskToken }));
    } catch (error) {
      const code = codeOf(error);
      if (code && ENDED.has(code)) {
        abort(
          code as TaskAbortReason,
          `The task ended (${code}) while its handler ran; its result will not be reported.`,
        );
        throw controller.signal.reason;
      }
      throw error;
    } finally {
      schedule();
    }
  }

  const context: ActivityContext = {
    taskToken: o.taskToken,
    activityArn: o.activityArn,
    workerName: o.workerName,
    signal: controller.signal,
    heartbeat,
  };

  async function invoke(): Promise<HandlerResult> {
    try {
      const input: unknown = o.input === undefined ? null : JSON.parse(o.input);
      const output = await o.handler(input, context);
      // JSON.stringify(undefined) is undefined: a handler that returns nothing outputs null.
      return { kind: 'succeeded', output: JSON.stringify(output) ?? 'null' };
    } catch (thrown) {
      return { kind: 'failed', failure: failureOf(thrown) };
    }
  }

  async function fail(failure: TaskFailure): Promise<TaskOutcome> {
    try {
      await o.client.send(new SendTaskFailureCommand({ taskToken: o.taskToken, ...failure }));
      return 'failed';
    } catch (error) {
      return unanswered(error, 'SendTaskFailure');
    }
  }

  async function succeed(output: string): Promise<TaskOutcome> {
    try {
      await o.client.send(new SendTaskSuccessCommand({ taskToken: o.taskToken, output }));
      return 'succeeded';
    } catch (error) {
      const code = codeOf(error);
      if (code && OUTPUT_REFUSED.has(code)) return fail(failureOf(error));
      return unanswered(error, 'SendTaskSuccess');
    }
  }

  function unanswered(error: unknown, operation: string): TaskOutcome {
    const code = codeOf(error);
    if (code && ENDED.has(code)) {
      o.logger.warn(`${operation} refused: the task had already ended (${code})`, fields);
      return 'ended';
    }
    // The SDK has already retried; the task now waits for its TimeoutSeconds or HeartbeatSeconds.
    o.logger.error(`${operation} failed: ${describe(error)}`, fields);
    return 'unreported';
  }

  async function run(): Promise<TaskOutcome> {
    schedule();
    const result = await Promise.race([invoke(), released]);
    settled = true;
    clearTimeout(timer);
    const reason = controller.signal.reason as TaskAbortedError | undefined;
    if (reason && reason.reason !== 'Worker.Shutdown') {
      o.logger.warn(reason.message, fields);
      return 'ended';
    }
    if (result.kind === 'released') {
      const cause = `Worker ${o.workerName} stopped before the task finished.`;
      const outcome = await fail({ error: 'Worker.Shutdown', cause });
      return outcome === 'failed' ? 'released' : outcome;
    }
    return result.kind === 'succeeded' ? succeed(result.output) : fail(result.failure);
  }

  return {
    done: run(),
    release() {
      if (settled) return;
      abort('Worker.Shutdown', `Worker ${o.workerName} is shutting down; the task is reported as Worker.Shutdown.`);
      releasing();
    },
  };
}

/** The AWS error code of an SDK error (`name` carries it in SDK v3). */
export function codeOf(error: unknown): string | undefined {
  const name = (error as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : undefined;
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`;
  return String(error);
}
