#!/usr/bin/env node
// Durable workflows: Baton (Standard, SQLite) against Restate and DBOS Transact, in the same run,
// on the same workload: a workflow of three sequential in-process steps, N executions with at
// most C in flight (closed loop: a slot is freed when its workflow has finished). Each system
// keeps every acknowledged step durable (fsync before acknowledging). Baton Express (memory,
// no durability) is reported separately. The ratio is the result.
//
//   npm run bench:durable                      (builds first)
//   node bench/durable/run.mjs [--n 3000] [--concurrency 64] [--warmup 300]
//       [--only baton,express,restate,dbos] [--rounds 5] [--dbos-pool 10] [--sdk-client raw|inline|worker]
//
// Baton is driven with the minimal keep-alive HTTP client that drives Restate's ingress, posting
// the AWS JSON protocol requests the SDK would send (`--sdk-client raw`, the default), so both
// servers pay the same client. `--sdk-client inline` uses the official AWS SDK client from
// Baton's own event loop instead, charging its CPU (middleware, SigV4) to Baton; `worker` moves
// that client to a worker thread (on the same two cores).
//
// Each system runs in its own fresh Node process (the same script with --system) with a fresh
// store, one after the other, with the same warm-up (excluded from the figures). The machine is
// shared, so the systems take turns for --rounds rounds (baton, express, restate, dbos, baton, …)
// and each figure is the median over the rounds; the throughput range shows the spread. The
// table goes to stdout and to bench/durable/results/latest.md.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drive, median, summarize } from '../lib/measure.mjs';
import { commandLine, compareSystems, markdownTable, packageVersion, runAsSystem, runSystem } from '../lib/rounds.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const SYSTEMS = ['baton', 'express', 'restate', 'dbos'];
const LABELS = {
  baton: 'Baton Standard (SQLite, synchronous=FULL)',
  express: 'Baton Express (memory, not durable)',
  restate: 'Restate (default durability)',
  dbos: 'DBOS Transact (PostgreSQL, fsync)',
};

const opt = {
  n: 3000,
  concurrency: 64,
  warmup: undefined,
  rounds: 5,
  only: SYSTEMS,
  system: undefined,
  dbosPool: undefined,
  sdkClient: 'raw',
};
const cli = commandLine(
  `node bench/durable/run.mjs [--n 3000] [--concurrency 64] [--warmup 300] [--only ${SYSTEMS.join(',')}] [--rounds 5] [--dbos-pool N] [--sdk-client raw|inline|worker]`,
);
cli.parse(process.argv.slice(2), {
  '--n': (v, arg) => (opt.n = cli.positive(v, arg)),
  '--concurrency': (v, arg) => (opt.concurrency = cli.positive(v, arg)),
  '--warmup': (v) => (opt.warmup = Number(v)),
  '--sdk-client': (v) => {
    opt.sdkClient = v;
    if (!['inline', 'worker', 'raw'].includes(v)) cli.fail('--sdk-client is inline, worker or raw');
  },
  '--rounds': (v, arg) => (opt.rounds = cli.positive(v, arg)),
  '--dbos-pool': (v, arg) => (opt.dbosPool = cli.positive(v, arg)),
  '--only': (v) => (opt.only = cli.systems(v, SYSTEMS)),
  '--system': (v) => (opt.system = v),
});
opt.warmup ??= Math.min(300, Math.ceil(opt.n / 10));

if (opt.system) await child(opt.system);
else await parent();

// ---------------------------------------------------------------- one system, in its own process
async function child(system) {
  const settings = { concurrency: opt.concurrency };
  let info;
  let load;
  if (system === 'baton' || system === 'express') {
    info = { version: packageVersion('packages/baton') };
    const mod = await import('./systems/baton.mjs');
    load = () => mod.setup({ ...settings, express: system === 'express', sdkClient: opt.sdkClient });
  } else if (system === 'restate') {
    info = {
      version: packageVersion('node_modules/@restatedev/restate-server'),
      sdk: packageVersion('node_modules/@restatedev/restate-sdk'),
    };
    const mod = await import('./systems/restate.mjs');
    load = () => mod.setup(settings);
  } else if (system === 'dbos') {
    info = { version: packageVersion('node_modules/@dbos-inc/dbos-sdk') };
    const mod = await import('./systems/dbos.mjs');
    load = () => mod.setup({ ...settings, poolSize: opt.dbosPool });
  } else throw new Error(`unknown system ${system}`);
  await runAsSystem(load, async (sut) => {
    if (sut.settings) info.postgres = sut.settings;
    // Warm-up: the same number of workflows, the same concurrency, for every system; ids after N.
    if (opt.warmup > 0) await drive(opt.warmup, opt.concurrency, opt.n, (i) => sut.runOne(i));
    const measured = summarize(await drive(opt.n, opt.concurrency, 0, (i) => sut.runOne(i)));
    const verified = await sut.verify(opt.n + opt.warmup);
    return { system, ...measured, verified, info };
  });
}

