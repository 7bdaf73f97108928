// DBOS Transact with remote workers: its queues. The orchestrating workflow runs in this process;
// each task is a child workflow enqueued on a DBOS queue, which the worker processes (DBOS
// launched with listenQueues) dequeue from PostgreSQL and run; the orchestrator waits for each
// result (getResult polls the system database). System database: a fresh database
// dbos_bench_workers_<pid> on the local PostgreSQL (fsync=on, synchronous_commit=on: checked),
// dropped afterwards.
//
// DBOS polls where Baton and Restate push: the queue's dispatch loop polls every
// minPollingIntervalMs (default 1,000 ms) and getResult every pollingIntervalMs (default 1,000 ms).
// With the defaults a task would wait about a second; `pollMs` sets both (see run.mjs --dbos-poll-ms).
import pg from 'pg';
import { now } from '../../durable/lib.mjs';
import { initial } from '../task.mjs';
import { registerDbos, registerQueue } from './dbos-app.mjs';
import { startWorkers } from './workers.mjs';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';
const PREFIX = 'dbos_bench_workers_';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

export async function setup({ workers: workerCount, workerConcurrency, k, pollMs }) {
  const database = `${PREFIX}${process.pid}`;
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
  // Databases left by runs that were killed (their process is gone).
  const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE '${PREFIX}%'`);
  for (const { datname } of stale.rows) {
    const pid = Number(datname.slice(PREFIX.length));
    if (pid !== process.pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const systemDatabaseUrl = url.toString();

  const { DBOS, workflow } = await registerDbos({ systemDatabaseUrl, role: 'orchestrator', k, pollMs });
  await DBOS.launch();
  await registerQueue(DBOS, { workerConcurrency, pollMs });
  const workers = await startWorkers(workerCount, { system: 'dbos', systemDatabaseUrl, role: 'worker', k, pollMs });

  return {
    settings: pgSettings,
    /** Other processes whose CPU time counts, by role: the PostgreSQL backends of this database. */
    async cpuGroups() {
      const { rows } = await admin.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [database]);
      return { workers: workers.pids, postgres: rows.map((r) => r.pid) };
    },
    async runOne(id) {
      const output = await DBOS.withNextWorkflowID(`wf-${id}`, () => workflow(initial(id)));
      return { output, at: now() };
    },
    async verify(expected) {
      const db = new pg.Client({ connectionString: systemDatabaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query(
          'SELECT name, status, executor_id, count(*)::int AS n FROM dbos.workflow_status GROUP BY name, status, executor_id',
        );
        const count = (name, status) =>
          rows.filter((r) => r.name === name && r.status === status).reduce((n, r) => n + r.n, 0);
        const workflows = count('benchWorkflow', 'SUCCESS');
        const tasks = count('benchTask', 'SUCCESS');
        const other = rows.filter((r) => r.status !== 'SUCCESS');
        const byOrchestrator = rows.filter((r) => r.name === 'benchTask' && r.executor_id === 'orchestrator');
        if (workflows !== expected || tasks !== expected * k || other.length > 0 || byOrchestrator.length > 0)
          throw new Error(
            `workflow_status: ${workflows} benchWorkflow SUCCESS (expected ${expected}), ${tasks} benchTask SUCCESS (expected ${expected * k}), rows ${JSON.stringify(rows)}`,
          );
        return `workflow_status: ${workflows} benchWorkflow and ${tasks} benchTask SUCCESS, every task run by a worker`;
      } finally {
        await db.end();
      }
    },
    stopWorkers: () => workers.stop(),
    async close() {
      await DBOS.shutdown();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}
