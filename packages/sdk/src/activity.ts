/**
 * The shape of activity handlers: what a worker calls with each task's input, and the context
 * it passes along.
 */

/** What a handler knows about the task it runs, and how it keeps the task alive. */
export interface ActivityContext {
  /** The task token Step Functions issued for this task (answers for it are sent for you). */
  readonly taskToken: string;
  readonly activityArn: string;
  /** The name this worker polls with; it appears in the execution's ActivityStarted event. */
  readonly workerName: string;
  /**
   * Aborted when the worker stops waiting for this handler; its `reason` is a
   * {@link TaskAbortedError} that says why. Pass it to `fetch` and friends to stop early.
   */
  readonly signal: AbortSignal;
  /**
   * Sends SendTaskHeartbeat now (the worker also sends them on a timer). Rejects with a
   * {@link TaskAbortedError} once the task has timed out or is unknown to the service.
   */
  heartbeat(): Promise<void>;
}

/**
 * A typed activity handler: it receives the task's input (the JSON the Task state sent, parsed)
 * and returns the output to report with SendTaskSuccess. A thrown error is reported with
 * SendTaskFailure (see {@link failureOf}).
 *
 * The worker cannot check that the input matches `In`: the type is the handler's claim about
 * what its state machine sends, like the type given to a `JSON.parse` result.
 *
 * @example
 * const resize: ActivityHandler<{ url: string; width: number }, { url: string }> = async (input, ctx) => {
 *   const image = await fetch(input.url, { signal: ctx.signal });
 *   return { url: await store(await shrink(image, input.width)) };
 * };
 */
export type ActivityHandler<In = unknown, Out = unknown> = (input: In, context: ActivityContext) => Out | Promise<Out>;

/**
 * Handlers by activity ARN or activity name. Each handler declares its own input type; an
 * unannotated input is `unknown`.
 *
 * Method syntax makes TypeScript compare parameters bivariantly, which is what lets a handler of
 * `(input: Order) => …` fill a slot whose input is `unknown`; a plain function type would demand
 * handlers that accept anything, and `any` would silence unannotated inputs.
 */
export type ActivityHandlers = Readonly<Record<string, AnyActivityHandler>>;

type AnyActivityHandler = { handle(input: unknown, context: ActivityContext): unknown }['handle'];

/** Why a handler's `signal` was aborted; the worker no longer reports this handler's result. */
export type TaskAbortReason = 'TaskTimedOut' | 'TaskDoesNotExist' | 'Worker.Shutdown';

/**
 * The `reason` of an aborted `context.signal`. `TaskTimedOut` and `TaskDoesNotExist` come from a
 * heartbeat's answer (the task's TimeoutSeconds or HeartbeatSeconds passed, or its execution
 * ended): the execution has moved on. `Worker.Shutdown`: the worker stopped, its grace period
 * ran out and it reported the task failed with that error, so the state's Retry can run it
 * elsewhere.
 */
export class TaskAbortedError extends Error {
  override readonly name = 'TaskAbortedError';
  constructor(
    readonly reason: TaskAbortReason,
    message: string,
  ) {
    super(message);
  }
}
