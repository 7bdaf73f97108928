/**
 * The TaskResource port: what runs a Task state's work, chosen by its Resource. In-process
 * functions, HTTP endpoints and service integrations are adapters behind it (wired in main.ts).
 * Activities are not: workers pull them through GetActivityTask.
 */
import type { ScheduleTask, Signal } from '../asl/index.js';
import type { Json } from '../kernel/index.js';

export interface TaskInvocation extends Omit<ScheduleTask, 'type'> {
  readonly executionArn: string;
  /** Aborts when the task is cancelled (timeout, execution stopped, branch abandoned). */
  readonly signal: AbortSignal;
  /** Told of each HTTP exchange the work makes (TestState's TRACE inspection level). */
  readonly trace?: (exchange: HttpExchange) => void;
}

/** An HTTP request a task sent, and the response it got (absent when none arrived). */
export interface HttpExchange {
  readonly request: {
    readonly url: string;
    readonly method: string;
    readonly headers: Headers;
    readonly body?: string;
    /** The request without the headers, query parameters and body parameters a connection added (its secrets). */
    readonly withoutSecrets?: { readonly url: string; readonly headers: Headers; readonly body?: string };
  };
  readonly response?: {
    readonly status: number;
    readonly statusText: string;
    readonly headers: Headers;
    readonly body: string;
  };
}

export type TaskOutcome =
  | { readonly kind: 'succeeded'; readonly output: Json }
  | { readonly kind: 'failed'; readonly error: string; readonly cause?: string }
  /** The work was handed over; the result arrives with the task token (`.waitForTaskToken`). */
  | { readonly kind: 'callback' };

/** The signal that hands a task's result to its execution. */
export function resultSignal(outcome: Exclude<TaskOutcome, { kind: 'callback' }>, seq: number, at: number): Signal {
  return outcome.kind === 'succeeded'
    ? { type: 'TaskSucceeded', at, seq, output: outcome.output }
    : {
        type: 'TaskFailed',
        at,
        seq,
        error: outcome.error,
        ...(outcome.cause !== undefined ? { cause: outcome.cause } : {}),
      };
}

export interface TaskResource {
  /** Whether this adapter runs the given Resource ARN. */
  handles(resource: string): boolean;
  run(task: TaskInvocation): Promise<TaskOutcome>;
}

/** The failure of a task no adapter runs, in the words Step Functions uses for a missing resource. */
export function unsupportedResource(resource: string): TaskOutcome {
  return {
    kind: 'failed',
    error: 'States.TaskFailed',
    cause: `The resource '${resource}' is not supported by this Baton server: no function, integration or activity handles it.`,
  };
}
