/**
 * The stream catalog: finding stream records by name (in a region and account) and keeping the
 * latest version of each in memory, so the hot paths (PutRecords, GetRecords) do not read the
 * record per call. Every change made through this node updates the cache; a change made by
 * another node (PostgreSQL) shows up when an append meets a sealed or missing partition, which
 * makes the writer reload, and after `ttlMs` in any case.
 */
import type { Clock } from '../../kernel/index.js';
import type { StreamRecord, StreamStore } from '../../store/port.js';
import { streamErrors } from './errors.js';
import { type StreamRef, streamArn } from './names.js';

interface Cached {
  readonly record: StreamRecord;
  readonly loadedAt: number;
}

export class StreamCatalog {
  private readonly cache = new Map<string, Cached>();

  constructor(
    readonly store: StreamStore,
    private readonly clock: Clock,
    private readonly ttlMs = 5_000,
  ) {}

  /** The stored record, read now; ResourceNotFoundException when there is none. */
  async fresh(ref: StreamRef): Promise<StreamRecord> {
    const arn = streamArn(ref);
    const record = await this.store.get(arn);
    if (!record) {
      this.cache.delete(arn);
      throw streamErrors.streamNotFound(ref.name, ref.account);
    }
    this.remember(record);
    return record;
  }

  /** The cached record when recent enough, else the stored one. */
  async current(ref: StreamRef): Promise<StreamRecord> {
    const hit = this.cache.get(streamArn(ref));
    if (hit && this.clock.now() - hit.loadedAt < this.ttlMs) return hit.record;
    return this.fresh(ref);
  }

  remember(record: StreamRecord): void {
    const known = this.cache.get(record.arn);
    // An older version read late never replaces a newer one.
    if (known && known.record.logId === record.logId && known.record.version > record.version) return;
    this.cache.set(record.arn, { record, loadedAt: this.clock.now() });
  }

  forget(arn: string): void {
    this.cache.delete(arn);
  }

  /**
   * Applies `change` to the current record and stores it (optimistically), reading the record
   * again and retrying when another writer changed it first.
   */
  async update(
    ref: StreamRef,
    change: (record: StreamRecord) => { record: StreamRecord; seal?: number[]; open?: number[] } | undefined,
  ): Promise<StreamRecord> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.fresh(ref);
      const next = change(current);
      if (!next) return current;
      const partitions = next.seal || next.open ? { seal: next.seal ?? [], open: next.open ?? [] } : undefined;
      const outcome = await this.store.update(next.record, partitions);
      if (outcome === 'updated') {
        const stored = { ...next.record, version: next.record.version + 1 };
        this.remember(stored);
        return stored;
      }
      if (attempt >= 4) throw streamErrors.notActive(ref.name, ref.account, 'UPDATING');
    }
  }
}
