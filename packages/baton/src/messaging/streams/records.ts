/**
 * Writing and reading records: PutRecord/PutRecords route each record to the open shard whose
 * hash-key range holds it and append to that shard's log partition through the group-committed
 * LogWriter (acknowledged once on disk); GetShardIterator and GetRecords read a partition from a
 * position. A record meets a sealed partition only if the stream was resharded since the writer
 * read it: the writer reloads the stream and routes that record again, so it lands in a child.
 */
import type { Clock } from '../../kernel/index.js';
import type { LogRecord, LogStore, StreamRecord, StreamShardRecord } from '../../store/port.js';
import { LogWriter, type PendingAppend } from '../log/index.js';
import type { StreamCatalog } from './catalog.js';
import { StreamError, streamErrors } from './errors.js';
import { explicitHashKey, findRange, type HexRange, hashKeyOf, hexRange } from './hash-keys.js';
import { decodeIterator, encodeIterator } from './iterators.js';
import { type StreamRef, shardIdOf, shardIndexOf } from './names.js';
import { openShards } from './resharding.js';
import { decodeSequence, encodeSequence, MAX_POSITION } from './sequence-numbers.js';
import { ShardThroughput } from './throughput.js';

export interface PutEntry {
  readonly partitionKey: string;
  readonly data: Uint8Array;
  readonly explicitHashKey?: string;
}

export type PutResult =
  | { readonly shardId: string; readonly sequenceNumber: string }
  /** A record that failed alone (throttled): PutRecords reports it, PutRecord throws it. */
  | { readonly error: StreamError };

export type IteratorType = 'AT_SEQUENCE_NUMBER' | 'AFTER_SEQUENCE_NUMBER' | 'TRIM_HORIZON' | 'LATEST' | 'AT_TIMESTAMP';

export interface StreamRecordOut extends LogRecord {
  readonly sequenceNumber: string;
}

export interface RecordsPage {
  readonly records: StreamRecordOut[];
  readonly nextShardIterator?: string;
  readonly millisBehindLatest: number;
  /** Set once a closed shard has been read to its end. */
  readonly childShards?: StreamShardRecord[];
}

/** AWS: GetRecords returns up to 10 MiB per call. */
const MAX_READ_BYTES = 10 * 1024 * 1024;

interface Router {
  readonly ranges: HexRange[];
  readonly shards: StreamShardRecord[];
}

export class StreamRecords {
  private readonly writer: LogWriter;
  private readonly routers = new WeakMap<StreamRecord, Router>();
  private readonly throughput: ShardThroughput | undefined;

  constructor(
    private readonly catalog: StreamCatalog,
    private readonly log: LogStore,
    private readonly clock: Clock,
    options: { readonly commitsInFlight: number; readonly throttle: boolean },
  ) {
    this.writer = new LogWriter(log, clock, options.commitsInFlight);
    this.throughput = options.throttle ? new ShardThroughput() : undefined;
  }

  private router(record: StreamRecord): Router {
    let r = this.routers.get(record);
    if (!r) {
      const shards = openShards(record.shards);
      r = { shards, ranges: shards.map(hexRange) };
      this.routers.set(record, r);
    }
    return r;
  }

