/**
 * The stream service: Kinesis Data Streams' control plane (streams, resharding, retention,
 * registered consumers, tags) here, records (records.ts) and consumer groups
 * (coordination.ts) beside it, and the retention sweep that trims records older than a stream's
 * retention period. Status changes that take AWS seconds or minutes (CREATING, UPDATING,
 * DELETING) are instant here: a stream is ACTIVE as soon as CreateStream answers, and a
 * resharding is done when UpdateShardCount answers.
 */
import type { Clock } from '../../kernel/index.js';
import type {
  LogStore,
  Page,
  StreamConsumerRecord,
  StreamMode,
  StreamRecord,
  StreamShardRecord,
  StreamStore,
  TagStore,
} from '../../store/port.js';
import { StreamCatalog } from './catalog.js';
import { ConsumerGroups } from './coordination.js';
import { StreamError, streamErrors } from './errors.js';
import { uniformRanges } from './hash-keys.js';
import {
  consumerArn,
  parseConsumerArn,
  parseStreamArn,
  type StreamLocation,
  type StreamRef,
  shardIdOf,
  shardIndexOf,
  streamArn,
  streamArnPrefix,
} from './names.js';
import { StreamRecords } from './records.js';
import {
  adjacent,
  mergeShards,
  openShards,
  type Reshard,
  scaleUniformly,
  splitKeyValid,
  splitShard,
} from './resharding.js';

export interface StreamServiceOptions {
  readonly store: { readonly streams: StreamStore; readonly log: LogStore; readonly tags: TagStore };
  readonly clock: Clock;
  /** Group commits written at once: 1 for SQLite, more for PostgreSQL. */
  readonly commitsInFlight?: number;
  /** 'aws' enforces AWS's per-shard read and write limits (throughput.ts); default: unlimited. */
  readonly throughput?: 'unlimited' | 'aws';
  /** Open shards per account and region (AWS's default quota: 500 in most regions). */
  readonly shardLimit?: number;
  /** How often records past retention are trimmed. */
  readonly sweepMs?: number;
  readonly onError?: (error: unknown, context: string) => void;
}

export const ON_DEMAND_SHARDS = 4;
const HOUR_MS = 3_600_000;
const MAX_CONSUMERS = 20;
const MAX_TAGS = 50;
/** AWS: UpdateShardCount at most ten times per rolling 24 hours per stream. */
const SCALINGS_PER_DAY = 10;

export interface CreateStreamInput {
  readonly shardCount?: number;
  readonly mode: StreamMode;
  readonly tags: Record<string, string>;
}

export class StreamService {
  readonly catalog: StreamCatalog;
  readonly records: StreamRecords;
  readonly groups: ConsumerGroups;
  private readonly store: StreamServiceOptions['store'];
  private readonly clock: Clock;
  private readonly shardLimit: number;
  private sweepTimer: NodeJS.Timeout | undefined;

  constructor(private readonly options: StreamServiceOptions) {
    this.store = options.store;
    this.clock = options.clock;
    this.shardLimit = options.shardLimit ?? 500;
    this.catalog = new StreamCatalog(options.store.streams, options.clock);
    this.records = new StreamRecords(this.catalog, options.store.log, options.clock, {
      commitsInFlight: options.commitsInFlight ?? 1,
      throttle: options.throughput === 'aws',
    });
    this.groups = new ConsumerGroups(this.catalog, this.records, options.clock, options.commitsInFlight ?? 1);
  }

  /** Starts the retention sweep. */
  start(): void {
    const every = this.options.sweepMs ?? 60_000;
    this.sweepTimer = setInterval(() => {
      this.sweep().catch((e) => this.options.onError?.(e, 'stream retention sweep'));
    }, every);
    this.sweepTimer.unref();
  }

  close(): void {
    clearInterval(this.sweepTimer);
  }

