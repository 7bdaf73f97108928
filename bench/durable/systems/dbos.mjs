// DBOS Transact: the library in this process, its system database a fresh PostgreSQL database
// (dbos_bench_<pid>) on the local server, dropped afterwards. A workflow of three `DBOS.runStep`
// steps, each checkpointed in PostgreSQL (synchronous_commit=on, fsync=on: the server's defaults,
// checked below); a workflow has finished when the awaited call returns (after DBOS has
// recorded its result).
import pg from 'pg';
import { now } from '../lib.mjs';
import { checkOutput, step1, step2, step3 } from '../workflow.mjs';

const ADMIN_URL = process.env.BENCH_PG_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/test';

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

export async function setup({ concurrency, poolSize }) {
  const database = `dbos_bench_${process.pid}`;
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
  const stale = await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'dbos_bench_%'");
  for (const { datname } of stale.rows) {
    const pid = Number(datname.slice('dbos_bench_'.length));
    if (pid !== process.pid && !alive(pid)) await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${database}`);
  await admin.query(`CREATE DATABASE ${database}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const systemDatabaseUrl = url.toString();

  const { DBOS } = await import('@dbos-inc/dbos-sdk');
  DBOS.setConfig({
    name: 'bench-durable',
    systemDatabaseUrl,
    logLevel: 'error',
    ...(poolSize ? { systemDatabasePoolSize: poolSize } : {}),
  });
  const workflow = DBOS.registerWorkflow(
    async (input) => {
      const a = await DBOS.runStep(async () => step1(input), { name: 'step1' });
      const b = await DBOS.runStep(async () => step2(a), { name: 'step2' });
      return DBOS.runStep(async () => step3(b), { name: 'step3' });
    },
    { name: 'benchWorkflow' },
  );
  await DBOS.launch();
  void concurrency;

  return {
    settings: pgSettings,
    async runOne(id) {
      const out = await DBOS.withNextWorkflowID(`wf-${id}`, () => workflow({ id }));
      const at = now();
      checkOutput(out, id);
      return at;
    },
    async verify(expected) {
      const db = new pg.Client({ connectionString: systemDatabaseUrl });
      await db.connect();
      try {
        const { rows } = await db.query(
          "SELECT status, count(*)::int AS n FROM dbos.workflow_status WHERE workflow_uuid LIKE 'wf-%' GROUP BY status",
        );
        const ok = rows.find((r) => r.status === 'SUCCESS')?.n ?? 0;
        const other = rows.filter((r) => r.status !== 'SUCCESS');
        if (ok !== expected || other.length > 0)
          throw new Error(`workflow_status: ${ok} SUCCESS (expected ${expected}), others ${JSON.stringify(other)}`);
        const steps = await db.query(
          "SELECT count(*)::int AS n FROM dbos.operation_outputs WHERE workflow_uuid LIKE 'wf-%'",
        );
        return `workflow_status: ${ok} SUCCESS; operation_outputs: ${steps.rows[0].n} step checkpoints`;
      } finally {
        await db.end();
      }
    },
    async close() {
      await DBOS.shutdown();
      await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.end();
    },
  };
}
