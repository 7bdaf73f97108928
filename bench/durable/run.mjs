#!/usr/bin/env node
// Durable workflows: Baton (Standard, SQLite) against Restate and DBOS Transact, in the same run,
// on the same workload: a workflow of three sequential in-process steps, N executions with at
// most C in flight (closed loop: a slot is freed when its workflow has finished). Each system
// keeps every acknowledged step durable (fsync before acknowledging). Baton Express (memory,
// no durability) is reported separately. The ratio is the result.
//
//   npm run bench:durable                      (builds first)
//   node bench/durable/run.mjs [--n 3000] [--concurrency 64] [--warmup 300]
//       [--only baton,express,restate,dbos] [--rounds 5] [--dbos-pool 10] [--sdk-client inline|worker]
//
// Baton is driven through the official AWS SDK client from its own event loop (inline), so the
// client's CPU is charged to Baton; `--sdk-client worker` moves that client to a worker thread
// (on the same two cores) to show what it costs.
//
// Each system runs in its own fresh Node process (the same script with --system) with a fresh
// store, one after the other, with the same warm-up (excluded from the figures). The machine is
// shared, so the systems take turns for --rounds rounds (baton, express, restate, dbos, baton, …)
// and each figure is the median over the rounds; the throughput range shows the spread. The
// table goes to stdout and to bench/durable/results/latest.md.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  sdkClient: 'inline',
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = () => {
    const v = argv[++i];
    if (v === undefined) usage(`${argv[i - 1]} needs a value`);
    return v;
  };
  const arg = argv[i];
  if (arg === '--n') opt.n = positive(value(), arg);
  else if (arg === '--concurrency') opt.concurrency = positive(value(), arg);
  else if (arg === '--warmup') opt.warmup = Number(value());
  else if (arg === '--sdk-client') {
    opt.sdkClient = value();
    if (opt.sdkClient !== 'inline' && opt.sdkClient !== 'worker') usage('--sdk-client is inline or worker');
  } else if (arg === '--rounds') opt.rounds = positive(value(), arg);
  else if (arg === '--dbos-pool') opt.dbosPool = positive(value(), arg);
  else if (arg === '--only') {
    opt.only = value()
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    for (const s of opt.only) if (!SYSTEMS.includes(s)) usage(`unknown system ${s} (one of ${SYSTEMS.join(', ')})`);
  } else if (arg === '--system') opt.system = value();
  else usage(`unknown argument ${arg}`);
}
opt.warmup ??= Math.min(300, Math.ceil(opt.n / 10));

function positive(v, name) {
  const n = Number(v);
  if (!Number.isInteger(n) || n <= 0) usage(`${name} must be a positive integer`);
  return n;
}

function usage(message) {
  console.error(
    `${message}\nusage: node bench/durable/run.mjs [--n 3000] [--concurrency 64] [--warmup 300] [--only ${SYSTEMS.join(',')}] [--rounds 5] [--dbos-pool N] [--sdk-client inline|worker]`,
  );
  process.exit(2);
}

if (opt.system) await child(opt.system);
else await parent();

// ---------------------------------------------------------------- one system, in its own process
async function child(system) {
  // Stop with the parent (and clean up through the systems' exit hooks) if it goes away.
  process.on('disconnect', () => process.exit(1));
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(1));
  const { drive, summarize } = await import('./lib.mjs');
  const settings = { concurrency: opt.concurrency };
  let info;
  let load;
  if (system === 'baton' || system === 'express') {
    info = { version: JSON.parse(readFileSync(join(here, '../../packages/baton/package.json'), 'utf8')).version };
    const mod = await import('./systems/baton.mjs');
    load = () => mod.setup({ ...settings, express: system === 'express', sdkClient: opt.sdkClient });
  } else if (system === 'restate') {
    info = { version: pkgVersion('@restatedev/restate-server'), sdk: pkgVersion('@restatedev/restate-sdk') };
    const mod = await import('./systems/restate.mjs');
    load = () => mod.setup(settings);
  } else if (system === 'dbos') {
    info = { version: pkgVersion('@dbos-inc/dbos-sdk') };
    const mod = await import('./systems/dbos.mjs');
    load = () => mod.setup({ ...settings, poolSize: opt.dbosPool });
  } else throw new Error(`unknown system ${system}`);
  const sut = await load();
  if (sut.settings) info.postgres = sut.settings;
  try {
    // Warm-up: the same number of workflows, the same concurrency, for every system; ids after N.
    if (opt.warmup > 0) await drive(opt.warmup, opt.concurrency, opt.n, (i) => sut.runOne(i));
    const measured = summarize(await drive(opt.n, opt.concurrency, 0, (i) => sut.runOne(i)));
    const verified = await sut.verify(opt.n + opt.warmup);
    const result = { system, ...measured, verified, info };
    if (process.send) await new Promise((resolve) => process.send(result, resolve));
    else console.log(JSON.stringify(result, null, 2));
  } finally {
    await sut.close();
  }
  // Libraries may leave handles (pools, timers) behind; the result has been sent.
  process.exit(0);
}

