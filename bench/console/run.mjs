// Console list benchmark: the issue's bar is "listing executions and history with 100,000
// executions stored answers in under 100 ms per page on this machine". A fresh store is filled
// with N executions through the store port (fill.mjs), then a Baton server is started on it as its
// own process (`baton start`) and the pages the console asks for are timed through the HTTP API
// (the Step Functions JSON protocol, unsigned, one request at a time, as the console sends them):
//
//   - ListExecutions, first page (repeated), every page through nextToken (deep pages), and the
//     same with a status filter (FAILED ~9.5%, ABORTED ~0.5%);
//   - GetExecutionHistory, every page of a 300-transition history and of a one-transition
//     history of ~8,000 events, with includeExecutionData.
//
// Peer, in the same run: the same store contents on PostgreSQL (127.0.0.1:5432, database `test`,
// a fresh schema dropped afterwards), the same server, the same requests.
//
//   npm run bench:console        node bench/console/run.mjs --executions 100000 --page 100 --repeat 200 --peer postgres
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPostgresStore } from '../../packages/baton/dist/store/postgres/index.js';
import { openSqliteStore } from '../../packages/baton/dist/store/sqlite/index.js';
import { freePort, httpClient } from '../lib/http.mjs';
import { percentile } from '../lib/measure.mjs';
import { fillStore } from './fill.mjs';

const option = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const EXECUTIONS = Number(option('executions', 100_000));
const PAGE = Number(option('page', 100));
const REPEAT = Number(option('repeat', 200));
const PEER = option('peer', 'postgres');
const POSTGRES_URL = process.env.BATON_BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const BAR_MS = 100;

const bin = new URL('../../packages/baton/bin/baton.js', import.meta.url).pathname;

