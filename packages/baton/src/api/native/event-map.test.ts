/**
 * `GET /baton/event-map` through a real server: events put with the official EventBridge client
 * and the status-change events of a workflow are counted per producer, and matches per rule.
 */
import { PutEventsCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventsBaton, startEventsBaton } from '../../../test/events/support.js';
import { eventually } from '../../../test/support/baton.js';
import { buildEnvelope } from '../../messaging/bus/index.js';
import { EventMapCounts, type EventMapSnapshot } from './event-map.js';

describe('EventMapCounts', () => {
  const bus = 'arn:aws:events:us-east-1:1:event-bus/default';
  const envelope = (source: string, resources: string[] = []) => {
    const built = buildEnvelope(
      { source, detailType: 'Tick', detail: '{}', resources },
      { region: 'us-east-1', account: '1', now: 0, id: 'e' },
    );
    if ('code' in built) throw new Error(built.message);
    return built;
  };

  it('counts over a sliding window, in 10-second buckets, and forgets what is older than an hour', () => {
    let now = 1_000_000_000;
    const counts = new EventMapCounts({ now: () => now });
    counts.onEvent(bus, envelope('clock'), ['rule/a']);
    now += 30_000;
    counts.onEvent(bus, envelope('clock'), ['rule/a']);
    counts.onEvent(bus, envelope('clock'), []);
    expect(counts.snapshot(60).events.map((e) => e.count)).toEqual([3]);
    expect(counts.snapshot(20).events.map((e) => e.count)).toEqual([2]);
    expect(counts.snapshot(20).rules.map((r) => r.matched)).toEqual([1]);
    now += 3_610_000;
    expect(counts.snapshot(3600)).toMatchObject({ events: [], rules: [] });
  });

  it('names the state machine of an execution in the resources', () => {
    const counts = new EventMapCounts({ now: () => 0 });
    counts.onEvent(bus, envelope('aws.states', ['arn:aws:states:us-east-1:1:execution:kyc:run-1']), []);
    expect(counts.snapshot(60).events[0]?.workflowArn).toBe('arn:aws:states:us-east-1:1:stateMachine:kyc');
  });
});

describe('GET /baton/event-map', () => {
  let t: EventsBaton;
  beforeAll(async () => {
    t = await startEventsBaton(['audit']);
  });
  afterAll(async () => {
    await t.close();
  });

  const eventMap = async (query = '') => {
    const response = await fetch(`${t.baton.url}/baton/event-map${query}`);
    return { status: response.status, body: (await response.json()) as EventMapSnapshot };
  };

  it('counts events per bus, source and detail type, and the events each rule matched', async () => {
    await t.events.send(
      new PutRuleCommand({
        Name: 'big-orders',
        EventPattern: JSON.stringify({ detail: { total: [{ numeric: ['>', 100] }] } }),
      }),
    );
    await t.events.send(new PutTargetsCommand({ Rule: 'big-orders', Targets: [{ Id: 'a', Arn: t.arn.fn('audit') }] }));
    const entry = (source: string, detailType: string, total: number) => ({
      Source: source,
      DetailType: detailType,
      Detail: JSON.stringify({ total }),
    });
    await t.events.send(
      new PutEventsCommand({
        Entries: [
          entry('shop.orders', 'OrderPlaced', 50),
          entry('shop.orders', 'OrderPlaced', 500),
          entry('shop.orders', 'OrderPlaced', 900),
          entry('shop.billing', 'InvoiceSent', 10),
        ],
      }),
    );
    const { status, body } = await eventMap();
    expect(status).toBe(200);
    expect(body.windowSeconds).toBe(900);
    expect(body.until - body.since).toBe(900_000);
    const bus = t.arn.bus('default');
    expect(body.events.map((e) => [e.busArn, e.source, e.detailType, e.count])).toEqual(
      expect.arrayContaining([
        [bus, 'shop.orders', 'OrderPlaced', 3],
        [bus, 'shop.billing', 'InvoiceSent', 1],
      ]),
    );
    expect(body.rules).toEqual([
      {
        ruleArn: `arn:aws:events:${t.region}:${t.account}:rule/big-orders`,
        matched: 2,
        lastMatched: expect.any(Number),
      },
    ]);
  });

  it('attributes a workflow’s status-change events to its state machine', async () => {
    const machine = await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'greeter',
        definition: JSON.stringify({ StartAt: 'Hi', States: { Hi: { Type: 'Pass', End: true } } }),
        roleArn: `arn:aws:iam::${t.account}:role/r`,
      }),
    );
    await t.sfn.send(new StartExecutionCommand({ stateMachineArn: machine.stateMachineArn }));
    const counted = await eventually(async () => {
      const { body } = await eventMap();
      const found = body.events.find((e) => e.workflowArn === machine.stateMachineArn);
      return found && found.count === 2 ? found : undefined;
    });
    expect(counted).toMatchObject({ source: 'aws.states', detailType: 'Step Functions Execution Status Change' });
  });

  it('refuses a window outside 1..3600 seconds', async () => {
    for (const query of ['?windowSeconds=0', '?windowSeconds=3601', '?windowSeconds=ten']) {
      const { status, body } = await eventMap(query);
      expect(status).toBe(400);
      expect(body).toMatchObject({ __type: 'ValidationException' });
    }
    expect((await eventMap('?windowSeconds=60')).body.windowSeconds).toBe(60);
  });
});
