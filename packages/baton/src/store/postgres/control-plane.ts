/**
 * State machines, versions, aliases, activities and tags on PostgreSQL. Records are `json`
 * documents keyed by ARN; lists page by ARN (versions by number) with the last key as cursor.
 * Each operation is one statement (hence one transaction), except publishVersion (two, in one).
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
import { createOnce, postgresArnDocuments } from './arn-documents.js';
import type { Database } from './database.js';

const json = (record: object) => JSON.stringify(record);

/** Aliases: documents keyed by ARN, with their machine's ARN to list them by (an insert of their own). */
function aliasDocuments(db: Database) {
  const documents = postgresArnDocuments<AliasRecord>(db, 'aliases');
  return {
    get: documents.get,
    update: documents.update,
    /**
     * Inputs: $1 arn, $2 record, $3 the machine's ARN. Output: whether inserted (not when the ARN
     * is taken). Locks: the new row's key.
     */
    async insert(record: AliasRecord): Promise<boolean> {
      const r = await db.query({
        text: `INSERT INTO aliases (arn, state_machine_arn, record) VALUES ($1, $3, $2::json)
               ON CONFLICT (arn) DO NOTHING RETURNING arn`,
        values: [record.arn, json(record), record.stateMachineArn],
      });
      return r.rowCount === 1;
    },
  };
}

/** Inputs: $1 arn. Outcome: the row and the resource's tags are gone. Locks: those rows. */
async function deleteWithTags(db: Database, table: 'aliases' | 'activities', arn: string): Promise<void> {
  await db.query({
    text: `WITH gone AS (DELETE FROM ${table} WHERE arn = $1) DELETE FROM tags WHERE resource_arn = $1`,
    values: [arn],
  });
}

export function postgresStateMachines(db: Database): StateMachineStore {
  const machines = postgresArnDocuments<StateMachineRecord>(db, 'state_machines');
  const aliases = aliasDocuments(db);
  return {
    create: machines.create,
    get: machines.get,
    list: machines.list,
    update: machines.update,
    /**
     * delete. Inputs: $1 the machine's ARN. Outcome: the machine, its versions, its aliases and
     * the tags of all three are gone; its version counter stays (numbers are never reused).
     * Locks: the rows deleted.
     */
    async delete(arn) {
      await db.query({
        text: `WITH versions AS (DELETE FROM state_machine_versions WHERE state_machine_arn = $1 RETURNING arn),
                    aliases AS (DELETE FROM aliases WHERE state_machine_arn = $1 RETURNING arn),
                    machine AS (DELETE FROM state_machines WHERE arn = $1)
               DELETE FROM tags WHERE resource_arn = $1
                 OR resource_arn IN (SELECT arn FROM versions UNION ALL SELECT arn FROM aliases)`,
        values: [arn],
      });
    },

    /**
     * publishVersion. Inputs: the version's fields. Output: the stored record with its number.
     * Outcome: the machine's counter moves to the next number and the version is stored under it,
     * in one transaction. Locks: the counter row (concurrent publishers of one machine queue on
     * it, so each gets its own number), then the new version's key.
     */
    async publishVersion(version) {
      return db.transaction(async (tx) => {
        const counter = await tx.query<{ last: number }>({
          name: 'version-counter-next',
          text: `INSERT INTO version_counters (state_machine_arn, last) VALUES ($1, 1)
                 ON CONFLICT (state_machine_arn) DO UPDATE SET last = version_counters.last + 1 RETURNING last`,
          values: [version.stateMachineArn],
        });
        const number = counter.rows[0]!.last;
        const record: StateMachineVersionRecord = {
          ...version,
          version: number,
          arn: `${version.stateMachineArn}:${number}`,
        };
        await tx.query({
          name: 'version-insert',
          text: 'INSERT INTO state_machine_versions (arn, state_machine_arn, version, record) VALUES ($1, $2, $3, $4::json)',
          values: [record.arn, record.stateMachineArn, number, json(record)],
        });
        return record;
      });
    },
    async getVersion(arn) {
      const r = await db.query<DocumentRow>({
        name: 'version-get',
        text: 'SELECT arn, record FROM state_machine_versions WHERE arn = $1',
        values: [arn],
      });
      return r.rows[0] ? (JSON.parse(r.rows[0].record) as StateMachineVersionRecord) : undefined;
    },
    /** Inputs: $1 machine, $2 cursor (versions below it), $3 limit + 1. Output: newest first. Locks: none. */
    async listVersions(stateMachineArn, req) {
      const before = req.after === undefined ? Number.MAX_SAFE_INTEGER : Number(req.after);
      const r = await db.query<DocumentRow & { version: number }>({
        text: `SELECT arn, record, version FROM state_machine_versions
               WHERE state_machine_arn = $1 AND version < $2 ORDER BY version DESC LIMIT $3`,
        values: [stateMachineArn, before, req.limit + 1],
      });
      const items = r.rows.slice(0, req.limit).map((row) => JSON.parse(row.record) as StateMachineVersionRecord);
      return r.rows.length > req.limit ? { items, next: String(r.rows[req.limit - 1]!.version) } : { items };
    },
    async deleteVersion(arn) {
      await db.query({
        text: 'WITH gone AS (DELETE FROM state_machine_versions WHERE arn = $1) DELETE FROM tags WHERE resource_arn = $1',
        values: [arn],
      });
    },

    createAlias(record) {
      return createOnce(
        () => aliases.insert(record),
        () => aliases.get(record.arn),
      );
    },
    getAlias: aliases.get,
    /** Inputs: $1 machine, $2 cursor (exclusive), $3 limit + 1. Output: ARN order. Locks: none. */
    async listAliases(stateMachineArn, req) {
      const r = await db.query<DocumentRow>({
        text: 'SELECT arn, record FROM aliases WHERE state_machine_arn = $1 AND arn > $2 ORDER BY arn LIMIT $3',
        values: [stateMachineArn, req.after ?? '', req.limit + 1],
      });
      return documentPage<AliasRecord>(r.rows, req.limit);
    },
    updateAlias: aliases.update,
    deleteAlias: (arn) => deleteWithTags(db, 'aliases', arn),
  };
}

