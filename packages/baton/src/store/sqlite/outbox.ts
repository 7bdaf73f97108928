/**
 * What the delivery outboxes (event_deliveries, topic_deliveries) do alike on SQLite: completions,
 * retries and lease extensions, each batch one transaction (one fsync), and their counts. How rows
 * are written and claimed differs per table and stays with its store.
 */
import type { Instant } from '../../kernel/index.js';
import type { DeliveryRetry } from '../port.js';
import type { SqliteDatabase } from './database.js';

export type OutboxTable = 'event_deliveries' | 'topic_deliveries';

export function sqliteOutbox(db: SqliteDatabase, table: OutboxTable) {
  const remove = db.prepare(`DELETE FROM ${table} WHERE id = ?`);
  // retry and extend: only while the caller's lease still holds the row.
  const reschedule = db.prepare(
    `UPDATE ${table} SET due_at = ?, last_error = ?, lease = NULL WHERE id = ? AND lease = ?`,
  );
  const extend = db.prepare(`UPDATE ${table} SET due_at = ? WHERE id = ? AND lease = ?`);
  const nextDue = db.prepare(`SELECT min(due_at) FROM ${table}`).pluck();
  const pending = db.prepare(`SELECT count(*) FROM ${table}`).pluck();

  return {
    async complete(ids: readonly string[]): Promise<void> {
      db.transaction(() => {
        for (const id of ids) remove.run(id);
      })();
    },
    async retry(retries: readonly DeliveryRetry[]): Promise<void> {
      db.transaction(() => {
        for (const r of retries) reschedule.run(r.dueAt, r.lastError, r.id, r.lease);
      })();
    },
    async extend(ids: readonly string[], lease: string, leaseUntil: Instant): Promise<void> {
      db.transaction(() => {
        for (const id of ids) extend.run(leaseUntil, id, lease);
      })();
    },
    async nextDue(): Promise<Instant | undefined> {
      return (nextDue.get() as number | null) ?? undefined;
    },
    async pending(): Promise<number> {
      return pending.get() as number;
    },
  };
}
