/**
 * Pipes and their runner leases on SQLite (the PipeStore contract in port.ts). better-sqlite3 is
 * synchronous: each transaction runs to its end before any other statement of the process, which
 * is what makes a lease or a versioned update atomic here.
 */
import { asciiPrefixEnd, page } from '../paging.js';
import { filterValues, type PipeRow, pipeColumns, pipeOf } from '../pipe-rows.js';
import type { PipeStore } from '../port.js';
import type { SqliteDatabase } from './database.js';

export function sqlitePipes(db: SqliteDatabase): PipeStore {
  // create: inserts unless the ARN is taken (changes 0 when it was).
  const insert = db.prepare(`INSERT INTO pipes (arn, source, target, desired_state, current_state, version, record)
    VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (arn) DO NOTHING`);
  const get = db.prepare('SELECT record, version FROM pipes WHERE arn = ?');
  // list: ARNs in [prefix, prefix~) after the cursor that pass every filter given (null: not given),
  // one more than asked to know whether a page follows.
  const list = db.prepare(`SELECT record, version FROM pipes WHERE arn >= @from AND arn < @to AND arn > @after
    AND (@desired IS NULL OR desired_state = @desired) AND (@current IS NULL OR current_state = @current)
    AND (@source IS NULL OR substr(source, 1, length(@source)) = @source)
    AND (@target IS NULL OR substr(target, 1, length(@target)) = @target)
    ORDER BY arn LIMIT @limit`);
  // update: replaces the row only at the version the caller read (changes 0 otherwise).
  const update = db.prepare(`UPDATE pipes SET source = ?, target = ?, desired_state = ?, current_state = ?,
    version = ?, record = ? WHERE arn = ? AND version = ?`);
  const exists = db.prepare('SELECT 1 FROM pipes WHERE arn = ?').pluck();
  const remove = db.prepare('DELETE FROM pipes WHERE arn = ?');
  const removeRunner = db.prepare('DELETE FROM pipe_runners WHERE arn = ?');
  const running = db.prepare("SELECT record, version FROM pipes WHERE desired_state = 'RUNNING' ORDER BY arn");
  // lease: takes the runner row of an existing pipe, or renews it, unless another owner's lease
  // has not ended at `now` (changes 0 then).
  const lease = db.prepare(`INSERT INTO pipe_runners (arn, owner, lease_until)
    SELECT @arn, @owner, @until WHERE EXISTS (SELECT 1 FROM pipes WHERE arn = @arn)
    ON CONFLICT (arn) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
    WHERE pipe_runners.owner = excluded.owner OR pipe_runners.lease_until <= @now`);
  const release = db.prepare('DELETE FROM pipe_runners WHERE arn = ? AND owner = ?');

  const leaseAll = db.transaction((arns: readonly string[], owner: string, now: number, until: number) =>
    arns.filter((arn) => lease.run({ arn, owner, until, now }).changes === 1),
  );
  const releaseAll = db.transaction((arns: readonly string[], owner: string) => {
    for (const arn of arns) release.run(arn, owner);
  });
  const deleteOne = db.transaction((arn: string) => {
    removeRunner.run(arn);
    return remove.run(arn).changes === 1;
  });
  const updateOne = db.transaction((record: Parameters<PipeStore['update']>[0]) => {
    const [arn, ...columns] = pipeColumns(record, record.version + 1);
    if (update.run(...columns, arn, record.version).changes === 1) return 'updated' as const;
    return exists.get(record.arn) === undefined ? ('notFound' as const) : ('conflict' as const);
  });

  return {
    async create(record) {
      if (insert.run(...pipeColumns(record, 1)).changes === 1) return { kind: 'created' };
      return { kind: 'alreadyExists', existing: pipeOf(get.get(record.arn) as PipeRow) };
    },
    async get(arn) {
      const row = get.get(arn) as PipeRow | undefined;
      return row ? pipeOf(row) : undefined;
    },
    async list(arnPrefix, filter, { limit, after }) {
      const rows = list.all({
        from: arnPrefix,
        to: asciiPrefixEnd(arnPrefix),
        after: after ?? '',
        limit: limit + 1,
        ...filterValues(filter),
      });
      return page((rows as PipeRow[]).map(pipeOf), limit, (last) => last.arn);
    },
    async update(record) {
      return updateOne(record);
    },
    async delete(arn) {
      return deleteOne(arn);
    },
    async listRunning() {
      return (running.all() as PipeRow[]).map(pipeOf);
    },
    async lease(arns, owner, now, until) {
      return leaseAll(arns, owner, now, until);
    },
    async release(arns, owner) {
      releaseAll(arns, owner);
    },
  };
}
