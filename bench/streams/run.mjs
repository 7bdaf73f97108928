// Streams benchmark: PutRecords-style batched writes (records/s) and end-to-end lag (put → a
// consumer's handler, p50/p99) with 1 and 4 shards, in the same run, same record size and batch
// size:
//   - Baton (Kinesis API over HTTP/2 through @aws-sdk/client-kinesis, SQLite with
//     synchronous=FULL: a record is acknowledged once fsynced), read by a @baton/sdk consumer group;
//   - NATS JetStream on the local server (127.0.0.1:4222, file storage, publishes awaiting their
//     PubAck: its default sync_interval fsyncs every 2 minutes, not per ack), read by a durable
//     pull consumer with acks; "shards" are separate streams;
//   - NATS JetStream with `sync_interval: always` (its own nats-server process on a free port, when
//     the installed server knows the option): fsync per write, as Baton;
//   - Redis Streams (its own redis-server on a free port with --appendonly yes --appendfsync always:
//     the machine's Redis keeps nothing on disk), batches as pipelined XADDs, read with XREADGROUP
//     BLOCK and XACK; "shards" are separate stream keys.
// A batch is B records sent together (one PutRecords; B concurrent publishes; one pipeline);
// P producers send batches concurrently, as fast as they are acknowledged (throughput, and lag
// under that full load, which includes the backlog a consumer builds); then a paced run offers
// --rate records/s, below every system's capacity, for the lag of a consumer that keeps up.
// The ratios are the result.
//
//   npm run bench:streams         node bench/streams/run.mjs --records 60000 --batch 100 --producers 8 --size 256
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { createKinesisClient, createStreamConsumer } from '@baton/sdk';
import Redis from 'ioredis';
import { AckPolicy, connect, DeliverPolicy, StorageType } from 'nats';
import { freePort } from '../lib/http.mjs';
import { spawnServer, startDurableRedis, stopChild } from '../lib/servers.mjs';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const RECORDS = arg('records', 60_000);
const BATCH = arg('batch', 100);
const PRODUCERS = arg('producers', 8);
const SIZE = arg('size', 256);
const WARMUP = arg('warmup', 5_000);
/** The paced run: records/s offered (below every system's capacity) and how many, for lag without a backlog. */
const RATE = arg('rate', 5_000);
const PACED = arg('paced', 20_000);
/** `--only baton,jetstream,redis`: a subset of the systems (profiling). */
const ONLY = (() => {
  const i = process.argv.indexOf('--only');
  return i > 0 ? process.argv[i + 1].split(',') : ['baton', 'jetstream', 'redis'];
})();

const pad = 'x'.repeat(SIZE);
/** A record of SIZE bytes carrying its send time (same process: performance.now is comparable). */
const payload = (t) => {
  const head = `${t.toFixed(3)}|`;
  return Buffer.from(head + pad.slice(head.length));
};
const sentAt = (data) => Number(Buffer.from(data).toString('latin1', 0, 24).split('|')[0]);

/** The shard of a key where a system has no partitioning of its own (separate streams or keys): a string hash. */
function shardOf(key, shards) {
  let h = 0;
  for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
  return Math.abs(h) % shards;
}

/**
 * Runs P producers sending `total` records in batches while the system's consumer reads them;
 * returns records/s (first send to last acknowledgement) and lag percentiles (ms).
 */
