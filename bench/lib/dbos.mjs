// DBOS Transact's system database as the benches give it one: a fresh PostgreSQL database on the
// local server (BENCH_PG_ADMIN_URL), dropped afterwards. The server's durability settings are read
// (fsync=on and synchronous_commit=on are its defaults; anything else is warned about).
import pg from 'pg';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/**
 * Creates the database `<prefix><pid>` (after dropping those of earlier runs with the same prefix
 * whose process is gone). Returns its URL, the server's settings, the admin connection (kept open
 * until `drop`), `query` and `drop`.
 */
export async function createSystemDatabase(prefix) {
  const database = `${prefix}${process.pid}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  const settings = await admin.query(
    "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'server_version')",
  );
  const pgSettings = Object.fromEntries(settings.rows.map((r) => [r.name, r.setting]));
  if (pgSettings.fsync !== 'on' || pgSettings.synchronous_commit !== 'on')
    console.warn(
      `warning: PostgreSQL runs with fsync=${pgSettings.fsync}, synchronous_commit=${pgSettings.synchronous_commit}`,
    );
  // Databases left by runs that were killed (their process is gone). Only `<prefix><digits>`: the
  // prefix of one bench may begin another's.
  const stale = await admin.query('SELECT datname FROM pg_database WHERE starts_with(datname, $1)', [prefix]);
  for (const { datname } of stale.rows) {
    const rest = datname.slice(prefix.length);
    if (!/^\d+$/.test(rest)) continue;
    const pid = Number(rest);
    if (pid !== process.pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const systemDatabaseUrl = url.toString();
  return {
    database,
    systemDatabaseUrl,
    settings: pgSettings,
    admin,
    /** The rows of one statement on the system database (its own connection: for checks after a run). */
    async query(text) {
      const db = new pg.Client({ connectionString: systemDatabaseUrl });
      await db.connect();
      try {
        return (await db.query(text)).rows;
      } finally {
        await db.end();
      }
    },
    async drop() {
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}
