/**
 * Durable delivery under SIGKILL (DESIGN principle 4): every message a Publish acknowledged
 * reaches every subscription at least once although the server is killed while deliveries are in
 * flight, and a FIFO topic's groups still arrive in order in their FIFO queue. The built server runs
 * as a child process; two function subscribers append the message ids they receive to a file (which
 * survives the crash); after the restart every acknowledged message must be there for both.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateTopicCommand,
  PublishBatchCommand,
  PublishCommand,
  SNSClient,
  SubscribeCommand,
} from '@aws-sdk/client-sns';
import { CreateQueueCommand, DeleteMessageBatchCommand, ReceiveMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { arrivalLog } from '../support/arrival-log.js';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const MESSAGES = 1500;
const dir = mkdtempSync(join(tmpdir(), 'baton-sns-crash-'));
const subscribers = arrivalLog(dir, 'event.Records[0].Sns.MessageId', 30);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!serverBuilt)('topic delivery survives SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir, ['--functions', subscribers.functions]);
  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`delivers ${MESSAGES} acknowledged messages to every subscriber, FIFO groups in order, across a SIGKILL`, {
    timeout: 120_000,
  }, async () => {
    await server.start();
    let sns = new SNSClient(server.clientConfig);
    const topic = (await sns.send(new CreateTopicCommand({ Name: 'durable' }))).TopicArn!;
    for (const name of ['first', 'second']) {
      await sns.send(
        new SubscribeCommand({
          TopicArn: topic,
          Protocol: 'lambda',
          Endpoint: `arn:aws:lambda:us-east-1:123456789012:function:${name}`,
        }),
      );
    }
    const fifo = (
      await sns.send(
        new CreateTopicCommand({
          Name: 'durable.fifo',
          Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
        }),
      )
    ).TopicArn!;
    const sqs = new SQSClient(server.clientConfig);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'durable.fifo', Attributes: { FifoQueue: 'true' } }),
    );
    await sns.send(
      new SubscribeCommand({
        TopicArn: fifo,
        Protocol: 'sqs',
        Endpoint: 'arn:aws:sqs:us-east-1:123456789012:durable.fifo',
      }),
    );

    // Batches of 10 until killed; only answered calls count as acknowledged.
    const acknowledged = new Set<string>();
    const ordered = new Map<string, number[]>();
    let stop = false;
    const producers = Array.from({ length: 6 }, async (_, p) => {
      for (let n = 0; !stop; n++) {
        try {
          const entries = Array.from({ length: 10 }, (_, i) => ({ Id: String(i), Message: `m-${p}-${n}-${i}` }));
          const out = await sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: entries }));
          for (const s of out.Successful ?? []) acknowledged.add(s.MessageId!);
          // One FIFO group per producer, published in order.
          await sns.send(new PublishCommand({ TopicArn: fifo, Message: `${p}:${n}`, MessageGroupId: `g-${p}` }));
          ordered.set(`g-${p}`, [...(ordered.get(`g-${p}`) ?? []), n]);
        } catch {
          await sleep(20);
        }
      }
    });
    while (acknowledged.size < 600) await sleep(5);
    await server.kill();
    stop = true;
    await Promise.all(producers);
    expect(subscribers.missing(acknowledged)).toBeGreaterThan(0);

    await server.start();
    sns.destroy();
    sns = new SNSClient(server.clientConfig);
    while (acknowledged.size < MESSAGES) {
      const entries = Array.from({ length: 10 }, (_, i) => ({
        Id: String(i),
        Message: `after-${acknowledged.size}-${i}`,
      }));
      const out = await sns.send(new PublishBatchCommand({ TopicArn: topic, PublishBatchRequestEntries: entries }));
      for (const s of out.Successful ?? []) acknowledged.add(s.MessageId!);
    }
    const missing = await subscribers.settle(acknowledged);
    expect({ acknowledged: acknowledged.size, missing }).toEqual({ acknowledged: acknowledged.size, missing: 0 });

    // Every acknowledged FIFO message, each group in publish order (a message published but
    // unacknowledged when the server died may appear too, in its place).
    const received = new Map<string, number[]>();
    const expected = [...ordered.values()].reduce((n, list) => n + list.length, 0);
    const until = Date.now() + 30_000;
    while ([...received.values()].reduce((n, list) => n + list.length, 0) < expected && Date.now() < until) {
      const r = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }));
      for (const m of r.Messages ?? []) {
        const [p, n] = (JSON.parse(m.Body!).Message as string).split(':');
        received.set(`g-${p}`, [...(received.get(`g-${p}`) ?? []), Number(n)]);
      }
      if (r.Messages?.length) {
        const Entries = r.Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! }));
        await sqs.send(new DeleteMessageBatchCommand({ QueueUrl, Entries }));
      }
    }
    for (const [group, sent] of ordered) {
      const got = received.get(group) ?? [];
      expect(
        [...got].sort((a, b) => a - b),
        group,
      ).toEqual(got);
      for (const n of sent) expect(got, `${group} ${n}`).toContain(n);
    }
    sns.destroy();
    sqs.destroy();
  });
});
