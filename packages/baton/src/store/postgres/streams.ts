/**
 * Logs and streams on PostgreSQL (LogStore and StreamStore in streams-port.ts), for several
 * nodes on one database. An append locks its partition's row while it takes seqs, so appends to
 * one partition commit in seq order and a reader never sees a later seq before an earlier one; a
 * group commit locks its partitions in (log, partition) order, so two of them cannot deadlock.
 * Coordination locks the group's row, checkpoints the lease's row.
 */
import { type DocumentRow, documentPage } from '../paging.js';
import type {
  GroupKey,
  GroupMember,
  GroupState,
  LogAppend,
  LogAppendOutcome,
  LogRecord,
  LogStore,
  NewStream,
  StreamRecord,
  StreamStore,
} from '../port.js';
import { type LeaseRow, leaseOf, type PartitionRow, partitionOf } from '../stream-rows.js';
import type { Database, Queryable } from './database.js';

/**
 * take-seqs: reserves $3 seqs of an open partition.
 * Inputs: $1 log, $2 partition, $3 count, $4 now. Output: (first, at) or no row when the
 *   partition is missing or sealed. Locks: the partition's row until COMMIT.
 */
const TAKE_SEQS = `UPDATE log_partitions SET next_seq = next_seq + $3, last_at = GREATEST(last_at, $4)
  WHERE log_id = $1 AND partition = $2 AND NOT sealed
  RETURNING next_seq - $3 AS first, last_at AS at`;

/**
 * insert-records: the records of one append. Inputs: $1 log, $2 partition, $3 first seq, $4 at,
 *   $5 keys, $6 data (arrays in order). Locks: the inserted rows.
 */
const INSERT_RECORDS = `INSERT INTO log_records (log_id, partition, seq, at, key, data)
  SELECT $1, $2, $3 + r.ord - 1, $4, r.key, r.data FROM unnest($5::text[], $6::bytea[]) WITH ORDINALITY AS r(key, data, ord)`;

/**
 * read: one partition from a seq on, cut at a byte budget: a row is returned while the running
 * size of the rows up to it stays within $6, and the first row always.
 * Inputs: $1 log, $2 partition, $3 from, $4 not-before, $5 limit, $6 max bytes.
 */
const READ = `SELECT seq, at, key, data FROM (
    SELECT seq, at, key, data, octet_length(data) + octet_length(key) AS size,
      sum(octet_length(data) + octet_length(key)) OVER (ORDER BY seq) AS running
    FROM log_records WHERE log_id = $1 AND partition = $2 AND seq >= $3 AND at >= $4 ORDER BY seq LIMIT $5) r
  WHERE running = size OR running <= $6 ORDER BY seq`;

async function createLog(tx: Queryable, name: string, partitions: readonly number[]): Promise<number> {
  const { rows } = await tx.query<{ id: number }>({
    text: 'INSERT INTO logs (name, created_at) VALUES ($1, $2) RETURNING id',
    values: [name, Date.now()],
  });
  await extend(tx, rows[0]!.id, partitions);
  return rows[0]!.id;
}

async function extend(tx: Queryable, log: number, partitions: readonly number[]): Promise<void> {
  if (partitions.length === 0) return;
  await tx.query({
    text: `INSERT INTO log_partitions (log_id, partition) SELECT $1, p FROM unnest($2::int[]) AS p
      ON CONFLICT (log_id, partition) DO NOTHING`,
    values: [log, partitions],
  });
}

async function seal(tx: Queryable, log: number, partitions: readonly number[]): Promise<void> {
  if (partitions.length === 0) return;
  await tx.query({
    text: 'UPDATE log_partitions SET sealed = true WHERE log_id = $1 AND partition = ANY($2::int[])',
    values: [log, partitions],
  });
}

async function dropLog(tx: Queryable, log: number): Promise<void> {
  await tx.query({ text: 'DELETE FROM log_records WHERE log_id = $1', values: [log] });
  await tx.query({ text: 'DELETE FROM log_partitions WHERE log_id = $1', values: [log] });
  await tx.query({ text: 'DELETE FROM logs WHERE id = $1', values: [log] });
}