export function postgresActivities(db: Database): ActivityStore {
  const activities = postgresArnDocuments<ActivityRecord>(db, 'activities');
  return {
    create: activities.create,
    get: activities.get,
    list: activities.list,
    delete: (arn) => deleteWithTags(db, 'activities', arn),
  };
}

export function postgresTags(db: Database): TagStore {
  return {
    /** Inputs: $1 resource. Output: its tags by key. Locks: none. */
    async list(resourceArn) {
      const r = await db.query<{ key: string; value: string }>({
        name: 'tags-list',
        text: 'SELECT key, value FROM tags WHERE resource_arn = $1 ORDER BY key',
        values: [resourceArn],
      });
      return Object.fromEntries(r.rows.map((row) => [row.key, row.value]));
    },
    /** Inputs: $1 resource, $2 keys, $3 values. Outcome: each key set (added or overwritten). Locks: those rows. */
    async put(resourceArn, tags) {
      const entries = Object.entries(tags);
      if (entries.length === 0) return;
      await db.query({
        name: 'tags-put',
        text: `INSERT INTO tags (resource_arn, key, value) SELECT $1, key, value FROM unnest($2::text[], $3::text[]) AS t(key, value)
               ON CONFLICT (resource_arn, key) DO UPDATE SET value = excluded.value`,
        values: [resourceArn, entries.map(([k]) => k), entries.map(([, v]) => v)],
      });
    },
    /** Inputs: $1 resource, $2 keys. Outcome: those tags are gone (unknown keys ignored). Locks: those rows. */
    async remove(resourceArn, keys) {
      if (keys.length === 0) return;
      await db.query({
        name: 'tags-remove',
        text: 'DELETE FROM tags WHERE resource_arn = $1 AND key = ANY($2::text[])',
        values: [resourceArn, [...keys]],
      });
    },
  };
}
