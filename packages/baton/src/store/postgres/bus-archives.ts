/**
 * Archives on PostgreSQL (EventArchiveStore in port.ts): the archive documents, and the events
 * kept in each archive's log. An append deletes the events' outbox rows and appends only those
 * whose row it deleted, in one transaction: of two attempts at one row (its lease ran out while
 * the first was still running), the second's DELETE waits for the first to commit and then finds
 * nothing, so the event is archived once. Each archive's log partition row is locked while seqs
 * are taken (archives in log order, so two batches cannot deadlock), the way LogStore.append
 * takes them (store/postgres/streams.ts keeps its statements private).
 */
import type { ArchivedEvent, EventArchiveRecord, EventArchiveStore } from '../port.js';
import { postgresDocuments } from './bus-documents.js';
import type { Database, Queryable } from './database.js';
import { postgresLog } from './streams.js';

/**
 * claim-rows: deletes the outbox rows of the events (store/postgres/bus.ts: event_deliveries).
 * Inputs: $1 delivery ids. Output: the ids deleted (those another attempt had not). Locks: them.
 */
const CLAIM_ROWS = 'DELETE FROM event_deliveries WHERE id = ANY($1::text[]) RETURNING id';

/**
 * take-seqs: reserves $2 seqs of the archive log's open partition 0. Inputs: $1 log, $2 count,
 * $3 now. Output: (first, at), or no row when the log is gone. Locks: the partition row, to COMMIT.
 */
const TAKE_SEQS = `UPDATE log_partitions SET next_seq = next_seq + $2, last_at = GREATEST(last_at, $3)
  WHERE log_id = $1 AND partition = 0 AND NOT sealed RETURNING next_seq - $2 AS first, last_at AS at`;

/** insert: the records from seq $2 on. Inputs: $1 log, $2 first seq, $3 at, $4 keys, $5 data (in order). */
const INSERT = `INSERT INTO log_records (log_id, partition, seq, at, key, data)
  SELECT $1, 0, $2::bigint + ord - 1, $3, key, data FROM unnest($4::text[], $5::bytea[]) WITH ORDINALITY AS u(key, data, ord)`;

/** add-bytes: counts bytes on (or off, negative) an archive. Inputs: $1 log, $2 bytes. */
const ADD_BYTES = `INSERT INTO event_archive_sizes (log_id, bytes) VALUES ($1, $2)
  ON CONFLICT (log_id) DO UPDATE SET bytes = event_archive_sizes.bytes + excluded.bytes`;

type Outcome = 'archived' | 'alreadyArchived' | 'noLog';

/** Appends the events at `indexes` (all of one archive) and sets their outcomes. */
async function appendToArchive(
  tx: Queryable,
  logId: number,
  events: readonly ArchivedEvent[],
  indexes: readonly number[],
  now: number,
  outcomes: Outcome[],
): Promise<void> {
  const deleted = await tx.query<{ id: string }>({
    text: CLAIM_ROWS,
    values: [indexes.map((i) => events[i]!.deliveryId)],
  });
  // Each deleted row archives its first event; a row given twice in one batch counts once.
  const claimed = new Set(deleted.rows.map((r) => r.id));
  const fresh = indexes.filter((i) => claimed.delete(events[i]!.deliveryId));
  for (const i of indexes) outcomes[i] = 'alreadyArchived';
  if (fresh.length === 0) return;
  const taken = await tx.query<{ first: number; at: number }>({ text: TAKE_SEQS, values: [logId, fresh.length, now] });
  const seqs = taken.rows[0];
  if (!seqs) {
    for (const i of fresh) outcomes[i] = 'noLog';
    return;
  }
  const data = fresh.map((i) =>
    Buffer.from(events[i]!.data.buffer, events[i]!.data.byteOffset, events[i]!.data.byteLength),
  );
  await tx.query({ text: INSERT, values: [logId, seqs.first, seqs.at, fresh.map((i) => events[i]!.eventId), data] });
  await tx.query({ text: ADD_BYTES, values: [logId, data.reduce((n, d) => n + d.length, 0)] });
  for (const i of fresh) outcomes[i] = 'archived';
}

export function postgresArchives(db: Database): EventArchiveStore {
  const log = postgresLog(db);
  return {
    ...postgresDocuments<EventArchiveRecord>(db, 'archive'),
    async append(events, now) {
      if (events.length === 0) return [];
      const byLog = new Map<number, number[]>();
      events.forEach((e, i) => {
        byLog.set(e.logId, [...(byLog.get(e.logId) ?? []), i]);
      });
      return db.transaction(async (tx) => {
        const outcomes: Outcome[] = new Array(events.length);
        for (const logId of [...byLog.keys()].sort((a, b) => a - b)) {
          await appendToArchive(tx, logId, events, byLog.get(logId)!, now, outcomes);
        }
        return outcomes;
      });
    },
    async stats(logId) {
      const { rows } = await db.query<{ n: number; bytes: number }>({
        text: `SELECT p.next_seq - coalesce((SELECT min(seq) FROM log_records r WHERE r.log_id = p.log_id AND r.partition = 0),
            p.next_seq) AS n,
          coalesce((SELECT bytes FROM event_archive_sizes s WHERE s.log_id = p.log_id), 0) AS bytes
          FROM log_partitions p WHERE p.log_id = $1 AND p.partition = 0`,
        values: [logId],
      });
      return { eventCount: rows[0]?.n ?? 0, sizeBytes: rows[0]?.bytes ?? 0 };
    },
    async trim(logId, beforeSeq) {
      return db.transaction(async (tx) => {
        const removed = await tx.query<{ size: number }>({
          text: `DELETE FROM log_records WHERE log_id = $1 AND partition = 0 AND seq < $2 RETURNING octet_length(data) AS size`,
          values: [logId, beforeSeq],
        });
        const bytes = removed.rows.reduce((n, r) => n + r.size, 0);
        if (bytes > 0) await tx.query({ text: ADD_BYTES, values: [logId, -bytes] });
        return removed.rows.length;
      });
    },
    async dropLog(logId) {
      await db.query({ text: 'DELETE FROM event_archive_sizes WHERE log_id = $1', values: [logId] });
      await log.drop(logId);
    },
  };
}
