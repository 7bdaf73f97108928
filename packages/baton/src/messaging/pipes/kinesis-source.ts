/**
 * A Kinesis stream as a pipe's source (user guide, "Amazon Kinesis stream as a source" and
 * "Reporting batch item failures"). The pipe is a consumer group of the stream
 * (messaging/streams coordination): its node joins as the group's member, is leased the shards,
 * and keeps each shard's position as the group's checkpoint, in Baton's store. Per shard, one
 * batch at a time and in order:
 *
 * - read up to BatchSize records from the checkpoint (gathering within the batching window);
 *   a new group starts each shard at its StartingPosition (LATEST: records that arrived after
 *   the pipe was created);
 * - drop what the filter drops; split the rest by partition key into ParallelizationFactor lanes
 *   (a key always in one lane, so its order holds), each delivered on its own;
 * - a failed batch is retried with back-off — from its first record a `batchItemFailures` answer
 *   names, or bisected with AUTOMATIC_BISECT — until MaximumRetryAttempts or
 *   MaximumRecordAgeInSeconds run out; then it is reported to the DeadLetterConfig queue or topic
 *   (the records' positions, as Lambda reports stream batches) and skipped;
 * - checkpoint after the last record once every lane is done. A crash before the checkpoint
 *   replays the batch (at-least-once); the checkpoint never passes a record not processed. A
 *   closed shard is checkpointed as finished after its last record, and its children follow.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../../kernel/index.js';
// The bus's retry decision (exponential back-off with jitter, attempts and age limits) is the pipe's too.
import { afterFailure, type BackoffOptions } from '../bus/index.js';
import type { QueueService } from '../queues/index.js';
import {
  GroupError,
  hashKeyOf,
  type IteratorType,
  StreamError,
  type StreamRecordOut,
  type StreamService,
} from '../streams/index.js';
import { parseTopicArn, type TopicService } from '../topics/index.js';
import type { PipeChain } from './chain.js';
import { kinesisRecord, type SourceRecord } from './records.js';
import type { KinesisSourceSettings } from './settings.js';
import { Alarm, type PipeSource, pause } from './source.js';

export interface KinesisSourceDeps {
  readonly streams: StreamService;
  readonly queues: QueueService;
  readonly topics: TopicService;
  readonly clock: Clock;
  /** The consumer-group member this node is (its id across the pipe's runners on this node). */
  readonly member: string;
  readonly roleArn: string;
  /** When the pipe was created: where LATEST begins. */
  readonly createdAt: number;
  /** The shard leases' length; the group is renewed three times per lease. */
  readonly leaseMs: number;
  /** How long a caught-up shard waits before reading again. */
  readonly idleMs: number;
  readonly backoff: BackoffOptions;
  readonly random: () => number;
  readonly onError: (error: unknown, context: string) => void;
}

interface Shard {
  readonly halt: AbortController;
  readonly done: Promise<void>;
}

/** The consumer group of a pipe, by name (group names allow `:`, pipe names do not). */
export function pipeGroup(pipeName: string): string {
  return `pipe:${pipeName}`;
}

export class KinesisSource implements PipeSource {
  private readonly halt = new AbortController();
  private readonly shards = new Map<string, Shard>();
  private coordinating: Promise<void> = Promise.resolve();
  /** Rung when a shard ends, so its children are asked for at once rather than at the next heartbeat. */
  private readonly heartbeat = new Alarm();
  private readonly group: string;

  constructor(
    private readonly pipe: { readonly arn: string; readonly name: string },
    private readonly settings: KinesisSourceSettings,
    private readonly chain: PipeChain,
    private readonly deps: KinesisSourceDeps,
  ) {
    this.group = pipeGroup(pipe.name);
  }

  start(): void {
    this.coordinating = this.coordinate();
  }

  async stop(): Promise<void> {
    this.halt.abort();
    await this.coordinating;
    for (const shard of this.shards.values()) shard.halt.abort();
    await Promise.all([...this.shards.values()].map((s) => s.done));
    // Leaving frees the shard leases at once for whichever runner comes next.
    await this.deps.streams.groups
      .leave(this.settings.stream, this.group, this.deps.member)
      .catch((e) => this.expected(e, 'leaving its consumer group'));
  }

