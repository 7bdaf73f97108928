/**
 * Archives on SQLite (EventArchiveStore in port.ts): the archive documents, and the events kept
 * in each archive's log. An append deletes the event's outbox row and, only if it was still there,
 * appends the event, in one transaction: an event is archived once however often its row is
 * dispatched. The events go into partition 0 of the archive's log as LogStore.append puts them
 * there (the same statements), so the log stays one that LogStore reads.
 */
import type { ArchivedEvent, EventArchiveRecord, EventArchiveStore } from '../port.js';
import { sqliteDeliveryRows } from './bus.js';
import { sqliteDocuments } from './bus-documents.js';
import type { SqliteDatabase } from './database.js';
import { sqliteLogRows } from './streams.js';

export function sqliteArchives(db: SqliteDatabase): EventArchiveStore {
  const documents = sqliteDocuments<EventArchiveRecord>(db, 'archive');
  const deliveryRows = sqliteDeliveryRows(db);
  const logs = sqliteLogRows(db);
  const addBytes = db.prepare(`INSERT INTO event_archive_sizes (log_id, bytes) VALUES (?, ?)
    ON CONFLICT (log_id) DO UPDATE SET bytes = bytes + excluded.bytes`);
  const counts = db.prepare(`SELECT p.next_seq - coalesce((SELECT min(seq) FROM log_records r
      WHERE r.log_id = p.log_id AND r.partition = 0), p.next_seq) AS n,
    coalesce((SELECT bytes FROM event_archive_sizes s WHERE s.log_id = p.log_id), 0) AS bytes
    FROM log_partitions p WHERE p.log_id = ? AND p.partition = 0`);
  const trimmedBytes = db
    .prepare('SELECT coalesce(sum(length(data)), 0) FROM log_records WHERE log_id = ? AND partition = 0 AND seq < ?')
    .pluck();
  const trim = db.prepare('DELETE FROM log_records WHERE log_id = ? AND partition = 0 AND seq < ?');
  const dropBytes = db.prepare('DELETE FROM event_archive_sizes WHERE log_id = ?');

  const appendAll = db.transaction((events: readonly ArchivedEvent[], now: number) =>
    events.map((e) => {
      if (!deliveryRows.delete(e.deliveryId)) return 'alreadyArchived' as const;
      const data = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
      const appended = logs.append({ log: e.logId, partition: 0, now, records: [{ key: e.eventId, data }] });
      // No open partition 0: the log was dropped (archives never seal theirs).
      if (appended.kind !== 'appended') return 'noLog' as const;
      addBytes.run(e.logId, data.length);
      return 'archived' as const;
    }),
  );

  return {
    ...documents,
    async append(events, now) {
      return events.length === 0 ? [] : appendAll(events, now);
    },
    async stats(logId) {
      const row = counts.get(logId) as { n: number; bytes: number } | undefined;
      return { eventCount: row?.n ?? 0, sizeBytes: row?.bytes ?? 0 };
    },
    async trim(logId, beforeSeq) {
      return db.transaction(() => {
        addBytes.run(logId, -(trimmedBytes.get(logId, beforeSeq) as number));
        return trim.run(logId, beforeSeq).changes;
      })();
    },
    async dropLog(logId) {
      db.transaction(() => {
        dropBytes.run(logId);
        logs.drop(logId);
      })();
    },
  };
}
