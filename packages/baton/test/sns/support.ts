/**
 * A Baton server for the SNS tests, with the official SNS and SQS clients pointed at it, queue
 * helpers, recording functions, and a local HTTP endpoint that records what SNS posts to it.
 * Delivery retries are scaled down (SNS waits 20 s between HTTP retries) and 127.0.0.1 may be
 * called (outbound calls go to public addresses only unless a host is allowed).
 */
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { SNSClient } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import type { BatonConfig } from '../../src/config.js';
import type { Json } from '../../src/kernel/index.js';
import type { BatonOverrides } from '../../src/main.js';
import { credentials, eventually, recordingFunctions, startTestBaton, type TestBaton } from '../support/baton.js';

export { failure, sleep } from '../support/baton.js';

export interface ReceivedMessage {
  readonly Body?: string;
  readonly Attributes?: Record<string, string>;
  readonly MessageAttributes?: Record<string, { DataType?: string; StringValue?: string; BinaryValue?: Uint8Array }>;
}

export interface SnsBaton extends TestBaton {
  readonly sns: SNSClient;
  readonly sqs: SQSClient;
  /** What each recording function received, by function name. */
  readonly received: Map<string, Json[]>;
  /** Creates a queue; returns its URL and ARN. */
  queue(name: string, attributes?: Record<string, string>): Promise<{ url: string; arn: string }>;
  /**
   * Receives until `count` messages arrived (or fails after the timeout). Messages stay in flight
   * unless `consume` deletes them (a FIFO group blocks while one of its messages is in flight).
   */
  receive(url: string, count: number, options?: { timeoutMs?: number; consume?: boolean }): Promise<ReceivedMessage[]>;
  /** Messages visible in a queue now. */
  depth(url: string): Promise<number>;
  arn(service: 'lambda' | 'states' | 'events', name: string): string;
}

/** Functions named in `recorders` record every payload they receive. */
export async function startSnsBaton(
  recorders: readonly string[] = [],
  config: Partial<BatonConfig> = {},
  overrides: BatonOverrides = {},
): Promise<SnsBaton> {
  const { received, functions } = recordingFunctions(recorders, () => null);
  const t = await startTestBaton(
    { allowPrivateHosts: ['127.0.0.1'], ...config },
    {
      ...overrides,
      functions: { ...functions, ...overrides.functions },
      topicDelivery: { pollMs: 50, delayScale: 0.001, ...overrides.topicDelivery },
      busDelivery: { pollMs: 50, backoff: { baseMs: 20, capMs: 100 }, ...overrides.busDelivery },
    },
  );
  const client = { endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 };
  const sns = new SNSClient(client);
  const sqs = new SQSClient(client);
  const prefix = (service: string) => `arn:aws:${service}:${t.region}:${t.account}:`;
  return {
    ...t,
    sns,
    sqs,
    received,
    async queue(name, attributes) {
      const r = await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
      return { url: r.QueueUrl!, arn: `${prefix('sqs')}${name}` };
    },
    async receive(url, count, { timeoutMs = 5000, consume = false } = {}) {
      const out: ReceivedMessage[] = [];
      await eventually(async () => {
        const r = await sqs.send(
          new ReceiveMessageCommand({
            QueueUrl: url,
            MaxNumberOfMessages: 10,
            MessageAttributeNames: ['All'],
            MessageSystemAttributeNames: ['All'],
            VisibilityTimeout: 600,
          }),
        );
        const messages = r.Messages ?? [];
        out.push(...(messages as ReceivedMessage[]));
        if (consume && messages.length > 0) {
          const Entries = messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
          await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: url, Entries }));
        }
        return out.length >= count ? out : undefined;
      }, timeoutMs);
      return out;
    },
    async depth(url) {
      const r = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(r.Attributes?.ApproximateNumberOfMessages ?? 0);
    },
    arn(service, name) {
      if (service === 'lambda') return `${prefix('lambda')}function:${name}`;
      if (service === 'states') return `${prefix('states')}stateMachine:${name}`;
      return `${prefix('events')}event-bus/${name}`;
    },
    async close() {
      sns.destroy();
      sqs.destroy();
      await t.close();
    },
  };
}

export interface Posted {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/** A local HTTP endpoint: records each POST and answers with the status `answer` gives (200 by default). */
export async function httpEndpoint(answer: (post: Posted, n: number) => number = () => 200) {
  const posts: Posted[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString('utf8')));
    req.on('end', () => {
      const post = { path: req.url ?? '/', headers: req.headers, body };
      posts.push(post);
      res.writeHead(answer(post, posts.length)).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    posts,
    /** Waits until `count` posts (of `type`, when given) arrived. */
    async waitFor(count: number, type?: string, timeoutMs = 5000) {
      return eventually(async () => {
        const matching = posts.filter((p) => !type || p.headers['x-amz-sns-message-type'] === type);
        return matching.length >= count ? matching : undefined;
      }, timeoutMs);
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