// ---------------------------------------------------------------- the run: every system, then the table
async function parent() {
  const batonDist = join(here, '../../packages/baton/dist/main.js');
  if (!existsSync(batonDist)) {
    console.error('packages/baton is not built: run `npm run build` first');
    process.exit(2);
  }
  const order = SYSTEMS.filter((s) => opt.only.includes(s));
  const client = { worker: 'AWS SDK client on a worker thread', inline: 'AWS SDK client on its event loop' }[
    opt.sdkClient
  ];
  if (client) {
    LABELS.baton += `, ${client}`;
    LABELS.express += `, ${client}`;
  }
  await compareSystems({
    name: 'durable',
    dir: join(here, 'results'),
    options: opt,
    workload: {
      run: `3 sequential in-process steps, N=${opt.n}, concurrency ${opt.concurrency}, warm-up ${opt.warmup} (excluded), ${opt.rounds} round(s)`,
      results: `N=${opt.n}, concurrency ${opt.concurrency}, warm-up ${opt.warmup} per system and round (excluded), median of ${opt.rounds} round(s)`,
    },
    order,
    rounds: opt.rounds,
    labels: LABELS,
    run: runChild,
    describe: (r) =>
      `${Math.round(r.perSecond)} workflows/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.verified})`,
    aggregate,
    render: (results) => render(order, results),
    notes: (results) =>
      Object.entries(results)
        .filter(([, r]) => r.info)
        .map(([s, r]) => `- ${LABELS[s]}: ${JSON.stringify(r.info)}`)
        .join('\n'),
  });
}

function aggregate(list) {
  return {
    perSecond: median(list.map((r) => r.perSecond)),
    minPerSecond: Math.min(...list.map((r) => r.perSecond)),
    maxPerSecond: Math.max(...list.map((r) => r.perSecond)),
    p50: median(list.map((r) => r.p50)),
    p99: median(list.map((r) => r.p99)),
    rounds: list.length,
    verified: list[list.length - 1].verified,
    info: list[list.length - 1].info,
  };
}

function runChild(system) {
  const args = ['--n', String(opt.n), '--concurrency', String(opt.concurrency), '--warmup', String(opt.warmup)];
  if (opt.dbosPool) args.push('--dbos-pool', String(opt.dbosPool));
  args.push('--sdk-client', opt.sdkClient);
  return runSystem(fileURLToPath(import.meta.url), system, args);
}

function render(order, results) {
  const durable = ['restate', 'dbos'].filter((s) => results[s] && !results[s].error);
  const baton = results.baton && !results.baton.error ? results.baton : undefined;
  const rows = [
    ['system', 'workflows/s', 'range (rounds)', 'p50 ms', 'p99 ms', 'Baton/peer throughput', 'peer/Baton p99'],
  ];
  for (const s of order) {
    const r = results[s];
    if (r.error) {
      rows.push([LABELS[s], 'failed', '', '', '', '', '']);
      continue;
    }
    const ratio = baton && s !== 'baton' && s !== 'express' ? `${(baton.perSecond / r.perSecond).toFixed(2)}x` : '';
    const p99 = baton && s !== 'baton' && s !== 'express' ? `${(r.p99 / baton.p99).toFixed(2)}x` : '';
    const f = (x) => Math.round(x).toLocaleString('en-US');
    const range = `${f(r.minPerSecond)}–${f(r.maxPerSecond)} (${r.rounds})`;
    rows.push([LABELS[s], f(r.perSecond), range, r.p50.toFixed(1), r.p99.toFixed(1), ratio, p99]);
  }
  const lines = markdownTable(rows);
  if (baton && durable.length > 0) {
    const best = durable.reduce((a, b) => (results[a].perSecond >= results[b].perSecond ? a : b));
    const x = baton.perSecond / results[best].perSecond;
    const bestRounds = baton.maxPerSecond / results[best].maxPerSecond;
    lines.push(
      '',
      `Goal (Baton ≥ 5× the better durable peer's throughput, with a lower p99): ${x.toFixed(2)}× ${LABELS[best]}, p99 ${baton.p99.toFixed(1)} vs ${results[best].p99.toFixed(1)} ms — ${x >= 5 && baton.p99 < results[best].p99 ? 'met' : 'not met'}. Best round against best round (other load only slows a run down): ${bestRounds.toFixed(2)}×.`,
    );
  }
  return lines.join('\n');
}
