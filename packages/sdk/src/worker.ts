/**
 * The activity worker: pollers long-poll GetActivityTask, each running at most one task at a
 * time (see task-run.ts for one task's life), and a graceful stop that finishes or gives back
 * the tasks in flight. Only the Step Functions activity protocol is used, so the same state
 * machine can be served by this worker, a worker in another language, or both.
 */
import { setMaxListeners } from 'node:events';
import { hostname } from 'node:os';
import { GetActivityTaskCommand, type GetActivityTaskCommandOutput, type SFNClient } from '@aws-sdk/client-sfn';
import type { ActivityHandlers } from './activity.js';
import { activityArnOf, BATON_ACCOUNT, createSfnClient, type SfnClientOptions } from './client.js';
import { consoleLogger, type WorkerLogger } from './logger.js';
import { sleep } from './sleep.js';
import { describe, type RunningTask, runTask, type TaskOutcome } from './task-run.js';

export interface WorkerOptions extends Omit<SfnClientOptions, 'maxSockets'> {
  /** Handlers by activity ARN or activity name (a name resolves in `region` and `account`). */
  readonly activities: ActivityHandlers;
  /** A client to use instead of one made from `endpoint`, `region` and `credentials`; it is not destroyed on stop. */
  readonly client?: SFNClient;
  /** The account of activity names. Default: Baton's `123456789012`. */
  readonly account?: string;
  /** Pollers per activity; each holds at most one task, so this is how many tasks of an activity run at once. Default 1. */
  readonly concurrency?: number;
  /** Sent with GetActivityTask (at most 80 characters). Default: `<hostname>-<pid>`. */
  readonly workerName?: string;
  /**
   * Seconds between automatic heartbeats while a handler runs. The activity protocol does not
   * tell a worker a Task's HeartbeatSeconds, so keep this below the smallest one your states use.
   * Default 10; 0 turns the timer off (`context.heartbeat()` still works).
   */
  readonly heartbeatSeconds?: number;
  /**
   * How long one GetActivityTask may take before the worker gives up on it and polls again. The
   * service holds a poll for up to 60 seconds, so this must be longer. Default 70,000.
   */
  readonly pollTimeoutMs?: number;
  /** How long `stop()` waits for handlers in flight before giving their tasks back. Default 25,000. */
  readonly shutdownGraceMs?: number;
  /** Aborting it stops the worker, as `stop()` does. */
  readonly signal?: AbortSignal;
  /** Default: warnings and errors to the console. */
  readonly logger?: WorkerLogger;
}

export type WorkerStatus = 'created' | 'running' | 'stopping' | 'stopped';

export interface StopOptions {
  /** Overrides `shutdownGraceMs` for this stop; a later, shorter one cuts a stop in progress short. */
  readonly graceMs?: number;
}

/** What happened to the tasks a stop found in flight. */
export interface StopReport {
  /** Handlers that finished within the grace period and were answered. */
  readonly finished: number;
  /** Tasks given back with SendTaskFailure `Worker.Shutdown` when the grace period ran out. */
  readonly released: number;
}

export interface Worker {
  /** Starts the pollers. Resolves once they run; the worker then runs until `stop()`. */
  start(): Promise<void>;
  /**
   * Stops polling (in-flight GetActivityTask calls are aborted), waits up to the grace period
   * for running handlers and reports them, then fails the tasks still running with
   * `Worker.Shutdown` and aborts their handlers' signals. Safe to call more than once.
   */
  stop(options?: StopOptions): Promise<StopReport>;
  /**
   * Stops the worker on SIGTERM and SIGINT (or `signals`); a second signal gives the tasks in
   * flight back at once. The listeners are removed when the worker has stopped, so a signal after
   * that gets Node's default behaviour. Returns a function that removes them sooner.
   */
  installSignalHandlers(signals?: readonly NodeJS.Signals[]): () => void;
  /** Tasks whose handlers are running now. */
  readonly running: number;
  readonly status: WorkerStatus;
}

