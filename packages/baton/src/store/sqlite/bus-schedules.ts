/**
 * Scheduled rules on SQLite (EventScheduleStore in port.ts). A fire is one transaction: the
 * conditional move of next_fire_at and the Scheduled Event's outbox rows, so a due time fires
 * once or not at all. better-sqlite3 runs a transaction to its end before any other statement of
 * the process, and other processes wait on the database lock (busy_timeout).
 */
import type { EventScheduleRecord, EventScheduleStore, NewEventDelivery } from '../port.js';
import type { SqliteDatabase } from './database.js';

interface ScheduleRow {
  rule_arn: string;
  expression: string;
  next_fire_at: number | null;
}

const recordOf = (row: ScheduleRow): EventScheduleRecord => ({
  ruleArn: row.rule_arn,
  expression: row.expression,
  ...(row.next_fire_at !== null ? { nextFireAt: row.next_fire_at } : {}),
});

export function sqliteSchedules(db: SqliteDatabase): EventScheduleStore {
  const put = db.prepare(`INSERT INTO event_schedules (rule_arn, expression, next_fire_at) VALUES (?, ?, ?)
    ON CONFLICT (rule_arn) DO UPDATE SET expression = excluded.expression, next_fire_at = excluded.next_fire_at`);
  const get = db.prepare('SELECT * FROM event_schedules WHERE rule_arn = ?');
  const remove = db.prepare('DELETE FROM event_schedules WHERE rule_arn = ?');
  const due = db.prepare(
    'SELECT * FROM event_schedules WHERE next_fire_at IS NOT NULL AND next_fire_at <= ? ORDER BY next_fire_at LIMIT ?',
  );
  // claim: moves the due time only if it is still the one the caller read. Output: changes 0 when stale.
  const claim = db.prepare('UPDATE event_schedules SET next_fire_at = ? WHERE rule_arn = ? AND next_fire_at = ?');
  // The outbox row as BusStore.enqueue writes an unleased one (store/sqlite/bus.ts: event_deliveries).
  const insertDelivery = db.prepare(`INSERT INTO event_deliveries
    (id, rule_arn, target_id, target, event, ingested_at, due_at, attempts, lease)
    VALUES (?, ?, ?, ?, ?, ?, ?, 0, NULL)`);
  const insertAll = (deliveries: readonly NewEventDelivery[]) => {
    for (const d of deliveries) {
      insertDelivery.run(d.id, d.ruleArn, d.targetId, JSON.stringify(d.target), d.event, d.ingestedAt, d.dueAt);
    }
  };

  return {
    async put(record) {
      put.run(record.ruleArn, record.expression, record.nextFireAt ?? null);
    },
    async get(ruleArn) {
      const row = get.get(ruleArn) as ScheduleRow | undefined;
      return row ? recordOf(row) : undefined;
    },
    async delete(ruleArn) {
      remove.run(ruleArn);
    },
    async due(now, limit) {
      return (due.all(now, limit) as ScheduleRow[]).map(recordOf);
    },
    async fire(fire) {
      return db.transaction(() => {
        if (claim.run(fire.next ?? null, fire.ruleArn, fire.due).changes === 0) return 'stale' as const;
        insertAll(fire.deliveries);
        return 'fired' as const;
      })();
    },
  };
}
