/**
 * Topics on PostgreSQL (`--database postgres://…`): two servers on one schema share topics,
 * subscriptions and the delivery outbox. A subscription made through one node is matched by the
 * other (each follows the topic's version), and a FIFO topic's groups stay in order although the
 * messages are published through both nodes and delivered by whichever node claims them.
 */
import { CreateTopicCommand, PublishCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeOnPostgres } from '../support/postgres.js';
import { type SnsBaton, sleep, startSnsBaton } from './support.js';

await describeOnPostgres('topics', (database) => {
  let a: SnsBaton;
  let b: SnsBaton;
  beforeAll(async () => {
    a = await startSnsBaton([], { database });
    b = await startSnsBaton([], { database });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('matches subscriptions made through the other node and delivers once per subscription', async () => {
    const TopicArn = (await a.sns.send(new CreateTopicCommand({ Name: 'shared' }))).TopicArn!;
    const first = await b.queue('shared-1');
    await b.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: first.arn }));
    await a.sns.send(new PublishCommand({ TopicArn, Message: 'one' }));
    const second = await b.queue('shared-2');
    await b.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: second.arn }));
    // Node a follows the topic's version within a second.
    await sleep(1500);
    await a.sns.send(new PublishCommand({ TopicArn, Message: 'two' }));
    const messages = async (url: string, count: number) =>
      (await a.receive(url, count)).map((m) => JSON.parse(m.Body!).Message as string).sort();
    expect(await messages(first.url, 2)).toEqual(['one', 'two']);
    expect(await messages(second.url, 1)).toEqual(['two']);
    await a.baton.topics.whenIdle();
    await b.baton.topics.whenIdle();
    expect(await a.depth(first.url)).toBe(0);
  });

  it('keeps FIFO groups in order across nodes', async () => {
    const TopicArn = (
      await a.sns.send(
        new CreateTopicCommand({
          Name: 'shared.fifo',
          Attributes: { FifoTopic: 'true', ContentBasedDeduplication: 'true' },
        }),
      )
    ).TopicArn!;
    const q = await a.queue('shared-orders.fifo', { FifoQueue: 'true' });
    await b.sns.send(new SubscribeCommand({ TopicArn, Protocol: 'sqs', Endpoint: q.arn }));
    const groups = ['g1', 'g2', 'g3', 'g4'];
    await Promise.all(
      groups.map(async (group) => {
        for (let i = 0; i < 10; i++) {
          const node = i % 2 === 0 ? a : b;
          await node.sns.send(new PublishCommand({ TopicArn, Message: `${group}:${i}`, MessageGroupId: group }));
        }
      }),
    );
    const received = (await a.receive(q.url, 40, { consume: true, timeoutMs: 10_000 })).map(
      (m) => JSON.parse(m.Body!).Message as string,
    );
    for (const group of groups) {
      expect(received.filter((m) => m.startsWith(`${group}:`))).toEqual(
        Array.from({ length: 10 }, (_, i) => `${group}:${i}`),
      );
    }
  });
});