function pkgVersion(name) {
  const path = join(here, '../../node_modules', name, 'package.json');
  return existsSync(path) ? JSON.parse(readFileSync(path, 'utf8')).version : 'unknown';
}

// ---------------------------------------------------------------- the run: every system, then the table
async function parent() {
  const batonDist = join(here, '../../packages/baton/dist/main.js');
  if (!existsSync(batonDist)) {
    console.error('packages/baton is not built: run `npm run build` first');
    process.exit(2);
  }
  const order = SYSTEMS.filter((s) => opt.only.includes(s));
  if (opt.sdkClient === 'worker') {
    LABELS.baton += ', SDK client on a worker thread';
    LABELS.express += ', SDK client on a worker thread';
  }
  let environment = `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model?.trim() ?? 'unknown'}), load average ${loadavg()[0].toFixed(2)} at start`;
  console.log(
    `bench:durable — 3 sequential in-process steps, N=${opt.n}, concurrency ${opt.concurrency}, warm-up ${opt.warmup} (excluded), ${opt.rounds} round(s); ${environment}`,
  );
  const runs = Object.fromEntries(order.map((s) => [s, []]));
  const errors = {};
  for (let round = 1; round <= opt.rounds; round++) {
    for (const system of order) {
      if (errors[system]) continue;
      process.stdout.write(`  round ${round}: ${LABELS[system]} … `);
      try {
        const r = await runChild(system);
        runs[system].push(r);
        console.log(
          `${Math.round(r.perSecond)} workflows/s, p50 ${r.p50.toFixed(1)} ms, p99 ${r.p99.toFixed(1)} ms (${r.verified})`,
        );
      } catch (e) {
        errors[system] = e.message;
        console.log(`FAILED: ${e.message}`);
      }
    }
  }
  const results = Object.fromEntries(order.map((s) => [s, errors[s] ? { error: errors[s] } : aggregate(runs[s])]));
  environment += `, ${loadavg()[0].toFixed(2)} at the end`;
  const table = render(order, results);
  console.log(`\n${table}`);
  const out = join(here, 'results');
  mkdirSync(out, { recursive: true });
  const header = `# bench:durable — ${new Date().toISOString()}\n\n\`${['node bench/durable/run.mjs', ...process.argv.slice(2)].join(' ')}\`\n\nN=${opt.n}, concurrency ${opt.concurrency}, warm-up ${opt.warmup} per system and round (excluded), median of ${opt.rounds} round(s); ${environment}\n\n`;
  const versions = Object.entries(results)
    .filter(([, r]) => r.info)
    .map(([s, r]) => `- ${LABELS[s]}: ${JSON.stringify(r.info)}`)
    .join('\n');
  writeFileSync(join(out, 'latest.md'), `${header}${table}\n\n${versions}\n`);
  writeFileSync(join(out, 'latest.json'), `${JSON.stringify({ options: opt, environment, results, runs }, null, 2)}\n`);
  if (Object.values(results).some((r) => r.error)) process.exitCode = 1;
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
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
  return new Promise((resolve, reject) => {
    const args = [fileURLToPath(import.meta.url), '--system', system, '--n', String(opt.n)];
    args.push('--concurrency', String(opt.concurrency), '--warmup', String(opt.warmup));
    if (opt.dbosPool) args.push('--dbos-pool', String(opt.dbosPool));
    args.push('--sdk-client', opt.sdkClient);
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'pipe', 'ipc'] });
    let result;
    let stderr = '';
    proc.stderr.on('data', (d) => {
      stderr = (stderr + d).slice(-8000);
    });
    proc.on('message', (m) => {
      result = m;
    });
    proc.on('exit', (code) => {
      if (result && code === 0) resolve(result);
      else reject(new Error(`${system} exited with ${code}${stderr ? `:\n${stderr.trim()}` : ''}`));
    });
  });
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
  const lines = rows.map((cells) => `| ${cells.join(' | ')} |`);
  lines.splice(1, 0, `|${rows[0].map((_, i) => (i === 0 ? ' --- ' : ' ---: ')).join('|')}|`);
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
