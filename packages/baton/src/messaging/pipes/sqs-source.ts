/**
 * An SQS queue as a pipe's source (user guide, "Amazon Simple Queue Service as a source"): the
 * pipe long-polls the queue, gathers up to BatchSize messages within the batching window, and
 * processes them as one batch. Messages the filter drops are deleted at once; a batch that
 * succeeds is deleted; the records a `batchItemFailures` answer names, and every message of a
 * batch that failed, stay in the queue and come back when their visibility timeout ends — the
 * queue's retries, and its redrive policy's dead-letter queue, are the pipe's. Messages are
 * received in the queue's order (FIFO queues: one group's messages in order, the group blocked
 * while one of them is in flight), so the pipe keeps the order the queue gives.
 */
import type { Clock } from '../../kernel/index.js';
import { QueueError, type QueueService, type ReceivedMessage } from '../queues/index.js';
import type { PipeChain } from './chain.js';
import { type SourceRecord, sqsRecord } from './records.js';
import type { SqsSourceSettings } from './settings.js';
import { type PipeSource, pause } from './source.js';

export interface SqsSourceDeps {
  readonly queues: QueueService;
  readonly clock: Clock;
  readonly region: string;
  readonly account: string;
  readonly onError: (error: unknown, context: string) => void;
}

/** Batches in flight at once: enough to overlap a slow target with the next receive. */
const POLLERS = 2;
/** ReceiveMessage's longest wait. */
const MAX_WAIT_SECONDS = 20;
const PER_RECEIVE = 10;
/** How long to wait before polling a queue that failed (deleted, say) again. */
const RETRY_MS = 1000;

export class SqsSource implements PipeSource {
  private readonly halt = new AbortController();
  private loops: Promise<void>[] = [];

  constructor(
    private readonly pipeArn: string,
    private readonly settings: SqsSourceSettings,
    private readonly chain: PipeChain,
    private readonly deps: SqsSourceDeps,
  ) {}

  start(): void {
    this.loops = Array.from({ length: POLLERS }, () => this.poll());
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await Promise.all(this.loops);
  }

  private async poll(): Promise<void> {
    const signal = this.halt.signal;
    while (!signal.aborted) {
      try {
        const messages = await this.gather(signal);
        if (messages.length > 0) await this.process(messages);
      } catch (e) {
        if (!(e instanceof QueueError)) this.deps.onError(e, `pipe ${this.pipeArn} reading ${this.settings.arn}`);
        await pause(RETRY_MS, signal);
      }
    }
  }

  /** Up to BatchSize messages: until the batch is full or the window ends (no window: what one poll brings). */
  private async gather(signal: AbortSignal): Promise<ReceivedMessage[]> {
    const { batchSize, windowSeconds } = this.settings;
    const deadline = this.deps.clock.now() + windowSeconds * 1000;
    const got: ReceivedMessage[] = [];
    for (;;) {
      const left = deadline - this.deps.clock.now();
      const waitSeconds =
        windowSeconds > 0
          ? Math.max(0, Math.min(MAX_WAIT_SECONDS, left / 1000))
          : got.length > 0
            ? 0
            : MAX_WAIT_SECONDS;
      const received = await this.deps.queues.receive(this.settings.arn, {
        max: Math.min(PER_RECEIVE, batchSize - got.length),
        waitSeconds,
        systemAttributeNames: ['All'],
        messageAttributeNames: ['All'],
        senderId: this.deps.account,
        signal,
      });
      got.push(...received);
      if (got.length >= batchSize || signal.aborted) return got;
      // Without a window, keep reading only while the queue hands out full receives.
      if (windowSeconds === 0 ? received.length < PER_RECEIVE : this.deps.clock.now() >= deadline) return got;
    }
  }

  private async process(messages: readonly ReceivedMessage[]): Promise<void> {
    const now = this.deps.clock.now();
    const records = messages.map((m) => sqsRecord(m, this.settings.arn, this.deps.region, now));
    const matching = this.chain.matching(records);
    const kept = new Set(matching);
    const done = new Set(records.filter((r) => !kept.has(r)).map((r) => r.id));
    if (matching.length > 0) {
      // The batch runs to its end even when the pipe stops meanwhile: its outcome decides what is deleted.
      const outcome = await this.chain.run(matching, new AbortController().signal);
      for (const r of matching) {
        if (outcome.kind === 'succeeded' || (outcome.kind === 'partial' && !outcome.failed.has(r.id))) done.add(r.id);
      }
    }
    await this.acknowledge(records.filter((r) => done.has(r.id)));
  }

  private async acknowledge(records: readonly SourceRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.deps.queues.deleteMessages(
      this.settings.arn,
      records.map((r) => r.received.receiptHandle as string),
    );
  }
}
