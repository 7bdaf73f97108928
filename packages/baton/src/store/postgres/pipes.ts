/**
 * Pipes and their runner leases on PostgreSQL (the PipeStore contract in port.ts), for several
 * nodes on one database: a versioned update is one conditional UPDATE, and the runner leases of
 * a node's pipes are taken or renewed in one INSERT … ON CONFLICT, whose row locks make two nodes
 * racing for one pipe see each other's lease.
 */
import { asciiPrefixEnd, page } from '../paging.js';
import { filterValues, type PipeRow, pipeColumns, pipeOf } from '../pipe-rows.js';
import type { PipeStore } from '../port.js';
import type { Database } from './database.js';

/**
 * list: a region and account's pipes by ARN after the cursor, passing every filter given.
 * Inputs: $1 prefix, $2 prefix end, $3 cursor, $4 limit, $5 desired, $6 current, $7 source prefix,
 * $8 target prefix (null: not given). Output: record, version.
 */
const LIST = `SELECT record, version FROM pipes WHERE arn >= $1 AND arn < $2 AND arn > $3
  AND ($5::text IS NULL OR desired_state = $5) AND ($6::text IS NULL OR current_state = $6)
  AND ($7::text IS NULL OR starts_with(source, $7)) AND ($8::text IS NULL OR starts_with(target, $8))
  ORDER BY arn LIMIT $4`;

/**
 * update: replaces the row at the version the caller read, else reports whether the pipe exists.
 * Inputs: $1..$7 the row's columns (version already bumped), $8 the version read.
 * Output: updated (boolean), present (boolean). Locks: the pipe's row.
 */
const UPDATE = `WITH upd AS (
    UPDATE pipes SET source = $2, target = $3, desired_state = $4, current_state = $5, version = $6, record = $7
    WHERE arn = $1 AND version = $8 RETURNING 1)
  SELECT EXISTS (SELECT 1 FROM upd) AS updated, EXISTS (SELECT 1 FROM pipes WHERE arn = $1) AS present`;

/**
 * lease: takes or renews the runner leases of existing pipes for an owner.
 * Inputs: $1 text[] ARNs, $2 owner, $3 now, $4 lease end. Output: the ARNs granted.
 * Locks: each runner row, to COMMIT: a concurrent lease of the same pipe waits, then finds it held.
 */
const LEASE = `INSERT INTO pipe_runners (arn, owner, lease_until)
  SELECT p.arn, $2, $4 FROM pipes p WHERE p.arn = ANY($1::text[])
  ON CONFLICT (arn) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
  WHERE pipe_runners.owner = excluded.owner OR pipe_runners.lease_until <= $3
  RETURNING arn`;

export function postgresPipes(db: Database): PipeStore {
  const read = async (arn: string) =>
    (await db.query<PipeRow>({ text: 'SELECT record, version FROM pipes WHERE arn = $1', values: [arn] })).rows[0];

  return {
    async create(record) {
      // create: inserts unless the ARN is taken; the stored record when it was.
      const inserted = await db.query({
        text: `INSERT INTO pipes (arn, source, target, desired_state, current_state, version, record)
          VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (arn) DO NOTHING`,
        values: pipeColumns(record, 1),
      });
      if (inserted.rowCount === 1) return { kind: 'created' };
      const existing = await read(record.arn);
      if (!existing) throw new Error(`pipe ${record.arn} reported as existing but not found`);
      return { kind: 'alreadyExists', existing: pipeOf(existing) };
    },
    async get(arn) {
      const row = await read(arn);
      return row ? pipeOf(row) : undefined;
    },
    async list(arnPrefix, filter, { limit, after }) {
      const f = filterValues(filter);
      const { rows } = await db.query<PipeRow>({
        text: LIST,
        values: [
          arnPrefix,
          asciiPrefixEnd(arnPrefix),
          after ?? '',
          limit + 1,
          f.desired,
          f.current,
          f.source,
          f.target,
        ],
      });
      return page(rows.map(pipeOf), limit, (last) => last.arn);
    },
    async update(record) {
      const { rows } = await db.query<{ updated: boolean; present: boolean }>({
        text: UPDATE,
        values: [...pipeColumns(record, record.version + 1), record.version],
      });
      const outcome = rows[0]!;
      return outcome.updated ? 'updated' : outcome.present ? 'conflict' : 'notFound';
    },
    async delete(arn) {
      // delete: the pipe and its runner row in one transaction.
      return db.transaction(async (tx) => {
        await tx.query({ text: 'DELETE FROM pipe_runners WHERE arn = $1', values: [arn] });
        return (await tx.query({ text: 'DELETE FROM pipes WHERE arn = $1', values: [arn] })).rowCount === 1;
      });
    },
    async listRunning() {
      const { rows } = await db.query<PipeRow>({
        text: "SELECT record, version FROM pipes WHERE desired_state = 'RUNNING' ORDER BY arn",
      });
      return rows.map(pipeOf);
    },
    async lease(arns, owner, now, until) {
      if (arns.length === 0) return [];
      const { rows } = await db.query<{ arn: string }>({ text: LEASE, values: [arns, owner, now, until] });
      return rows.map((r) => r.arn);
    },
    async release(arns, owner) {
      if (arns.length === 0) return;
      await db.query({
        text: 'DELETE FROM pipe_runners WHERE arn = ANY($1::text[]) AND owner = $2',
        values: [arns, owner],
      });
    },
  };
}
