/**
 * State machines, versions, aliases, activities and tags on SQLite. Records are JSON documents
 * keyed by ARN; lists page by ARN (versions by number) with the last key as the cursor.
 */

import { type DocumentRow, documentPage } from '../paging.js';
import type {
  ActivityRecord,
  ActivityStore,
  AliasRecord,
  StateMachineRecord,
  StateMachineStore,
  StateMachineVersionRecord,
  TagStore,
} from '../port.js';
import { sqliteArnDocuments } from './arn-documents.js';
import type { SqliteDatabase } from './database.js';

/** Removes a resource and its tags in one transaction. */
function deleteWithTags(db: SqliteDatabase, table: 'state_machine_versions' | 'aliases' | 'activities', arn: string) {
  db.transaction(() => {
    db.prepare(`DELETE FROM ${table} WHERE arn = ?`).run(arn);
    db.prepare('DELETE FROM tags WHERE resource_arn = ?').run(arn);
  })();
}

export function sqliteStateMachines(db: SqliteDatabase): StateMachineStore {
  const machines = sqliteArnDocuments<StateMachineRecord>(db, 'state_machines');
  // Aliases share the document statements but their insert, which also names the machine.
  const aliases = sqliteArnDocuments<AliasRecord>(db, 'aliases');
  const counter = db.prepare(
    'INSERT INTO version_counters (state_machine_arn, last) VALUES (?, 1) ON CONFLICT (state_machine_arn) DO UPDATE SET last = last + 1 RETURNING last',
  );
  const insertVersion = db.prepare(
    'INSERT INTO state_machine_versions (arn, state_machine_arn, version, record) VALUES (?, ?, ?, ?)',
  );
  const getVersion = db.prepare('SELECT arn, record FROM state_machine_versions WHERE arn = ?');
  const listVersions = db.prepare(
    'SELECT arn, record, version FROM state_machine_versions WHERE state_machine_arn = ? AND version < ? ORDER BY version DESC LIMIT ?',
  );
  const insertAlias = db.prepare(
    'INSERT INTO aliases (arn, state_machine_arn, record) VALUES (?, ?, ?) ON CONFLICT (arn) DO NOTHING',
  );
  const listAliases = db.prepare(
    'SELECT arn, record FROM aliases WHERE state_machine_arn = ? AND arn > ? ORDER BY arn LIMIT ?',
  );
  const deleteMachine = db.transaction((arn: string) => {
    db.prepare('DELETE FROM state_machines WHERE arn = ?').run(arn);
    const children = db
      .prepare(
        'SELECT arn FROM state_machine_versions WHERE state_machine_arn = ? UNION SELECT arn FROM aliases WHERE state_machine_arn = ?',
      )
      .all(arn, arn) as { arn: string }[];
    for (const { arn: child } of [...children, { arn }])
      db.prepare('DELETE FROM tags WHERE resource_arn = ?').run(child);
    db.prepare('DELETE FROM state_machine_versions WHERE state_machine_arn = ?').run(arn);
    db.prepare('DELETE FROM aliases WHERE state_machine_arn = ?').run(arn);
  });

  return {
    ...machines,
    async delete(arn) {
      deleteMachine(arn);
    },
    async publishVersion(v) {
      return db.transaction(() => {
        const { last } = counter.get(v.stateMachineArn) as { last: number };
        const record: StateMachineVersionRecord = { ...v, version: last, arn: `${v.stateMachineArn}:${last}` };
        insertVersion.run(record.arn, record.stateMachineArn, last, JSON.stringify(record));
        return record;
      })();
    },
    async getVersion(arn) {
      const row = getVersion.get(arn) as DocumentRow | undefined;
      return row ? (JSON.parse(row.record) as StateMachineVersionRecord) : undefined;
    },
    async listVersions(stateMachineArn, req) {
      const before = req.after === undefined ? Number.MAX_SAFE_INTEGER : Number(req.after);
      const rows = listVersions.all(stateMachineArn, before, req.limit + 1) as (DocumentRow & { version: number })[];
      const items = rows.slice(0, req.limit).map((r) => JSON.parse(r.record) as StateMachineVersionRecord);
      return rows.length > req.limit ? { items, next: String(rows[req.limit - 1]!.version) } : { items };
    },
    async deleteVersion(arn) {
      deleteWithTags(db, 'state_machine_versions', arn);
    },
    async createAlias(record) {
      if (insertAlias.run(record.arn, record.stateMachineArn, JSON.stringify(record)).changes === 1)
        return { kind: 'created' };
      return { kind: 'alreadyExists', existing: (await aliases.get(record.arn))! };
    },
    getAlias: aliases.get,
    async listAliases(stateMachineArn, req) {
      return documentPage<AliasRecord>(
        listAliases.all(stateMachineArn, req.after ?? '', req.limit + 1) as DocumentRow[],
        req.limit,
      );
    },
    updateAlias: aliases.update,
    async deleteAlias(arn) {
      deleteWithTags(db, 'aliases', arn);
    },
  };
}

export function sqliteActivities(db: SqliteDatabase): ActivityStore {
  const activities = sqliteArnDocuments<ActivityRecord>(db, 'activities');
  return {
    create: activities.create,
    get: activities.get,
    list: activities.list,
    async delete(arn) {
      deleteWithTags(db, 'activities', arn);
    },
  };
}

export function sqliteTags(db: SqliteDatabase): TagStore {
  const list = db.prepare('SELECT key, value FROM tags WHERE resource_arn = ? ORDER BY key');
  const put = db.prepare(
    'INSERT INTO tags (resource_arn, key, value) VALUES (?, ?, ?) ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value',
  );
  const remove = db.prepare('DELETE FROM tags WHERE resource_arn = ? AND key = ?');
  return {
    async list(resourceArn) {
      return Object.fromEntries(
        (list.all(resourceArn) as { key: string; value: string }[]).map((r) => [r.key, r.value]),
      );
    },
    async put(resourceArn, tags) {
      db.transaction(() => {
        for (const [k, v] of Object.entries(tags)) put.run(resourceArn, k, v);
      })();
    },
    async remove(resourceArn, keys) {
      db.transaction(() => {
        for (const k of keys) remove.run(resourceArn, k);
      })();
    },
  };
}
