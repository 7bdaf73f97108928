#!/usr/bin/env node
// Event-pattern matching throughput: Baton's compiled matcher against its own naive
// reference matcher (every rule tried on every event), in the same run, at 10, 1,000 and
// 10,000 rules of mixed realistic patterns.
//
//   npx tsc -b packages/baton && node bench/patterns/run.mjs [--rules 10,1000,10000]
//       [--events 20000] [--seconds 2] [--seed 7] [--rounds 3] [--json bench/patterns/results/run.json]
//
// Rules mix exact values, prefixes, numeric ranges, anything-but, exists, $or and nested
// fields over 500 sources; events come from 5,000 sources with the same vocabulary (one in
// ten from a source some rule names, where they fail late rather than at the first field),
// and a fifth are built to match a rule. Every answer of the compiled matcher on a sample
// is checked against the reference. Beside the mix, each row gives the CPU time per event of
// the events no rule's source names (rejected at the first field test) and of the rest.
//
// A large automaton's speed depends on where its objects land in memory, which differs from
// process to process (runs of one build vary by ±20% at 10,000 rules): each rule count is
// measured in a fresh process per round, rounds interleaved, and each figure is the median.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { median } from '../lib/measure.mjs';
import { mulberry32 } from '../lib/random.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const dist = path.join(here, '../../packages/baton/dist/patterns/index.js');
if (!fs.existsSync(dist)) {
  console.error('packages/baton is not built: run `npx tsc -b packages/baton` first');
  process.exit(2);
}
const { createMatcher, parseEventPattern, referenceMatches } = await import(dist);

