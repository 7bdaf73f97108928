/**
 * The stream consumer: members of a consumer group share a Kinesis stream's shards, each shard
 * read by one member at a time, in order, resuming after the group's checkpoint. Records are
 * read with the Kinesis API (GetShardIterator, GetRecords); which member reads which shard, and
 * where, is coordinated by Baton's native consumer-group API (stream-client.ts), since Kinesis
 * has none (the KCL keeps the same in DynamoDB).
 *
 * Guarantees: at-least-once and in order per shard (so per partition key). A batch is
 * checkpointed only after the handler returned for it, so a crash (of the consumer or of Baton)
 * never moves a checkpoint past an unprocessed record; the records after the last checkpoint
 * are handed out again. Children of a split or merge are assigned only after their parents were
 * read to their end, which keeps each key's order across resharding.
 */
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import {
  type _Record,
  GetRecordsCommand,
  type GetRecordsCommandOutput,
  GetShardIteratorCommand,
  type KinesisClient,
} from '@aws-sdk/client-kinesis';
import { consoleLogger, type WorkerLogger } from './logger.js';
import { sleep } from './sleep.js';
import {
  createKinesisClient,
  GroupApiError,
  GroupClient,
  type HeartbeatAnswer,
  type KinesisClientOptions,
  type ShardAssignment,
} from './stream-client.js';

export interface StreamRecord {
  readonly shardId: string;
  readonly sequenceNumber: string;
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly approximateArrivalTimestamp?: Date;
}

export interface StreamBatchContext {
  readonly shardId: string;
  /** How far behind the newest record of the shard this batch is (GetRecords' MillisBehindLatest). */
  readonly millisBehindLatest: number;
  /** Aborted when the member lost the shard's lease: the batch will be handed to another member. */
  readonly signal: AbortSignal;
}

/** Processes one shard's batch, in order. A throw retries the same batch after `retryDelayMs`. */
export type StreamBatchHandler = (records: StreamRecord[], context: StreamBatchContext) => unknown;

export interface StreamConsumerOptions extends KinesisClientOptions {
  /** Baton's URL: the consumer-group API lives there (and the Kinesis API, unless `client` is given). */
  readonly endpoint: string;
  readonly streamName: string;
  readonly group: string;
  /** This member's id in the group. Default: `<hostname>-<pid>-<random>`. */
  readonly member?: string;
  readonly handler: StreamBatchHandler;
  /** A Kinesis client to read with; it is not destroyed on stop. */
  readonly client?: KinesisClient;
  /** Where a new group starts reading. Default TRIM_HORIZON (every retained record). */
  readonly start?: 'TRIM_HORIZON' | 'LATEST';
  /** How long a member's leases last without a heartbeat (it heartbeats every third of it). Default 10,000. */
  readonly leaseMs?: number;
  /** Pause between GetRecords calls of a caught-up shard. Default 200 (AWS allows 5 calls per second per shard). */
  readonly pollIntervalMs?: number;
  /** GetRecords' Limit. Default 1,000. */
  readonly maxRecords?: number;
  /** Wait before retrying a failed handler or call. Default 1,000. */
  readonly retryDelayMs?: number;
  readonly logger?: WorkerLogger;
}

export interface StreamConsumer {
  /** Joins the group and starts reading the shards it is given. */
  start(): Promise<void>;
  /** Finishes the batches in hand (and checkpoints them), leaves the group. Safe to call more than once. */
  stop(): Promise<void>;
  readonly member: string;
  /** The shards this member reads now. */
  readonly shards: readonly string[];
}

type ReaderOutcome = 'released' | 'ended' | 'lost';

interface Reader {
  readonly done: Promise<ReaderOutcome>;
  /** Stop after the batch in hand (checkpointed). */
  release(): void;
  /** Stop now: the lease is gone, whatever is in hand will be read again by another member. */
  abort(): void;
}

