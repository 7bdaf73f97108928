#!/usr/bin/env node
// Queues: send + receive + delete (acknowledge) messages/s and end-to-end latency, Baton (SQS API
// over HTTP, SQLite with synchronous=FULL: every acknowledged send is on disk) against BullMQ on
// Redis (the machine's, which keeps nothing on disk, and one of our own with the AOF fsynced on
// every write, durable like Baton) and RabbitMQ (durable queue, persistent messages, publisher
// confirms, manual acks): same message size and concurrency, in the same run. The ratio is the result.
//
//   npm run bench:queues          (builds first)
//   node bench/queues/run.mjs [--messages 20000] [--warmup 2000] [--concurrency 16] [--size 256]
//       [--rounds 3] [--only baton,baton-fifo,baton-http,baton-fifo-http,bullmq,bullmq-aof,rabbitmq]
//
// Every run starts fresh (a new Baton process and data directory, a new Redis for the AOF row, a
// new queue) and runs the producers and the consumers in two client processes of their own
// (client.mjs), the same for every system: producers send one message per call from
// `concurrency` loops; consumers acknowledge from `concurrency` loops (Baton: ReceiveMessage of up
// to 10 with long polling, then DeleteMessageBatch; BullMQ: a Worker of that concurrency;
// RabbitMQ: a prefetch of 10 per loop, one ack per message). A warm-up phase is excluded.
// Throughput runs from the producers' start to the last acknowledgement; latency from the start
// of a send to the consumer's acknowledgement. The machine is shared, so the systems take turns
// for --rounds rounds and each figure is the median over the rounds (CPU: per message, of the
// server's and the clients' processes, where the server's process is known).
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { percentile } from '../lib/measure.mjs';
import { cpuSeconds } from '../lib/servers.mjs';
import { SYSTEMS } from './systems.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const opt = { messages: 20000, warmup: 2000, concurrency: 16, size: 256, rounds: 3, only: Object.keys(SYSTEMS) };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i += 2) {
  const name = argv[i]?.replace(/^--/, '');
  const value = argv[i + 1];
  if (!(name in opt) || value === undefined) {
    console.error(`unknown or incomplete argument ${argv[i]} (see the header of bench/queues/run.mjs)`);
    process.exit(2);
  }
  opt[name] = name === 'only' ? value.split(',') : Number(value);
}
for (const s of opt.only) if (!SYSTEMS[s]) throw new Error(`unknown system ${s}: one of ${Object.keys(SYSTEMS)}`);

