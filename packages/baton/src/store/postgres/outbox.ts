/**
 * What the delivery outboxes (event_deliveries, topic_deliveries) do alike on PostgreSQL:
 * completions, retries and lease extensions, each batch one statement, and their counts. How rows
 * are written and claimed differs per table and stays with its store.
 */
import type { Instant } from '../../kernel/index.js';
import type { DeliveryRetry } from '../port.js';
import type { Database } from './database.js';

export type OutboxTable = 'event_deliveries' | 'topic_deliveries';

export function postgresOutbox(db: Database, table: OutboxTable) {
  /**
   * retry: reschedules rows still held by the caller's lease.
   * Inputs: $1 JSON rows (id, lease, due_at, last_error). Locks: the updated rows.
   */
  const RETRY = `UPDATE ${table} d SET due_at = r.due_at, last_error = r.last_error, lease = NULL
    FROM json_to_recordset($1::json) AS r(id text, lease text, due_at bigint, last_error text)
    WHERE d.id = r.id AND d.lease = r.lease`;
  /** extend: moves the lease of rows still held by it. Inputs: $1 lease-until, $2 ids, $3 lease. */
  const EXTEND = `UPDATE ${table} SET due_at = $1 WHERE id = ANY($2::text[]) AND lease = $3`;

  return {
    async complete(ids: readonly string[]): Promise<void> {
      if (ids.length === 0) return;
      await db.query({ text: `DELETE FROM ${table} WHERE id = ANY($1::text[])`, values: [[...ids]] });
    },
    async retry(retries: readonly DeliveryRetry[]): Promise<void> {
      if (retries.length === 0) return;
      const rows = retries.map((r) => ({ id: r.id, lease: r.lease, due_at: r.dueAt, last_error: r.lastError }));
      await db.query({ text: RETRY, values: [JSON.stringify(rows)] });
    },
    async extend(ids: readonly string[], lease: string, leaseUntil: Instant): Promise<void> {
      if (ids.length === 0) return;
      await db.query({ text: EXTEND, values: [leaseUntil, [...ids], lease] });
    },
    async nextDue(): Promise<Instant | undefined> {
      const { rows } = await db.query<{ v: number | null }>({ text: `SELECT min(due_at) AS v FROM ${table}` });
      return rows[0]?.v ?? undefined;
    },
    async pending(): Promise<number> {
      const { rows } = await db.query<{ n: number }>({ text: `SELECT count(*)::int AS n FROM ${table}` });
      return rows[0]?.n ?? 0;
    },
  };
}
