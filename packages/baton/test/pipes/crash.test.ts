/**
 * Durability of a pipe under SIGKILL (DESIGN principle 4), with the built server (`npm run
 * build`): a Kinesis → SQS pipe is killed in the middle of its work; after a restart on the same
 * data it resumes from its shards' checkpoints, and every record reaches the target — none lost,
 * none skipped, each key in order (at-least-once: a record may arrive twice, never zero times).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateStreamCommand, KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreatePipeCommand, DescribePipeCommand, PipesClient } from '@aws-sdk/client-pipes';
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-pipes-crash-'));
const KEYS = 30;
const PER_KEY = 50;
const TOTAL = KEYS * PER_KEY;

describe.skipIf(!serverBuilt)('a pipe across SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir);
  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('resumes from its checkpoints after a kill: every record delivered, each key in order', {
    timeout: 120_000,
  }, async () => {
    await server.start();
    const kinesis = new KinesisClient(server.clientConfig);
    const sqs = new SQSClient(server.clientConfig);
    const pipes = new PipesClient(server.clientConfig);
    const queueUrl = `${server.endpoint}/123456789012/delivered`;
    await kinesis.send(new CreateStreamCommand({ StreamName: 'rides', ShardCount: 2 }));
    await sqs.send(new CreateQueueCommand({ QueueName: 'delivered' }));
    for (let n = 0; n < PER_KEY; n++) {
      await kinesis.send(
        new PutRecordsCommand({
          StreamName: 'rides',
          Records: Array.from({ length: KEYS }, (_, k) => ({
            PartitionKey: `rider-${k}`,
            Data: Buffer.from(JSON.stringify({ key: `rider-${k}`, n })),
          })),
        }),
      );
    }
    // The pipe starts once every record is in the stream, and is killed part way through them.
    await pipes.send(
      new CreatePipeCommand({
        Name: 'rides-to-queue',
        Source: 'arn:aws:kinesis:us-east-1:123456789012:stream/rides',
        Target: 'arn:aws:sqs:us-east-1:123456789012:delivered',
        RoleArn: 'arn:aws:iam::123456789012:role/pipes',
        SourceParameters: { KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 10 } },
        TargetParameters: { InputTemplate: '{"key": <$.data.key>, "n": <$.data.n>}' },
      }),
    );
    const depth = async () => {
      const { Attributes = {} } = await sqs.send(
        new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }),
      );
      return Number(Attributes.ApproximateNumberOfMessages);
    };
    let delivered = 0;
    while ((delivered = await depth()) < 100) await new Promise((r) => setTimeout(r, 5));
    await server.kill();
    expect(delivered).toBeLessThan(TOTAL);
    for (const c of [kinesis, sqs, pipes]) c.destroy();

    await server.start();
    const sqs2 = new SQSClient(server.clientConfig);
    const pipes2 = new PipesClient(server.clientConfig);
    expect((await pipes2.send(new DescribePipeCommand({ Name: 'rides-to-queue' }))).CurrentState).toBe('RUNNING');
    const received: { key: string; n: number }[] = [];
    const distinct = new Set<string>();
    const deadline = Date.now() + 60_000;
    while (distinct.size < TOTAL && Date.now() < deadline) {
      const { Messages = [] } = await sqs2.send(
        new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      for (const m of Messages) {
        const u = JSON.parse(m.Body!) as { key: string; n: number };
        received.push(u);
        distinct.add(`${u.key}/${u.n}`);
      }
      if (Messages.length > 0) {
        await sqs2.send(
          new DeleteMessageBatchCommand({
            QueueUrl: queueUrl,
            Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
          }),
        );
      }
    }
    expect(distinct.size).toBe(TOTAL);
    // Each key's records, the first time each arrived, in the order they were put (Baton's
    // standard queues hand out their oldest messages first, so the queue keeps the pipe's order).
    const firsts = new Map<string, number[]>();
    const seen = new Set<string>();
    for (const u of received) {
      const id = `${u.key}/${u.n}`;
      if (seen.has(id)) continue;
      seen.add(id);
      firsts.set(u.key, [...(firsts.get(u.key) ?? []), u.n]);
    }
    for (const ns of firsts.values()) expect(ns).toEqual([...ns].sort((a, b) => a - b));
    sqs2.destroy();
    pipes2.destroy();
  });
});
