// Restate as the benches run it: the restate-server binary (shipped inside the npm package
// @restatedev/restate-server-<platform>-<arch>) as a child process on free ports with a fresh base
// directory and its default configuration (durability included: the log server fsyncs its
// write-ahead log), and the TypeScript SDK serving this process's services over HTTP/2.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import http2 from 'node:http2';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, httpClient, waitFor } from './http.mjs';
import './with-resolvers.mjs';

const require = createRequire(import.meta.url);

// The SDK logs two lines per invocation at its default level (INFO): console I/O that would be
// charged to Restate. Read when the module loads, hence the dynamic import.
process.env.RESTATE_LOGGING ??= 'ERROR';
export const restate = await import('@restatedev/restate-sdk');

function binaryPath() {
  return require.resolve(`@restatedev/restate-server-${process.platform}-${process.arch}/bin/restate-server`);
}

/**
 * Starts restate-server and an HTTP/2 endpoint in this process serving `services`, registers the
 * `deployments` (ports of endpoints already listening: other processes' services) and then this
 * endpoint, and resolves once a run of workflow `probe.workflow` with `probe.input(n)` goes
 * through the ingress (it learns about new deployments asynchronously). `sockets`: the HTTP
 * client's connections to the ingress and admin API.
 */
export async function startRestate({ name, services, deployments = [], probe, sockets }) {
  const dataDir = mkdtempSync(join(tmpdir(), `restate-bench-${name}-`));
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

  const endpoint = http2.createServer(restate.createEndpointHandler({ services }));
  await new Promise((resolve) => endpoint.listen(endpointPort, '127.0.0.1', resolve));

  const http = httpClient(sockets);
  const admin = `http://127.0.0.1:${adminPort}`;
  const ingress = `http://127.0.0.1:${ingressPort}`;
  try {
    await waitFor('restate admin API', async () => (await http.request('GET', `${admin}/health`)).status === 200);
    await waitFor(
      'restate ingress',
      async () => (await http.request('GET', `${ingress}/restate/health`)).status === 200,
    );
    for (const port of [...deployments, endpointPort]) {
      const registered = await http.request('POST', `${admin}/deployments`, { uri: `http://127.0.0.1:${port}` });
      if (registered.status !== 201 && registered.status !== 200)
        throw new Error(`registering the endpoint on ${port}: ${registered.status} ${JSON.stringify(registered.body)}`);
    }
    let n = 0;
    await waitFor(
      `${probe.workflow} at the ingress`,
      async () =>
        (await http.request('POST', `${ingress}/${probe.workflow}/probe-${n}/run`, probe.input(n++))).status === 200,
    );
  } catch (e) {
    closing = true;
    server.kill('SIGKILL');
    endpoint.close();
    throw e;
  }

  return {
    http,
    ingress,
    pid: server.pid,
    /** Runs SQL on the server's introspection tables (sys_invocation, …) through the admin API. */
    query: (sql) => http.request('POST', `${admin}/query`, { query: sql }, { accept: 'application/json' }),
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