async function startServer(args) {
  const port = await freePort();
  const child = spawn(process.execPath, [bin, 'start', '--port', String(port), '--log-level', 'error', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise((ready, fail) => {
    child.stdout.on('data', (chunk) => chunk.toString().includes('listening') && ready());
    child.once('exit', (code) => fail(new Error(`baton exited with ${code}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () =>
      new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** One Step Functions call, timed; throws on an error answer. */
function sfnCaller(url) {
  const http = httpClient(1);
  const call = async (operation, input) => {
    const t0 = performance.now();
    const { status, body } = await http.request('POST', `${url}/`, input, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AWSStepFunctions.${operation}`,
    });
    const ms = performance.now() - t0;
    if (status !== 200) throw new Error(`${operation} answered ${status}: ${JSON.stringify(body)}`);
    return { body, ms };
  };
  return { call, close: http.close };
}

const stats = (ms) => {
  const sorted = [...ms].sort((a, b) => a - b);
  return { pages: ms.length, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) };
};

/** Every page of a paginated call; `items` counts what the pages returned. */
async function walk(call, operation, input, member) {
  const ms = [];
  let items = 0;
  let nextToken;
  do {
    const out = await call(operation, { ...input, ...(nextToken ? { nextToken } : {}) });
    ms.push(out.ms);
    items += out.body[member]?.length ?? 0;
    nextToken = out.body.nextToken;
  } while (nextToken);
  return { ms, items };
}

async function measure(url, filled) {
  const { call, close } = sfnCaller(url);
  const results = [];
  const add = (name, ms, note = '') => results.push({ name, ...stats(ms), note });
  try {
    const list = { stateMachineArn: filled.orders, maxResults: PAGE };
    // Warm-up: the first requests pay for connections, JIT and the page cache.
    for (let i = 0; i < 20; i++) await call('ListExecutions', list);

    const first = [];
    for (let i = 0; i < REPEAT; i++) first.push((await call('ListExecutions', list)).ms);
    add('ListExecutions, first page', first, `${REPEAT} times`);

    const all = await walk(call, 'ListExecutions', list, 'executions');
    if (all.items !== EXECUTIONS) throw new Error(`listed ${all.items} of ${EXECUTIONS} executions`);
    add('ListExecutions, every page (nextToken)', all.ms, `${all.items.toLocaleString()} executions`);
    const deep = all.ms.slice(Math.floor(all.ms.length * 0.9));
    add(
      'ListExecutions, deepest 10% of pages',
      deep,
      `beyond execution ${Math.floor(EXECUTIONS * 0.9).toLocaleString()}`,
    );

    for (const status of ['FAILED', 'ABORTED']) {
      const filtered = await walk(call, 'ListExecutions', { ...list, statusFilter: status }, 'executions');
      if (filtered.items !== (filled.statuses[status] ?? 0)) {
        throw new Error(`listed ${filtered.items} ${status} executions of ${filled.statuses[status]}`);
      }
      add(
        `ListExecutions, statusFilter ${status}, every page`,
        filtered.ms,
        `${filtered.items.toLocaleString()} executions`,
      );
    }

    for (const [label, long] of [
      ['a 300-transition history', filled.longTasks],
      ['a one-transition history', filled.longInline],
    ]) {
      for (const maxResults of [PAGE, 1000]) {
        const input = { executionArn: long.arn, maxResults, includeExecutionData: true };
        await call('GetExecutionHistory', input);
        const history = await walk(call, 'GetExecutionHistory', input, 'events');
        if (history.items !== long.events) throw new Error(`read ${history.items} of ${long.events} events`);
        add(
          `GetExecutionHistory of ${label}, ${maxResults} per page`,
          history.ms,
          `${long.events.toLocaleString()} events`,
        );
      }
    }
  } finally {
    close();
  }
  return results;
}

async function run(system, open, serverArgs) {
  const started = performance.now();
  const store = await open();
  let filled;
  try {
    filled = await fillStore(store, {
      count: EXECUTIONS,
      onProgress: (n) => n % 20_000 === 0 && console.error(`  ${system}: ${n.toLocaleString()} executions written`),
    });
  } finally {
    await store.close();
  }
  const fillSeconds = (performance.now() - started) / 1000;
  console.error(
    `  ${system}: filled in ${fillSeconds.toFixed(1)} s (${filled.longTasks.events} + ${filled.longInline.events} events in the long histories)`,
  );
  const server = await startServer(serverArgs);
  try {
    return { system, fillSeconds, filled, results: await measure(server.url, filled) };
  } finally {
    await server.stop();
  }
}

const ms = (x) => x.toFixed(1);

function report(runs) {
  const [baton, ...peers] = runs;
  console.log(
    `\nConsole list pages, ${EXECUTIONS.toLocaleString()} executions stored, ${PAGE} per page (maxResults) unless noted;`,
  );
  console.log(
    `node ${process.version}, one request at a time over keep-alive HTTP/1.1 to \`baton start\` in its own process;`,
  );
  console.log(`load average ${LOAD_AT_START} at start, ${loadavg()[0].toFixed(1)} at the end.\n`);
  const header = [
    'page',
    ...runs.flatMap((r) => [`${r.system} p50 ms`, `${r.system} p99 ms`]),
    'pages',
    `${baton.system} p99 < ${BAR_MS} ms`,
  ];
  console.log(`| ${header.join(' | ')} |`);
  console.log(`| ${header.map((_, i) => (i === 0 ? '---' : '---:')).join(' | ')} |`);
  baton.results.forEach((row, i) => {
    const cells = runs.flatMap((r) => [ms(r.results[i].p50), ms(r.results[i].p99)]);
    console.log(
      `| ${row.name} (${row.note}) | ${cells.join(' | ')} | ${row.pages} | ${row.p99 < BAR_MS ? 'yes' : '**no**'} |`,
    );
  });
  for (const r of runs)
    console.log(
      `\n${r.system}: store filled in ${r.fillSeconds.toFixed(1)} s; statuses ${JSON.stringify(r.filled.statuses)}.`,
    );
  if (peers.length === 0)
    console.log('\n(no peer: run with --peer postgres and a PostgreSQL at BATON_BENCH_POSTGRES_URL)');
}

const LOAD_AT_START = loadavg()[0].toFixed(1);
const runs = [];
const dir = mkdtempSync(join(tmpdir(), 'baton-bench-console-'));
try {
  runs.push(
    await run('SQLite', () => openSqliteStore({ path: join(dir, 'baton.db'), synchronous: 'NORMAL' }), [
      '--data-dir',
      dir,
    ]),
  );
  if (PEER === 'postgres') {
    const schema = `bench_console_${process.pid}`;
    try {
      runs.push(
        await run('PostgreSQL', () => openPostgresStore({ url: POSTGRES_URL, schema }), [
          '--data-dir',
          join(dir, 'pg'),
          '--database',
          `${POSTGRES_URL}?schema=${schema}`,
        ]),
      );
    } finally {
      const { default: pg } = await import('pg');
      const client = new pg.Client({ connectionString: POSTGRES_URL });
      await client.connect();
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await client.end();
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
report(runs);