  /** Heartbeats: takes the shards the group assigns, lets go of those it must release. */
  private async coordinate(): Promise<void> {
    const signal = this.halt.signal;
    while (!signal.aborted) {
      try {
        const answer = await this.deps.streams.groups.heartbeat(this.settings.stream, this.group, {
          member: this.deps.member,
          held: [...this.shards.keys()],
          leaseMs: this.deps.leaseMs,
          start: 'TRIM_HORIZON',
        });
        for (const a of answer.assigned) {
          if (!this.shards.has(a.shardId) && !signal.aborted) this.consume(a.shardId, a.checkpoint);
        }
        for (const id of answer.release) this.shards.get(id)?.halt.abort();
      } catch (e) {
        this.expected(e, 'coordinating its shards');
      }
      await this.heartbeat.sleep(this.deps.leaseMs / 3, signal);
    }
  }

  private consume(shardId: string, checkpoint: string | undefined): void {
    const halt = new AbortController();
    const done = this.read(shardId, checkpoint, halt.signal)
      .catch((e) => this.expected(e, `reading ${shardId}`))
      .finally(() => {
        this.shards.delete(shardId);
        this.heartbeat.ring();
      });
    this.shards.set(shardId, { halt, done });
  }

  private async read(shardId: string, checkpoint: string | undefined, signal: AbortSignal): Promise<void> {
    let position = checkpoint;
    while (!signal.aborted && !this.halt.signal.aborted) {
      const { records, ended } = await this.gather(shardId, position, signal);
      if (records.length === 0 && !ended) {
        await pause(this.deps.idleMs, signal);
        continue;
      }
      if (records.length > 0) {
        if (!(await this.process(shardId, records, signal))) return;
        position = records[records.length - 1]!.sequenceNumber;
      }
      await this.deps.streams.groups.checkpoint(
        this.settings.stream,
        this.group,
        this.deps.member,
        shardId,
        position,
        ended,
      );
      if (ended) return;
    }
  }

  /** Up to BatchSize records after `position`, within the batching window; `ended` once a closed shard is read out. */
  private async gather(
    shardId: string,
    position: string | undefined,
    signal: AbortSignal,
  ): Promise<{ records: StreamRecordOut[]; ended: boolean }> {
    const { batchSize, windowSeconds, stream } = this.settings;
    const records = this.deps.streams.records;
    const start = this.startAt(position);
    let iterator = await records.shardIterator(stream, shardId, start.type, start);
    const deadline = this.deps.clock.now() + windowSeconds * 1000;
    const got: StreamRecordOut[] = [];
    for (;;) {
      const page = await records.getRecords(iterator, batchSize - got.length);
      got.push(...page.records);
      if (page.nextShardIterator === undefined) return { records: got, ended: true };
      iterator = page.nextShardIterator;
      const left = deadline - this.deps.clock.now();
      if (got.length >= batchSize || left <= 0 || signal.aborted) return { records: got, ended: false };
      if (page.records.length === 0) await pause(Math.min(this.deps.idleMs, left), signal);
    }
  }

  private startAt(position: string | undefined): { type: IteratorType; sequenceNumber?: string; timestamp?: number } {
    if (position !== undefined) return { type: 'AFTER_SEQUENCE_NUMBER', sequenceNumber: position };
    const { startingPosition, startingAt } = this.settings;
    if (startingPosition === 'TRIM_HORIZON') return { type: 'TRIM_HORIZON' };
    const at = startingPosition === 'LATEST' ? this.deps.createdAt : startingAt!;
    return { type: 'AT_TIMESTAMP', timestamp: Math.min(at, this.deps.clock.now()) };
  }

  /** Processes a batch read from a shard; false when the pipe stopped before it was done. */
  private async process(shardId: string, read: readonly StreamRecordOut[], signal: AbortSignal): Promise<boolean> {
    const origin = {
      streamArn: this.settings.arn,
      shardId,
      region: this.settings.stream.region,
      roleArn: this.deps.roleArn,
    };
    const matching = this.chain.matching(read.map((r) => kinesisRecord(r, origin)));
    if (matching.length === 0) return true;
    const lanes = new Map<number, SourceRecord[]>();
    for (const r of matching) {
      const key = hashKeyOf(r.received.partitionKey as string);
      const lane = Number.parseInt(key.slice(0, 8), 16) % this.settings.parallelization;
      const records = lanes.get(lane);
      if (records) records.push(r);
      else lanes.set(lane, [r]);
    }
    const done = await Promise.all([...lanes.values()].map((lane) => this.deliver(shardId, lane, signal)));
    return done.every(Boolean);
  }

