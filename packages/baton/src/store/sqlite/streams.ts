/**
 * Logs and streams on SQLite (LogStore and StreamStore in streams-port.ts). better-sqlite3 is
 * synchronous: a transaction runs to its end before any other statement of the process, which
 * is what makes an append's seq allocation, a coordination's read-decide-write and a guarded
 * checkpoint atomic here (PostgreSQL takes row locks instead).
 */
import { asciiPrefixEnd, type DocumentRow, documentPage } from '../paging.js';
import type {
  CheckpointRequest,
  GroupKey,
  GroupMember,
  GroupState,
  LogAppend,
  LogAppendOutcome,
  LogRecord,
  LogStore,
  NewStream,
  StreamPartitionChange,
  StreamRecord,
  StreamStore,
} from '../port.js';
import { type LeaseRow, leaseOf, type PartitionRow, partitionOf } from '../stream-rows.js';
import type { SqliteDatabase } from './database.js';

/**
 * The log's statements, each run inside the caller's transaction: shared by the LogStore, by
 * stream changes that seal and open partitions, and by archives (store/sqlite/bus-archives.ts),
 * which append to a log in the transaction that takes the event's outbox row.
 */
export function sqliteLogRows(db: SqliteDatabase) {
  const insertLog = db.prepare('INSERT INTO logs (name, created_at) VALUES (?, ?)');
  const insertPartition = db.prepare(
    'INSERT INTO log_partitions (log_id, partition) VALUES (?, ?) ON CONFLICT (log_id, partition) DO NOTHING',
  );
  const sealPartition = db.prepare('UPDATE log_partitions SET sealed = 1 WHERE log_id = ? AND partition = ?');
  const partition = db.prepare(
    'SELECT next_seq, last_at, sealed FROM log_partitions WHERE log_id = ? AND partition = ?',
  );
  const partitionRow = (log: number, p: number) => partition.get(log, p) as PartitionRow | undefined;
  const first = db
    .prepare('SELECT seq FROM log_records WHERE log_id = ? AND partition = ? ORDER BY seq LIMIT 1')
    .pluck();
  const atOf = db.prepare('SELECT at FROM log_records WHERE log_id = ? AND partition = ? AND seq = ?').pluck();
  const insert = db.prepare(
    'INSERT INTO log_records (log_id, partition, seq, at, key, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const advance = db.prepare('UPDATE log_partitions SET next_seq = ?, last_at = ? WHERE log_id = ? AND partition = ?');
  return {
    create(name: string, partitions: readonly number[]): number {
      const id = Number(insertLog.run(name, Date.now()).lastInsertRowid);
      for (const p of partitions) insertPartition.run(id, p);
      return id;
    },
    extend(log: number, partitions: readonly number[]): void {
      for (const p of partitions) insertPartition.run(log, p);
    },
    seal(log: number, partitions: readonly number[]): void {
      for (const p of partitions) sealPartition.run(log, p);
    },
    partition: partitionRow,
    /** Takes the next seqs of an open partition for the records, in order. */
    append(a: LogAppend): LogAppendOutcome {
      const row = partitionRow(a.log, a.partition);
      if (!row) return { kind: 'noPartition' };
      if (row.sealed) return { kind: 'sealed' };
      const at = Math.max(a.now, row.last_at);
      let seq = row.next_seq;
      for (const r of a.records) insert.run(a.log, a.partition, seq++, at, r.key, r.data);
      advance.run(seq, at, a.log, a.partition);
      return { kind: 'appended', firstSeq: row.next_seq, at };
    },
    /**
     * The first seq whose arrival is at or after `at`, by bisection over the partition's dense
     * seqs (arrival times never decrease along them): a few point reads, no index on `at`.
     */
    seqAt(log: number, p: number, at: number): number {
      const row = partitionRow(log, p);
      if (!row) return 1;
      let lo = (first.get(log, p) as number | undefined) ?? row.next_seq;
      let hi = row.next_seq;
      while (lo < hi) {
        const mid = Math.floor((lo + hi) / 2);
        if ((atOf.get(log, p, mid) as number) >= at) hi = mid;
        else lo = mid + 1;
      }
      return lo;
    },
    drop(log: number): void {
      db.prepare('DELETE FROM log_records WHERE log_id = ?').run(log);
      db.prepare('DELETE FROM log_partitions WHERE log_id = ?').run(log);
      db.prepare('DELETE FROM logs WHERE id = ?').run(log);
    },
  };
}

export function sqliteLog(db: SqliteDatabase): LogStore {
  const logs = sqliteLogRows(db);
  const read = db.prepare(`SELECT seq, at, key, data FROM log_records
    WHERE log_id = ? AND partition = ? AND seq >= ? AND at >= ? ORDER BY seq LIMIT ?`);
  const trim = db.prepare('DELETE FROM log_records WHERE log_id = ? AND partition = ? AND seq < ?');

  const appendAll = db.transaction((appends: readonly LogAppend[]) => appends.map((a) => logs.append(a)));

  return {
    async create(name, partitions) {
      return db.transaction(() => logs.create(name, partitions))();
    },
    async extend(log, partitions) {
      db.transaction(() => logs.extend(log, partitions))();
    },
    async seal(log, partitions) {
      db.transaction(() => logs.seal(log, partitions))();
    },
    async append(appends) {
      return appends.length === 0 ? [] : appendAll(appends);
    },
    async read(request) {
      const out: LogRecord[] = [];
      let bytes = 0;
      // Iterated, not fetched whole: a read stops at maxBytes without loading the rest of the page.
      for (const row of read.iterate(
        request.log,
        request.partition,
        request.from,
        request.notBefore,
        request.limit,
      ) as IterableIterator<{ seq: number; at: number; key: string; data: Buffer }>) {
        bytes += row.data.length + Buffer.byteLength(row.key);
        if (out.length > 0 && bytes > request.maxBytes) break;
        out.push(row);
      }
      return out;
    },
    async partition(log, p) {
      const row = logs.partition(log, p);
      return row ? partitionOf(p, row) : undefined;
    },
    async seqAt(log, p, at) {
      return logs.seqAt(log, p, at);
    },
    async trim(log, p, before) {
      return db.transaction(() => trim.run(log, p, logs.seqAt(log, p, before)).changes)();
    },
    async drop(log) {
      db.transaction(() => logs.drop(log))();
    },
  };
}

export function sqliteStreams(db: SqliteDatabase): StreamStore {
  const logs = sqliteLogRows(db);
  const get = db.prepare('SELECT record FROM streams WHERE arn = ?').pluck();
  const insert = db.prepare('INSERT INTO streams (arn, version, record) VALUES (?, ?, ?)');
  const list = db.prepare(
    'SELECT arn, record FROM streams WHERE arn >= ? AND arn < ? AND arn > ? ORDER BY arn LIMIT ?',
  );
  const update = db.prepare('UPDATE streams SET version = ?, record = ? WHERE arn = ? AND version = ?');
  const groupRow = db.prepare('SELECT members FROM stream_groups WHERE stream_arn = ? AND group_name = ?').pluck();
  const putGroup = db.prepare(`INSERT INTO stream_groups (stream_arn, group_name, members) VALUES (?, ?, ?)
    ON CONFLICT (stream_arn, group_name) DO UPDATE SET members = excluded.members`);
  const leases = db.prepare(`SELECT shard_id, owner, lease_until, checkpoint, finished FROM stream_leases
    WHERE stream_arn = ? AND group_name = ? ORDER BY shard_id`);
  const insertLease = db.prepare(`INSERT INTO stream_leases (stream_arn, group_name, shard_id, owner, lease_until,
    checkpoint, finished) VALUES (?, ?, ?, ?, ?, ?, ?)`);
  const moveLease = db.prepare(
    'UPDATE stream_leases SET owner = ?, lease_until = ? WHERE stream_arn = ? AND group_name = ? AND shard_id = ?',
  );
  const checkpoint = db.prepare(`UPDATE stream_leases SET checkpoint = ?, finished = ?
    WHERE stream_arn = ? AND group_name = ? AND shard_id = ? AND owner = ? AND lease_until > ?`);

  const read = (arn: string) => {
    const text = get.get(arn) as string | undefined;
    return text === undefined ? undefined : (JSON.parse(text) as StreamRecord);
  };

  const stateOf = (key: GroupKey): GroupState | undefined => {
    const members = groupRow.get(key.streamArn, key.group) as string | undefined;
    if (members === undefined) return undefined;
    return {
      members: JSON.parse(members) as GroupMember[],
      leases: (leases.all(key.streamArn, key.group) as LeaseRow[]).map(leaseOf),
    };
  };

  const create = db.transaction((stream: NewStream) => {
    const existing = read(stream.arn);
    if (existing) return { kind: 'alreadyExists' as const, existing };
    const logId = logs.create(
      stream.arn,
      stream.shards.map((s) => s.partition),
    );
    const record: StreamRecord = { ...stream, logId, version: 1 };
    insert.run(record.arn, record.version, JSON.stringify(record));
    return { kind: 'created' as const, record };
  });

  const updateOne = db.transaction((record: StreamRecord, partitions?: StreamPartitionChange) => {
    const next = { ...record, version: record.version + 1 };
    if (update.run(next.version, JSON.stringify(next), record.arn, record.version).changes !== 1) return 'conflict';
    if (partitions) {
      // Opened first: a short-lived shard of a resharding is opened and sealed by the same change.
      logs.extend(record.logId, partitions.open);
      logs.seal(record.logId, partitions.seal);
    }
    return 'updated';
  });

  const remove = db.transaction((arn: string) => {
    const record = read(arn);
    if (!record) return false;
    db.prepare('DELETE FROM streams WHERE arn = ?').run(arn);
    db.prepare('DELETE FROM stream_groups WHERE stream_arn = ?').run(arn);
    db.prepare('DELETE FROM stream_leases WHERE stream_arn = ?').run(arn);
    logs.drop(record.logId);
    return true;
  });

  const coordinate = db.transaction((key: GroupKey, decide: (state: GroupState) => GroupState) => {
    const before = stateOf(key) ?? { members: [], leases: [] };
    const known = new Set(before.leases.map((l) => l.shardId));
    const after = decide(before);
    putGroup.run(key.streamArn, key.group, JSON.stringify(after.members));
    for (const l of after.leases) {
      if (known.has(l.shardId)) moveLease.run(l.owner ?? null, l.leaseUntil, key.streamArn, key.group, l.shardId);
      else
        insertLease.run(
          key.streamArn,
          key.group,
          l.shardId,
          l.owner ?? null,
          l.leaseUntil,
          l.checkpoint ?? null,
          l.finished ? 1 : 0,
        );
    }
    return stateOf(key)!;
  });

  const checkpointAll = db.transaction((requests: readonly CheckpointRequest[]) =>
    requests.map((r) =>
      checkpoint.run(r.checkpoint, r.finished ? 1 : 0, r.key.streamArn, r.key.group, r.shardId, r.member, r.now)
        .changes === 1
        ? ('stored' as const)
        : ('leaseLost' as const),
    ),
  );

  return {
    async create(stream) {
      return create(stream);
    },
    async get(arn) {
      return read(arn);
    },
    async list(arnPrefix, { limit, after }) {
      const rows = list.all(arnPrefix, asciiPrefixEnd(arnPrefix), after ?? '', limit + 1) as DocumentRow[];
      return documentPage<StreamRecord>(rows, limit);
    },
    async update(record, partitions) {
      return updateOne(record, partitions);
    },
    async delete(arn) {
      return remove(arn);
    },
    async coordinate(key, decide) {
      return coordinate(key, decide);
    },
    async checkpoint(requests) {
      return requests.length === 0 ? [] : checkpointAll(requests);
    },
    async group(key) {
      return stateOf(key);
    },
    async groups(streamArn) {
      return db
        .prepare('SELECT group_name FROM stream_groups WHERE stream_arn = ? ORDER BY group_name')
        .pluck()
        .all(streamArn) as string[];
    },
    async deleteGroup(key) {
      db.transaction(() => {
        db.prepare('DELETE FROM stream_groups WHERE stream_arn = ? AND group_name = ?').run(key.streamArn, key.group);
        db.prepare('DELETE FROM stream_leases WHERE stream_arn = ? AND group_name = ?').run(key.streamArn, key.group);
      })();
    },
  };
}