const opt = {
  rules: [10, 1000, 10000],
  events: 20000,
  seconds: 2,
  seed: 7,
  rounds: 3,
  json: undefined,
  child: undefined,
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const value = () => argv[++i];
  if (argv[i] === '--rules') opt.rules = value().split(',').map(Number);
  else if (argv[i] === '--events') opt.events = Number(value());
  else if (argv[i] === '--seconds') opt.seconds = Number(value());
  else if (argv[i] === '--seed') opt.seed = Number(value());
  else if (argv[i] === '--rounds') opt.rounds = Number(value());
  else if (argv[i] === '--json') opt.json = value();
  else if (argv[i] === '--child') opt.child = Number(value());
  else {
    console.error(`unknown argument ${argv[i]}`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------- deterministic input
/** Uniform in [0, 1). */
function prng(seed) {
  const next = mulberry32(seed);
  return () => next() / 4294967296;
}
let rnd = prng(opt.seed);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (xs) => xs[Math.floor(rnd() * xs.length)];

const SOURCES = 500;
const EVENT_SOURCES = 5000;
const TYPES = [
  'OrderPlaced',
  'OrderShipped',
  'PaymentFailed',
  'UserSignedUp',
  'ItemUpdated',
  'InvoiceCreated',
  'Refunded',
];
const STATUS = ['pending', 'running', 'stopped', 'failed', 'queued', 'done'];
const COUNTRIES = ['de', 'fr', 'us', 'jp', 'br', 'in', 'ng', 'ca'];
const PLANS = ['free', 'pro', 'team', 'enterprise'];
const REGIONS = ['us-east-1', 'us-west-2', 'eu-west-1', 'eu-central-1', 'ap-south-1'];

/** A rule as constraints (so matching events can be built) and its pattern. */
function genRule() {
  const svc = int(0, SOURCES - 1);
  const pattern = { source: rnd() < 0.85 ? [`com.acme.svc${svc}`] : [{ prefix: `com.acme.svc${svc}.` }] };
  const c = { svc, prefix: pattern.source[0].prefix !== undefined };
  if (rnd() < 0.9) pattern['detail-type'] = c.types = [pick(TYPES), pick(TYPES)].slice(0, int(1, 2));
  if (rnd() < 0.15) pattern.region = [(c.region = pick(REGIONS))];
  const detail = {};
  if (rnd() < 0.5) detail.status = [{ 'anything-but': (c.notStatus = [pick(STATUS)]) }];
  if (rnd() < 0.5) {
    c.total = [int(0, 400), 0];
    c.total[1] = c.total[0] + int(10, 400);
    detail.order = { total: [{ numeric: ['>=', c.total[0], '<', c.total[1]] }] };
  }
  if (rnd() < 0.3) detail.customer = { country: (c.countries = [pick(COUNTRIES), pick(COUNTRIES)]) };
  if (rnd() < 0.2) detail.flags = { beta: [{ exists: (c.beta = rnd() < 0.5) }] };
  if (rnd() < 0.25) {
    c.or = pick(PLANS);
    detail.$or = [{ user: { plan: [c.or] } }, { user: { seats: [{ numeric: ['>', 50] }] } }];
  }
  if (Object.keys(detail).length > 0) pattern.detail = detail;
  return { pattern, c };
}

function genEvent(i, rule) {
  const svc = rule ? rule.c.svc : int(0, EVENT_SOURCES - 1);
  const event = {
    version: '0',
    id: `e-${i}`,
    'detail-type': rule?.c.types ? pick(rule.c.types) : pick(TYPES),
    source: `com.acme.svc${svc}${rule?.c.prefix ? '.api' : ''}`,
    account: '123456789012',
    time: '2024-05-01T12:00:00Z',
    region: rule?.c.region ?? pick(REGIONS),
    resources: [`arn:aws:ec2:us-east-1:123456789012:instance/i-${i}`],
    detail: {
      status: pick(STATUS),
      order: { total: int(0, 900), items: int(1, 9) },
      customer: { country: pick(COUNTRIES), id: `c-${int(1, 1e6)}` },
      user: { plan: pick(PLANS), seats: int(1, 80) },
      note: `n${i}`,
    },
  };
  if (rnd() < 0.5) event.detail.flags = { beta: rnd() < 0.5 };
  if (rule) {
    const c = rule.c;
    const d = event.detail;
    while (c.notStatus?.includes(d.status)) d.status = pick(STATUS);
    if (c.total) d.order.total = int(c.total[0], c.total[1] - 1);
    if (c.countries) d.customer.country = pick(c.countries);
    if (c.beta === true) d.flags = { beta: true };
    if (c.beta === false) delete d.flags;
    if (c.or) d.user.plan = c.or;
  }
  return event;
}

// ---------------------------------------------------------------- measurement
// Events per second of CPU time used by this process (one core), so that other work on a
// shared machine does not count against the matcher; wall-clock rate is reported beside it.
function throughput(fn, events, seconds) {
  const deadline = performance.now() + seconds * 1000;
  let n = 0;
  const start = performance.now();
  const cpu = process.cpuUsage();
  do {
    for (let i = 0; i < events.length && (n & 255 || performance.now() < deadline); i++, n++) fn(events[i]);
  } while (performance.now() < deadline);
  const used = process.cpuUsage(cpu);
  return { cpu: n / ((used.user + used.system) / 1e6), wall: n / ((performance.now() - start) / 1000) };
}

function measure(n) {
  rnd = prng(opt.seed + n);
  const rules = Array.from({ length: n }, genRule);
  const events = Array.from({ length: opt.events }, (_, i) => genEvent(i, rnd() < 0.2 ? pick(rules) : undefined));
  const irs = rules.map((r) => {
    const ir = parseEventPattern(r.pattern);
    if (!ir.ok) throw new Error(ir.error.message);
    return ir.value;
  });

  const t0 = performance.now();
  const matcher = createMatcher();
  for (const [i, ir] of irs.entries()) matcher.add(i, ir);
  const compileMs = performance.now() - t0;

  const reference = (event) => irs.filter((ir) => referenceMatches(ir, event)).length;
  let matched = 0;
  let matches = 0;
  const sample = events.slice(0, Math.max(50, Math.min(events.length, Math.floor(2e6 / n))));
  for (const e of sample) {
    const got = matcher.match(e).sort((a, b) => a - b);
    const want = irs.flatMap((ir, i) => (referenceMatches(ir, e) ? [i] : []));
    if (got.join() !== want.join()) throw new Error(`mismatch on ${JSON.stringify(e)}: ${got} vs ${want}`);
    if (want.length > 0) matched++;
    matches += want.length;
  }

  const compiled = throughput((e) => matcher.match(e), events, opt.seconds);
  // Where the time goes: events whose source no rule names (rejected at the first field test)
  // and the rest, which meet every rule of their source.
  const named = new Set(rules.map((r) => `com.acme.svc${r.c.svc}${r.c.prefix ? '.api' : ''}`));
  const rejected = events.filter((e) => !named.has(e.source));
  const deeper = events.filter((e) => named.has(e.source));
  const nsPerEvent = (set) =>
    set.length === 0 ? 0 : 1e9 / throughput((e) => matcher.match(e), set, opt.seconds / 2).cpu;
  const naive = throughput(reference, events, Math.min(opt.seconds, 1));
  const row = {
    rules: n,
    compileMs: Math.round(compileMs),
    compiledEventsPerSec: Math.round(compiled.cpu),
    compiledEventsPerWallSec: Math.round(compiled.wall),
    referenceEventsPerSec: Math.round(naive.cpu),
    ratio: +(compiled.cpu / naive.cpu).toFixed(1),
    matchedFraction: +(matched / sample.length).toFixed(3),
    matchesPerEvent: +(matches / sample.length).toFixed(2),
    verified: sample.length,
    rejectedAtFirstField: +(rejected.length / events.length).toFixed(3),
    nsPerRejectedEvent: Math.round(nsPerEvent(rejected)),
    nsPerDeeperEvent: Math.round(nsPerEvent(deeper)),
  };
  return row;
}

if (opt.child !== undefined) {
  process.stdout.write(`${JSON.stringify(measure(opt.child))}\n`);
  process.exit(0);
}

/** One rule count measured in a fresh process (see the header). */
function inChild(n) {
  const args = ['--child', n, '--events', opt.events, '--seconds', opt.seconds, '--seed', opt.seed].map(String);
  const out = execFileSync(process.execPath, [fileURLToPath(import.meta.url), ...args], { encoding: 'utf8' });
  return JSON.parse(out.trim().split('\n').pop());
}

/** The median of each figure over the rounds (the compiled/reference ratio: of the medians). */
function medianRow(list) {
  const out = { ...list[0] };
  for (const key of Object.keys(out)) out[key] = median(list.map((r) => r[key]));
  out.ratio = +(out.compiledEventsPerSec / out.referenceEventsPerSec).toFixed(1);
  return out;
}

const fmt = (n) => Math.round(n).toLocaleString('en-US');
console.log(
  `node ${process.version}; ${opt.events} events per set; ${opt.seconds}s per measurement; rates per CPU second; medians of ${opt.rounds} rounds, each rule count in a fresh process`,
);
console.log(
  'rules'.padStart(7),
  'compile ms'.padStart(11),
  'compiled ev/s'.padStart(14),
  '(wall)'.padStart(11),
  'reference ev/s'.padStart(15),
  'ratio'.padStart(9),
  'matched'.padStart(8),
  'rules/event'.padStart(12),
  'rejected'.padStart(9),
  'ns/rejected'.padStart(12),
  'ns/deeper'.padStart(10),
);
const rows = [];
const perRound = [];
for (let round = 0; round < opt.rounds; round++) {
  const measured = opt.rules.map(inChild);
  perRound.push(measured[0].compiledEventsPerSec / measured[measured.length - 1].compiledEventsPerSec);
  measured.forEach((row, i) => {
    rows[i] ??= [];
    rows[i].push(row);
  });
}
const medians = rows.map((list) => medianRow(list));
for (const row of medians) {
  console.log(
    String(row.rules).padStart(7),
    String(Math.round(row.compileMs)).padStart(11),
    fmt(row.compiledEventsPerSec).padStart(14),
    fmt(row.compiledEventsPerWallSec).padStart(11),
    fmt(row.referenceEventsPerSec).padStart(15),
    `${row.ratio}x`.padStart(9),
    `${(row.matchedFraction * 100).toFixed(1)}%`.padStart(8),
    String(row.matchesPerEvent).padStart(12),
    `${(row.rejectedAtFirstField * 100).toFixed(1)}%`.padStart(9),
    String(Math.round(row.nsPerRejectedEvent)).padStart(12),
    String(Math.round(row.nsPerDeeperEvent)).padStart(10),
  );
}
const first = medians[0];
const last = medians[medians.length - 1];
console.log(
  `compiled throughput at ${last.rules} rules is ${(first.compiledEventsPerSec / last.compiledEventsPerSec).toFixed(2)}x slower than at ${first.rules} rules (medians of ${opt.rounds} rounds; per round ${perRound.map((r) => `${r.toFixed(2)}x`).join(', ')})`,
);
if (opt.json) {
  fs.mkdirSync(path.dirname(opt.json), { recursive: true });
  fs.writeFileSync(
    opt.json,
    `${JSON.stringify({ node: process.version, options: opt, results: medians, rounds: rows }, null, 1)}\n`,
  );
}
