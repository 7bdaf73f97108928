// The systems of the queue benchmark. Each has a setup, run by the orchestrator (start a server
// or create a queue; returns what its clients need, as JSON, and how to clean up), and two client
// roles, run in their own processes (client.mjs): a producer that sends one message per call and
// a consumer that receives and acknowledges them with `concurrency` loops (or slots).
import { execFileSync } from 'node:child_process';
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
import { httpClient } from '../lib/http.mjs';
import { spawnServer, startDurableRedis, stopChild } from '../lib/servers.mjs';

/** FIFO runs spread messages over this many message groups. */
const FIFO_GROUPS = 64;
/** How long a consumer's ReceiveMessage waits for messages (long polling). */
const WAIT_SECONDS = 1;

/** The process listening on a local TCP port (to read a machine service's CPU time), if `ss` can tell. */
function listenerPid(port) {
  try {
    const line = execFileSync('ss', ['-Hltnp', `sport = :${port}`], { encoding: 'utf8' });
    const m = /pid=(\d+)/.exec(line);
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

// --- Baton ------------------------------------------------------------------------------------

/**
 * Baton as deployed: its own process (`baton start`), SQLite with synchronous=FULL (the default:
 * an acknowledged SendMessage is on disk). `BATON_BENCH_PROFILE=<dir>` writes a CPU profile of it.
 * `bin`: the `baton.js` to start (this workspace's, or another build's for a before/after run).
 */
async function setupBaton({ fifo, bin = BATON_BIN }) {
  const dataDir = mkdtempSync(join(tmpdir(), 'baton-bench-queues-'));
  const profile = process.env.BATON_BENCH_PROFILE;
  const { child, match } = await spawnServer(
    process.execPath,
    [
      ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
      bin,
      'start',
      '--port',
      '0',
      '--data-dir',
      dataDir,
      '--log-level',
      'error',
    ],
    /listening on (http:\/\/\S+)/,
  );
  const endpoint = match[1];
  const sqs = sdkClient(endpoint);
  const { QueueUrl } = await sqs.send(
    new CreateQueueCommand({
      QueueName: fifo ? 'bench.fifo' : 'bench',
      Attributes: fifo
        ? { FifoQueue: 'true', DeduplicationScope: 'messageGroup', FifoThroughputLimit: 'perMessageGroupId' }
        : {},
    }),
  );
  sqs.destroy();
  return {
    config: { endpoint, queueUrl: QueueUrl, fifo },
    pid: child.pid,
    close: async () => {
      await stopChild(child, profile ? 'SIGINT' : 'SIGTERM');
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

function sdkClient(endpoint) {
  return new SQSClient({
    endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

/**
 * The SQS calls the clients make, through the AWS SDK (`sdk`: SigV4-signed, MD5s verified) or as
 * plain JSON 1.0 POSTs over keep-alive HTTP (`http`: the same request bodies, unsigned as Baton's
 * default needs no auth, MD5s not checked): what the server costs without the SDK's client CPU.
 */
function sqsCalls(kind, endpoint, concurrency) {
  if (kind === 'sdk') {
    const sqs = sdkClient(endpoint);
    return {
      send: (input) => sqs.send(new SendMessageCommand(input)),
      receive: (input) => sqs.send(new ReceiveMessageCommand(input)),
      deleteBatch: (input) => sqs.send(new DeleteMessageBatchCommand(input)),
      close: () => sqs.destroy(),
    };
  }
  const http = httpClient(concurrency);
  const call = (operation) => async (input) => {
    const { status, body } = await http.request('POST', endpoint, input, {
      'content-type': 'application/x-amz-json-1.0',
      'x-amz-target': `AmazonSQS.${operation}`,
    });
    if (status !== 200) throw new Error(`${operation}: ${status} ${JSON.stringify(body)}`);
    return body;
  };
  return {
    send: call('SendMessage'),
    receive: call('ReceiveMessage'),
    deleteBatch: call('DeleteMessageBatch'),
    close: () => http.close(),
  };
}

function batonClients(kind) {
  return {
    async producer({ endpoint, queueUrl, fifo }, { concurrency }) {
      const sqs = sqsCalls(kind, endpoint, concurrency);
      return {
        produce: (body, i) =>
          sqs.send({
            QueueUrl: queueUrl,
            MessageBody: body,
            ...(fifo ? { MessageGroupId: `g${i % FIFO_GROUPS}`, MessageDeduplicationId: String(i) } : {}),
          }),
        close: async () => sqs.close(),
      };
    },
    async consumer({ endpoint, queueUrl }, { concurrency }, onMessage) {
      const sqs = sqsCalls(kind, endpoint, concurrency);
      let stopping = false;
      const loops = Array.from({ length: concurrency }, async () => {
        while (!stopping) {
          const { Messages } = await sqs.receive({
            QueueUrl: queueUrl,
            MaxNumberOfMessages: 10,
            WaitTimeSeconds: WAIT_SECONDS,
          });
          if (!Messages) continue;
          await sqs.deleteBatch({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle })),
          });
          for (const m of Messages) onMessage(m.Body);
        }
      });
      return {
        close: async () => {
          stopping = true;
          await Promise.all(loops);
          sqs.close();
        },
      };
    },
  };
}

// --- BullMQ -----------------------------------------------------------------------------------

/** BullMQ on the machine's Redis (6379: `--save "" --appendonly no`) or on a durable one of our own. */
async function setupBullmq({ durable }) {
  const redis = durable ? await startDurableRedis() : undefined;
  const connection = { host: '127.0.0.1', port: redis?.port ?? 6379 };
  const name = `bench-${process.pid}-${Date.now()}`;
  return {
    config: { connection, name },
    pid: redis?.pid ?? listenerPid(connection.port),
    close: async () => {
      const queue = new Queue(name, { connection });
      await queue.obliterate({ force: true }).catch(() => undefined);
      await queue.close();
      await redis?.close();
    },
  };
}

const bullmqClients = {
  async producer({ connection, name }) {
    const queue = new Queue(name, { connection });
    await queue.waitUntilReady();
    return {
      produce: (body) => queue.add('m', { body }, { removeOnComplete: true, removeOnFail: true }),
      close: () => queue.close(),
    };
  },
  async consumer({ connection, name }, { concurrency }, onMessage) {
    const worker = new Worker(name, async (job) => onMessage(job.data.body), { connection, concurrency });
    await worker.waitUntilReady();
    return { close: () => worker.close() };
  },
};

// --- RabbitMQ ---------------------------------------------------------------------------------

const RABBITMQ_URL = 'amqp://guest:guest@127.0.0.1:5672';

/** A durable queue on the machine's RabbitMQ; messages are persistent, publishes confirmed one by one. */
async function setupRabbitmq() {
  const name = `bench-${process.pid}-${Date.now()}`;
  const connection = await amqp.connect(RABBITMQ_URL);
  const channel = await connection.createChannel();
  await channel.assertQueue(name, { durable: true });
  return {
    config: { name },
    pid: listenerPid(5672),
    close: async () => {
      await channel.deleteQueue(name);
      await connection.close();
    },
  };
}

const rabbitmqClients = {
  async producer({ name }) {
    const connection = await amqp.connect(RABBITMQ_URL);
    const channel = await connection.createConfirmChannel();
    return {
      produce: (body) =>
        new Promise((resolve, reject) =>
          channel.sendToQueue(name, Buffer.from(body), { persistent: true }, (err) => (err ? reject(err) : resolve())),
        ),
      close: () => connection.close(),
    };
  },
  async consumer({ name }, { concurrency }, onMessage) {
    const connection = await amqp.connect(RABBITMQ_URL);
    const channel = await connection.createChannel();
    await channel.prefetch(concurrency * 10);
    const { consumerTag } = await channel.consume(name, (msg) => {
      channel.ack(msg);
      onMessage(msg.content.toString());
    });
    return {
      close: async () => {
        await channel.cancel(consumerTag);
        await connection.close();
      },
    };
  },
};

// --- the table --------------------------------------------------------------------------------

const BATON_BIN = process.env.BATON_BENCH_BIN ?? 'packages/baton/bin/baton.js';
/** `BATON_BENCH_BASELINE=<path to another build's bin/baton.js>` adds its rows, for a before/after in one run. */
const BASELINE_BIN = process.env.BATON_BENCH_BASELINE;

/** Every system the bench knows, in the order of its table; `clients` names the client roles. */
export const SYSTEMS = {
  baton: {
    label: 'Baton standard (SQLite FULL, AWS SDK)',
    setup: () => setupBaton({ fifo: false }),
    clients: 'baton-sdk',
  },
  'baton-fifo': {
    label: 'Baton FIFO, 64 groups (SQLite FULL, AWS SDK)',
    setup: () => setupBaton({ fifo: true }),
    clients: 'baton-sdk',
  },
  'baton-http': {
    label: 'Baton standard (SQLite FULL, plain HTTP)',
    setup: () => setupBaton({ fifo: false }),
    clients: 'baton-http',
  },
  'baton-fifo-http': {
    label: 'Baton FIFO, 64 groups (SQLite FULL, plain HTTP)',
    setup: () => setupBaton({ fifo: true }),
    clients: 'baton-http',
  },
  bullmq: {
    label: 'BullMQ (Redis, no persistence)',
    setup: () => setupBullmq({ durable: false }),
    clients: 'bullmq',
  },
  'bullmq-aof': {
    label: 'BullMQ (Redis AOF, appendfsync always)',
    setup: () => setupBullmq({ durable: true }),
    clients: 'bullmq',
  },
  rabbitmq: {
    label: 'RabbitMQ (durable, confirms)',
    setup: setupRabbitmq,
    clients: 'rabbitmq',
  },
};
if (BASELINE_BIN) {
  for (const name of ['baton', 'baton-fifo', 'baton-http', 'baton-fifo-http']) {
    const { label, clients } = SYSTEMS[name];
    SYSTEMS[name.replace('baton', 'baseline')] = {
      label: label.replace('Baton', 'Baton baseline'),
      setup: () => setupBaton({ fifo: name.includes('fifo'), bin: BASELINE_BIN }),
      clients,
    };
  }
}

export const CLIENTS = {
  'baton-sdk': batonClients('sdk'),
  'baton-http': batonClients('http'),
  bullmq: bullmqClients,
  rabbitmq: rabbitmqClients,
};
