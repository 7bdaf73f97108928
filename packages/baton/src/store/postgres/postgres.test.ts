/**
 * What only the PostgreSQL adapter has: migrations under an advisory lock, several nodes on one
 * schema, multi-statement commits that fail whole, and the reading of driver errors. The
 * behaviour both adapters share is pinned by the contract suite (postgres.contract.test.ts).
 */
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { advance, arns, events, start, T0, task } from '../contract/fixtures.js';
import type { Store } from '../port.js';
import { classify, retrying } from './errors.js';
import { openPostgresStore } from './index.js';
import { migrations } from './migrations.js';
import {
  dropSchema,
  freshSchemaName,
  POSTGRES_LABEL,
  POSTGRES_REQUIRED,
  POSTGRES_URL,
  postgresUnavailable,
} from './test-support/postgres.js';

function databaseError(code: string): pg.DatabaseError {
  const error = new pg.DatabaseError(`failed with ${code}`, 0, 'error');
  error.code = code;
  return error;
}

describe('reading PostgreSQL errors', () => {
  it('deadlocks and serialization failures are retried; unique violations and the rest are not', () => {
    expect(classify(databaseError('40P01'))).toBe('retry');
    expect(classify(databaseError('40001'))).toBe('retry');
    expect(classify(databaseError('23505'))).toBe('duplicate');
    expect(classify(databaseError('08006'))).toBe('fatal');
    expect(classify(new Error('ECONNRESET'))).toBe('fatal');
  });

  it('retrying runs the work again after a deadlock, and gives up on anything else', async () => {
    let calls = 0;
    const flaky = async () => {
      calls++;
      if (calls < 3) throw databaseError('40P01');
      return 'done';
    };
    expect(await retrying(flaky)).toBe('done');
    expect(calls).toBe(3);

    calls = 0;
    const broken = async () => {
      calls++;
      throw databaseError('23505');
    };
    await expect(retrying(broken)).rejects.toThrow(/written twice/);
    expect(calls).toBe(1);

    calls = 0;
    const stuck = async () => {
      calls++;
      throw databaseError('40001');
    };
    await expect(retrying(stuck, 2)).rejects.toThrow(/\[40001\]/);
    expect(calls).toBe(2);
  });
});

const unavailable = await postgresUnavailable();
const skip = unavailable !== undefined && !POSTGRES_REQUIRED;
if (skip) console.warn(`PostgreSQL adapter tests skipped: ${POSTGRES_LABEL} is unreachable (${unavailable})`);

describe.skipIf(skip)(
  `PostgreSQL adapter at ${POSTGRES_LABEL}${skip ? ` — SKIPPED, unreachable: ${unavailable}` : ''}`,
  () => {
    const open: Store[] = [];
    const schemas: string[] = [];
    const openStore = async (schema: string) => {
      const store = await openPostgresStore({ url: POSTGRES_URL, schema, pool: { max: 4 } });
      open.push(store);
      return store;
    };
    const newSchema = () => {
      const schema = freshSchemaName();
      schemas.push(schema);
      return schema;
    };
    afterEach(async () => {
      await Promise.all(open.splice(0).map((s) => s.close()));
      for (const schema of schemas.splice(0)) await dropSchema(schema);
    });

    async function appliedMigrations(schema: string): Promise<number[]> {
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      try {
        const r = await client.query(
          `SELECT version FROM ${pg.escapeIdentifier(schema)}.schema_migrations ORDER BY version`,
        );
        return r.rows.map((row: { version: number }) => row.version);
      } finally {
        await client.end();
      }
    }

    it('nodes opening a new schema together apply each migration exactly once', async () => {
      const schema = newSchema();
      const stores = await Promise.all(Array.from({ length: 5 }, () => openStore(schema)));
      expect(stores).toHaveLength(5);
      expect(await appliedMigrations(schema)).toEqual(migrations.map((m) => m.version));
    });

    it('reopening keeps the data and applies nothing again', async () => {
      const schema = newSchema();
      const first = await openStore(schema);
      await first.executions.commit([start({ name: 'kept' })]);
      await first.close();
      open.splice(open.indexOf(first), 1);
      const second = await openStore(schema);
      expect((await second.executions.get(arns.execution(arns.machine('M'), 'kept')))?.version).toBe(1);
      expect(await appliedMigrations(schema)).toEqual(migrations.map((m) => m.version));
    });

    it('refuses a schema migrated by a newer Baton', async () => {
      const schema = newSchema();
      await (await openStore(schema)).close();
      open.splice(0);
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(
        `INSERT INTO ${pg.escapeIdentifier(schema)}.schema_migrations (version, name) VALUES (999, 'future')`,
      );
      await client.end();
      await expect(openStore(schema)).rejects.toThrow(/version 999, newer than this Baton knows/);
    });

    it('refuses a schema name it cannot use verbatim', async () => {
      await expect(openPostgresStore({ url: POSTGRES_URL, schema: 'Bad-Name' })).rejects.toThrow(/invalid schema name/);
    });

    it('two nodes on one schema: only one commits a version, so only one starts a task', async () => {
      const schema = newSchema();
      const [a, b] = [await openStore(schema), await openStore(schema)] as [Store, Store];
      const arn = arns.execution(arns.machine('M'), 'shared');
      const waiting = task(arn, 1, { resource: arns.activity('Shared'), createdAt: T0 });
      await a.executions.commit([start({ name: 'shared', first: { tasksCreated: [waiting] } })]);

      const outcomes = await Promise.all(
        [a, b, a, b].map((node, i) =>
          node.executions.commit([
            advance(arn, 1, { events: [{ ...events(2, 1)[0]!, details: { node: i } }], tasksStarted: [waiting.token] }),
          ]),
        ),
      );
      expect(outcomes.flat().sort()).toEqual(['committed', 'conflict', 'conflict', 'conflict']);
      expect(await b.tasks.get(waiting.token)).toMatchObject({ status: 'STARTED' });
    });

    it('a batch that fails rolls back whole, over several statements', async () => {
      const schema = newSchema();
      const store = await openStore(schema);
      const arn = arns.execution(arns.machine('M'), 'a');
      // Two rounds (two items of one execution); the second reuses history event id 1.
      const batch = [start({ name: 'a' }), advance(arn, 1, { events: events(1, 1) })];
      await expect(store.executions.commit(batch)).rejects.toThrow(/written twice/);
      expect(await store.executions.get(arn)).toBeUndefined();
      expect(await store.executions.history(arn, { reverse: false, limit: 10 })).toEqual([]);
      expect(await store.executions.commit([start({ name: 'a' })])).toEqual(['committed']);
    });
  },
);
