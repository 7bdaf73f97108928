// Restate: the restate-server binary (shipped inside the npm package
// @restatedev/restate-server-<platform>-<arch>) as a child process on free ports with a fresh
// data directory and its default configuration (durability included: the log server fsyncs
// its write-ahead log), and a workflow of three `ctx.run` steps served by the TypeScript SDK
// over HTTP/2 from this process. A workflow is invoked through the ingress and awaited there
// (`POST /BenchWorkflow/<id>/run` answers with the workflow's result once it has completed).
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpClient, now, waitFor } from '../lib.mjs';
import { checkOutput, step1, step2, step3 } from '../workflow.mjs';

const require = createRequire(import.meta.url);

// The SDK calls Promise.withResolvers (Node 22); on Node 20, the standard polyfill (as bench/asl).
Promise.withResolvers ??= function withResolvers() {
  let resolve;
  let reject;
  const promise = new this((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
};
// The SDK logs two lines per invocation at its default level (INFO): console I/O that would be
// charged to Restate. Read when the module loads, hence the dynamic import.
process.env.RESTATE_LOGGING ??= 'ERROR';
const restate = await import('@restatedev/restate-sdk');

export function binaryPath() {
  return require.resolve(`@restatedev/restate-server-${process.platform}-${process.arch}/bin/restate-server`);
}

export async function setup({ concurrency }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'restate-bench-durable-'));
  const [ingressPort, adminPort, fabricPort, endpointPort] = [
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
        // No network here anyway; telemetry only, durability untouched.
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
  const endpoint = http2.createServer(restate.createEndpointHandler({ services: [workflow] }));
  await new Promise((resolve) => endpoint.listen(endpointPort, '127.0.0.1', resolve));

  const http = httpClient(concurrency + 4);
  const admin = `http://127.0.0.1:${adminPort}`;
  const ingress = `http://127.0.0.1:${ingressPort}`;
  try {
    await waitFor('restate admin API', async () => (await http.request('GET', `${admin}/health`)).status === 200);
    await waitFor(
      'restate ingress',
      async () => (await http.request('GET', `${ingress}/restate/health`)).status === 200,
    );
    const registered = await http.request('POST', `${admin}/deployments`, { uri: `http://127.0.0.1:${endpointPort}` });
    if (registered.status !== 201 && registered.status !== 200)
      throw new Error(`registering the SDK endpoint: ${registered.status} ${JSON.stringify(registered.body)}`);
    // The ingress learns about new deployments asynchronously: wait until a probe goes through.
    let probe = 0;
    await waitFor(
      'BenchWorkflow at the ingress',
      async () =>
        (await http.request('POST', `${ingress}/BenchWorkflow/probe-${probe++}/run`, { id: -1 })).status === 200,
    );
  } catch (e) {
    closing = true;
    server.kill('SIGKILL');
    endpoint.close();
    throw e;
  }

  return {
    async runOne(id) {
      const res = await http.request('POST', `${ingress}/BenchWorkflow/wf-${id}/run`, { id });
      const at = now();
      if (res.status !== 200) throw new Error(`wf-${id}: HTTP ${res.status} ${JSON.stringify(res.body)}`);
      checkOutput(res.body, id);
      return at;
    },
    async verify(expected) {
      const res = await http.request(
        'POST',
        `${admin}/query`,
        {
          query:
            "SELECT status, count(*) AS n FROM sys_invocation WHERE target_service_name = 'BenchWorkflow' AND target_handler_name = 'run' AND target_service_key LIKE 'wf-%' GROUP BY status",
        },
        { accept: 'application/json' },
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
