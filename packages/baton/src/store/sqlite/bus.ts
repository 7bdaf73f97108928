/**
 * Event buses, rules, targets and the delivery outbox on SQLite (the BusStore contract in
 * port.ts). better-sqlite3 is synchronous: a transaction runs to its end before any other
 * statement of the process, which is what makes a claim atomic here (PostgreSQL needs row locks).
 * Every batch (a group of PutEvents, a claim, a set of completions) is one transaction: one fsync.
 */
import { type DeliveryRow, deliveryOf, newDeliveryRow, type TargetRow, targetOf } from '../bus-rows.js';
import { asciiPrefixEnd, page } from '../paging.js';
import type { BusStore, EventBusRecord, EventRuleRecord, EventTargetRecord, NewEventDelivery } from '../port.js';
import { sqliteArnDocuments } from './arn-documents.js';
import type { SqliteDatabase } from './database.js';
import { sqliteOutbox } from './outbox.js';

export function sqliteBus(db: SqliteDatabase): BusStore {
  const buses = sqliteArnDocuments<EventBusRecord>(db, 'event_buses');
  // delete-bus: the bus, then its rules' targets and rules (three statements, one transaction).
  const deleteBusRow = db.prepare('DELETE FROM event_buses WHERE arn = ?');
  const deleteBusTargets = db.prepare('DELETE FROM event_targets WHERE bus_arn = ?');
  const deleteBusRules = db.prepare('DELETE FROM event_rules WHERE bus_arn = ?');
  // bump: marks a bus's rule set as changed (nodes recompile their matcher when they see it).
  const bump = db.prepare('UPDATE event_buses SET version = version + 1 WHERE arn = ?');

  // put-rule: inserts or replaces the rule document; its targets are other rows and stay.
  const upsertRule = db.prepare(`INSERT INTO event_rules (arn, bus_arn, name, record) VALUES (?, ?, ?, ?)
    ON CONFLICT (arn) DO UPDATE SET record = excluded.record`);
  const getRule = db.prepare('SELECT record FROM event_rules WHERE arn = ?').pluck();
  // list-rules: a bus's rules by name in [prefix, prefix~) after the cursor.
  const listRules = db
    .prepare(
      'SELECT record FROM event_rules WHERE bus_arn = ? AND name >= ? AND name < ? AND name > ? ORDER BY name LIMIT ?',
    )
    .pluck();
  const ruleBus = db.prepare('SELECT bus_arn FROM event_rules WHERE arn = ?').pluck();
  const countTargets = db.prepare('SELECT count(*) FROM event_targets WHERE rule_arn = ?').pluck();
  const deleteRule = db.prepare('DELETE FROM event_rules WHERE arn = ?');
  // put-target: inserts or replaces one target by (rule, id).
  const upsertTarget = db.prepare(`INSERT INTO event_targets (rule_arn, id, bus_arn, target_arn, target)
    VALUES (?, ?, ?, ?, ?) ON CONFLICT (rule_arn, id) DO UPDATE SET target_arn = excluded.target_arn,
    target = excluded.target`);
  const targetExists = db.prepare('SELECT 1 FROM event_targets WHERE rule_arn = ? AND id = ?').pluck();
  const deleteTarget = db.prepare('DELETE FROM event_targets WHERE rule_arn = ? AND id = ?');
  const listTargets = db.prepare('SELECT * FROM event_targets WHERE rule_arn = ? AND id > ? ORDER BY id LIMIT ?');
  // rules-by-target: names of the bus's rules with a target of this ARN, after the cursor.
  const rulesByTarget = db
    .prepare(`SELECT DISTINCT r.name FROM event_targets t JOIN event_rules r ON r.arn = t.rule_arn
      WHERE t.bus_arn = ? AND t.target_arn = ? AND r.name > ? ORDER BY r.name LIMIT ?`)
    .pluck();
  const busRules = db.prepare('SELECT record FROM event_rules WHERE bus_arn = ? ORDER BY name').pluck();
  const busTargets = db.prepare('SELECT * FROM event_targets WHERE bus_arn = ? ORDER BY rule_arn, id');
  const versions = db.prepare('SELECT arn, version FROM event_buses');

  const deliveryRows = sqliteDeliveryRows(db);
  // claim: the earliest due rows; then each is leased (one transaction: no other claim in between).
  const due = db.prepare('SELECT * FROM event_deliveries WHERE due_at <= ? ORDER BY due_at, id LIMIT ?');
  const lease = db.prepare('UPDATE event_deliveries SET due_at = ?, attempts = attempts + 1, lease = ? WHERE id = ?');

  const parseRule = (text: unknown) => JSON.parse(text as string) as EventRuleRecord;

  return {
    ...sqliteOutbox(db, 'event_deliveries'),
    createBus: buses.create,
    getBus: buses.get,
    listBuses: buses.list,
    async deleteBus(arn) {
      db.transaction(() => {
        deleteBusRow.run(arn);
        deleteBusTargets.run(arn);
        deleteBusRules.run(arn);
      })();
    },

    async putRule(record) {
      db.transaction(() => {
        upsertRule.run(record.arn, record.busArn, record.name, JSON.stringify(record));
        bump.run(record.busArn);
      })();
    },
    async getRule(arn) {
      const text = getRule.get(arn);
      return text === undefined ? undefined : parseRule(text);
    },
    async listRules(busArn, namePrefix, { limit, after }) {
      const rows = listRules.all(busArn, namePrefix, asciiPrefixEnd(namePrefix), after ?? '', limit + 1).map(parseRule);
      return page(rows, limit, (last) => last.name);
    },
    async deleteRule(arn) {
      return db.transaction(() => {
        const bus = ruleBus.get(arn) as string | undefined;
        if (bus === undefined) return 'notFound' as const;
        if ((countTargets.get(arn) as number) > 0) return 'hasTargets' as const;
        deleteRule.run(arn);
        bump.run(bus);
        return 'deleted' as const;
      })();
    },
    async putTargets(ruleArn, targets, maxTargets) {
      return db.transaction(() => {
        const bus = ruleBus.get(ruleArn) as string | undefined;
        if (bus === undefined) return 'ruleNotFound' as const;
        const added = targets.filter((t) => targetExists.get(ruleArn, t.id) === undefined).length;
        if ((countTargets.get(ruleArn) as number) + added > maxTargets) return 'limitExceeded' as const;
        for (const t of targets) upsertTarget.run(ruleArn, t.id, bus, t.arn, JSON.stringify(t.target));
        bump.run(bus);
        return 'stored' as const;
      })();
    },
    async removeTargets(ruleArn, ids) {
      return db.transaction(() => {
        const removed = ids.filter((id) => deleteTarget.run(ruleArn, id).changes === 1);
        const bus = ruleBus.get(ruleArn) as string | undefined;
        if (bus !== undefined && removed.length > 0) bump.run(bus);
        return removed;
      })();
    },
    async listTargets(ruleArn, { limit, after }) {
      const rows = (listTargets.all(ruleArn, after ?? '', limit + 1) as TargetRow[]).map(targetOf);
      return page(rows, limit, (last) => last.id);
    },
    async ruleNamesByTarget(busArn, targetArn, { limit, after }) {
      const rows = rulesByTarget.all(busArn, targetArn, after ?? '', limit + 1) as string[];
      return page(rows, limit, (last) => last);
    },
    async ruleSet(busArn) {
      return db.transaction(() => {
        const targets = new Map<string, EventTargetRecord[]>();
        for (const row of busTargets.all(busArn) as TargetRow[]) {
          const list = targets.get(row.rule_arn) ?? [];
          list.push(targetOf(row));
          targets.set(row.rule_arn, list);
        }
        return busRules.all(busArn).map((text) => {
          const rule = parseRule(text);
          return { rule, targets: targets.get(rule.arn) ?? [] };
        });
      })();
    },
    async versions() {
      const out: Record<string, number> = {};
      for (const row of versions.all() as { arn: string; version: number }[]) out[row.arn] = row.version;
      return out;
    },

    async enqueue(deliveries, completed = []) {
      db.transaction(() => {
        deliveryRows.insert(deliveries);
        for (const id of completed) deliveryRows.delete(id);
      })();
    },
    async claim(request) {
      return db.transaction(() => {
        const rows = due.all(request.now, request.limit) as DeliveryRow[];
        for (const row of rows) lease.run(request.leaseUntil, request.lease, row.id);
        return rows.map((row) =>
          deliveryOf({ ...row, due_at: request.leaseUntil, attempts: row.attempts + 1, lease: request.lease }),
        );
      })();
    },
  };
}

/**
 * The outbox rows as BusStore writes and deletes them, for the stores whose transactions do so
 * too (a schedule's fire writes rows, an archive's append deletes them). Each call runs inside
 * the caller's transaction.
 */
export function sqliteDeliveryRows(db: SqliteDatabase) {
  // insert: one row per delivery, newDeliveryRow's columns.
  const insert = db.prepare(`INSERT INTO event_deliveries
    (id, rule_arn, target_id, target, event, ingested_at, due_at, attempts, lease)
    VALUES (@id, @rule_arn, @target_id, @target, @event, @ingested_at, @due_at, @attempts, @lease)`);
  const remove = db.prepare('DELETE FROM event_deliveries WHERE id = ?');
  return {
    insert(deliveries: readonly NewEventDelivery[]): void {
      for (const d of deliveries) insert.run({ ...newDeliveryRow(d), target: JSON.stringify(d.target) });
    },
    /** Deletes the delivery's row; false when it was gone already. */
    delete: (id: string): boolean => remove.run(id).changes === 1,
  };
}