  /**
   * Appends the entries (routed by hash key), one result per entry in order. Entries of one
   * shard keep their order. Throttled entries fail alone (PutRecords' per-record failures).
   */
  async put(ref: StreamRef, entries: readonly PutEntry[]): Promise<PutResult[]> {
    const keys = entries.map((e) => {
      if (e.explicitHashKey === undefined) return hashKeyOf(e.partitionKey);
      const key = explicitHashKey(e.explicitHashKey);
      if (key === undefined) throw streamErrors.explicitHashKey(e.explicitHashKey);
      return key;
    });
    const results: (PutResult | undefined)[] = new Array(entries.length);
    let pending = entries.map((_, i) => i);
    let record = await this.catalog.current(ref);
    for (let attempt = 0; pending.length > 0; attempt++) {
      if (record.status === 'DELETING') throw streamErrors.streamNotFound(ref.name, ref.account);
      const router = this.router(record);
      const byShard = new Map<StreamShardRecord, number[]>();
      const now = this.clock.now();
      for (const i of pending) {
        const shard = router.shards[findRange(router.ranges, keys[i]!)]!;
        const e = entries[i]!;
        if (this.throughput && !this.throughput.write(shard.shardId, e.data.length + e.partitionKey.length, now)) {
          results[i] = { error: streamErrors.throughput(shard.shardId, ref.name, ref.account) };
          continue;
        }
        let list = byShard.get(shard);
        if (!list) byShard.set(shard, (list = []));
        list.push(i);
      }
      const groups = [...byShard];
      const appends: PendingAppend[] = groups.map(([shard, indexes]) => ({
        log: record.logId,
        partition: shard.partition,
        records: indexes.map((i) => ({ key: entries[i]!.partitionKey, data: entries[i]!.data })),
      }));
      const outcomes = await this.writer.append(appends);
      const retry: number[] = [];
      outcomes.forEach((outcome, g) => {
        const [shard, indexes] = groups[g]!;
        if (outcome.kind !== 'appended') {
          retry.push(...indexes);
          return;
        }
        indexes.forEach((i, k) => {
          results[i] = { shardId: shard.shardId, sequenceNumber: sequenceOf(shard, outcome.firstSeq + k, outcome.at) };
        });
      });
      pending = retry.sort((a, b) => a - b);
      if (pending.length === 0) break;
      // Resharded or deleted since the record was read: read it again and route those entries anew.
      if (attempt >= 4) throw new Error(`PutRecords: shards of ${ref.name} kept closing under the writer`);
      record = await this.catalog.fresh(ref);
    }
    return results as PutResult[];
  }

  async shardIterator(
    ref: StreamRef,
    shardId: string,
    type: IteratorType,
    at: { readonly sequenceNumber?: string; readonly timestamp?: number },
  ): Promise<string> {
    const index = shardIndexOf(shardId);
    if (index === undefined) throw streamErrors.shardNotFound(shardId, ref.name, ref.account);
    let record = await this.catalog.current(ref);
    let shard = record.shards.find((s) => s.partition === index);
    if (!shard) {
      record = await this.catalog.fresh(ref);
      shard = record.shards.find((s) => s.partition === index);
    }
    if (!shard) throw streamErrors.shardGone(shardIdOf(index), ref.name, ref.account);
    const now = this.clock.now();
    const withSequence = at.sequenceNumber !== undefined;
    let next: number;
    switch (type) {
      case 'TRIM_HORIZON':
      case 'LATEST': {
        if (withSequence) throw streamErrors.iteratorArguments(type, true);
        next = type === 'TRIM_HORIZON' ? 1 : ((await this.log.partition(record.logId, index))?.nextSeq ?? 1);
        break;
      }
      case 'AT_SEQUENCE_NUMBER':
      case 'AFTER_SEQUENCE_NUMBER': {
        if (!withSequence) throw streamErrors.iteratorArguments(type, false);
        const position = positionIn(ref, shard, at.sequenceNumber!);
        const wanted = type === 'AT_SEQUENCE_NUMBER' ? position : position + 1n;
        next = Number(
          wanted < 1n ? 1n : wanted > BigInt(Number.MAX_SAFE_INTEGER) ? BigInt(Number.MAX_SAFE_INTEGER) : wanted,
        );
        break;
      }
      case 'AT_TIMESTAMP': {
        if (at.timestamp === undefined) throw streamErrors.timestampRequired();
        if (at.timestamp > now) throw streamErrors.timestampInFuture(at.timestamp, now);
        next = await this.log.seqAt(record.logId, index, at.timestamp);
        break;
      }
    }
    return encodeIterator({ stream: ref, logId: record.logId, shardIndex: index, next, issuedAt: now });
  }

