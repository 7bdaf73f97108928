// Queue benchmark: send + receive + delete (acknowledge) messages/s and end-to-end p99 latency,
// Baton (SQS API over HTTP, SQLite with synchronous=FULL: every acknowledged send is on disk)
// vs BullMQ on the local Redis and RabbitMQ (durable queue, persistent messages, publisher
// confirms, manual acks), same message size and concurrency, in the same run. The ratio is the result.
//
//   npm run bench:queues          node bench/queues/run.mjs --messages 4000 --concurrency 16 --size 256
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  ReceiveMessageCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import amqp from 'amqplib';
import { Queue, Worker } from 'bullmq';

/** Baton as it is deployed: its own process (`baton start`), as Redis and RabbitMQ are. */
async function startServer(dataDir) {
  const child = spawn(
    process.execPath,
    ['packages/baton/bin/baton.js', 'start', '--port', '0', '--data-dir', dataDir, '--log-level', 'error'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const url = await new Promise((ready, fail) => {
    child.stdout.on('data', (chunk) => {
      const m = /listening on (http:\/\/[^\s]+)/.exec(chunk.toString());
      if (m) ready(m[1]);
    });
    child.once('exit', (code) => fail(new Error(`baton exited with ${code}`)));
  });
  return {
    url,
    close: () =>
      new Promise((done) => {
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const MESSAGES = arg('messages', 4000);
const CONCURRENCY = arg('concurrency', 16);
const SIZE = arg('size', 256);
const payload = (i) => JSON.stringify({ i, t: performance.now(), pad: 'x'.repeat(SIZE) }).slice(0, SIZE + 40);

/** Runs producers and consumers together; returns messages/s and latency percentiles (ms). */
async function measure(label, { produce, consume, close }) {
  const latencies = [];
  let sent = 0;
  let done = 0;
  let finish;
  const finished = new Promise((r) => (finish = r));
  const onMessage = (body) => {
    latencies.push(performance.now() - JSON.parse(body).t);
    if (++done === MESSAGES) finish();
  };
  const start = performance.now();
  const stopConsumers = await consume(onMessage);
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (sent < MESSAGES) {
        const i = sent++;
        await produce(payload(i));
      }
    }),
  );
  await finished;
  const seconds = (performance.now() - start) / 1000;
  await stopConsumers();
  await close();
  latencies.sort((a, b) => a - b);
  const p = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  const row = { label, perSecond: MESSAGES / seconds, p50: p(0.5), p99: p(0.99) };
  console.error(
    `  ${label}: ${Math.round(row.perSecond)} msg/s, p50 ${row.p50.toFixed(1)} ms, p99 ${row.p99.toFixed(1)} ms`,
  );
  return row;
}

async function baton(fifo) {
  const dir = mkdtempSync(join(tmpdir(), 'baton-bench-queues-'));
  // The default durability: synchronous=FULL, every acknowledged send is on disk.
  const b = await startServer(dir);
  const sqs = new SQSClient({
    endpoint: b.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const name = fifo ? 'bench.fifo' : 'bench';
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: name,
      Attributes: fifo
        ? { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' }
        : {},
    }),
  );
  let n = 0;
  return {
    produce: (body) => {
      const i = n++;
      return sqs.send(
        new SendMessageCommand({
          QueueUrl,
          MessageBody: body,
          ...(fifo ? { MessageGroupId: `g${i % 64}`, MessageDeduplicationId: String(i) } : {}),
        }),
      );
    },
    consume: async (onMessage) => {
      let stop = false;
      const consumers = Array.from({ length: CONCURRENCY }, async () => {
        while (!stop) {
          const { Messages } = await sqs.send(
            new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
          );
          if (!Messages) continue;
          await sqs.send(
            new DeleteMessageBatchCommand({
              QueueUrl,
              Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
            }),
          );
          for (const m of Messages) onMessage(m.Body);
        }
      });
      return async () => {
        stop = true;
        await Promise.all(consumers);
      };
    },
    close: async () => {
      sqs.destroy();
      await b.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function bullmq() {
  const connection = { host: '127.0.0.1', port: 6379 };
  const name = `bench-${Date.now()}`;
  const queue = new Queue(name, { connection });
  await queue.obliterate({ force: true }).catch(() => undefined);
  return {
    produce: (body) => queue.add('m', { body }, { removeOnComplete: true, removeOnFail: true }),
    consume: async (onMessage) => {
      const worker = new Worker(
        name,
        async (job) => {
          onMessage(job.data.body);
        },
        { connection, concurrency: CONCURRENCY },
      );
      await worker.waitUntilReady();
      return () => worker.close();
    },
    close: async () => {
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
    },
  };
}

async function rabbitmq() {
  const connection = await amqp.connect('amqp://guest:guest@127.0.0.1:5672');
  const name = `bench-${Date.now()}`;
  const publisher = await connection.createConfirmChannel();
  await publisher.assertQueue(name, { durable: true });
  const consumer = await connection.createChannel();
  await consumer.prefetch(CONCURRENCY * 10);
  return {
    produce: (body) =>
      new Promise((resolve, reject) =>
        publisher.sendToQueue(name, Buffer.from(body), { persistent: true }, (err) => (err ? reject(err) : resolve())),
      ),
    consume: async (onMessage) => {
      const { consumerTag } = await consumer.consume(name, (msg) => {
        consumer.ack(msg);
        onMessage(msg.content.toString());
      });
      return () => consumer.cancel(consumerTag);
    },
    close: async () => {
      await publisher.deleteQueue(name);
      await connection.close();
    },
  };
}

console.error(
  `node ${process.version}: ${MESSAGES} messages of ${SIZE} bytes, ${CONCURRENCY} producers and ${CONCURRENCY} consumers`,
);
const rows = [];
rows.push(await measure('Baton standard (SQLite FULL)', await baton(false)));
rows.push(await measure('Baton FIFO, 64 groups (SQLite FULL)', await baton(true)));
rows.push(await measure('BullMQ (Redis, no persistence)', await bullmq()));
rows.push(await measure('RabbitMQ (durable, confirms)', await rabbitmq()));

const [standard, fifo, bull, rabbit] = rows;
const f = (x) => Math.round(x).toLocaleString('en-US');
console.log('| system | msg/s | p50 ms | p99 ms |');
console.log('|---|---:|---:|---:|');
for (const r of rows) console.log(`| ${r.label} | ${f(r.perSecond)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} |`);
console.log('');
for (const [label, r] of [
  ['standard', standard],
  ['FIFO', fifo],
]) {
  console.log(
    `Baton ${label} / RabbitMQ: ${(r.perSecond / rabbit.perSecond).toFixed(2)}x throughput; Baton ${label} / BullMQ: ${(r.perSecond / bull.perSecond).toFixed(2)}x`,
  );
}
process.exit(0);
