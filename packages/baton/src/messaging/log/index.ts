/**
 * @module messaging/log
 * The durable, append-only, partitioned log, above the store's LogStore: "events kept in order
 * and read back from a position". Streams keep one log per stream (a partition per shard); the
 * event bus's archives and replays, and pipes, are meant to use the same primitive: append with
 * `LogWriter`, read with `LogStore.read` from a seq (or `seqAt` an instant), trim by retention.
 * Imports the store port and the queues' GroupCommit only.
 *
 * @example
 * const writer = new LogWriter(store.log, clock, 1);
 * const id = await store.log.create('archive:orders', [0]);
 * const [out] = await writer.append([{ log: id, partition: 0, records: [{ key: eventId, data }] }]);
 * const page = await store.log.read({ log: id, partition: 0, from: 1, limit: 100, maxBytes: 1 << 20, notBefore: 0 });
 */
import type { Clock } from '../../kernel/index.js';
// The queues' group-commit GroupCommit fits as it is: one item per caller, one outcome each.
import { GroupCommit } from '../../store/group-commit.js';
import type { LogAppend, LogAppendOutcome, LogStore } from '../../store/port.js';

/** An append as a writer submits it; the arrival time is the clock's when the group is written. */
export type PendingAppend = Omit<LogAppend, 'now'>;

/**
 * Group commit for log appends: appends submitted while a group is being written (or in the same
 * event-loop turn) are written together, in one transaction and one fsync. A caller's appends
 * (one per partition it writes to) stay in one group, in order, and it learns one outcome each.
 */
export class LogWriter {
  private readonly batcher: GroupCommit<readonly PendingAppend[], LogAppendOutcome[]>;

  constructor(
    store: LogStore,
    clock: Clock,
    /** Groups written at once: 1 for SQLite (one writer), more for PostgreSQL. */
    inFlight = 1,
    /** Callers per group: bounds a transaction (a caller may bring a PutRecords of 500 records). */
    maxCallers = 64,
  ) {
    this.batcher = new GroupCommit(
      async (calls) => {
        const now = clock.now();
        const flat = calls.flatMap((appends) => appends.map((a) => ({ ...a, now })));
        const outcomes = await store.append(flat);
        let i = 0;
        return calls.map((appends) => appends.map(() => outcomes[i++]!));
      },
      inFlight,
      maxCallers,
    );
  }

  /** Appends durably: resolves once the group holding these appends has committed. */
  append(appends: readonly PendingAppend[]): Promise<LogAppendOutcome[]> {
    return appends.length === 0 ? Promise.resolve([]) : this.batcher.submit(appends);
  }
}
