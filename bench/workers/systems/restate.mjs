// Restate (bench/lib/restate.mjs: restate-server with its default durability, the SDK in this
// process). The tasks are the handler `run` of a service BenchTask served by the worker processes
// (one HTTP/2 endpoint on one port, shared through node:cluster); Restate invokes it over HTTP,
// which is its form of remote task dispatch. The workflow BenchWorkflow (served from this process,
// like Baton's engine) calls it K times in a row with `ctx.serviceClient`; each call and its
// result are journaled by the server before the workflow moves on. Invoked through the ingress,
// which answers with the workflow's result.
import { freePort } from '../../lib/http.mjs';
import { now } from '../../lib/measure.mjs';
import { restate, startRestate } from '../../lib/restate.mjs';
import { initial } from '../task.mjs';
import { startWorkers } from './workers.mjs';

export async function setup({ concurrency, workers: workerCount, k }) {
  // The workflow: K calls of BenchTask/run, one after the other, from this process.
  const task = { name: 'BenchTask' };
  const workflow = restate.workflow({
    name: 'BenchWorkflow',
    handlers: {
      run: async (ctx, input) => {
        let x = input;
        for (let i = 0; i < k; i++) x = await ctx.serviceClient(task).run(x);
        return x;
      },
    },
  });
  const taskPort = await freePort();
  const workers = await startWorkers(workerCount, { system: 'restate', port: taskPort });
  const server = await startRestate({
    name: 'workers',
    services: [workflow],
    deployments: [taskPort],
    probe: { workflow: 'BenchWorkflow', input: (n) => initial(-1 - n) },
    sockets: concurrency + 4,
  }).catch(async (e) => {
    await workers.stop();
    throw e;
  });
  const { http, ingress } = server;

  return {
    /** Other processes whose CPU time counts, by role. */
    cpuGroups: async () => ({ workers: workers.pids, 'restate-server': [server.pid] }),
    /** Runs workflow `id`; resolves with its output and the moment the answer arrived. */
    async runOne(id) {
      const res = await http.request('POST', `${ingress}/BenchWorkflow/wf-${id}/run`, initial(id));
      const at = now();
      if (res.status !== 200) throw new Error(`wf-${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      return { output: res.body, at };
    },
    async verify(expected) {
      const res = await server.query(
        "SELECT target_service_name AS s, status, count(*) AS n FROM sys_invocation WHERE target_service_name IN ('BenchWorkflow', 'BenchTask') GROUP BY target_service_name, status",
      );
      if (res.status !== 200) return `(sys_invocation query: HTTP ${res.status})`;
      const rows = res.body?.rows ?? [];
      const count = (s) =>
        rows.filter((r) => r.s === s && r.status === 'completed').reduce((n, r) => n + Number(r.n), 0);
      const other = rows.filter((r) => r.status !== 'completed');
      // The probes of the set-up are workflows too (one or more, each with K tasks).
      const workflows = count('BenchWorkflow');
      const tasks = count('BenchTask');
      if (workflows < expected || tasks !== k * workflows || other.length > 0)
        throw new Error(
          `sys_invocation: ${workflows} workflows completed (expected ${expected} + probes), ${tasks} tasks, others ${JSON.stringify(other)}`,
        );
      return `sys_invocation: ${workflows} BenchWorkflow and ${tasks} BenchTask invocations completed (set-up probes included)`;
    },
    stopWorkers: () => workers.stop(),
    close: () => server.close(),
  };
}
