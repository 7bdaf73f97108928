#!/usr/bin/env node
// Task dispatch to workers: Baton against Restate and DBOS Transact, in the same run, on the same
// workload: a durable workflow of K sequential tasks with a trivial body (task.mjs), N workflows
// with at most --in-flight running (closed loop: a slot is freed when its workflow has finished).
//
//   baton      Baton Standard (SQLite), the tasks are activity Task states served by --workers
//              processes running @baton/sdk createWorker with --concurrency pollers each
//   functions  Baton Standard (SQLite), the same workflow on an in-process function (Lambda ARN)
//   restate    Restate: a workflow calling a service handler K times; the service is served by
//              --workers processes (one HTTP/2 endpoint behind node:cluster), which Restate invokes
//   dbos       DBOS Transact: a workflow enqueueing each task as a child workflow on a DBOS queue,
//              dequeued by --workers processes (listenQueues, workerConcurrency --concurrency)
//
//   npm run bench:workers                      (builds first)
//   node bench/workers/run.mjs [--n 1000] [--k 3] [--in-flight 32] [--workers 2] [--concurrency 16]
//       [--warmup 100] [--rounds 5] [--only baton,functions,restate,dbos] [--dbos-poll-ms 20]
//
// Measured for every task, at the same points in every system: the handler's start and end, taken
// in the process that runs it (wall clock, comparable across processes) and carried back in the
// workflow's output. Dispatch latency: from the moment a task is due (its predecessor's handler
// returned; for the first task, the start request was sent) to its handler starting. End to end:
// from the start request to the finished workflow being durably recorded; per task, that / K.
// Each system runs in its own fresh process (the same script with --system) with a fresh store,
// the systems take turns for --rounds rounds, and each figure is the median over the rounds. The
// table goes to stdout and to bench/workers/results/latest.md.
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drive, median, now, percentile } from '../lib/measure.mjs';
import { commandLine, compareSystems, markdownTable, packageVersion, runAsSystem, runSystem } from '../lib/rounds.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SYSTEMS = ['baton', 'functions', 'restate', 'dbos'];
const PEERS = ['restate', 'dbos'];

const opt = {
  n: 1000,
  k: 3,
  inFlight: 32,
  workers: 2,
  concurrency: 16,
  warmup: undefined,
  rounds: 5,
  only: SYSTEMS,
  dbosPollMs: 20,
  system: undefined,
};
const cli = commandLine(
  `node bench/workers/run.mjs [--n 1000] [--k 3] [--in-flight 32] [--workers 2] [--concurrency 16] [--warmup 100] [--rounds 5] [--only ${SYSTEMS.join(',')}] [--dbos-poll-ms 20]`,
);
cli.parse(process.argv.slice(2), {
  '--n': (v, arg) => (opt.n = cli.positive(v, arg)),
  '--k': (v, arg) => (opt.k = cli.positive(v, arg)),
  '--in-flight': (v, arg) => (opt.inFlight = cli.positive(v, arg)),
  '--workers': (v, arg) => (opt.workers = cli.positive(v, arg)),
  '--concurrency': (v, arg) => (opt.concurrency = cli.positive(v, arg)),
  '--warmup': (v) => (opt.warmup = Number(v)),
  '--rounds': (v, arg) => (opt.rounds = cli.positive(v, arg)),
  '--dbos-poll-ms': (v) => (opt.dbosPollMs = Number(v)),
  '--only': (v) => (opt.only = cli.systems(v, SYSTEMS)),
  '--system': (v) => (opt.system = v),
});
opt.warmup ??= Math.min(300, Math.ceil(opt.n / 10));
if (opt.k > 15) cli.fail('--k is at most 15');

const processes = `${opt.workers} process${opt.workers === 1 ? '' : 'es'}`;
const LABELS = {
  baton: `Baton, activity workers (${opt.workers} × @baton/sdk, ${opt.concurrency} pollers each)`,
  functions: 'Baton, in-process functions',
  restate: `Restate, service handlers (${processes})`,
  dbos: `DBOS Transact, queue workers (${processes}, ${opt.concurrency} each)`,
};

