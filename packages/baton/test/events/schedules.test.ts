/**
 * Scheduled rules through the official SDK (user guide, "Creating rules that run on a schedule",
 * "Cron expressions reference", "Rate expressions reference"): PutRule's checks of
 * ScheduleExpression, the Scheduled Event envelope, rate and cron times on a virtual clock, and a
 * schedule's life with its rule (disabled, replaced, deleted). Time moves only through the clock.
 */
import {
  CreateEventBusCommand,
  DeleteRuleCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json } from '../../src/kernel/index.js';
import { eventually } from '../support/baton.js';
import { type EventsBaton, failure, startEventsBaton } from './support.js';

const T0 = Date.parse('2024-01-01T00:00:30Z');
const MINUTE = 60_000;
const clock = { t: T0 };
let t: EventsBaton;

beforeAll(async () => {
  t = await startEventsBaton(['ticks', 'hourly', 'both', 'quiet'], {}, { clock: { now: () => clock.t } });
});
afterAll(async () => {
  await t.close();
});

const received = (fn: string) => t.received.get(fn)! as { time: string; [k: string]: Json }[];
const settle = () => new Promise((r) => setTimeout(r, 300));

async function scheduled(name: string, expression: string, fn: string, pattern?: object) {
  await t.events.send(
    new PutRuleCommand({
      Name: name,
      ScheduleExpression: expression,
      ...(pattern ? { EventPattern: JSON.stringify(pattern) } : {}),
    }),
  );
  await t.events.send(new PutTargetsCommand({ Rule: name, Targets: [{ Id: fn, Arn: t.arn.fn(fn) }] }));
}

/** Moves the clock and waits until `fn` has received `count` events in all. */
async function advance(ms: number, fn: string, count: number) {
  clock.t += ms;
  await eventually(async () => (received(fn).length >= count ? true : undefined));
}

describe('PutRule with a ScheduleExpression', () => {
  it('refuses expressions AWS refuses, with its message', async () => {
    for (const expression of [
      'rate(1 minutes)',
      'rate(5 minute)',
      'cron(0 10 * * * *)',
      'cron(0 10 * *)',
      'every 5 minutes',
    ]) {
      expect(
        await failure(t.events.send(new PutRuleCommand({ Name: 'bad', ScheduleExpression: expression }))),
      ).toMatchObject({
        name: 'ValidationException',
        message: 'Parameter ScheduleExpression is not valid.',
      });
    }
  });

  it('allows schedules on the default bus only', async () => {
    await t.events.send(new CreateEventBusCommand({ Name: 'custom' }));
    expect(
      await failure(
        t.events.send(new PutRuleCommand({ Name: 'r', EventBusName: 'custom', ScheduleExpression: 'rate(1 hour)' })),
      ),
    ).toMatchObject({
      name: 'ValidationException',
      message: 'ScheduleExpression is supported only on the default event bus.',
    });
  });

  it('describes the rule with its expression', async () => {
    await t.events.send(new PutRuleCommand({ Name: 'described', ScheduleExpression: 'cron(0 12 * * ? *)' }));
    const rule = await t.events.send(new DescribeRuleCommand({ Name: 'described' }));
    expect(rule.ScheduleExpression).toBe('cron(0 12 * * ? *)');
    expect(rule.EventPattern).toBeUndefined();
  });
});

