/**
 * Connecting to PostgreSQL: a pg.Pool whose connections use Baton's schema, read BIGINT as
 * numbers and leave `json` as text (the adapter parses documents itself, which also tells SQL
 * NULL from JSON null), plus statements, transactions and migrations.
 */
import pg from 'pg';
import { retrying } from './errors.js';
import { migrations } from './migrations.js';

export interface PostgresOptions {
  /** `postgres://user:password@host:port/database` */
  readonly url: string;
  /**
   * The schema Baton's tables live in, created if missing (lower-case letters, digits and `_`).
   * Default: the connection's own search_path, usually `public`.
   */
  readonly schema?: string;
  /** Pool settings beyond the URL: size (`max`, default 10), timeouts, TLS. */
  readonly pool?: Omit<pg.PoolConfig, 'connectionString' | 'types'>;
  /** Errors of idle connections (the server restarted, the network dropped). The pool replaces them. */
  readonly onError?: (error: Error) => void;
}

/** Something statements run on: the database (each statement its own transaction) or an open transaction. */
export interface Queryable {
  query<R extends pg.QueryResultRow>(statement: pg.QueryConfig): Promise<pg.QueryResult<R>>;
}

export interface Database extends Queryable {
  readonly pool: pg.Pool;
  /** One statement in its own transaction, run again if the server rolled it back (deadlock). */
  query<R extends pg.QueryResultRow>(statement: pg.QueryConfig): Promise<pg.QueryResult<R>>;
  /** Several statements in one transaction, run again as a whole if the server rolled it back. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const INT8_OID = 20;
const JSON_OID = 114;

function parseInt8(text: string): number {
  const n = Number(text);
  if (!Number.isSafeInteger(n)) throw new Error(`PostgreSQL store: ${text} does not fit a JavaScript number`);
  return n;
}

const types: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') => {
    if (oid === INT8_OID) return parseInt8;
    if (oid === JSON_OID) return (text: string) => text;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig['getTypeParser'],
};

export async function openDatabase(options: PostgresOptions): Promise<Database> {
  const { schema } = options;
  if (schema !== undefined && !SCHEMA_NAME.test(schema)) {
    throw new Error(`PostgreSQL store: invalid schema name '${schema}' (lower-case letters, digits and _)`);
  }
  const pool = new pg.Pool({
    ...options.pool,
    connectionString: options.url,
    types,
    ...(schema !== undefined ? { options: `${options.pool?.options ?? ''} -c search_path=${schema}`.trim() } : {}),
  });
  // An idle client's error is emitted on the pool; unhandled, it would crash the process.
  pool.on('error', (error) => options.onError?.(error));
  const db: Database = {
    pool,
    query: <R extends pg.QueryResultRow>(statement: pg.QueryConfig) => retrying(() => pool.query<R>(statement)),
    transaction: (work) => retrying(() => inTransaction(pool, work)),
  };
  try {
    await migrate(db, schema);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return db;
}

async function inTransaction<T>(pool: pg.Pool, work: (tx: Queryable) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await work({ query: (statement) => client.query(statement) });
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((e: Error) => {
      broken = e;
    });
    throw error;
  } finally {
    // A client that could not roll back is in an unknown state: destroyed, not reused.
    client.release(broken);
  }
}

/**
 * migrate: applies the migrations this build knows and the database lacks.
 * Inputs: the schema name (or the connection's current schema).
 * Outcome: every migration applied once, in order, all in one transaction; or an error and
 *   nothing changed. Refuses a database migrated by a newer Baton.
 * Locks: pg_advisory_xact_lock on the schema's name, held to COMMIT: nodes starting together
 *   apply migrations one after the other (the later ones find nothing to do).
 */
async function migrate(db: Database, schema: string | undefined): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query({
      text: "SELECT pg_advisory_xact_lock(hashtext('baton.migrations:' || coalesce($1, current_schema())))",
      values: [schema ?? null],
    });
    if (schema !== undefined) await tx.query({ text: `CREATE SCHEMA IF NOT EXISTS ${pg.escapeIdentifier(schema)}` });
    await tx.query({
      text: `CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`,
    });
    const applied = new Set(
      (await tx.query<{ version: number }>({ text: 'SELECT version FROM schema_migrations' })).rows.map(
        (r) => r.version,
      ),
    );
    const known = Math.max(...migrations.map((m) => m.version));
    const newest = Math.max(0, ...applied);
    if (newest > known) {
      throw new Error(
        `PostgreSQL store: the database schema is at version ${newest}, newer than this Baton knows (${known})`,
      );
    }
    for (const m of migrations) {
      if (applied.has(m.version)) continue;
      await tx.query({ text: m.sql });
      await tx.query({
        text: 'INSERT INTO schema_migrations (version, name) VALUES ($1, $2)',
        values: [m.version, m.name],
      });
    }
  });
}
