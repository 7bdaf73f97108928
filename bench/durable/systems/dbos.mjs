// DBOS Transact: the library in this process, its system database a fresh PostgreSQL database
// (dbos_bench_<pid>, bench/lib/dbos.mjs) dropped afterwards. A workflow of three `DBOS.runStep`
// steps, each checkpointed in PostgreSQL (synchronous_commit=on, fsync=on: the server's defaults,
// checked by the set-up); a workflow has finished when the awaited call returns (after DBOS has
// recorded its result).
import { createSystemDatabase } from '../../lib/dbos.mjs';
import { now } from '../../lib/measure.mjs';
import { checkOutput, step1, step2, step3 } from '../workflow.mjs';

export async function setup({ concurrency, poolSize }) {
  const { systemDatabaseUrl, settings, query, drop } = await createSystemDatabase('dbos_bench_');
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
    settings,
    async runOne(id) {
      const out = await DBOS.withNextWorkflowID(`wf-${id}`, () => workflow({ id }));
      const at = now();
      checkOutput(out, id);
      return at;
    },
    async verify(expected) {
      const rows = await query(
        "SELECT status, count(*)::int AS n FROM dbos.workflow_status WHERE workflow_uuid LIKE 'wf-%' GROUP BY status",
      );
      const ok = rows.find((r) => r.status === 'SUCCESS')?.n ?? 0;
      const other = rows.filter((r) => r.status !== 'SUCCESS');
      if (ok !== expected || other.length > 0)
        throw new Error(`workflow_status: ${ok} SUCCESS (expected ${expected}), others ${JSON.stringify(other)}`);
      const [steps] = await query(
        "SELECT count(*)::int AS n FROM dbos.operation_outputs WHERE workflow_uuid LIKE 'wf-%'",
      );
      return `workflow_status: ${ok} SUCCESS; operation_outputs: ${steps.n} step checkpoints`;
    },
    async close() {
      await DBOS.shutdown();
      await drop();
    },
  };
}