describe('scheduled events', () => {
  it('fire a rate rule a period after it was put, as a Scheduled Event to each target', async () => {
    await scheduled('ticks', 'rate(5 minutes)', 'ticks');
    clock.t += 4 * MINUTE;
    await settle();
    expect(received('ticks')).toEqual([]);
    await advance(MINUTE, 'ticks', 1);
    const [event] = received('ticks');
    expect(event).toEqual({
      version: '0',
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      'detail-type': 'Scheduled Event',
      source: 'aws.events',
      account: t.account,
      time: '2024-01-01T00:05:30Z',
      region: t.region,
      resources: [`arn:aws:events:${t.region}:${t.account}:rule/ticks`],
      detail: {},
    });
    await advance(5 * MINUTE, 'ticks', 2);
    expect(received('ticks')[1]!.time).toBe('2024-01-01T00:10:30Z');
  });

  it('fire once for the missed times after a gap, then keep to the schedule', async () => {
    const before = received('ticks').length;
    clock.t += 60 * MINUTE + MINUTE; // twelve due times pass while nothing polls in between
    await eventually(async () => (received('ticks').length > before ? true : undefined));
    await settle();
    expect(received('ticks').length).toBe(before + 1);
    expect(received('ticks')[before]!.time).toBe('2024-01-01T00:15:30Z');
    // The schedule resumes on its grid: 01:11:30 now, next at 01:15:30.
    clock.t = Date.parse('2024-01-01T01:15:29Z');
    await settle();
    expect(received('ticks').length).toBe(before + 1);
    await advance(1000, 'ticks', before + 2);
    expect(received('ticks')[before + 1]!.time).toBe('2024-01-01T01:15:30Z');
  });

  it('fire a cron rule at its times (UTC)', async () => {
    clock.t = Date.parse('2024-01-01T01:30:00Z');
    await scheduled('hourly', 'cron(0 * * * ? *)', 'hourly');
    await advance(30 * MINUTE, 'hourly', 1);
    expect(received('hourly')[0]!.time).toBe('2024-01-01T02:00:00Z');
  });

  it('fire a rule with both a pattern and a schedule on either', async () => {
    await scheduled('both', 'rate(1 day)', 'both', { source: ['both.test'] });
    await t.events.send(new PutEventsCommand({ Entries: [{ Source: 'both.test', DetailType: 'T', Detail: '{}' }] }));
    await eventually(async () => (received('both').length >= 1 ? true : undefined));
    await advance(24 * 60 * MINUTE, 'both', 2);
    expect(received('both').map((e) => e['detail-type'])).toEqual(['T', 'Scheduled Event']);
  });

  it('skip the times of a disabled rule and stop with a deleted one', async () => {
    await scheduled('quiet', 'rate(1 minute)', 'quiet');
    await t.events.send(new DisableRuleCommand({ Name: 'quiet' }));
    clock.t += 2 * MINUTE;
    await settle();
    expect(received('quiet')).toEqual([]);
    await t.events.send(new EnableRuleCommand({ Name: 'quiet' }));
    await advance(MINUTE, 'quiet', 1);
    await t.events.send(new RemoveTargetsCommand({ Rule: 'quiet', Ids: ['quiet'] }));
    await t.events.send(new DeleteRuleCommand({ Name: 'quiet' }));
    expect(
      await t.baton.store.eventSchedules.get(`arn:aws:events:${t.region}:${t.account}:rule/quiet`),
    ).toBeUndefined();
  });

  it('replace the schedule when PutRule changes the expression, and drop it when the rule loses it', async () => {
    const arn = `arn:aws:events:${t.region}:${t.account}:rule/changing`;
    await t.events.send(new PutRuleCommand({ Name: 'changing', ScheduleExpression: 'rate(1 hour)' }));
    expect((await t.baton.store.eventSchedules.get(arn))?.nextFireAt).toBe(clock.t + 60 * MINUTE);
    await t.events.send(new PutRuleCommand({ Name: 'changing', ScheduleExpression: 'rate(1 hour)', Description: 'd' }));
    expect((await t.baton.store.eventSchedules.get(arn))?.nextFireAt).toBe(clock.t + 60 * MINUTE);
    clock.t += 10 * MINUTE;
    await t.events.send(new PutRuleCommand({ Name: 'changing', ScheduleExpression: 'rate(2 hours)' }));
    expect((await t.baton.store.eventSchedules.get(arn))?.nextFireAt).toBe(clock.t + 120 * MINUTE);
    await t.events.send(new PutRuleCommand({ Name: 'changing', EventPattern: '{"source":["x"]}' }));
    expect(await t.baton.store.eventSchedules.get(arn)).toBeUndefined();
  });
});
