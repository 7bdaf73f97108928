#!/usr/bin/env node
// The event bus end to end: PutEvents → rule → target. A Baton server (SQLite, synchronous=FULL,
// in this process) has one rule whose target is an in-process function that records when each
// event arrives; the bus also holds --rules rules that match nothing, to show that matching does
// not slow down as rules are added. Producers send batches of 10 entries through the official
// EventBridge client with at most --concurrency calls in flight. Each event's latency is its
// arrival at the function minus the moment its PutEvents call was sent; throughput is events
// delivered per second from the first call to the last arrival. Every figure includes the
// durable write of the outbox (one group commit per batch of concurrent calls) before PutEvents
// answers. With --archive 1, the bus also keeps an archive of the bench's events: each event gets
// one more outbox row, whose delivery appends it to the archive's log (events/s still counts
// arrivals at the function; "archived/s" counts until the archive holds every event).
//
//   npm run bench:bus                     (builds first)
//   node bench/bus/run.mjs [--events 20000] [--concurrency 32] [--rules 0,1000] [--warmup 5000] [--archive 0,1]
//
// No peer is measured: no EventBridge emulator with durable delivery installs from the npm
// registry alone (LocalStack and floci are containers/JVMs); the numbers stand on their own.
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateArchiveCommand,
  DescribeArchiveCommand,
  EventBridgeClient,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';

const opt = { events: 20_000, concurrency: 32, rules: [0, 1000], warmup: 5000, archive: [0] };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const v = argv[++i];
  if (argv[i - 1] === '--events') opt.events = Number(v);
  else if (argv[i - 1] === '--concurrency') opt.concurrency = Number(v);
  else if (argv[i - 1] === '--rules') opt.rules = v.split(',').map(Number);
  else if (argv[i - 1] === '--warmup') opt.warmup = Number(v);
  else if (argv[i - 1] === '--archive') opt.archive = v.split(',').map(Number);
  else {
    console.error(
      'usage: node bench/bus/run.mjs [--events N] [--concurrency C] [--rules 0,1000] [--warmup N] [--archive 0,1]',
    );
    process.exit(2);
  }
}

const { startBaton } = await import('../../packages/baton/dist/main.js');
const { resolveConfig } = await import('../../packages/baton/dist/config.js');

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function run(extraRules, archive) {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-bus-'));
  const arrivals = new Map();
  let expected = 0;
  let done;
  const baton = await startBaton(resolveConfig({ port: 0, dataDir: dir, logLevel: 'silent' }), {
    functions: {
      record: (event) => {
        arrivals.set(event.detail.n, performance.now());
        if (arrivals.size === expected) done?.();
        return null;
      },
    },
  });
  const client = new EventBridgeClient({
    endpoint: baton.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'a', secretAccessKey: 'b' },
    maxAttempts: 1,
  });
  try {
    for (let r = 0; r < extraRules; r++) {
      const pattern = { source: [`other.${r}`], detail: { kind: [`k${r}`], amount: [{ numeric: ['>', r] }] } };
      await client.send(new PutRuleCommand({ Name: `noise-${r}`, EventPattern: JSON.stringify(pattern) }));
    }
    await client.send(
      new PutRuleCommand({
        Name: 'bench',
        EventPattern: JSON.stringify({ source: ['bench'], detail: { kind: ['tick'] } }),
      }),
    );
    if (archive) {
      await client.send(
        new CreateArchiveCommand({
          ArchiveName: 'bench',
          EventSourceArn: 'arn:aws:events:us-east-1:123456789012:event-bus/default',
          EventPattern: JSON.stringify({ source: ['bench'] }),
        }),
      );
    }
    await client.send(
      new PutTargetsCommand({
        Rule: 'bench',
        Targets: [{ Id: 'record', Arn: 'arn:aws:lambda:us-east-1:123456789012:function:record' }],
      }),
    );
    const sendAll = async (from, count) => {
      const sentAt = new Map();
      let next = from;
      const end = from + count;
      const producers = Array.from({ length: opt.concurrency }, async () => {
        while (next < end) {
          const first = next;
          next = Math.min(end, next + 10);
          const entries = [];
          for (let n = first; n < next; n++) {
            entries.push({ Source: 'bench', DetailType: 'Tick', Detail: JSON.stringify({ kind: 'tick', n }) });
          }
          const at = performance.now();
          for (let n = first; n < next; n++) sentAt.set(n, at);
          const out = await client.send(new PutEventsCommand({ Entries: entries }));
          if (out.FailedEntryCount) throw new Error(`failed entries: ${JSON.stringify(out.Entries)}`);
        }
      });
      await Promise.all(producers);
      return sentAt;
    };
    // Warm-up, excluded.
    expected = opt.warmup;
    let finished = new Promise((r) => (done = r));
    await sendAll(-opt.warmup, opt.warmup);
    await finished;
    arrivals.clear();
    expected = opt.events;
    finished = new Promise((r) => (done = r));
    const start = performance.now();
    const sentAt = await sendAll(0, opt.events);
    await finished;
    const elapsed = performance.now() - start;
    let archived;
    if (archive) {
      for (;;) {
        const { EventCount } = await client.send(new DescribeArchiveCommand({ ArchiveName: 'bench' }));
        if (EventCount >= opt.warmup + opt.events) break;
        await new Promise((r) => setTimeout(r, 10));
      }
      archived = Math.round(opt.events / ((performance.now() - start) / 1000));
    }
    const latencies = [...arrivals].map(([n, at]) => at - sentAt.get(n)).sort((a, b) => a - b);
    return {
      rules: extraRules + 1,
      archived,
      throughput: Math.round(opt.events / (elapsed / 1000)),
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      max: latencies[latencies.length - 1],
    };
  } finally {
    client.destroy();
    await baton.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const rows = [];
for (const extra of opt.rules) for (const archive of opt.archive) rows.push(await run(extra, archive === 1));
console.log(
  `\nBaton event bus, PutEvents → rule → in-process function; ${opt.events} events in batches of 10, ` +
    `${opt.concurrency} calls in flight; SQLite synchronous=FULL; ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}\n`,
);
console.log('| rules on the bus | archive | events/s | archived/s | p50 latency | p99 latency | max |');
console.log('|---:|:---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const archived = r.archived === undefined ? '' : r.archived.toLocaleString('en');
  console.log(
    `| ${r.rules.toLocaleString('en')} | ${r.archived === undefined ? 'no' : 'yes'} | ${r.throughput.toLocaleString('en')} | ${archived} | ${r.p50.toFixed(1)} ms | ${r.p99.toFixed(1)} ms | ${r.max.toFixed(1)} ms |`,
  );
}
