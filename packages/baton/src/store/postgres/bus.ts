/**
 * Event buses, rules, targets and the delivery outbox on PostgreSQL (the BusStore contract in
 * port.ts), for several nodes on one database. Claims lock the rows they take with FOR UPDATE
 * SKIP LOCKED, so nodes draining the outbox together take different deliveries instead of
 * queueing behind one another. Batches are single statements over JSON arrays.
 */
import { type DeliveryRow, deliveryOf, newDeliveryRow, type TargetRow, targetOf } from '../bus-rows.js';
import { asciiPrefixEnd, page } from '../paging.js';
import type { BusStore, EventBusRecord, EventRuleRecord, EventTargetRecord, NewEventDelivery } from '../port.js';
import { postgresArnDocuments } from './arn-documents.js';
import type { Database, Queryable } from './database.js';
import { postgresOutbox } from './outbox.js';

/**
 * bump: marks a bus's rule set as changed (nodes recompile their matcher when they see it).
 * Inputs: $1 bus ARN. Locks: the bus row, to COMMIT (rule changes of one bus serialize).
 */
const BUMP = 'UPDATE event_buses SET version = version + 1 WHERE arn = $1';

/**
 * rule-bus: the bus of a rule, locking the rule so a concurrent delete or target change waits.
 * Inputs: $1 rule ARN. Output: bus_arn, or no row.
 */
const RULE_BUS = 'SELECT bus_arn FROM event_rules WHERE arn = $1 FOR UPDATE';

/**
 * insert-deliveries: outbox rows. Inputs: $1 JSON rows (newDeliveryRow's columns). Locks: the
 * inserted rows.
 */
const INSERT_DELIVERIES = `INSERT INTO event_deliveries
    (id, rule_arn, target_id, target, event, ingested_at, due_at, attempts, lease)
  SELECT r.id, r.rule_arn, r.target_id, r.target, r.event, r.ingested_at, r.due_at, r.attempts, r.lease
  FROM json_to_recordset($1::json) AS r(id text, rule_arn text, target_id text, target json, event text,
    ingested_at bigint, due_at bigint, attempts integer, lease text)`;

/**
 * enqueue: INSERT_DELIVERIES and deletes completed rows, in one statement.
 * Inputs: $1 JSON rows, $2 text[] ids to delete. Locks: the inserted and deleted rows.
 */
const ENQUEUE = `WITH
  ins AS (${INSERT_DELIVERIES} RETURNING 1),
  del AS (DELETE FROM event_deliveries WHERE id = ANY($2::text[]) RETURNING 1)
  SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM del) AS deleted`;

/**
 * delete-deliveries: the rows of the ids. Inputs: $1 text[] ids. Output: the ids deleted (a row
 * already gone is not). Locks: the deleted rows, to COMMIT.
 */
const DELETE_DELIVERIES = 'DELETE FROM event_deliveries WHERE id = ANY($1::text[]) RETURNING id';

/** The deliveries as INSERT_DELIVERIES and ENQUEUE take them ($1). */
const deliveryRowsJson = (deliveries: readonly NewEventDelivery[]) => JSON.stringify(deliveries.map(newDeliveryRow));

/** Writes outbox rows as BusStore.enqueue does, in the caller's transaction (a schedule's fire). */
export async function insertDeliveries(q: Queryable, deliveries: readonly NewEventDelivery[]): Promise<void> {
  if (deliveries.length > 0) await q.query({ text: INSERT_DELIVERIES, values: [deliveryRowsJson(deliveries)] });
}

/** Deletes outbox rows in the caller's transaction (an archive's append); returns the ids that were still there. */
export async function deleteDeliveries(q: Queryable, ids: readonly string[]): Promise<string[]> {
  const deleted = await q.query<{ id: string }>({ text: DELETE_DELIVERIES, values: [[...ids]] });
  return deleted.rows.map((r) => r.id);
}

/**
 * claim: leases up to $3 rows due at $1 to the caller, earliest first.
 * Inputs: $1 now, $2 lease-until, $3 limit, $4 lease id. Output: the leased rows (after update).
 * Locks: the picked rows, FOR UPDATE SKIP LOCKED: rows another claim holds are passed over.
 */