  async getRecords(token: string, limit: number): Promise<RecordsPage> {
    const now = this.clock.now();
    const it = decodeIterator(token, now);
    const ref = it.stream;
    const gone = () => streamErrors.shardGone(shardIdOf(it.shardIndex), ref.name, ref.account);
    let record: StreamRecord;
    try {
      record = await this.catalog.current(ref);
      if (record.logId !== it.logId) record = await this.catalog.fresh(ref);
    } catch (e) {
      throw e instanceof StreamError ? gone() : e;
    }
    const shard = record.shards.find((s) => s.partition === it.shardIndex);
    if (record.logId !== it.logId || !shard) throw gone();
    if (this.throughput && !this.throughput.read(shard.shardId, now)) {
      throw streamErrors.throughput(shard.shardId, ref.name, ref.account);
    }
    const notBefore = now - record.retentionHours * 3_600_000;
    const [rows, partition] = await Promise.all([
      this.log.read({
        log: record.logId,
        partition: it.shardIndex,
        from: it.next,
        limit,
        maxBytes: MAX_READ_BYTES,
        notBefore,
      }),
      this.log.partition(record.logId, it.shardIndex),
    ]);
    if (!partition) throw gone();
    const records = rows.map((r) => ({ ...r, sequenceNumber: sequenceOf(shard, r.seq, r.at) }));
    if (this.throughput) {
      this.throughput.readBytes(
        shard.shardId,
        rows.reduce((n, r) => n + r.data.length, 0),
        now,
      );
    }
    const last = rows[rows.length - 1];
    const next = last ? last.seq + 1 : Math.min(it.next, partition.nextSeq);
    const caughtUp = next >= partition.nextSeq;
    const millisBehindLatest = caughtUp || !last ? 0 : Math.max(0, now - last.at);
    if (caughtUp && partition.sealed) {
      const children = record.shards.filter(
        (s) => s.parentShardId === shard.shardId || s.adjacentParentShardId === shard.shardId,
      );
      return { records, millisBehindLatest: 0, childShards: children };
    }
    return {
      records,
      millisBehindLatest,
      nextShardIterator: encodeIterator({ ...it, next, issuedAt: now }),
    };
  }

  /** The sequence number of a shard's newest record (its StartingSequenceNumber when empty). */
  async latestSequence(record: StreamRecord, shard: StreamShardRecord): Promise<string> {
    const p = await this.log.partition(record.logId, shard.partition);
    const last = (p?.nextSeq ?? 1) - 1;
    return sequenceOf(shard, last, p?.lastAt ?? shard.createdAt);
  }
}

export function sequenceOf(shard: StreamShardRecord, seq: number, at: number): string {
  return encodeSequence({
    shardCreatedAt: shard.createdAt,
    shardIndex: shard.partition,
    position: BigInt(seq),
    arrivedAt: at,
  });
}

/** The shard's StartingSequenceNumber (position 0) and, once closed, its EndingSequenceNumber. */
export function sequenceRange(shard: StreamShardRecord): { starting: string; ending?: string } {
  const starting = sequenceOf(shard, 0, shard.createdAt);
  if (shard.closedAt === undefined) return { starting };
  return {
    starting,
    ending: encodeSequence({
      shardCreatedAt: shard.createdAt,
      shardIndex: shard.partition,
      position: MAX_POSITION,
      arrivedAt: shard.closedAt,
    }),
  };
}

/** The position a sequence number names in `shard`, after checking it belongs there. */
function positionIn(ref: StreamRef, shard: StreamShardRecord, sequence: string): bigint {
  const parts = decodeSequence(sequence);
  if (!parts) throw streamErrors.invalidSequence(sequence, shard.shardId, ref.name, ref.account);
  if (parts.shardIndex !== shard.partition) {
    throw streamErrors.sequenceOfOtherShard(shardIdOf(parts.shardIndex), shard.shardId);
  }
  if (parts.shardCreatedAt !== Math.floor(shard.createdAt / 1000) * 1000) {
    throw streamErrors.sequenceOfOtherStream(sequence, shard.shardId, ref.name, ref.account);
  }
  return parts.position;
}
