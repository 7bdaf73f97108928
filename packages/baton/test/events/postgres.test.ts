/**
 * The event bus on PostgreSQL (`--database postgres://…`): the same API over the other adapter.
 * Rules fan events out to a function and a state machine, failures are retried through claims
 * (FOR UPDATE SKIP LOCKED), and two servers on one schema share the outbox: an event put on one
 * node is delivered once per target, and a rule created on one node is matched by the other.
 */
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Json } from '../../src/kernel/index.js';
import { eventually } from '../support/baton.js';
import { describeOnPostgres } from '../support/postgres.js';
import { type EventsBaton, startEventsBaton } from './support.js';

await describeOnPostgres('event bus', (database) => {
  const seen: Json[] = [];
  let failuresLeft = 1;
  const functions = {
    shared: (payload: Json) => {
      seen.push(payload);
      return null;
    },
    failsOnce: () => {
      if (failuresLeft-- > 0) throw new Error('first call fails');
      return null;
    },
  };
  let a: EventsBaton;
  let b: EventsBaton;
  beforeAll(async () => {
    a = await startEventsBaton([], { database }, { functions });
    b = await startEventsBaton([], { database }, { functions });
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });

  it('delivers once per target across two nodes, with retries claimed from the shared outbox', async () => {
    await a.events.send(new PutRuleCommand({ Name: 'shared', EventPattern: JSON.stringify({ source: ['pg'] }) }));
    await a.events.send(
      new PutTargetsCommand({
        Rule: 'shared',
        Targets: [
          { Id: 'shared', Arn: a.arn.fn('shared') },
          { Id: 'flaky', Arn: a.arn.fn('failsOnce') },
        ],
      }),
    );
    // Node b learns of the rule made on node a within its refresh interval.
    await new Promise((r) => setTimeout(r, 1500));
    const ids: string[] = [];
    for (const node of [a, b]) {
      const out = await node.events.send(
        new PutEventsCommand({
          Entries: Array.from({ length: 10 }, (_, i) => ({ Source: 'pg', DetailType: 'T', Detail: `{"i":${i}}` })),
        }),
      );
      ids.push(...out.Entries!.map((e) => e.EventId!));
    }
    await eventually(async () => (seen.length >= 20 ? true : undefined), 10_000);
    await eventually(async () => ((await a.baton.store.bus.pending()) === 0 ? true : undefined), 10_000);
    expect(new Set(seen.map((e) => (e as { id: string }).id))).toEqual(new Set(ids));
    expect(seen.length).toBe(20);
  });
});
