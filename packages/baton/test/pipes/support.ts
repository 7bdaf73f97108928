/**
 * A Baton server for the Pipes tests: the official Pipes, SQS, Kinesis and Step Functions clients
 * pointed at it, in-process functions that record the batches they receive (and may answer with
 * `batchItemFailures` or fail, as a test tells them), and short pipe timings (retries back off
 * from 20 ms, shards are polled every 20 ms, nodes look for pipes every 100 ms).
 */
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { PipesClient } from '@aws-sdk/client-pipes';
import { ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { BatonConfig } from '../../src/config.js';
import type { FunctionHandler } from '../../src/integrations/index.js';
import type { Json } from '../../src/kernel/index.js';
import type { BatonOverrides } from '../../src/main.js';
import { credentials, startTestBaton, type TestBaton } from '../support/baton.js';

export { eventually, failure, sleep } from '../support/baton.js';

/** What a recording function does with a batch: answer it (the default: `null`), or throw. */
export type Behaviour = (batch: Json[]) => Json | undefined | Promise<Json | undefined>;

export interface PipesBaton extends TestBaton {
  readonly pipes: PipesClient;
  readonly sqs: SQSClient;
  readonly kinesis: KinesisClient;
  /** The batches each recording function received, by function name. */
  readonly batches: Map<string, Json[][]>;
  /** How each recording function answers (set per test; default: succeed). */
  readonly behaviour: Map<string, Behaviour>;
  readonly arn: {
    readonly fn: (name: string) => string;
    readonly machine: (name: string) => string;
    readonly queue: (name: string) => string;
    readonly stream: (name: string) => string;
    readonly topic: (name: string) => string;
    readonly bus: (name: string) => string;
    readonly pipe: (name: string) => string;
  };
  readonly role: string;
  /** Every message on a queue from now until it stays empty (received and deleted). */
  drain(queueName: string, settleMs?: number): Promise<string[]>;
}

export const PIPE_TIMINGS = { backoff: { baseMs: 20, capMs: 200 }, idleMs: 20, pollMs: 100 } as const;

export async function startPipesBaton(
  recorders: readonly string[] = [],
  config: Partial<BatonConfig> = {},
  overrides: BatonOverrides = {},
): Promise<PipesBaton> {
  const batches = new Map<string, Json[][]>();
  const behaviour = new Map<string, Behaviour>();
  const functions: Record<string, FunctionHandler> = {};
  for (const name of recorders) {
    batches.set(name, []);
    functions[name] = (payload) => {
      const batch = payload as Json[];
      batches.get(name)!.push(batch);
      return behaviour.get(name)?.(batch) ?? null;
    };
  }
  const t = await startTestBaton(config, {
    ...overrides,
    functions: { ...functions, ...overrides.functions },
    pipes: { ...PIPE_TIMINGS, ...overrides.pipes },
  });
  const client = { endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 };
  const sqs = new SQSClient(client);
  const base = (service: string) => `arn:aws:${service}:${t.region}:${t.account}`;
  const queueUrl = (name: string) => `${t.baton.url}/${t.account}/${name}`;
  return {
    ...t,
    pipes: new PipesClient(client),
    sqs,
    kinesis: new KinesisClient(client),
    batches,
    behaviour,
    arn: {
      fn: (name) => `${base('lambda')}:function:${name}`,
      machine: (name) => `${base('states')}:stateMachine:${name}`,
      queue: (name) => `${base('sqs')}:${name}`,
      stream: (name) => `${base('kinesis')}:stream/${name}`,
      topic: (name) => `${base('sns')}:${name}`,
      bus: (name) => `${base('events')}:event-bus/${name}`,
      pipe: (name) => `${base('pipes')}:pipe/${name}`,
    },
    role: `arn:aws:iam::${t.account}:role/pipes`,
    async drain(queueName, settleMs = 300) {
      const bodies: string[] = [];
      let quietSince = Date.now();
      while (Date.now() - quietSince < settleMs) {
        const { Messages = [] } = await sqs.send(
          new ReceiveMessageCommand({ QueueUrl: queueUrl(queueName), MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
        );
        if (Messages.length > 0) quietSince = Date.now();
        bodies.push(...Messages.map((m) => m.Body!));
        for (const m of Messages) {
          await t.baton.queues.deleteMessages(`${base('sqs')}:${queueName}`, [m.ReceiptHandle!]);
        }
        if (Messages.length === 0) await new Promise((r) => setTimeout(r, 25));
      }
      return bodies;
    },
  };
}
