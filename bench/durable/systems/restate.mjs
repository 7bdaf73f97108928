// Restate (bench/lib/restate.mjs: restate-server with its default durability, the SDK in this
// process) with a workflow of three `ctx.run` steps served by the TypeScript SDK over HTTP/2 from
// this process. A workflow is invoked through the ingress and awaited there
// (`POST /BenchWorkflow/<id>/run` answers with the workflow's result once it has completed).
import { now } from '../../lib/measure.mjs';
import { restate, startRestate } from '../../lib/restate.mjs';
import { checkOutput, step1, step2, step3 } from '../workflow.mjs';

export async function setup({ concurrency }) {
  const workflow = restate.workflow({
    name: 'BenchWorkflow',
    handlers: {
      run: async (ctx, input) => {
        const a = await ctx.run('step1', () => step1(input));
        const b = await ctx.run('step2', () => step2(a));
        return ctx.run('step3', () => step3(b));
      },
    },
  });
  const server = await startRestate({
    name: 'durable',
    services: [workflow],
    probe: { workflow: 'BenchWorkflow', input: () => ({ id: -1 }) },
    sockets: concurrency + 4,
  });
  const { http, ingress } = server;

  return {
    async runOne(id) {
      const res = await http.request('POST', `${ingress}/BenchWorkflow/wf-${id}/run`, { id });
      const at = now();
      if (res.status !== 200) throw new Error(`wf-${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      checkOutput(res.body, id);
      return at;
    },
    async verify(expected) {
      const res = await server.query(
        "SELECT status, count(*) AS n FROM sys_invocation WHERE target_service_name = 'BenchWorkflow' AND target_handler_name = 'run' AND target_service_key LIKE 'wf-%' GROUP BY status",
      );
      const rows = res.body?.rows ?? [];
      const completed = rows.filter((r) => r.status === 'completed').reduce((s, r) => s + Number(r.n), 0);
      const other = rows.filter((r) => r.status !== 'completed');
      if (res.status !== 200)
        return `${expected} ingress answers 200 with the expected output (sys_invocation query: HTTP ${res.status})`;
      if (completed !== expected || other.length > 0)
        throw new Error(
          `sys_invocation: ${completed} completed (expected ${expected}), others ${JSON.stringify(other)}`,
        );
      return `sys_invocation: ${completed} completed`;
    },
    close: () => server.close(),
  };
}