  /** Trims every stream's records older than its retention period; returns how many went. */
  async sweep(): Promise<number> {
    let trimmed = 0;
    let after: string | undefined;
    do {
      const page = await this.store.streams.list('arn:', { limit: 100, ...(after ? { after } : {}) });
      for (const s of page.items) {
        const before = this.clock.now() - s.retentionHours * HOUR_MS;
        for (const shard of s.shards) trimmed += await this.store.log.trim(s.logId, shard.partition, before);
      }
      after = page.next;
    } while (after);
    return trimmed;
  }

  async createStream(ref: StreamRef, input: CreateStreamInput): Promise<void> {
    if (input.mode === 'ON_DEMAND' && input.shardCount !== undefined) throw streamErrors.shardCountWithOnDemand();
    const count = input.mode === 'ON_DEMAND' ? ON_DEMAND_SHARDS : (input.shardCount ?? 1);
    await this.checkShardLimit(ref, count);
    const now = this.clock.now();
    const shards: StreamShardRecord[] = uniformRanges(count).map((range, i) => ({
      shardId: shardIdOf(i),
      partition: i,
      ...range,
      createdAt: now,
    }));
    const created = await this.store.streams.create({
      arn: streamArn(ref),
      name: ref.name,
      status: 'ACTIVE',
      mode: input.mode,
      retentionHours: 24,
      createdAt: now,
      shards,
      consumers: [],
      scalings: [],
    });
    if (created.kind === 'alreadyExists') throw streamErrors.streamExists(ref.name, ref.account);
    this.catalog.remember(created.record);
    if (Object.keys(input.tags).length > 0) await this.store.tags.put(created.record.arn, input.tags);
  }

  /** The stored record (never the cache: describe calls must see other nodes' changes). */
  describe(ref: StreamRef): Promise<StreamRecord> {
    return this.catalog.fresh(ref);
  }

  /** Shards a describe shows: open ones, and closed ones until their records have all expired. */
  visibleShards(record: StreamRecord): StreamShardRecord[] {
    const horizon = this.clock.now() - record.retentionHours * HOUR_MS;
    return record.shards.filter((s) => s.closedAt === undefined || s.closedAt >= horizon);
  }

  list(at: StreamLocation, page: { limit: number; after?: string }): Promise<Page<StreamRecord>> {
    const prefix = streamArnPrefix(at);
    return this.store.streams.list(prefix, {
      limit: page.limit,
      ...(page.after !== undefined ? { after: `${prefix}${page.after}` } : {}),
    });
  }

  async deleteStream(ref: StreamRef, enforceConsumerDeletion: boolean): Promise<void> {
    const record = await this.catalog.fresh(ref);
    if (record.consumers.length > 0 && !enforceConsumerDeletion) {
      // API reference, DeleteStream: without EnforceConsumerDeletion "the call fails with a ResourceInUseException".
      throw new StreamError(
        'ResourceInUseException',
        `Stream ${ref.name} under account ${ref.account} has registered consumers; use EnforceConsumerDeletion to delete it.`,
      );
    }
    await this.store.streams.delete(record.arn);
    await this.store.tags.remove(record.arn, Object.keys(await this.store.tags.list(record.arn)));
    this.catalog.forget(record.arn);
  }

  async changeRetention(ref: StreamRef, hours: number, direction: 'increase' | 'decrease'): Promise<void> {
    if (hours < 24) throw streamErrors.retentionTooShort(hours);
    if (hours > 8760) throw streamErrors.retentionTooLong(hours);
    await this.catalog.update(ref, (record) => {
      this.checkActive(ref, record);
      if (direction === 'increase' && hours < record.retentionHours) {
        throw streamErrors.retentionNotLonger(hours, ref.name, record.retentionHours);
      }
      if (direction === 'decrease' && hours > record.retentionHours) {
        throw streamErrors.retentionNotShorter(hours, ref.name, record.retentionHours);
      }
      return { record: { ...record, retentionHours: hours } };
    });
  }

