/**
 * Dead-letter queue redrive (API reference: StartMessageMoveTask, CancelMessageMoveTask,
 * ListMessageMoveTasks): a task moves the messages of a dead-letter queue to a destination, or
 * each back to the queue it was dead-lettered from, at most MaxNumberOfMessagesPerSecond, until
 * the source is empty or the task is cancelled. The messages move durably (the store moves them in
 * transactions); the tasks themselves live in this node's memory, so a restart ends them (the
 * messages not yet moved stay in the dead-letter queue, and a new task can be started).
 */
import type { Clock } from '../../kernel/index.js';
import type { QueueRecord, QueueStore } from '../../store/port.js';
import { integerAttribute } from './attributes.js';
import { queueErrors } from './errors.js';

export type MoveTaskStatus = 'RUNNING' | 'COMPLETED' | 'CANCELLING' | 'CANCELLED' | 'FAILED';

export interface MoveTask {
  readonly taskHandle: string;
  readonly sourceArn: string;
  readonly destinationArn?: string;
  readonly maxNumberOfMessagesPerSecond?: number;
  status: MoveTaskStatus;
  moved: number;
  readonly toMove: number;
  readonly startedAt: number;
  failureReason?: string;
}

/** Without MaxNumberOfMessagesPerSecond, AWS moves as fast as the system allows: batches every tick. */
const DEFAULT_RATE = 500;
const TICK_MS = 100;
/** Tasks kept per source for ListMessageMoveTasks (it returns at most 10). */
const KEEP = 10;

export class MoveTasks {
  private readonly bySource = new Map<string, MoveTask[]>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly store: QueueStore,
    private readonly clock: Clock,
    private readonly queue: (arn: string) => Promise<QueueRecord>,
  ) {}

  async start(sourceArn: string, destinationArn: string | undefined, rate: number | undefined): Promise<string> {
    const source = await this.queue(sourceArn).catch(() => {
      throw queueErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    });
    const sources = await this.store.listDeadLetterSources(sourceArn, { limit: 1 });
    if (sources.items.length === 0) {
      throw queueErrors.invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    }
    if (destinationArn !== undefined) {
      await this.queue(destinationArn).catch(() => {
        throw queueErrors.resourceNotFound(
          "The resource that you specified for the DestinationArn parameter doesn't exist.",
        );
      });
    }
    if (rate !== undefined && (!Number.isInteger(rate) || rate < 1 || rate > 500)) {
      throw queueErrors.invalidParameter('MaxNumberOfMessagesPerSecond', rate, 'Must be between 1 and 500.');
    }
    const tasks = this.bySource.get(sourceArn) ?? [];
    if (tasks.some((t) => t.status === 'RUNNING' || t.status === 'CANCELLING')) {
      throw queueErrors.unsupported(
        'There is already a task running. Only one active task is allowed for a source queue ARN at a given time.',
      );
    }
    const now = this.clock.now();
    const counts = await this.store.counts(
      sourceArn,
      now,
      now - integerAttribute(source, 'MessageRetentionPeriod') * 1000,
    );
    const task: MoveTask = {
      taskHandle: Buffer.from(
        JSON.stringify({ taskId: `${now}-${Math.random().toString(36).slice(2)}`, sourceArn }),
      ).toString('base64'),
      sourceArn,
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(rate !== undefined ? { maxNumberOfMessagesPerSecond: rate } : {}),
      status: 'RUNNING',
      moved: 0,
      toMove: counts.visible,
      startedAt: now,
    };
    this.bySource.set(sourceArn, [task, ...tasks].slice(0, KEEP));
    this.run(task);
    return task.taskHandle;
  }

  private run(task: MoveTask): void {
    const perTick = Math.max(1, Math.round(((task.maxNumberOfMessagesPerSecond ?? DEFAULT_RATE) * TICK_MS) / 1000));
    const tick = async () => {
      if (task.status === 'CANCELLING') {
        task.status = 'CANCELLED';
        return;
      }
      try {
        const moved = await this.store.moveMessages(task.sourceArn, task.destinationArn, perTick, this.clock.now());
        task.moved += moved;
        if (moved === 0) {
          // A cancel may have arrived while the batch was moving (status is shared with cancel()).
          task.status = (task.status as MoveTaskStatus) === 'CANCELLING' ? 'CANCELLED' : 'COMPLETED';
          return;
        }
      } catch (error) {
        task.status = 'FAILED';
        task.failureReason = error instanceof Error ? error.message : String(error);
        return;
      }
      schedule();
    };
    const schedule = () => {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        void tick();
      }, TICK_MS);
      timer.unref();
      this.timers.add(timer);
    };
    void tick();
  }

  /** Cancels a running task; returns how many messages it had moved. */
  cancel(taskHandle: string): number {
    for (const tasks of this.bySource.values()) {
      const task = tasks.find((t) => t.taskHandle === taskHandle);
      if (!task) continue;
      if (task.status !== 'RUNNING') {
        throw queueErrors.unsupported('Only active tasks can be cancelled.');
      }
      task.status = 'CANCELLING';
      return task.moved;
    }
    throw queueErrors.resourceNotFound('Task does not exist.');
  }

  /** The most recent tasks of a source, newest first. */
  async list(sourceArn: string, max: number): Promise<MoveTask[]> {
    await this.queue(sourceArn).catch(() => {
      throw queueErrors.resourceNotFound("The resource that you specified for the SourceArn parameter doesn't exist.");
    });
    return (this.bySource.get(sourceArn) ?? []).slice(0, max);
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
