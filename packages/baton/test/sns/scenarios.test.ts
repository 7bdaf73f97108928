/**
 * The talk's topic scenarios end to end, deployed from their example folders as `npm start`
 * deploys them (examples/<name>/topics.json) and driven through the AWS SDK:
 *
 * - social-fanout: one post-created publish reaches the activity-feed, push-notification and
 *   timeline queues; push notifications only for posts that mention someone (a body filter).
 * - ordered-orders: order-updated is processed only after order-created for the same order,
 *   through a FIFO topic into a FIFO queue with one message group per order.
 *
 * Each example's demo script runs against the same server too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { ListSubscriptionsByTopicCommand, PublishCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SnsBaton, startSnsBaton } from './support.js';

const examples = resolve(fileURLToPath(import.meta.url), '../../../../../examples');
const dir = mkdtempSync(join(tmpdir(), 'baton-sns-examples-'));
for (const name of ['social-fanout', 'ordered-orders']) symlinkSync(join(examples, name), join(dir, name));

let t: SnsBaton;
beforeAll(async () => {
  t = await startSnsBaton([], { examples: dir });
});
afterAll(async () => {
  await t.close();
  rmSync(dir, { recursive: true, force: true });
});

const arn = (service: 'sns' | 'sqs', name: string) => `arn:aws:${service}:${t.region}:${t.account}:${name}`;
const url = (queue: string) => `${t.baton.url}/${t.account}/${queue}`;
const run = (script: string) =>
  promisify(execFile)(process.execPath, [join(examples, script)], {
    env: { ...process.env, BATON_URL: t.baton.url, AWS_REGION: t.region },
    timeout: 30_000,
  });

describe('social fan-out', () => {
  it('delivers a post to the feed and the timeline, and to push notifications only when it mentions someone', async () => {
    const subscriptions = await t.sns.send(
      new ListSubscriptionsByTopicCommand({ TopicArn: arn('sns', 'post-created') }),
    );
    expect(subscriptions.Subscriptions!.map((s) => s.Endpoint).sort()).toEqual(
      ['activity-feed', 'push-notifications', 'timeline'].map((q) => arn('sqs', q)),
    );
    const publish = (post: object) =>
      t.sns.send(new PublishCommand({ TopicArn: arn('sns', 'post-created'), Message: JSON.stringify(post) }));
    await publish({ postId: 'quiet', author: 'ada', text: 'Hello' });
    await publish({ postId: 'loud', author: 'grace', text: 'Hi @ada', mentions: ['ada'] });
    const ids = async (queue: string, count: number, envelope = false) =>
      (await t.receive(url(queue), count, { consume: true }))
        .map((m) => (JSON.parse(envelope ? JSON.parse(m.Body!).Message : m.Body!) as { postId: string }).postId)
        .sort();
    expect(await ids('activity-feed', 2)).toEqual(['loud', 'quiet']);
    expect(await ids('timeline', 2, true)).toEqual(['loud', 'quiet']);
    expect(await ids('push-notifications', 1)).toEqual(['loud']);
    await t.baton.topics.whenIdle();
    expect(await t.depth(url('push-notifications'))).toBe(0);
  });

  it('runs the demo script', async () => {
    const { stdout } = await run('social-fanout/demo.mjs');
    expect(stdout).toContain('activity-feed: p-1, p-2');
    expect(stdout).toContain('push-notifications: p-2');
    expect(stdout).toContain('timeline: p-1, p-2');
  });
});

describe('ordered orders', () => {
  it('processes order-updated only after order-created for the same order', async () => {
    const orders = Array.from({ length: 5 }, (_, i) => `o-${i}`);
    // Each order's events in order; the orders concurrently.
    await Promise.all(
      orders.map(async (orderId) => {
        for (const [n, type] of ['order-created', 'order-updated', 'order-updated', 'order-updated'].entries()) {
          await t.sns.send(
            new PublishCommand({
              TopicArn: arn('sns', 'orders.fifo'),
              Message: JSON.stringify({ type, orderId, n }),
              MessageGroupId: orderId,
            }),
          );
        }
      }),
    );
    const processed = new Map<string, number[]>();
    for (const m of await t.receive(url('order-events.fifo'), 20, { consume: true })) {
      const event = JSON.parse(JSON.parse(m.Body!).Message) as { type: string; orderId: string; n: number };
      const seen = processed.get(event.orderId) ?? [];
      if (event.type === 'order-updated') expect(seen, `${event.orderId} updated before created`).not.toEqual([]);
      processed.set(event.orderId, [...seen, event.n]);
    }
    for (const orderId of orders) expect(processed.get(orderId)).toEqual([0, 1, 2, 3]);
    // The standard audit queue gets every event too, with no order promise.
    expect((await t.receive(url('order-audit'), 20, { consume: true })).length).toBe(20);
  });

  it('runs the demo script', async () => {
    const { stdout } = await run('ordered-orders/demo.mjs');
    expect(stdout).toContain('9 events processed in order; final items: 3, 3, 3');
  });
});
