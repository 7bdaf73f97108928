/**
 * The PostgreSQL the tests use: BATON_TEST_POSTGRES_URL, or a local server with trust auth. Each
 * store gets a fresh schema (dropped on cleanup), so runs and tests never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import type { StoreHarness } from '../../contract/index.js';
import { openPostgresStore, type PostgresOptions } from '../index.js';

export const POSTGRES_URL = process.env.BATON_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Set explicitly, the URL is a requirement: an unreachable server fails the tests instead of skipping them. */
export const POSTGRES_REQUIRED = process.env.BATON_TEST_POSTGRES_URL !== undefined;

/** The URL without its password, for test names. */
export const POSTGRES_LABEL = POSTGRES_URL.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/** Why PostgreSQL cannot be used, or undefined when it can. */
export async function postgresUnavailable(url = POSTGRES_URL): Promise<string | undefined> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message || error.name : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export function freshSchemaName(): string {
  return `baton_test_${randomBytes(6).toString('hex')}`;
}

export async function dropSchema(schema: string, url = POSTGRES_URL): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS ${pg.escapeIdentifier(schema)} CASCADE`);
  } finally {
    await client.end();
  }
}

/** A store in a schema of its own, dropped by cleanup. */
export async function makePostgresStore(options: Partial<PostgresOptions> = {}): Promise<StoreHarness> {
  const schema = options.schema ?? freshSchemaName();
  const store = await openPostgresStore({ url: POSTGRES_URL, schema, pool: { max: 8 }, ...options });
  return {
    store,
    async cleanup() {
      await store.close();
      await dropSchema(schema);
    },
  };
}
