/**
 * Durability of queues under SIGKILL (DESIGN principle 4): every SendMessage the server
 * acknowledged survives the kill, and a message received but not deleted becomes visible again
 * after its visibility timeout, across the restart. Runs the built server (`npm run build`).
 */
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
import { afterAll, describe, expect, it } from 'vitest';
import { ServerProcess, serverBuilt } from '../support/server-process.js';

const dir = mkdtempSync(join(tmpdir(), 'baton-sqs-crash-'));
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!serverBuilt)('queue durability across SIGKILL (run `npm run build` first)', () => {
  const server = new ServerProcess(dir);
  afterAll(async () => {
    await server.kill();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps acknowledged sends and redelivers unacknowledged receives', { timeout: 60_000 }, async () => {
    await server.start();
    const sqs = new SQSClient(server.clientConfig);
    const { QueueUrl } = await sqs.send(
      new CreateQueueCommand({ QueueName: 'durable', Attributes: { VisibilityTimeout: '2' } }),
    );
    // Received before the kill and never deleted: must come back after 2 s.
    for (let i = 0; i < 20; i++) await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: `held-${i}` }));
    const held = await sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
    expect(held.Messages).toHaveLength(10);

    // Senders run while the server is killed: what was acknowledged must survive.
    const acknowledged = new Set<string>();
    let stop = false;
    const senders = Array.from({ length: 16 }, async (_, s) => {
      for (let i = 0; !stop; i++) {
        const body = `s${s}-${i}`;
        try {
          await sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
          acknowledged.add(body);
        } catch {
          await sleep(20);
        }
      }
    });
    await sleep(700);
    await server.kill();
    stop = true;
    await Promise.all(senders);
    expect(acknowledged.size).toBeGreaterThan(50);
    await server.start();
    await sleep(2100);

    const seen = new Set<string>();
    for (let idle = 0; idle < 3; ) {
      const { Messages } = await sqs.send(
        new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 60 }),
      );
      if (!Messages) {
        idle++;
        continue;
      }
      for (const m of Messages) seen.add(m.Body!);
      await sqs.send(
        new DeleteMessageBatchCommand({
          QueueUrl,
          Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle! })),
        }),
      );
    }
    for (let i = 0; i < 20; i++) expect(seen.has(`held-${i}`), `held-${i}`).toBe(true);
    const lost = [...acknowledged].filter((b) => !seen.has(b));
    expect(lost).toEqual([]);
    sqs.destroy();
  });
});