if (opt.system) await child(opt.system);
else await parent();

// ---------------------------------------------------------------- one system, in its own process
async function child(system) {
  const { checkOutput } = await import('./task.mjs');
  const { cpuMs } = await import('./systems/cpu.mjs');
  const settings = {
    concurrency: opt.inFlight,
    workers: opt.workers,
    workerConcurrency: opt.concurrency,
    k: opt.k,
    pollMs: opt.dbosPollMs,
  };
  const setup = async () => {
    if (system === 'baton' || system === 'functions') {
      const mod = await import('./systems/baton.mjs');
      return mod.setup({ ...settings, mode: system === 'baton' ? 'activities' : 'functions' });
    }
    if (system === 'restate') return (await import('./systems/restate.mjs')).setup(settings);
    if (system === 'dbos') return (await import('./systems/dbos.mjs')).setup(settings);
    throw new Error(`unknown system ${system}`);
  };
  await runAsSystem(setup, async (sut) => {
    // Each workflow's timings, by index: t0 (start request sent), output times, commit times.
    let records;
    const runOne = (offset) => async (i) => {
      const t0 = now();
      const r = await sut.runOne(offset + i);
      const { starts, ends } = checkOutput(r.output, offset + i, opt.k);
      if (records) records[i] = { t0, at: r.at, starts, ends, scheduled: r.scheduled, started: r.started };
      return r.at;
    };
    if (opt.warmup > 0) await drive(opt.warmup, opt.inFlight, 0, runOne(opt.n));
    records = new Array(opt.n);
    // CPU time over the measured run: this process, and the others by role (per pid, so a
    // PostgreSQL backend the pool opens during the run counts from zero).
    const before = new Map();
    for (const pids of Object.values(await sut.cpuGroups())) for (const pid of pids) before.set(pid, cpuMs(pid) ?? 0);
    const self0 = process.cpuUsage();
    const load0 = loadavg()[0];
    const run = await drive(opt.n, opt.inFlight, 0, runOne(0));
    const self = process.cpuUsage(self0);
    const cpu = { orchestrator: (self.user + self.system) / 1000 };
    for (const [role, pids] of Object.entries(await sut.cpuGroups()))
      cpu[role] = pids.reduce((sum, pid) => sum + Math.max(0, (cpuMs(pid) ?? 0) - (before.get(pid) ?? 0)), 0);
    const verified = await sut.verify(opt.n + opt.warmup);
    const ran = await sut.stopWorkers();
    const expectedTasks = (opt.n + opt.warmup) * opt.k;
    if (ran.unique !== expectedTasks)
      throw new Error(`the handlers ran ${ran.unique} distinct tasks, expected ${expectedTasks}`);
    return {
      system,
      ...measure(run, records),
      cpuMsPerTask: mapValues(cpu, (ms) => ms / (opt.n * opt.k)),
      ran,
      verified,
      load: [load0, loadavg()[0]],
      ...(sut.settings ? { postgres: sut.settings } : {}),
    };
  });
}

function mapValues(o, f) {
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, f(v)]));
}

/** Throughput and latencies of one measured run, from the drive and the workflows' timings. */
function measure({ latencies, seconds }, records) {
  const dispatch = [];
  const first = [];
  const next = [];
  // Baton only: due → scheduling committed, and scheduling committed → handler started.
  const toScheduled = [];
  const toHandler = [];
  const startedToHandler = [];
  for (const r of records) {
    for (let k = 0; k < r.starts.length; k++) {
      const due = k === 0 ? r.t0 : r.ends[k - 1];
      const d = r.starts[k] - due;
      dispatch.push(d);
      (k === 0 ? first : next).push(d);
      if (r.scheduled?.length === r.starts.length) {
        toScheduled.push(r.scheduled[k] - due);
        toHandler.push(r.starts[k] - r.scheduled[k]);
      }
      if (r.started?.length === r.starts.length) startedToHandler.push(r.starts[k] - r.started[k]);
    }
  }
  const e2e = sorted(latencies);
  const q = (xs, p) => percentile(sorted(xs), p);
  return {
    workflows: records.length,
    seconds,
    tasksPerSecond: (records.length * opt.k) / seconds,
    dispatchP50: q(dispatch, 50),
    dispatchP99: q(dispatch, 99),
    firstP50: q(first, 50),
    nextP50: q(next, 50),
    e2eP50: percentile(e2e, 50),
    e2eP99: percentile(e2e, 99),
    ...(toScheduled.length
      ? { toScheduledP50: q(toScheduled, 50), toHandlerP50: q(toHandler, 50), toHandlerP99: q(toHandler, 99) }
      : {}),
    ...(startedToHandler.length ? { startedToHandlerP50: q(startedToHandler, 50) } : {}),
  };
}

