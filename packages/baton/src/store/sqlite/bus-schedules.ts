/**
 * Scheduled rules on SQLite (EventScheduleStore in port.ts). A fire is one transaction: the
 * conditional move of next_fire_at and the Scheduled Event's outbox rows, so a due time fires
 * once or not at all. better-sqlite3 runs a transaction to its end before any other statement of
 * the process, and other processes wait on the database lock (busy_timeout).
 */
import { type ScheduleRow, scheduleOf } from '../bus-rows.js';
import type { EventScheduleStore } from '../port.js';
import { sqliteDeliveryRows } from './bus.js';
import type { SqliteDatabase } from './database.js';

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
  const deliveryRows = sqliteDeliveryRows(db);

  return {
    async put(record) {
      put.run(record.ruleArn, record.expression, record.nextFireAt ?? null);
    },
    async get(ruleArn) {
      const row = get.get(ruleArn) as ScheduleRow | undefined;
      return row ? scheduleOf(row) : undefined;
    },
    async delete(ruleArn) {
      remove.run(ruleArn);
    },
    async due(now, limit) {
      return (due.all(now, limit) as ScheduleRow[]).map(scheduleOf);
    },
    async fire(fire) {
      return db.transaction(() => {
        if (claim.run(fire.next ?? null, fire.ruleArn, fire.due).changes === 0) return 'stale' as const;
        deliveryRows.insert(fire.deliveries);
        return 'fired' as const;
      })();
    },
  };
}