/** The first seq arriving at or after `at`, by bisection over the dense seqs (arrival times never decrease). */
async function seqAt(db: Queryable, log: number, partition: number, at: number): Promise<number> {
  const { rows } = await db.query<{ next_seq: number; first: number | null }>({
    text: `SELECT next_seq, (SELECT min(seq) FROM log_records WHERE log_id = $1 AND partition = $2) AS first
      FROM log_partitions WHERE log_id = $1 AND partition = $2`,
    values: [log, partition],
  });
  if (rows.length === 0) return 1;
  let lo = rows[0]!.first ?? rows[0]!.next_seq;
  let hi = rows[0]!.next_seq;
  while (lo < hi) {
    const mid = Math.floor((lo + hi) / 2);
    const r = await db.query<{ at: number }>({
      text: 'SELECT at FROM log_records WHERE log_id = $1 AND partition = $2 AND seq = $3',
      values: [log, partition, mid],
    });
    // A row trimmed meanwhile arrived before anything still kept: look later.
    if ((r.rows[0]?.at ?? Number.NEGATIVE_INFINITY) >= at) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

export function postgresLog(db: Database): LogStore {
  return {
    create: (name, partitions) => db.transaction((tx) => createLog(tx, name, partitions)),
    extend: (log, partitions) => db.transaction((tx) => extend(tx, log, partitions)),
    seal: (log, partitions) => db.transaction((tx) => seal(tx, log, partitions)),
    async append(appends) {
      if (appends.length === 0) return [];
      // Partition locks are taken in (log, partition) order; a stable sort keeps batches of one partition in order.
      const order = appends
        .map((a, i) => ({ a, i }))
        .sort((x, y) => x.a.log - y.a.log || x.a.partition - y.a.partition || x.i - y.i);
      return db.transaction(async (tx) => {
        const outcomes: LogAppendOutcome[] = new Array(appends.length);
        for (const { a, i } of order) outcomes[i] = await appendToLog(tx, a);
        return outcomes;
      });
    },
    async read(request) {
      const { rows } = await db.query<{ seq: number; at: number; key: string; data: Buffer }>({
        text: READ,
        values: [request.log, request.partition, request.from, request.notBefore, request.limit, request.maxBytes],
      });
      return rows as LogRecord[];
    },
    async partition(log, partition) {
      const { rows } = await db.query<PartitionRow>({
        text: 'SELECT next_seq, last_at, sealed FROM log_partitions WHERE log_id = $1 AND partition = $2',
        values: [log, partition],
      });
      return rows[0] ? partitionOf(partition, rows[0]) : undefined;
    },
    seqAt: (log, partition, at) => seqAt(db, log, partition, at),
    async trim(log, partition, before) {
      const upTo = await seqAt(db, log, partition, before);
      const r = await db.query({
        text: 'DELETE FROM log_records WHERE log_id = $1 AND partition = $2 AND seq < $3',
        values: [log, partition, upTo],
      });
      return r.rowCount ?? 0;
    },
    drop: (log) => db.transaction((tx) => dropLog(tx, log)),
  };
}

/**
 * LogStore.append of one batch, in the caller's transaction: also how archives append events
 * (store/postgres/bus-archives.ts), in the transaction that takes their outbox rows.
 */
export async function appendToLog(tx: Queryable, a: LogAppend): Promise<LogAppendOutcome> {
  const taken = await tx.query<{ first: number; at: number }>({
    text: TAKE_SEQS,
    values: [a.log, a.partition, a.records.length, a.now],
  });
  const row = taken.rows[0];
  if (!row) {
    const exists = await tx.query({
      text: 'SELECT 1 FROM log_partitions WHERE log_id = $1 AND partition = $2',
      values: [a.log, a.partition],
    });
    return exists.rows.length > 0 ? { kind: 'sealed' } : { kind: 'noPartition' };
  }
  await tx.query({
    text: INSERT_RECORDS,
    values: [
      a.log,
      a.partition,
      row.first,
      row.at,
      a.records.map((r) => r.key),
      a.records.map((r) => Buffer.from(r.data.buffer, r.data.byteOffset, r.data.byteLength)),
    ],
  });
  return { kind: 'appended', firstSeq: row.first, at: row.at };
}

export function postgresStreams(db: Database): StreamStore {
  const read = async (q: Queryable, arn: string, lock = false): Promise<StreamRecord | undefined> => {
    const { rows } = await q.query<{ record: string }>({
      text: `SELECT record FROM streams WHERE arn = $1${lock ? ' FOR UPDATE' : ''}`,
      values: [arn],
    });
    return rows[0] ? (JSON.parse(rows[0].record) as StreamRecord) : undefined;
  };

  const stateOf = async (q: Queryable, key: GroupKey, lock = false): Promise<GroupState | undefined> => {
    const group = await q.query<{ members: string }>({
      text: `SELECT members FROM stream_groups WHERE stream_arn = $1 AND group_name = $2${lock ? ' FOR UPDATE' : ''}`,
      values: [key.streamArn, key.group],
    });
    if (!group.rows[0]) return undefined;
    const leases = await q.query<LeaseRow>({
      text: `SELECT shard_id, owner, lease_until, checkpoint, finished FROM stream_leases
        WHERE stream_arn = $1 AND group_name = $2 ORDER BY shard_id${lock ? ' FOR UPDATE' : ''}`,
      values: [key.streamArn, key.group],
    });
    return { members: JSON.parse(group.rows[0].members) as GroupMember[], leases: leases.rows.map(leaseOf) };
  };

  return {
    create: (stream: NewStream) =>
      db.transaction(async (tx) => {
        // The stream's row is the lock: a concurrent create of the same ARN waits, then finds it.
        const claimed = await tx.query({
          text: `INSERT INTO streams (arn, version, record) VALUES ($1, 0, 'null') ON CONFLICT (arn) DO NOTHING`,
          values: [stream.arn],
        });
        if (claimed.rowCount === 0) return { kind: 'alreadyExists' as const, existing: (await read(tx, stream.arn))! };
        const logId = await createLog(
          tx,
          stream.arn,
          stream.shards.map((s) => s.partition),
        );
        const record: StreamRecord = { ...stream, logId, version: 1 };
        await tx.query({
          text: 'UPDATE streams SET version = 1, record = $2 WHERE arn = $1',
          values: [record.arn, JSON.stringify(record)],
        });
        return { kind: 'created' as const, record };
      }),
    get: (arn) => read(db, arn),
    async list(arnPrefix, { limit, after }) {
      const { rows } = await db.query<DocumentRow>({
        text: `SELECT arn, record FROM streams WHERE starts_with(arn, $1) AND arn > $2 AND version > 0
          ORDER BY arn LIMIT $3`,
        values: [arnPrefix, after ?? '', limit + 1],
      });
      return documentPage<StreamRecord>(rows, limit);
    },
    update: (record, partitions) =>
      db.transaction(async (tx) => {
        const next = { ...record, version: record.version + 1 };
        const r = await tx.query({
          text: 'UPDATE streams SET version = $2, record = $3 WHERE arn = $1 AND version = $4',
          values: [record.arn, next.version, JSON.stringify(next), record.version],
        });
        if (r.rowCount !== 1) return 'conflict' as const;
        if (partitions) {
          // Opened first: a short-lived shard of a resharding is opened and sealed by the same change.
          await extend(tx, record.logId, partitions.open);
          await seal(tx, record.logId, partitions.seal);
        }
        return 'updated' as const;
      }),
    delete: (arn) =>
      db.transaction(async (tx) => {
        const record = await read(tx, arn, true);
        if (!record) return false;
        await tx.query({ text: 'DELETE FROM streams WHERE arn = $1', values: [arn] });
        await tx.query({ text: 'DELETE FROM stream_groups WHERE stream_arn = $1', values: [arn] });
        await tx.query({ text: 'DELETE FROM stream_leases WHERE stream_arn = $1', values: [arn] });
        await dropLog(tx, record.logId);
        return true;
      }),
    coordinate: (key, decide) =>
      db.transaction(async (tx) => {
        // The group's row serializes coordinators; its lease rows, locked too, keep checkpoints out meanwhile.
        await tx.query({
          text: `INSERT INTO stream_groups (stream_arn, group_name, members) VALUES ($1, $2, '[]')
            ON CONFLICT (stream_arn, group_name) DO NOTHING`,
          values: [key.streamArn, key.group],
        });
        const before = (await stateOf(tx, key, true))!;
        const known = new Set(before.leases.map((l) => l.shardId));
        const after = decide(before);
        await tx.query({
          text: 'UPDATE stream_groups SET members = $3 WHERE stream_arn = $1 AND group_name = $2',
          values: [key.streamArn, key.group, JSON.stringify(after.members)],
        });
        const moved = after.leases.filter((l) => known.has(l.shardId));
        const added = after.leases.filter((l) => !known.has(l.shardId));
        if (moved.length > 0) {
          await tx.query({
            text: `UPDATE stream_leases l SET owner = m.owner, lease_until = m.lease_until
              FROM unnest($3::text[], $4::text[], $5::bigint[]) AS m(shard_id, owner, lease_until)
              WHERE l.stream_arn = $1 AND l.group_name = $2 AND l.shard_id = m.shard_id`,
            values: [
              key.streamArn,
              key.group,
              moved.map((l) => l.shardId),
              moved.map((l) => l.owner ?? null),
              moved.map((l) => l.leaseUntil),
            ],
          });
        }
        if (added.length > 0) {
          await tx.query({
            text: `INSERT INTO stream_leases (stream_arn, group_name, shard_id, owner, lease_until, checkpoint, finished)
              SELECT $1, $2, a.shard_id, a.owner, a.lease_until, a.checkpoint, a.finished
              FROM unnest($3::text[], $4::text[], $5::bigint[], $6::text[], $7::boolean[])
                AS a(shard_id, owner, lease_until, checkpoint, finished)`,
            values: [
              key.streamArn,
              key.group,
              added.map((l) => l.shardId),
              added.map((l) => l.owner ?? null),
              added.map((l) => l.leaseUntil),
              added.map((l) => l.checkpoint ?? null),
              added.map((l) => l.finished),
            ],
          });
        }
        return (await stateOf(tx, key))!;
      }),
    checkpoint: (requests) =>
      requests.length === 0
        ? Promise.resolve([])
        : db.transaction(async (tx) => {
            const out: ('stored' | 'leaseLost')[] = [];
            for (const r of requests) {
              const u = await tx.query({
                text: `UPDATE stream_leases SET checkpoint = $1, finished = $2
                  WHERE stream_arn = $3 AND group_name = $4 AND shard_id = $5 AND owner = $6 AND lease_until > $7`,
                values: [r.checkpoint, r.finished, r.key.streamArn, r.key.group, r.shardId, r.member, r.now],
              });
              out.push(u.rowCount === 1 ? 'stored' : 'leaseLost');
            }
            return out;
          }),
    group: (key) => stateOf(db, key),
    async groups(streamArn) {
      const { rows } = await db.query<{ group_name: string }>({
        text: 'SELECT group_name FROM stream_groups WHERE stream_arn = $1 ORDER BY group_name',
        values: [streamArn],
      });
      return rows.map((r) => r.group_name);
    },
    deleteGroup: (key) =>
      db.transaction(async (tx) => {
        const values = [key.streamArn, key.group];
        await tx.query({ text: 'DELETE FROM stream_groups WHERE stream_arn = $1 AND group_name = $2', values });
        await tx.query({ text: 'DELETE FROM stream_leases WHERE stream_arn = $1 AND group_name = $2', values });
      }),
  };
}