/** A client process of one role; `command` sends a JSON line and resolves with the next answer that `until` accepts. */
async function startClient(role, clients, config) {
  const child = spawn(
    process.execPath,
    [join(here, 'client.mjs'), role, clients, JSON.stringify(config), JSON.stringify(opt)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const waiting = [];
  createInterface({ input: child.stdout }).on('line', (line) => {
    const message = JSON.parse(line);
    const i = waiting.findIndex((w) => w.until(message));
    if (i >= 0) waiting.splice(i, 1)[0].resolve(message);
  });
  child.once('exit', (code) => {
    for (const w of waiting.splice(0))
      if (!w.until({ closed: true })) w.reject(new Error(`${role} client exited with ${code}`));
  });
  const next = (until) => new Promise((resolve, reject) => waiting.push({ until, resolve, reject }));
  await next((m) => m.ready);
  return {
    pid: child.pid,
    next,
    command: (message, until) => {
      const answer = next(until);
      child.stdin.write(`${JSON.stringify(message)}\n`);
      return answer;
    },
  };
}

/** One system, once: a warm-up phase, then the measured one. */
async function runOnce(name) {
  const system = SYSTEMS[name];
  const server = await system.setup();
  const consumer = await startClient('consumer', system.clients, server.config);
  const producer = await startClient('producer', system.clients, server.config);
  const phase = async (messages, from) => {
    await consumer.command({ expect: messages }, (m) => m.expecting !== undefined);
    const done = consumer.next((m) => m.done !== undefined);
    const cpu0 = [server.pid, producer.pid, consumer.pid].map((pid) => (pid ? cpuSeconds(pid) : 0));
    const start = performance.timeOrigin + performance.now();
    await producer.command({ send: messages, from }, (m) => m.sent !== undefined);
    const result = await done;
    const [serverCpu, producerCpu, consumerCpu] = [server.pid, producer.pid, consumer.pid].map((pid, i) =>
      pid ? cpuSeconds(pid) - cpu0[i] : Number.NaN,
    );
    const latencies = result.latencies.sort((a, b) => a - b);
    return {
      perSecond: messages / ((result.done - start) / 1000),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      serverCpuMs: (serverCpu * 1000) / messages,
      clientCpuMs: ((producerCpu + consumerCpu) * 1000) / messages,
    };
  };
  try {
    if (opt.warmup > 0) await phase(opt.warmup, 0);
    return await phase(opt.messages, opt.warmup);
  } finally {
    await Promise.all([producer, consumer].map((c) => c.command({ close: true }, (m) => m.closed)));
    await server.close();
  }
}

const median = (xs) => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  if (s.length === 0) return Number.NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const f0 = (x) => Math.round(x).toLocaleString('en-US');
const f1 = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(1));
const f2 = (x) => (Number.isNaN(x) ? 'n/a' : x.toFixed(2));
const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');

const heading = `node ${process.version}, ${cpus().length} CPUs; ${opt.messages} messages of ${opt.size} bytes (warm-up ${opt.warmup}), ${opt.concurrency} producers and ${opt.concurrency} consumers, ${opt.rounds} rounds; load average ${load()} at start`;
console.error(heading);
const runs = Object.fromEntries(opt.only.map((s) => [s, []]));
for (let round = 1; round <= opt.rounds; round++) {
  for (const name of opt.only) {
    const r = await runOnce(name);
    runs[name].push(r);
    console.error(
      `  round ${round} ${SYSTEMS[name].label}: ${f0(r.perSecond)} msg/s, p50 ${f1(r.p50)} ms, p99 ${f1(r.p99)} ms, CPU ms/msg server ${f2(r.serverCpuMs)} clients ${f2(r.clientCpuMs)}`,
    );
  }
}

const rows = opt.only.map((name) => {
  const rs = runs[name];
  const rates = rs.map((r) => r.perSecond);
  return {
    name,
    label: SYSTEMS[name].label,
    perSecond: median(rates),
    range: `${f0(Math.min(...rates))}–${f0(Math.max(...rates))}`,
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    serverCpuMs: median(rs.map((r) => r.serverCpuMs)),
    clientCpuMs: median(rs.map((r) => r.clientCpuMs)),
  };
});
const lines = [
  heading.replace(/ at start$/, ` at start, ${load()} at the end`),
  '',
  '| system | msg/s | range (rounds) | p50 ms | p99 ms | server CPU ms/msg | clients CPU ms/msg |',
  '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map(
    (r) =>
      `| ${r.label} | ${f0(r.perSecond)} | ${r.range} | ${f1(r.p50)} | ${f1(r.p99)} | ${f2(r.serverCpuMs)} | ${f2(r.clientCpuMs)} |`,
  ),
  '',
];
const peers = rows.filter((r) => !r.name.startsWith('baton'));
for (const b of rows.filter((r) => r.name.startsWith('baton'))) {
  const ratios = peers.map((p) => `${(b.perSecond / p.perSecond).toFixed(2)}× ${p.label}`);
  if (ratios.length > 0) lines.push(`- ${b.label}: ${ratios.join('; ')}`);
}
const table = lines.join('\n');
console.log(table);
mkdirSync(join(here, 'results'), { recursive: true });
writeFileSync(join(here, 'results', 'latest.md'), `${table}\n`);
process.exit(0);
