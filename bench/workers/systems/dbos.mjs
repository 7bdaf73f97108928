// DBOS Transact with remote workers: its queues. The orchestrating workflow runs in this process;
// each task is a child workflow enqueued on a DBOS queue, which the worker processes (DBOS
// launched with listenQueues) dequeue from PostgreSQL and run; the orchestrator waits for each
// result (getResult polls the system database). System database: a fresh database
// dbos_bench_workers_<pid> on the local PostgreSQL (bench/lib/dbos.mjs: fsync=on,
// synchronous_commit=on checked), dropped afterwards.
//
// DBOS polls where Baton and Restate push: the queue's dispatch loop polls every
// minPollingIntervalMs (default 1,000 ms) and getResult every pollingIntervalMs (default 1,000 ms).
// With the defaults a task would wait about a second; `pollMs` sets both (see run.mjs --dbos-poll-ms).
import { createSystemDatabase } from '../../lib/dbos.mjs';
import { now } from '../../lib/measure.mjs';
import { initial } from '../task.mjs';
import { registerDbos, registerQueue } from './dbos-app.mjs';
import { startWorkers } from './workers.mjs';

export async function setup({ workers: workerCount, workerConcurrency, k, pollMs }) {
  const { database, systemDatabaseUrl, settings, admin, query, drop } =
    await createSystemDatabase('dbos_bench_workers_');
  const { DBOS, workflow } = await registerDbos({ systemDatabaseUrl, role: 'orchestrator', k, pollMs });
  await DBOS.launch();
  await registerQueue(DBOS, { workerConcurrency, pollMs });
  const workers = await startWorkers(workerCount, { system: 'dbos', systemDatabaseUrl, role: 'worker', k, pollMs });

  return {
    settings,
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
      const rows = await query(
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
    },
    stopWorkers: () => workers.stop(),
    async close() {
      await DBOS.shutdown();
      await drop();
    },
  };
}