const DEFAULT_HEARTBEAT_SECONDS = 10;
const DEFAULT_POLL_TIMEOUT_MS = 70_000;
const DEFAULT_SHUTDOWN_GRACE_MS = 25_000;

/**
 * Creates an activity worker.
 *
 * @example
 * const worker = createWorker({
 *   endpoint: 'http://127.0.0.1:22866',
 *   concurrency: 4,
 *   activities: {
 *     // an activity name, or a full ARN: arn:aws:states:us-east-1:123456789012:activity:resize
 *     resize: async (input: { url: string; width: number }, ctx) => {
 *       const image = await download(input.url, { signal: ctx.signal });
 *       return { url: await upload(await shrink(image, input.width)) };
 *     },
 *   },
 * });
 * worker.installSignalHandlers();
 * await worker.start();
 */
export function createWorker(options: WorkerOptions): Worker {
  const keys = Object.keys(options.activities);
  if (keys.length === 0) throw new Error('createWorker: no activities to poll');
  const concurrency = options.concurrency ?? 1;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new Error(`createWorker: concurrency must be a positive integer, not ${concurrency}`);
  }
  const heartbeatMs = (options.heartbeatSeconds ?? DEFAULT_HEARTBEAT_SECONDS) * 1000;
  const pollTimeoutMs = options.pollTimeoutMs ?? DEFAULT_POLL_TIMEOUT_MS;
  const defaultGraceMs = options.shutdownGraceMs ?? DEFAULT_SHUTDOWN_GRACE_MS;
  const logger = options.logger ?? consoleLogger;
  const workerName = (options.workerName ?? `${hostname()}-${process.pid}`).slice(0, 80);
  // Each poller may hold a long poll and a heartbeat or an answer at once: room for both.
  const client =
    options.client ?? createSfnClient({ ...options, maxSockets: Math.max(50, 2 * concurrency * keys.length + 8) });

  let status: WorkerStatus = 'created';
  /** Aborted by stop: ends the polls in flight and the back-off sleeps between failed polls. */
  const polling = new AbortController();
  // Every poller listens while it polls or backs off: more than Node's leak-warning threshold of 10 is expected.
  setMaxListeners(Number.POSITIVE_INFINITY, polling.signal);
  const tasks = new Set<RunningTask>();
  const cleanups = new Set<() => void>();
  const pollers: Promise<void>[] = [];
  let starting: Promise<void> | undefined;
  let stopping: Promise<StopReport> | undefined;
  let releaseAll = false;
  /** When stop() gives up waiting; only ever moves earlier (a second signal, a shorter stop). */
  let graceEndsAt = Number.POSITIVE_INFINITY;
  let onGraceChange = () => {};
  const report = { finished: 0, released: 0 };

  async function poll(activityArn: string): Promise<GetActivityTaskCommandOutput> {
    const controller = new AbortController();
    const abort = () => controller.abort();
    polling.signal.addEventListener('abort', abort, { once: true });
    const timer = setTimeout(abort, pollTimeoutMs);
    try {
      return await client.send(new GetActivityTaskCommand({ activityArn, workerName }), {
        abortSignal: controller.signal,
      });
    } finally {
      clearTimeout(timer);
      polling.signal.removeEventListener('abort', abort);
    }
  }

  async function pollLoop(activityArn: string, handler: ActivityHandlers[string]): Promise<void> {
    let failures = 0;
    while (!polling.signal.aborted) {
      let task: GetActivityTaskCommandOutput;
      try {
        task = await poll(activityArn);
        failures = 0;
      } catch (error) {
        if (polling.signal.aborted) break;
        const waitMs = Math.min(30_000, 250 * 2 ** failures++);
        logger.warn(`GetActivityTask failed (${describe(error)}); polling again in ${waitMs} ms`, { activityArn });
        await sleep(waitMs, polling.signal);
        continue;
      }
      // An empty answer: the long poll ended without work.
      if (!task.taskToken) continue;
      // A task can arrive after stop() began (the answer raced the abort): it runs like the others.
      const running = runTask({
        client,
        activityArn,
        workerName,
        taskToken: task.taskToken,
        input: task.input,
        handler,
        heartbeatMs,
        logger,
      });
      tasks.add(running);
      if (releaseAll) running.release();
      count(await running.done);
      tasks.delete(running);
    }
  }

  function count(outcome: TaskOutcome): void {
    if (status === 'running') return;
    if (outcome === 'released') report.released++;
    else report.finished++;
  }

  async function start(): Promise<void> {
    if (status === 'stopping' || status === 'stopped')
      throw new Error('createWorker: a stopped worker cannot start again');
    starting ??= (async () => {
      status = 'running';
      const region = options.region ?? (await client.config.region());
      const account = options.account ?? BATON_ACCOUNT;
      const byArn = new Map<string, ActivityHandlers[string]>();
      for (const key of keys) {
        const arn = activityArnOf(key, region, account);
        if (byArn.has(arn)) throw new Error(`createWorker: two handlers for ${arn}`);
        byArn.set(arn, options.activities[key]!);
      }
      if (polling.signal.aborted) return;
      for (const [arn, handler] of byArn) {
        for (let i = 0; i < concurrency; i++) pollers.push(pollLoop(arn, handler));
      }
    })();
    try {
      await starting;
    } catch (error) {
      await stop({ graceMs: 0 });
      throw error;
    }
  }

  function stop(stopOptions: StopOptions = {}): Promise<StopReport> {
    const endsAt = Date.now() + (stopOptions.graceMs ?? defaultGraceMs);
    if (endsAt < graceEndsAt) {
      graceEndsAt = endsAt;
      onGraceChange();
    }
    if (stopping) return stopping;
    status = 'stopping';
    polling.abort();
    stopping = (async () => {
      await starting?.catch(() => {});
      const drained = Promise.all(pollers);
      const graceOver = new Promise<void>((resolve) => {
        let timer: NodeJS.Timeout | undefined;
        onGraceChange = () => {
          clearTimeout(timer);
          timer = setTimeout(resolve, Math.max(0, graceEndsAt - Date.now()));
        };
        onGraceChange();
        void drained.then(() => clearTimeout(timer));
      });
      const inTime = await Promise.race([drained.then(() => true), graceOver.then(() => false)]);
      if (!inTime) {
        releaseAll = true;
        for (const task of tasks) task.release();
        await drained;
      }
      status = 'stopped';
      if (!options.client) client.destroy();
      for (const cleanup of cleanups) cleanup();
      return { ...report };
    })();
    return stopping;
  }

  function installSignalHandlers(signals: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT']): () => void {
    const onSignal = (signal: NodeJS.Signals) => {
      if (!stopping) {
        logger.info?.(`${signal}: finishing ${tasks.size} task(s) in flight, then stopping`);
        void stop();
      } else {
        logger.warn(`${signal} again: giving the tasks in flight back now`);
        void stop({ graceMs: 0 });
      }
    };
    for (const signal of signals) process.on(signal, onSignal);
    const remove = () => {
      for (const signal of signals) process.off(signal, onSignal);
      cleanups.delete(remove);
    };
    cleanups.add(remove);
    return remove;
  }

  if (options.signal) {
    const onAbort = () => void stop();
    if (options.signal.aborted) onAbort();
    else {
      options.signal.addEventListener('abort', onAbort, { once: true });
      cleanups.add(() => options.signal?.removeEventListener('abort', onAbort));
    }
  }

  return {
    start,
    stop,
    installSignalHandlers,
    get running() {
      return tasks.size;
    },
    get status() {
      return status;
    },
  };
}