/**
 * Creates a consumer-group member.
 *
 * @example
 * const consumer = createStreamConsumer({
 *   endpoint: 'http://127.0.0.1:22866',
 *   streamName: 'ride-locations',
 *   group: 'dispatch',
 *   handler: async (records) => {
 *     for (const r of records) await track(JSON.parse(Buffer.from(r.data).toString()));
 *   },
 * });
 * await consumer.start();
 */
export function createStreamConsumer(options: StreamConsumerOptions): StreamConsumer {
  const member = options.member ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const leaseMs = options.leaseMs ?? 10_000;
  const pollMs = options.pollIntervalMs ?? 200;
  const retryMs = options.retryDelayMs ?? 1_000;
  const limit = options.maxRecords ?? 1_000;
  const logger = options.logger ?? consoleLogger;
  const start = options.start ?? 'TRIM_HORIZON';
  const kinesis = options.client ?? createKinesisClient(options);
  const readers = new Map<string, Reader>();
  /** Shards this member read to their end: never started again from a stale answer. */
  const ended = new Set<string>();
  const stopping = new AbortController();
  let wake = new AbortController();
  let group: GroupClient | undefined;
  let loop: Promise<void> | undefined;
  let stopped: Promise<void> | undefined;
  let lastHeartbeat = 0;

  async function iteratorAfter(shardId: string, after: string | undefined, signal: AbortSignal): Promise<string> {
    const out = await kinesis.send(
      new GetShardIteratorCommand({
        StreamName: options.streamName,
        ShardId: shardId,
        ...(after !== undefined
          ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: after }
          : { ShardIteratorType: 'TRIM_HORIZON' }),
      }),
      { abortSignal: signal },
    );
    return out.ShardIterator!;
  }

  function read(assignment: ShardAssignment): Reader {
    const { shardId } = assignment;
    const lost = new AbortController();
    let releasing = false;
    /**
     * Checkpoints go out one at a time while the next batch is read (each covers only batches
     * the handler finished); a refused one (lease lost) stops the reader.
     */
    let checkpointing: Promise<void> = Promise.resolve();
    let leaseLost = false;
    const checkpoint = (sequence: string) => {
      checkpointing = checkpointing
        .then(() => group!.checkpoint(shardId, sequence))
        .catch((error) => {
          if (error instanceof GroupApiError && error.code === 'LeaseLostException') {
            leaseLost = true;
            lost.abort();
          } else {
            logger.warn(`checkpointing ${shardId} failed (${(error as Error).message}); a later one will cover it`);
          }
        });
    };
    const fetch = (ShardIterator: string) =>
      kinesis.send(new GetRecordsCommand({ ShardIterator, Limit: limit }), { abortSignal: lost.signal });
    const done = (async (): Promise<ReaderOutcome> => {
      let position = assignment.checkpoint === 'SHARD_END' ? undefined : assignment.checkpoint;
      let iterator: string | undefined;
      let prefetched: Promise<GetRecordsCommandOutput> | undefined;
      while (!releasing && !lost.signal.aborted) {
        try {
          iterator ??= await iteratorAfter(shardId, position, lost.signal);
          const page: GetRecordsCommandOutput = await (prefetched ?? fetch(iterator));
          prefetched = undefined;
          const records = (page.Records ?? []).map((r) => recordOf(shardId, r));
          // A shard with a backlog: read the next page while the handler works on this one.
          if (records.length > 0 && page.NextShardIterator && (page.MillisBehindLatest ?? 0) > 0) {
            prefetched = fetch(page.NextShardIterator);
            prefetched.catch(() => {});
          }
          if (records.length > 0) {
            if (!(await handle(records, page.MillisBehindLatest ?? 0))) break;
            position = records[records.length - 1]!.sequenceNumber;
            checkpoint(position);
          }
          if (!page.NextShardIterator) {
            await checkpointing;
            if (leaseLost) return 'lost';
            await group!.checkpoint(shardId, position, true);
            return 'ended';
          }
          iterator = page.NextShardIterator;
          if (records.length === 0) await sleep(pollMs, lost.signal);
        } catch (error) {
          if (lost.signal.aborted) break;
          if (error instanceof GroupApiError && error.code === 'LeaseLostException') return 'lost';
          // Expired iterators, a restarted server, a network error: resume after the last record processed.
          iterator = undefined;
          prefetched = undefined;
          if ((error as Error).name !== 'ExpiredIteratorException') {
            logger.warn(`reading ${shardId} failed (${(error as Error).message}); retrying in ${retryMs} ms`);
            await sleep(retryMs, lost.signal);
          }
        }
      }
      // A released shard's last checkpoint lands before the member lets go of its lease.
      await checkpointing;
      return lost.signal.aborted ? 'lost' : 'released';
    })();

    /** Runs the handler until it succeeds; false when the lease was lost or the shard released meanwhile. */
    async function handle(records: StreamRecord[], millisBehindLatest: number): Promise<boolean> {
      for (;;) {
        try {
          await options.handler(records, { shardId, millisBehindLatest, signal: lost.signal });
          return !lost.signal.aborted;
        } catch (error) {
          logger.error(`handler failed on ${shardId} (${(error as Error).message}); retrying in ${retryMs} ms`);
          await sleep(retryMs, lost.signal);
          if (lost.signal.aborted || releasing) return false;
        }
      }
    }

    return {
      done,
      release: () => {
        releasing = true;
      },
      abort: () => lost.abort(),
    };
  }

  function apply(answer: HeartbeatAnswer): void {
    const assigned = new Set(answer.assigned.map((a) => a.shardId));
    for (const a of answer.assigned) {
      if (readers.has(a.shardId) || ended.has(a.shardId) || stopping.signal.aborted) continue;
      const reader = read(a);
      readers.set(a.shardId, reader);
      void reader.done.then((outcome) => {
        readers.delete(a.shardId);
        if (outcome === 'ended') ended.add(a.shardId);
        // Let the group know at once (children of an ended shard become assignable).
        wake.abort();
      });
    }
    for (const id of answer.release) readers.get(id)?.release();
    for (const [id, reader] of readers) if (!assigned.has(id) && !answer.release.includes(id)) reader.abort();
  }

  async function heartbeats(): Promise<void> {
    let every = Math.floor(leaseMs / 3);
    while (!stopping.signal.aborted) {
      try {
        const answer = await group!.heartbeat([...readers.keys()], { leaseMs, start }, stopping.signal);
        lastHeartbeat = Date.now();
        every = answer.heartbeatMs;
        apply(answer);
      } catch (error) {
        if (stopping.signal.aborted) break;
        logger.warn(`heartbeat failed (${(error as Error).message})`);
        // Without heartbeats the leases run out and other members take the shards: stop reading them.
        if (Date.now() - lastHeartbeat > leaseMs) for (const reader of readers.values()) reader.abort();
      }
      wake = new AbortController();
      await sleep(every, AbortSignal.any([wake.signal, stopping.signal]));
    }
  }

  return {
    member,
    get shards() {
      return [...readers.keys()];
    },
    async start() {
      if (loop) return;
      const region = options.region ?? (await kinesis.config.region());
      group = new GroupClient(options.endpoint, options.streamName, options.group, member, region);
      const first = await group.heartbeat([], { leaseMs, start });
      lastHeartbeat = Date.now();
      apply(first);
      loop = heartbeats();
    },
    stop() {
      stopped ??= (async () => {
        stopping.abort();
        for (const reader of readers.values()) reader.release();
        await loop;
        await Promise.all([...readers.values()].map((r) => r.done));
        try {
          await group?.leave();
        } catch (error) {
          logger.warn(`leaving the group failed (${(error as Error).message}); its leases will run out`);
        }
        if (!options.client) kinesis.destroy();
      })();
      return stopped;
    },
  };
}

function recordOf(shardId: string, r: _Record): StreamRecord {
  return {
    shardId,
    sequenceNumber: r.SequenceNumber!,
    partitionKey: r.PartitionKey!,
    data: r.Data ?? new Uint8Array(0),
    ...(r.ApproximateArrivalTimestamp ? { approximateArrivalTimestamp: r.ApproximateArrivalTimestamp } : {}),
  };
}