  async splitShard(ref: StreamRef, shardId: string, newStartingHashKey: string): Promise<void> {
    await this.reshard(ref, 'SplitShard', 1, (record, now) => {
      const shard = this.shard(ref, record, shardId);
      if (shard.closedAt !== undefined)
        throw streamErrors.shardClosed(shard.shardId, ref.name, ref.account, 'splitting');
      const key = BigInt(newStartingHashKey);
      if (!splitKeyValid(shard, key)) {
        throw streamErrors.splitKey(
          newStartingHashKey,
          shard.shardId,
          ref.name,
          ref.account,
          shard.startingHashKey,
          shard.endingHashKey,
        );
      }
      return splitShard(record.shards, shard, key, now);
    });
  }

  async mergeShards(ref: StreamRef, shardId: string, adjacentShardId: string): Promise<void> {
    await this.reshard(ref, 'MergeShards', 0, (record, now) => {
      const a = this.shard(ref, record, shardId);
      const b = this.shard(ref, record, adjacentShardId);
      for (const s of [a, b]) {
        if (s.closedAt !== undefined) throw streamErrors.shardClosed(s.shardId, ref.name, ref.account, 'merging');
      }
      if (!adjacent(a, b)) throw streamErrors.notAdjacent(a.shardId, b.shardId, ref.name, ref.account);
      return mergeShards(record.shards, a, b, now);
    });
  }

  /** UNIFORM_SCALING to `target` shards; returns the shard counts before and after. */
  async updateShardCount(ref: StreamRef, target: number): Promise<{ current: number; target: number; arn: string }> {
    let current = 0;
    const record = await this.reshard(ref, 'UpdateShardCount', undefined, (record, now) => {
      current = openShards(record.shards).length;
      if (target > current * 2) {
        throw streamErrors.scaling(
          `UpdateShardCount cannot scale up over double your current open shard count. Current open shard count: ${current} Target shard count: ${target}`,
        );
      }
      if (target < Math.ceil(current / 2)) {
        throw streamErrors.scaling(
          `UpdateShardCount cannot scale down below half your current open shard count. Current open shard count: ${current} Target shard count: ${target}`,
        );
      }
      const recent = record.scalings.filter((t) => t > now - 24 * HOUR_MS);
      if (recent.length >= SCALINGS_PER_DAY) {
        throw streamErrors.scaling(
          `Stream ${ref.name} under account ${ref.account} has already been scaled ${recent.length} times in the last 24 hours (the limit is ${SCALINGS_PER_DAY}).`,
        );
      }
      const plan = scaleUniformly(record.shards, target, now);
      return { ...plan, scalings: [...recent, now] };
    });
    return { current, target, arn: record.arn };
  }

  private async reshard(
    ref: StreamRef,
    operation: string,
    extraShards: number | undefined,
    plan: (record: StreamRecord, now: number) => Reshard & { scalings?: number[] },
  ): Promise<StreamRecord> {
    const first = await this.catalog.fresh(ref);
    if (first.mode === 'ON_DEMAND') throw streamErrors.onDemand(operation);
    this.checkActive(ref, first);
    const now = this.clock.now();
    const tried = plan(first, now);
    const added = extraShards ?? openShards(tried.shards).length - openShards(first.shards).length;
    if (added > 0) await this.checkShardLimit(ref, added);
    return this.catalog.update(ref, (record) => {
      this.checkActive(ref, record);
      const p = plan(record, now);
      return {
        record: { ...record, shards: p.shards, ...(p.scalings ? { scalings: p.scalings } : {}) },
        seal: p.seal,
        open: p.open,
      };
    });
  }

  private shard(ref: StreamRef, record: StreamRecord, shardId: string): StreamShardRecord {
    const index = shardIndexOf(shardId);
    const shard = index === undefined ? undefined : record.shards.find((s) => s.partition === index);
    if (!shard)
      throw streamErrors.shardNotFound(index === undefined ? shardId : shardIdOf(index), ref.name, ref.account);
    return shard;
  }