function sorted(xs) {
  return Float64Array.from(xs).sort();
}

// ---------------------------------------------------------------- the run: every system, then the table
async function parent() {
  if (
    !existsSync(join(here, '../../packages/baton/dist/main.js')) ||
    !existsSync(join(here, '../../packages/sdk/dist/index.js'))
  ) {
    console.error('packages/baton or packages/sdk is not built: run `npm run build` first');
    process.exit(2);
  }
  const order = SYSTEMS.filter((s) => opt.only.includes(s));
  const workload = `K=${opt.k} sequential tasks per workflow, N=${opt.n} workflows (${opt.n * opt.k} tasks), ${opt.inFlight} in flight, ${opt.workers} worker processes × ${opt.concurrency}, warm-up ${opt.warmup} workflows (excluded), ${opt.rounds} round(s)`;
  await compareSystems({
    name: 'workers',
    dir: join(here, 'results'),
    options: opt,
    workload: { run: workload, results: `${workload}; median of the rounds` },
    order,
    rounds: opt.rounds,
    labels: LABELS,
    run: runChild,
    describe: (r) =>
      `${Math.round(r.tasksPerSecond)} tasks/s, dispatch p50 ${r.dispatchP50.toFixed(1)} p99 ${r.dispatchP99.toFixed(1)} ms, workflow p50 ${r.e2eP50.toFixed(1)} ms (load ${r.load.map((l) => l.toFixed(1)).join('→')})`,
    aggregate,
    render: (results) => render(order, results),
    notes: (results) => `Checks (last round):\n\n${checks(order, results)}\n\nVersions:\n\n${versions(results)}`,
  });
}

/** What each system's last round checked: the system's own records and the handlers' runs. */
function checks(order, results) {
  return order
    .filter((s) => !results[s].error)
    .map(
      (s) =>
        `- ${LABELS[s]}: ${results[s].verified}; handlers ran ${results[s].ran.unique} distinct tasks (${results[s].ran.perWorker.join(' + ')} per process), ${results[s].ran.duplicates} duplicates`,
    )
    .join('\n');
}

function versions(results) {
  return [
    `- Baton ${packageVersion('packages/baton')}, @baton/sdk ${packageVersion('packages/sdk')}, @aws-sdk/client-sfn ${packageVersion('node_modules/@aws-sdk/client-sfn')}`,
    `- restate-server ${packageVersion('node_modules/@restatedev/restate-server')}, @restatedev/restate-sdk ${packageVersion('node_modules/@restatedev/restate-sdk')}`,
    `- @dbos-inc/dbos-sdk ${packageVersion('node_modules/@dbos-inc/dbos-sdk')}, PostgreSQL ${results.dbos?.postgres ? JSON.stringify(results.dbos.postgres) : '(not run)'}; queue and getResult polling every ${opt.dbosPollMs || 1000} ms`,
  ].join('\n');
}

function aggregate(list) {
  const numeric = Object.keys(list[0]).filter((key) => typeof list[0][key] === 'number');
  const out = Object.fromEntries(numeric.map((key) => [key, median(list.map((r) => r[key]))]));
  out.minTasksPerSecond = Math.min(...list.map((r) => r.tasksPerSecond));
  out.maxTasksPerSecond = Math.max(...list.map((r) => r.tasksPerSecond));
  out.cpuMsPerTask = {};
  for (const role of Object.keys(list[0].cpuMsPerTask))
    out.cpuMsPerTask[role] = median(list.map((r) => r.cpuMsPerTask[role]));
  out.rounds = list.length;
  const last = list[list.length - 1];
  Object.assign(out, { verified: last.verified, ran: last.ran, postgres: last.postgres });
  return out;
}

