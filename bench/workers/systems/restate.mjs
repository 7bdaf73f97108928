// Restate: restate-server (the binary of the npm package, as in bench/durable) as a child process,
// default configuration (its log is fsynced), fresh base dir. The tasks are the handler `run` of a
// service BenchTask served by the worker processes (one HTTP/2 endpoint on one port, shared through
// node:cluster); Restate invokes it over HTTP, which is its form of remote task dispatch. The
// workflow BenchWorkflow (served from this process, like Baton's engine) calls it K times in a
// row with `ctx.serviceClient`; each call and its result are journaled by the server before the
// workflow moves on. Invoked through the ingress, which answers with the workflow's result.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpClient, now, waitFor } from '../../durable/lib.mjs';
import { binaryPath } from '../../durable/systems/restate.mjs';
import { initial } from '../task.mjs';
import { restate } from './restate-sdk.mjs';
import { startWorkers } from './workers.mjs';

export async function setup({ concurrency, workers: workerCount, k }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'restate-bench-workers-'));
  const [ingressPort, adminPort, fabricPort, endpointPort, taskPort] = [
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
    await freePort(),
  ];
  const server = spawn(
    binaryPath(),
    ['--base-dir', dataDir, '--no-logo', '--listen-mode', 'tcp', '--node-name', 'bench'],
    {
      env: {
        ...process.env,
        RESTATE_INGRESS__BIND_ADDRESS: `127.0.0.1:${ingressPort}`,
        RESTATE_ADMIN__BIND_ADDRESS: `127.0.0.1:${adminPort}`,
        RESTATE_BIND_ADDRESS: `127.0.0.1:${fabricPort}`,
        RESTATE_ADVERTISED_ADDRESS: `http://127.0.0.1:${fabricPort}`,
        RESTATE_DISABLE_TELEMETRY: 'true',
        RESTATE_LOG_FILTER: 'warn',
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  server.stderr.on('data', (d) => {
    stderr = (stderr + d).slice(-4000);
  });
  const exited = new Promise((resolve) => server.once('exit', resolve));
  let closing = false;
  process.once('exit', () => {
    if (server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });
  void exited.then((code) => {
    if (!closing) console.error(`restate-server exited early (${code}):\n${stderr}`);
  });

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
  const endpoint = http2.createServer(restate.createEndpointHandler({ services: [workflow] }));
  await new Promise((resolve) => endpoint.listen(endpointPort, '127.0.0.1', resolve));
  const workers = await startWorkers(workerCount, { system: 'restate', port: taskPort });

  const http = httpClient(concurrency + 4);
  const admin = `http://127.0.0.1:${adminPort}`;
  const ingress = `http://127.0.0.1:${ingressPort}`;
  try {
    await waitFor('restate admin API', async () => (await http.request('GET', `${admin}/health`)).status === 200);
    await waitFor(
      'restate ingress',
      async () => (await http.request('GET', `${ingress}/restate/health`)).status === 200,
    );
    for (const port of [taskPort, endpointPort]) {
      const registered = await http.request('POST', `${admin}/deployments`, { uri: `http://127.0.0.1:${port}` });
      if (registered.status !== 201 && registered.status !== 200)
        throw new Error(`registering the endpoint on ${port}: ${registered.status} ${JSON.stringify(registered.body)}`);
    }
    // The ingress learns about new deployments asynchronously: wait until a probe goes through.
    let probe = 0;
    await waitFor(
      'BenchWorkflow at the ingress',
      async () =>
        (await http.request('POST', `${ingress}/BenchWorkflow/probe-${probe}/run`, initial(-1 - probe++))).status ===
        200,
    );
  } catch (e) {
    closing = true;
    server.kill('SIGKILL');
    endpoint.close();
    await workers.stop();
    throw e;
  }

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
      const res = await http.request(
        'POST',
        `${admin}/query`,
        {
          query:
            "SELECT target_service_name AS s, status, count(*) AS n FROM sys_invocation WHERE target_service_name IN ('BenchWorkflow', 'BenchTask') GROUP BY target_service_name, status",
        },
        { accept: 'application/json' },
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
    async close() {
      http.close();
      closing = true;
      server.kill('SIGTERM');
      const killer = setTimeout(() => server.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      await new Promise((resolve) => endpoint.close(resolve));
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