  private checkActive(ref: StreamRef, record: StreamRecord): void {
    if (record.status !== 'ACTIVE') throw streamErrors.notActive(ref.name, ref.account, record.status);
  }

  private async checkShardLimit(at: StreamRef, more: number): Promise<void> {
    let current = 0;
    let after: string | undefined;
    do {
      const page = await this.store.streams.list(streamArnPrefix(at), { limit: 100, ...(after ? { after } : {}) });
      for (const s of page.items) current += openShards(s.shards).length;
      after = page.next;
    } while (after);
    if (current + more > this.shardLimit) {
      throw streamErrors.shardLimit(at.account, at.region, current, this.shardLimit, more);
    }
  }

  // ---- registered consumers (enhanced fan-out registrations; SubscribeToShard is not served) ----

  async registerConsumer(ref: StreamRef, name: string): Promise<StreamConsumerRecord> {
    let consumer: StreamConsumerRecord | undefined;
    await this.catalog.update(ref, (record) => {
      if (record.consumers.some((c) => c.name === name)) throw streamErrors.consumerExists(name, record.arn);
      if (record.consumers.length >= MAX_CONSUMERS) throw streamErrors.consumerLimit(record.arn);
      const createdAt = this.clock.now();
      consumer = { name, arn: consumerArn(record.arn, name, createdAt), createdAt };
      return { record: { ...record, consumers: [...record.consumers, consumer] } };
    });
    return consumer!;
  }

  /** The consumer named by its ARN, or by stream ARN and name. */
  async consumer(by: {
    consumerArn?: string;
    streamArn?: string;
    consumerName?: string;
  }): Promise<{ stream: StreamRecord; consumer: StreamConsumerRecord }> {
    const arn = by.consumerArn !== undefined ? parseConsumerArn(by.consumerArn)?.streamArn : by.streamArn;
    if (by.consumerArn === undefined && (by.streamArn === undefined || by.consumerName === undefined)) {
      throw streamErrors.consumerArguments();
    }
    const ref = arn === undefined ? undefined : parseStreamArn(arn);
    if (!ref) throw streamErrors.consumerArnNotFound(by.consumerArn ?? by.streamArn ?? '');
    const stream = await this.catalog.fresh(ref);
    const consumer = stream.consumers.find((c) =>
      by.consumerArn !== undefined ? c.arn === by.consumerArn : c.name === by.consumerName,
    );
    if (!consumer) {
      if (by.consumerArn !== undefined) throw streamErrors.consumerArnNotFound(by.consumerArn);
      throw streamErrors.consumerNotFound(by.consumerName!, stream.arn);
    }
    return { stream, consumer };
  }

  async deregisterConsumer(by: { consumerArn?: string; streamArn?: string; consumerName?: string }): Promise<void> {
    const { stream, consumer } = await this.consumer(by);
    await this.catalog.update(parseStreamArn(stream.arn)!, (record) => ({
      record: { ...record, consumers: record.consumers.filter((c) => c.arn !== consumer.arn) },
    }));
  }

  // ---- tags ----

  async addTags(ref: StreamRef, tags: Record<string, string>): Promise<void> {
    const record = await this.catalog.current(ref);
    const existing = await this.store.tags.list(record.arn);
    const total = new Set([...Object.keys(existing), ...Object.keys(tags)]).size;
    if (total > MAX_TAGS) throw streamErrors.tagLimit(ref.name);
    await this.store.tags.put(record.arn, tags);
  }

  async removeTags(ref: StreamRef, keys: readonly string[]): Promise<void> {
    const record = await this.catalog.current(ref);
    await this.store.tags.remove(record.arn, keys);
  }

  async tags(ref: StreamRef): Promise<Record<string, string>> {
    const record = await this.catalog.current(ref);
    return this.store.tags.list(record.arn);
  }
}