function runChild(system) {
  const args = ['--n', String(opt.n), '--k', String(opt.k), '--in-flight', String(opt.inFlight)];
  args.push('--workers', String(opt.workers), '--concurrency', String(opt.concurrency));
  args.push('--warmup', String(opt.warmup), '--dbos-poll-ms', String(opt.dbosPollMs));
  return runSystem(fileURLToPath(import.meta.url), system, args);
}

function render(order, results) {
  const f0 = (x) => Math.round(x).toLocaleString('en-US');
  const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '');
  const rows = [
    [
      'system',
      'tasks/s',
      'range (rounds)',
      'dispatch p50 ms',
      'dispatch p99 ms',
      'workflow p50 ms',
      'workflow p99 ms',
      'workflow p50 / K ms',
      'Baton workers / this (tasks/s)',
      'this / Baton workers (dispatch p50)',
    ],
  ];
  const baton = results.baton && !results.baton.error ? results.baton : undefined;
  for (const s of order) {
    const r = results[s];
    if (r.error) {
      rows.push([LABELS[s], 'failed', '', '', '', '', '', '', '', '']);
      continue;
    }
    const ratio = baton && s !== 'baton' ? `${(baton.tasksPerSecond / r.tasksPerSecond).toFixed(2)}x` : '';
    const lat = baton && s !== 'baton' ? `${(r.dispatchP50 / baton.dispatchP50).toFixed(2)}x` : '';
    rows.push([
      LABELS[s],
      f0(r.tasksPerSecond),
      `${f0(r.minTasksPerSecond)}–${f0(r.maxTasksPerSecond)} (${r.rounds})`,
      f1(r.dispatchP50),
      f1(r.dispatchP99),
      f1(r.e2eP50),
      f1(r.e2eP99),
      f1(r.e2eP50 / opt.k),
      ratio,
      lat,
    ]);
  }
  const lines = markdownTable(rows);

  // Where the time and the CPU go, per system.
  const detail = [
    '',
    '| system | first task dispatch p50 ms | next tasks dispatch p50 ms | CPU ms per task, by process |',
    '| --- | ---: | ---: | --- |',
  ];
  for (const s of order) {
    const r = results[s];
    if (r.error) continue;
    const cpu = Object.entries(r.cpuMsPerTask)
      .map(([role, ms]) => `${role} ${ms.toFixed(2)}`)
      .join(', ');
    detail.push(`| ${LABELS[s]} | ${f1(r.firstP50)} | ${f1(r.nextP50)} | ${cpu} |`);
  }
  lines.push(...detail);
  for (const s of ['baton', 'functions']) {
    const r = results[s];
    if (!r || r.error || r.toScheduledP50 === undefined) continue;
    lines.push(
      '',
      `${LABELS[s]}, dispatch split at the commit that schedules the task (p50): due → scheduling committed ${f1(r.toScheduledP50)} ms, scheduling committed → handler started ${f1(r.toHandlerP50)} ms (p99 ${f1(r.toHandlerP99)})${s === 'baton' && r.startedToHandlerP50 !== undefined ? `; of which ActivityStarted committed → handler started ${f1(r.startedToHandlerP50)} ms` : ''}.`,
    );
  }
  const peers = PEERS.filter((s) => results[s] && !results[s].error);
  if (baton && peers.length > 0) {
    lines.push('');
    for (const s of peers) {
      const r = results[s];
      lines.push(
        `Baton activity workers vs ${LABELS[s]}: ${(baton.tasksPerSecond / r.tasksPerSecond).toFixed(2)}× the tasks/s, dispatch p50 ${f1(baton.dispatchP50)} vs ${f1(r.dispatchP50)} ms, p99 ${f1(baton.dispatchP99)} vs ${f1(r.dispatchP99)} ms.`,
      );
    }
  }
  return lines.join('\n');
}