  /** Delivers one lane with retries, bisection and the dead-letter report; false when stopped first. */
  private async deliver(shardId: string, lane: SourceRecord[], signal: AbortSignal): Promise<boolean> {
    const s = this.settings;
    const policy = {
      maximumRetryAttempts: s.maximumRetryAttempts < 0 ? Number.POSITIVE_INFINITY : s.maximumRetryAttempts,
      maximumEventAgeSeconds: s.maximumRecordAgeSeconds < 0 ? Number.POSITIVE_INFINITY : s.maximumRecordAgeSeconds,
    };
    const pending: SourceRecord[][] = [lane];
    while (pending.length > 0) {
      let batch = pending.shift()!;
      for (let failures = 0; ; ) {
        if (signal.aborted) return false;
        const now = this.deps.clock.now();
        const expired = batch.filter((r) => now - r.at > policy.maximumEventAgeSeconds * 1000);
        if (expired.length > 0) {
          if (!(await this.deadLetter(shardId, expired, 'RecordAgeExceeded', failures, signal))) return false;
          batch = batch.slice(expired.length);
          if (batch.length === 0) break;
        }
        const outcome = await this.chain.run(batch, signal);
        if (outcome.kind === 'succeeded') break;
        if (outcome.kind === 'partial') {
          // Records before the first one named succeeded; the rest are tried again, in order.
          batch = batch.slice(
            Math.max(
              0,
              batch.findIndex((r) => outcome.failed.has(r.id)),
            ),
          );
        }
        if (s.bisect && batch.length > 1) {
          const half = Math.ceil(batch.length / 2);
          pending.unshift(batch.slice(0, half), batch.slice(half));
          break;
        }
        failures++;
        const decision = afterFailure(
          policy,
          this.deps.backoff,
          { attempts: failures, ingestedAt: batch[0]!.at, now, fatal: false },
          this.deps.random(),
        );
        if (decision.kind === 'giveUp') {
          const condition =
            decision.condition === 'MaximumEventAgeInSeconds' ? 'RecordAgeExceeded' : 'RetryAttemptsExhausted';
          if (!(await this.deadLetter(shardId, batch, condition, failures, signal))) return false;
          break;
        }
        await pause(decision.at - now, signal);
      }
    }
    return true;
  }

  /**
   * Reports records given up on to the DeadLetterConfig queue or topic (without one they are
   * dropped, as AWS does). The report is the batch's place in the stream, as Lambda reports
   * stream batches to an on-failure destination; it is sent once per batch (idempotent), and
   * retried until it is sent: false when the pipe stopped first.
   */
  private async deadLetter(
    shardId: string,
    records: readonly SourceRecord[],
    condition: 'RetryAttemptsExhausted' | 'RecordAgeExceeded',
    attempts: number,
    signal: AbortSignal,
  ): Promise<boolean> {
    const arn = this.settings.deadLetterArn;
    if (arn === undefined) return true;
    const first = records[0]!;
    const last = records[records.length - 1]!;
    const report = JSON.stringify({
      requestContext: {
        requestId: randomUUID(),
        pipeArn: this.pipe.arn,
        condition,
        approximateInvokeCount: attempts,
      },
      version: '1.0',
      timestamp: new Date(this.deps.clock.now()).toISOString(),
      KinesisBatchInfo: {
        shardId,
        startSequenceNumber: first.received.sequenceNumber,
        endSequenceNumber: last.received.sequenceNumber,
        approximateArrivalOfFirstRecord: new Date(first.at).toISOString(),
        approximateArrivalOfLastRecord: new Date(last.at).toISOString(),
        batchSize: records.length,
        streamArn: this.settings.arn,
      },
    });
    const key = `${this.pipe.arn} dead-letter ${first.id} ${last.id}`;
    while (!signal.aborted) {
      try {
        const topic = parseTopicArn(arn);
        if (topic) await this.deps.topics.publish(topic, [{ message: report, idempotencyKey: key }]);
        else {
          const [result] = await this.deps.queues.send(arn, [{ body: report, idempotencyKey: key }]);
          if (result instanceof Error) throw result;
        }
        return true;
      } catch (e) {
        this.deps.onError(e, `pipe ${this.pipe.arn} reporting to its dead-letter target ${arn}`);
        await pause(1000, signal);
      }
    }
    return false;
  }

  /** The stream or group went away, or the lease moved: the next heartbeat sorts it out. Anything else is a bug. */
  private expected(e: unknown, what: string): void {
    if (e instanceof StreamError || e instanceof GroupError) return;
    this.deps.onError(e, `pipe ${this.pipe.arn} ${what}`);
  }
}