const CLAIM = `WITH picked AS (
    SELECT id FROM event_deliveries WHERE due_at <= $1 ORDER BY due_at, id LIMIT $3 FOR UPDATE SKIP LOCKED)
  UPDATE event_deliveries d SET due_at = $2, attempts = d.attempts + 1, lease = $4
  FROM picked WHERE d.id = picked.id
  RETURNING d.*`;

export function postgresBus(db: Database): BusStore {
  const one = async <T>(text: string, values: unknown[], q: Queryable = db) =>
    (await q.query<Record<string, unknown>>({ text, values })).rows[0] as T | undefined;
  const column = async (text: string, values: unknown[]) =>
    (await db.query<{ v: string }>({ text, values })).rows.map((r) => r.v);

  const buses = postgresArnDocuments<EventBusRecord>(db, 'event_buses');

  return {
    ...postgresOutbox(db, 'event_deliveries'),
    createBus: buses.create,
    getBus: buses.get,
    listBuses: buses.list,
    async deleteBus(arn) {
      // delete-bus: the bus row, its targets and its rules, in one transaction.
      await db.transaction(async (tx) => {
        await tx.query({ text: 'DELETE FROM event_buses WHERE arn = $1', values: [arn] });
        await tx.query({ text: 'DELETE FROM event_targets WHERE bus_arn = $1', values: [arn] });
        await tx.query({ text: 'DELETE FROM event_rules WHERE bus_arn = $1', values: [arn] });
      });
    },

    async putRule(record) {
      // put-rule: inserts or replaces the rule document (targets are rows of their own and stay), bumps the bus.
      await db.transaction(async (tx) => {
        await tx.query({
          text: `INSERT INTO event_rules (arn, bus_arn, name, record) VALUES ($1, $2, $3, $4)
            ON CONFLICT (arn) DO UPDATE SET record = excluded.record`,
          values: [record.arn, record.busArn, record.name, JSON.stringify(record)],
        });
        await tx.query({ text: BUMP, values: [record.busArn] });
      });
    },
    async getRule(arn) {
      const row = await one<{ record: string }>('SELECT record FROM event_rules WHERE arn = $1', [arn]);
      return row ? (JSON.parse(row.record) as EventRuleRecord) : undefined;
    },
    async listRules(busArn, namePrefix, { limit, after }) {
      // list-rules: a bus's rules by name in [prefix, prefix~) after the cursor.
      const rows = await column(
        `SELECT record AS v FROM event_rules WHERE bus_arn = $1 AND name >= $2 AND name < $3 AND name > $4
          ORDER BY name LIMIT $5`,
        [busArn, namePrefix, asciiPrefixEnd(namePrefix), after ?? '', limit + 1],
      );
      return page(
        rows.map((t) => JSON.parse(t) as EventRuleRecord),
        limit,
        (last) => last.name,
      );
    },
    async deleteRule(arn) {
      // delete-rule: checks for targets and deletes under the rule's row lock (RULE_BUS).
      return db.transaction(async (tx) => {
        const bus = await one<{ bus_arn: string }>(RULE_BUS, [arn], tx);
        if (!bus) return 'notFound' as const;
        const targets = await one<{ n: number }>(
          'SELECT count(*)::int AS n FROM event_targets WHERE rule_arn = $1',
          [arn],
          tx,
        );
        if ((targets?.n ?? 0) > 0) return 'hasTargets' as const;
        await tx.query({ text: 'DELETE FROM event_rules WHERE arn = $1', values: [arn] });
        await tx.query({ text: BUMP, values: [bus.bus_arn] });
        return 'deleted' as const;
      });
    },
    async putTargets(ruleArn, targets, maxTargets) {
      // put-targets: counts what the rule would have, then upserts, under the rule's row lock.
      return db.transaction(async (tx) => {
        const bus = await one<{ bus_arn: string }>(RULE_BUS, [ruleArn], tx);
        if (!bus) return 'ruleNotFound' as const;
        const ids = targets.map((t) => t.id);
        const count = await one<{ n: number }>(
          `SELECT count(*)::int AS n FROM (SELECT id FROM event_targets WHERE rule_arn = $1
            UNION SELECT unnest($2::text[])) AS all_ids`,
          [ruleArn, ids],
          tx,
        );
        if ((count?.n ?? 0) > maxTargets) return 'limitExceeded' as const;
        await tx.query({
          text: `INSERT INTO event_targets (rule_arn, id, bus_arn, target_arn, target)
            SELECT $1, r.id, $2, r.arn, r.target FROM json_to_recordset($3::json) AS r(id text, arn text, target json)
            ON CONFLICT (rule_arn, id) DO UPDATE SET target_arn = excluded.target_arn, target = excluded.target`,
          values: [
            ruleArn,
            bus.bus_arn,
            JSON.stringify(targets.map((t) => ({ id: t.id, arn: t.arn, target: t.target }))),
          ],
        });
        await tx.query({ text: BUMP, values: [bus.bus_arn] });
        return 'stored' as const;
      });
    },
    async removeTargets(ruleArn, ids) {
      // remove-targets: deletes by id; returns those that existed; bumps the bus when any did.
      return db.transaction(async (tx) => {
        const removed = (
          await tx.query<{ id: string; bus_arn: string }>({
            text: 'DELETE FROM event_targets WHERE rule_arn = $1 AND id = ANY($2::text[]) RETURNING id, bus_arn',
            values: [ruleArn, [...ids]],
          })
        ).rows;
        if (removed.length > 0) await tx.query({ text: BUMP, values: [removed[0]!.bus_arn] });
        const gone = new Set(removed.map((r) => r.id));
        return ids.filter((id) => gone.has(id));
      });
    },
    async listTargets(ruleArn, { limit, after }) {
      const rows = (
        await db.query<TargetRow & Record<string, unknown>>({
          text: 'SELECT * FROM event_targets WHERE rule_arn = $1 AND id > $2 ORDER BY id LIMIT $3',
          values: [ruleArn, after ?? '', limit + 1],
        })
      ).rows.map(targetOf);
      return page(rows, limit, (last) => last.id);
    },
    async ruleNamesByTarget(busArn, targetArn, { limit, after }) {
      // rules-by-target: names of the bus's rules with a target of this ARN, after the cursor.
      const rows = await column(
        `SELECT DISTINCT r.name AS v FROM event_targets t JOIN event_rules r ON r.arn = t.rule_arn
          WHERE t.bus_arn = $1 AND t.target_arn = $2 AND r.name > $3 ORDER BY v LIMIT $4`,
        [busArn, targetArn, after ?? '', limit + 1],
      );
      return page(rows, limit, (last) => last);
    },
    async ruleSet(busArn) {
      // rule-set: every rule of the bus and every target, read in one snapshot (REPEATABLE READ).
      return db.transaction(async (tx) => {
        await tx.query({ text: 'SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY' });
        const rules = await tx.query<{ record: string }>({
          text: 'SELECT record FROM event_rules WHERE bus_arn = $1 ORDER BY name',
          values: [busArn],
        });
        const targets = await tx.query<TargetRow & Record<string, unknown>>({
          text: 'SELECT * FROM event_targets WHERE bus_arn = $1 ORDER BY rule_arn, id',
          values: [busArn],
        });
        const byRule = new Map<string, EventTargetRecord[]>();
        for (const row of targets.rows) {
          const list = byRule.get(row.rule_arn) ?? [];
          list.push(targetOf(row));
          byRule.set(row.rule_arn, list);
        }
        return rules.rows.map((r) => {
          const rule = JSON.parse(r.record) as EventRuleRecord;
          return { rule, targets: byRule.get(rule.arn) ?? [] };
        });
      });
    },
    async versions() {
      const out: Record<string, number> = {};
      const rows = await db.query<{ arn: string; version: number }>({ text: 'SELECT arn, version FROM event_buses' });
      for (const row of rows.rows) out[row.arn] = row.version;
      return out;
    },

    async enqueue(deliveries, completed = []) {
      if (deliveries.length === 0 && completed.length === 0) return;
      await db.query({ text: ENQUEUE, values: [deliveryRowsJson(deliveries), [...completed]] });
    },
    async claim({ now, leaseUntil, lease, limit }) {
      const rows = await db.query<DeliveryRow & Record<string, unknown>>({
        text: CLAIM,
        values: [now, leaseUntil, limit, lease],
      });
      return rows.rows
        .map(deliveryOf)
        .sort((a, b) => a.ingestedAt - b.ingestedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },
  };
}
