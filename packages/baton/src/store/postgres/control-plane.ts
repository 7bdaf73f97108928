/**
 * State machines, versions, aliases, activities and tags on PostgreSQL. Records are `json`
 * documents keyed by ARN; lists page by ARN (versions by number) with the last key as cursor.
 * Each operation is one statement (hence one transaction), except publishVersion (two, in one).
 */

import { type DocumentRow, documentPage } from '../paging.js';
import type {
  ActivityStore,
  AliasRecord,
  PageRequest,
  StateMachineRecord,
  StateMachineStore,
  StateMachineVersionRecord,
  TagStore,
} from '../port.js';
import type { Database } from './database.js';

/**
 * The end of the range of keys that start with `prefix`: the prefix with its last character
 * incremented (the "C" collation orders by code point); null when there is none (empty prefix).
 */
function prefixEnd(prefix: string): string | null {
  const chars = [...prefix];
  while (chars.length > 0) {
    const last = chars.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) return chars.join('') + String.fromCodePoint(last === 0xd7ff ? 0xe000 : last + 1);
  }
  return null;
}

const json = (record: object) => JSON.stringify(record);

/** A document table keyed by ARN: the statements state machines, aliases and activities share. */
function documents(db: Database, table: 'state_machines' | 'aliases' | 'activities') {
  return {
    /**
     * Inputs: arn, record (and, for aliases, the machine's ARN). Output: the ARN when inserted.
     * Outcome: inserted, or nothing when the ARN is taken. Locks: the new row's key.
     */
    async insert(arn: string, record: object, stateMachineArn?: string): Promise<boolean> {
      const r = await db.query(
        stateMachineArn === undefined
          ? {
              text: `INSERT INTO ${table} (arn, record) VALUES ($1, $2::json) ON CONFLICT (arn) DO NOTHING RETURNING arn`,
              values: [arn, json(record)],
            }
          : {
              text: `INSERT INTO ${table} (arn, state_machine_arn, record) VALUES ($1, $3, $2::json)
                     ON CONFLICT (arn) DO NOTHING RETURNING arn`,
              values: [arn, json(record), stateMachineArn],
            },
      );
      return r.rowCount === 1;
    },
    /** Inputs: arn. Output: the record, if any. Locks: none. */
    async get<T>(arn: string): Promise<T | undefined> {
      const r = await db.query<DocumentRow>({
        name: `${table}-get`,
        text: `SELECT arn, record FROM ${table} WHERE arn = $1`,
        values: [arn],
      });
      return r.rows[0] ? (JSON.parse(r.rows[0].record) as T) : undefined;
    },
    /** Inputs: arn, record. Output: whether a row was replaced. Locks: that row. */
    async update(arn: string, record: object): Promise<boolean> {
      const r = await db.query({
        text: `UPDATE ${table} SET record = $2::json WHERE arn = $1`,
        values: [arn, json(record)],
      });
      return r.rowCount === 1;
    },
    /** Inputs: arn. Outcome: the row and the resource's tags are gone. Locks: those rows. */
    async deleteWithTags(arn: string): Promise<void> {
      await db.query({
        text: `WITH gone AS (DELETE FROM ${table} WHERE arn = $1) DELETE FROM tags WHERE resource_arn = $1`,
        values: [arn],
      });
    },
  };
}

/** create: insert, or report the stored record; a record deleted in between is inserted again. */
async function createOnce<T>(
  insert: () => Promise<boolean>,
  get: () => Promise<T | undefined>,
): Promise<{ kind: 'created' } | { kind: 'alreadyExists'; existing: T }> {
  for (;;) {
    if (await insert()) return { kind: 'created' };
    const existing = await get();
    if (existing) return { kind: 'alreadyExists', existing };
  }
}

/**
 * list by ARN prefix. Inputs: $1 prefix, $2 end of the prefix's range (or NULL), $3 cursor
 * (exclusive), $4 limit + 1. Output: rows in ARN order. Locks: none.
 */
async function listByPrefix(db: Database, table: 'state_machines' | 'activities', prefix: string, req: PageRequest) {
  const r = await db.query<DocumentRow>({
    text: `SELECT arn, record FROM ${table}
           WHERE arn >= $1 AND ($2::text IS NULL OR arn < $2) AND arn > $3 ORDER BY arn LIMIT $4`,
    values: [prefix, prefixEnd(prefix), req.after ?? '', req.limit + 1],
  });
  return r.rows;
}

export function postgresStateMachines(db: Database): StateMachineStore {
  const machines = documents(db, 'state_machines');
  const aliases = documents(db, 'aliases');
  return {
    create(record) {
      return createOnce(
        () => machines.insert(record.arn, record),
        () => machines.get<StateMachineRecord>(record.arn),
      );
    },
    get: (arn) => machines.get<StateMachineRecord>(arn),
    async list(arnPrefix, req) {
      return documentPage<StateMachineRecord>(await listByPrefix(db, 'state_machines', arnPrefix, req), req.limit);
    },
    update: (record) => machines.update(record.arn, record),
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
        () => aliases.insert(record.arn, record, record.stateMachineArn),
        () => aliases.get<AliasRecord>(record.arn),
      );
    },
    getAlias: (arn) => aliases.get<AliasRecord>(arn),
    /** Inputs: $1 machine, $2 cursor (exclusive), $3 limit + 1. Output: ARN order. Locks: none. */
    async listAliases(stateMachineArn, req) {
      const r = await db.query<DocumentRow>({
        text: 'SELECT arn, record FROM aliases WHERE state_machine_arn = $1 AND arn > $2 ORDER BY arn LIMIT $3',
        values: [stateMachineArn, req.after ?? '', req.limit + 1],
      });
      return documentPage<AliasRecord>(r.rows, req.limit);
    },
    updateAlias: (record) => aliases.update(record.arn, record),
    deleteAlias: (arn) => aliases.deleteWithTags(arn),
  };
}

export function postgresActivities(db: Database): ActivityStore {
  const activities = documents(db, 'activities');
  return {
    create(record) {
      return createOnce(
        () => activities.insert(record.arn, record),
        () => activities.get(record.arn),
      );
    },
    get: (arn) => activities.get(arn),
    async list(arnPrefix, req) {
      return documentPage(await listByPrefix(db, 'activities', arnPrefix, req), req.limit);
    },
    delete: (arn) => activities.deleteWithTags(arn),
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