async function measure(label, system, shards, total = RECORDS, rate = 0) {
  const lags = [];
  let consumed = 0;
  let allConsumed;
  const done = new Promise((r) => (allConsumed = r));
  const onRecord = (data) => {
    lags.push(performance.now() - sentAt(data));
    if (++consumed === total) allConsumed();
  };
  const stopConsumer = await system.consume(onRecord);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: PRODUCERS }, async () => {
      while (next < total) {
        const first = next;
        next += BATCH;
        const n = Math.min(BATCH, total - first);
        // Paced: each batch leaves at its slot of the schedule (open loop), not as soon as a producer is free.
        if (rate > 0) {
          const due = start + (first / rate) * 1000;
          if (due > performance.now()) await new Promise((r) => setTimeout(r, due - performance.now()));
        }
        const t = performance.now();
        await system.produce(
          Array.from({ length: n }, (_, i) => ({ key: `key-${(first + i) % 1000}`, data: payload(t) })),
        );
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await Promise.race([done, new Promise((r) => setTimeout(r, 60_000))]);
  await stopConsumer();
  lags.sort((a, b) => a - b);
  const p = (q) => lags[Math.min(lags.length - 1, Math.floor(q * lags.length))] ?? Number.NaN;
  const row = { label, shards, perSecond: total / seconds, p50: p(0.5), p99: p(0.99), consumed };
  console.error(
    `  ${label}, ${shards} shard(s): ${Math.round(row.perSecond)} records/s, lag p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms (${consumed}/${total} consumed)`,
  );
  return row;
}

/** Baton as deployed: its own process, SQLite, synchronous=FULL (the default). */
async function baton(shards) {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-streams-'));
  const { child, match } = await spawnServer(
    process.execPath,
    [
      ...(process.env.BATON_BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BATON_BENCH_PROFILE}`] : []),
      'packages/baton/bin/baton.js',
      'start',
      '--port',
      '0',
      '--data-dir',
      dir,
      '--log-level',
      'error',
    ],
    /listening on (http:\/\/[^\s]+)/,
  );
  const endpoint = match[1];
  const kinesis = createKinesisClient({ endpoint });
  const StreamName = `bench-${shards}`;
  await kinesis.send(new CreateStreamCommand({ StreamName, ShardCount: shards }));
  let group = 0;
  return {
    produce: async (records) => {
      const out = await kinesis.send(
        new PutRecordsCommand({ StreamName, Records: records.map((r) => ({ PartitionKey: r.key, Data: r.data })) }),
      );
      if (out.FailedRecordCount) throw new Error(`${out.FailedRecordCount} records failed`);
    },
    consume: async (onRecord) => {
      const consumer = createStreamConsumer({
        // Its own client (one HTTP/2 connection), as a separate consumer application has.
        endpoint,
        streamName: StreamName,
        group: `g${group++}`,
        start: 'LATEST',
        pollIntervalMs: 10,
        maxRecords: 10_000,
        handler: (records) => {
          for (const r of records) onRecord(r.data);
        },
      });
      await consumer.start();
      return () => consumer.stop();
    },
    close: async () => {
      kinesis.destroy();
      await stopChild(child, process.env.BATON_BENCH_PROFILE ? 'SIGINT' : 'SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** JetStream: one file-storage stream per shard; publishes await their PubAck. */
async function jetstream(shards, servers, tag) {
  const nc = await connect({ servers });
  const jsm = await nc.jetstreamManager();
  const js = nc.jetstream();
  const names = Array.from({ length: shards }, (_, s) => `bench_${tag}_${process.pid}_${shards}_${s}`);
  for (const name of names) {
    await jsm.streams.delete(name).catch(() => undefined);
    await jsm.streams.add({ name, subjects: [`${name}.data`], storage: StorageType.File, num_replicas: 1 });
  }
  let group = 0;
  return {
    produce: (records) => Promise.all(records.map((r) => js.publish(`${names[shardOf(r.key, shards)]}.data`, r.data))),
    consume: async (onRecord) => {
      const durable = `g${group++}`;
      const loops = [];
      const iterators = [];
      for (const name of names) {
        await jsm.consumers.add(name, {
          durable_name: durable,
          ack_policy: AckPolicy.Explicit,
          deliver_policy: DeliverPolicy.New,
        });
        const consumer = await js.consumers.get(name, durable);
        const messages = await consumer.consume({ max_messages: 1000 });
        iterators.push(messages);
        loops.push(
          (async () => {
            for await (const m of messages) {
              onRecord(m.data);
              m.ack();
            }
          })(),
        );
      }
      return async () => {
        for (const it of iterators) await it.close();
        await Promise.all(loops);
      };
    },
    close: async () => {
      for (const name of names) await jsm.streams.delete(name).catch(() => undefined);
      await nc.drain();
    },
  };
}

/** A nats-server of our own whose JetStream fsyncs every write (sync_interval: always). */
async function syncedNats() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-nats-'));
  const port = await freePort();
  const config = join(dir, 'nats.conf');
  writeFileSync(
    config,
    `port: ${port}\nhost: 127.0.0.1\njetstream { store_dir: "${join(dir, 'js')}", sync_interval: always }\n`,
  );
  try {
    const { child } = await spawnServer('nats-server', ['-c', config], /Server is ready/);
    return {
      servers: `127.0.0.1:${port}`,
      close: async () => {
        await stopChild(child);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    console.error(
      `  (no fsync-per-write JetStream: ${error.message}; the installed nats-server may not know sync_interval)`,
    );
    return undefined;
  }
}

async function redisStreams(shards, port) {
  const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: false });
  const keys = Array.from({ length: shards }, (_, s) => `bench:${process.pid}:${shards}:${s}`);
  let group = 0;
  return {
    produce: async (records) => {
      const pipeline = redis.pipeline();
      for (const r of records) pipeline.xadd(keys[shardOf(r.key, shards)], '*', 'k', r.key, 'd', r.data);
      const results = await pipeline.exec();
      for (const [error] of results) if (error) throw error;
    },
    consume: async (onRecord) => {
      const name = `g${group++}`;
      let stop = false;
      const readers = keys.map(async (key) => {
        await redis.xgroup('CREATE', key, name, '$', 'MKSTREAM').catch(() => undefined);
        const conn = new Redis({ port, host: '127.0.0.1' });
        while (!stop) {
          const out = await conn.xreadgroupBuffer('GROUP', name, 'c', 'COUNT', 1000, 'BLOCK', 200, 'STREAMS', key, '>');
          if (!out) continue;
          const ids = [];
          for (const [, entries] of out) {
            for (const [id, fields] of entries) {
              onRecord(fields[3]);
              ids.push(id);
            }
          }
          if (ids.length) await conn.xack(key, name, ...ids);
        }
        conn.disconnect();
      });
      return async () => {
        stop = true;
        await Promise.all(readers);
      };
    },
    close: async () => {
      await redis.del(...keys);
      redis.disconnect();
    },
  };
}

async function run(label, make, shards) {
  const system = await make();
  try {
    if (WARMUP > 0) await measure(`${label} (warm-up)`, system, shards, WARMUP);
    const full = await measure(label, system, shards);
    const paced = await measure(`${label} at ${RATE} records/s`, system, shards, PACED, RATE);
    return { ...full, pacedP50: paced.p50, pacedP99: paced.p99 };
  } finally {
    await system.close();
  }
}

console.error(
  `node ${process.version}: ${RECORDS} records of ${SIZE} bytes per run, batches of ${BATCH}, ${PRODUCERS} producers; lag = send → consumer handler`,
);
const synced = ONLY.includes('jetstream') ? await syncedNats() : undefined;
const redis = ONLY.includes('redis') ? await startDurableRedis() : undefined;
const rows = [];
for (const shards of [1, 4]) {
  if (ONLY.includes('baton'))
    rows.push(await run('Baton (SQLite, fsync per group commit)', () => baton(shards), shards));
  if (ONLY.includes('jetstream')) {
    rows.push(
      await run('JetStream (file, default sync)', () => jetstream(shards, '127.0.0.1:4222', 'default'), shards),
    );
    if (synced)
      rows.push(
        await run('JetStream (file, sync_interval always)', () => jetstream(shards, synced.servers, 'sync'), shards),
      );
  }
  if (redis)
    rows.push(await run('Redis Streams (AOF, appendfsync always)', () => redisStreams(shards, redis.port), shards));
}
await redis?.close();
await synced?.close();

const f = (x) => Math.round(x).toLocaleString('en-US');
console.log(`| system | shards | records/s | lag p50 ms | lag p99 ms | at ${f(RATE)}/s: lag p50 ms | p99 ms |`);
console.log('|---|---:|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const cells = [
    r.label,
    r.shards,
    f(r.perSecond),
    r.p50.toFixed(1),
    r.p99.toFixed(1),
    r.pacedP50.toFixed(1),
    r.pacedP99.toFixed(1),
  ];
  console.log(`| ${cells.join(' | ')} |`);
}
console.log('');
for (const shards of [1, 4]) {
  const mine = rows.find((r) => r.shards === shards && r.label.startsWith('Baton'));
  if (!mine) continue;
  for (const peer of rows.filter((r) => r.shards === shards && !r.label.startsWith('Baton'))) {
    console.log(
      `${shards} shard(s): Baton / ${peer.label}: ${(mine.perSecond / peer.perSecond).toFixed(2)}x records/s; ` +
        `lag at full load p50 ${(mine.p50 / peer.p50).toFixed(2)}x, p99 ${(mine.p99 / peer.p99).toFixed(2)}x; ` +
        `lag at ${f(RATE)}/s p50 ${(mine.pacedP50 / peer.pacedP50).toFixed(2)}x, p99 ${(mine.pacedP99 / peer.pacedP99).toFixed(2)}x`,
    );
  }
}
process.exit(0);
