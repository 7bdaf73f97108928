/**
 * Scheduled rules and archives on PostgreSQL with two nodes on one schema and one (virtual)
 * clock: both nodes poll the same due schedule, and each due time fires once (the conditional
 * claim lets one node's fire commit and turns the other's into nothing); events put on either
 * node are archived once, and a replay started on one node runs once.
 */
import {
  CreateArchiveCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Json } from '../../src/kernel/index.js';
import { eventually } from '../support/baton.js';
import { describeOnPostgres } from '../support/postgres.js';
import { type EventsBaton, startEventsBaton } from './support.js';

await describeOnPostgres('scheduled rules and archives with two nodes', (database) => {
  const clock = { t: Date.parse('2024-09-01T00:00:00Z') };
  const seen: { time: string; id: string; source: string; 'replay-name'?: string }[] = [];
  const functions = {
    shared: (payload: Json) => {
      seen.push(payload as (typeof seen)[number]);
      return null;
    },
  };
  let a: EventsBaton;
  let b: EventsBaton;
  beforeAll(async () => {
    const overrides = { functions, clock: { now: () => clock.t } };
    a = await startEventsBaton([], { database }, overrides);
    b = await startEventsBaton([], { database }, overrides);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('fires each due time once however many nodes poll', async () => {
    await a.events.send(new PutRuleCommand({ Name: 'tick', ScheduleExpression: 'rate(1 minute)' }));
    await a.events.send(new PutTargetsCommand({ Rule: 'tick', Targets: [{ Id: 'shared', Arn: a.arn.fn('shared') }] }));
    for (let i = 1; i <= 5; i++) {
      clock.t += 60_000;
      await eventually(async () => (seen.length >= i ? true : undefined), 10_000);
      // Both nodes have polled the due time at least twice more by now.
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(seen.map((e) => e.time)).toEqual([
      '2024-09-01T00:01:00Z',
      '2024-09-01T00:02:00Z',
      '2024-09-01T00:03:00Z',
      '2024-09-01T00:04:00Z',
      '2024-09-01T00:05:00Z',
    ]);
  });

  it('archives events put on either node once, and replays them once', async () => {
    const bus = a.arn.bus('default');
    const archive = await a.events.send(
      new CreateArchiveCommand({
        ArchiveName: 'orders',
        EventSourceArn: bus,
        EventPattern: '{"source":["pg.orders"]}',
      }),
    );
    await a.events.send(new PutRuleCommand({ Name: 'orders', EventPattern: '{"source":["pg.orders"]}' }));
    await a.events.send(
      new PutTargetsCommand({ Rule: 'orders', Targets: [{ Id: 'shared', Arn: a.arn.fn('shared') }] }),
    );
    // Node b learns of the rules made on node a within its refresh interval.
    await new Promise((r) => setTimeout(r, 1500));
    const start = clock.t;
    for (const node of [a, b]) {
      clock.t += 1000;
      await node.events.send(
        new PutEventsCommand({
          Entries: Array.from({ length: 5 }, (_, i) => ({
            Source: 'pg.orders',
            DetailType: 'T',
            Detail: `{"i":${i}}`,
          })),
        }),
      );
    }
    await eventually(async () => {
      const { EventCount } = await b.events.send(new DescribeArchiveCommand({ ArchiveName: 'orders' }));
      return EventCount === 10 ? true : undefined;
    }, 10_000);
    const before = seen.filter((e) => e.source === 'pg.orders').length;
    clock.t += 1000;
    await b.events.send(
      new StartReplayCommand({
        ReplayName: 'orders-again',
        EventSourceArn: archive.ArchiveArn,
        EventStartTime: new Date(start),
        EventEndTime: new Date(clock.t),
        Destination: { Arn: bus, FilterArns: [`arn:aws:events:${a.region}:${a.account}:rule/orders`] },
      }),
    );
    await eventually(async () => {
      const r = await a.events.send(new DescribeReplayCommand({ ReplayName: 'orders-again' }));
      return r.State === 'COMPLETED' ? true : undefined;
    }, 10_000);
    await eventually(async () => (seen.filter((e) => e['replay-name']).length >= 10 ? true : undefined), 10_000);
    await new Promise((r) => setTimeout(r, 300));
    expect(seen.filter((e) => e.source === 'pg.orders' && !e['replay-name']).length).toBe(before);
    expect(seen.filter((e) => e['replay-name'] === 'orders-again')).toHaveLength(10);
    const { EventCount } = await a.events.send(new DescribeArchiveCommand({ ArchiveName: 'orders' }));
    expect(EventCount).toBe(10);
  });
});
