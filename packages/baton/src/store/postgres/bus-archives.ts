/**
 * Archives on PostgreSQL (EventArchiveStore in port.ts): the archive documents, and the events
 * kept in each archive's log. An append deletes the events' outbox rows and appends only those
 * whose row it deleted, in one transaction: of two attempts at one row (its lease ran out while
 * the first was still running), the second's DELETE waits for the first to commit and then finds
 * nothing, so the event is archived once. The events go into partition 0 of the archive's log as
 * LogStore.append puts them there (appendToLog, which locks the partition's row while it takes
 * seqs; archives are appended in log order, so two batches cannot deadlock).
 */
import type { ArchivedEvent, EventArchiveRecord, EventArchiveStore } from '../port.js';
import { deleteDeliveries } from './bus.js';
import { postgresDocuments } from './bus-documents.js';
import type { Database, Queryable } from './database.js';
import { appendToLog, postgresLog } from './streams.js';

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
  const ids = indexes.map((i) => events[i]!.deliveryId);
  // Each deleted row archives its first event; a row given twice in one batch counts once.
  const claimed = new Set(await deleteDeliveries(tx, ids));
  const fresh = indexes.filter((i) => claimed.delete(events[i]!.deliveryId));
  for (const i of indexes) outcomes[i] = 'alreadyArchived';
  if (fresh.length === 0) return;
  const records = fresh.map((i) => ({ key: events[i]!.eventId, data: events[i]!.data }));
  const appended = await appendToLog(tx, { log: logId, partition: 0, now, records });
  // No open partition 0: the log was dropped (archives never seal theirs).
  if (appended.kind !== 'appended') {
    for (const i of fresh) outcomes[i] = 'noLog';
    return;
  }
  await tx.query({ text: ADD_BYTES, values: [logId, records.reduce((n, r) => n + r.data.byteLength, 0)] });
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
