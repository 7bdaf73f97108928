/**
 * Scheduled rules on PostgreSQL (EventScheduleStore in port.ts), for several nodes on one
 * database. Every node polls for due schedules; a fire claims its due time with a conditional
 * UPDATE and writes the Scheduled Event's outbox rows in the same transaction. Two nodes firing
 * one due time: the second's UPDATE waits for the first's row lock, then finds next_fire_at
 * moved and matches nothing, so it writes nothing.
 */
import { type ScheduleRow, scheduleOf } from '../bus-rows.js';
import type { EventScheduleStore } from '../port.js';
import { insertDeliveries } from './bus.js';
import type { Database } from './database.js';

/**
 * claim: moves a rule's due time if it is still the one read.
 * Inputs: $1 next (or NULL), $2 rule ARN, $3 due. Output: one row when claimed, none when stale.
 * Locks: the schedule row, to COMMIT.
 */
const CLAIM = 'UPDATE event_schedules SET next_fire_at = $1 WHERE rule_arn = $2 AND next_fire_at = $3 RETURNING 1';

export function postgresSchedules(db: Database): EventScheduleStore {
  return {
    async put(record) {
      await db.query({
        text: `INSERT INTO event_schedules (rule_arn, expression, next_fire_at) VALUES ($1, $2, $3)
          ON CONFLICT (rule_arn) DO UPDATE SET expression = excluded.expression, next_fire_at = excluded.next_fire_at`,
        values: [record.ruleArn, record.expression, record.nextFireAt ?? null],
      });
    },
    async get(ruleArn) {
      const { rows } = await db.query<ScheduleRow>({
        text: 'SELECT * FROM event_schedules WHERE rule_arn = $1',
        values: [ruleArn],
      });
      return rows[0] ? scheduleOf(rows[0]) : undefined;
    },
    async delete(ruleArn) {
      await db.query({ text: 'DELETE FROM event_schedules WHERE rule_arn = $1', values: [ruleArn] });
    },
    async due(now, limit) {
      const { rows } = await db.query<ScheduleRow>({
        text: `SELECT * FROM event_schedules WHERE next_fire_at IS NOT NULL AND next_fire_at <= $1
          ORDER BY next_fire_at LIMIT $2`,
        values: [now, limit],
      });
      return rows.map(scheduleOf);
    },
    async fire(fire) {
      return db.transaction(async (tx) => {
        const claimed = await tx.query({ text: CLAIM, values: [fire.next ?? null, fire.ruleArn, fire.due] });
        if (claimed.rowCount === 0) return 'stale' as const;
        await insertDeliveries(tx, fire.deliveries);
        return 'fired' as const;
      });
    },
  };
}
