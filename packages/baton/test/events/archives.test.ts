/**
 * Archives and replays through the official SDK (user guide, "Archiving and replaying events";
 * API reference: CreateArchive … CancelReplay): the archive's managed rule, what it keeps (events
 * that match its pattern, once each, never replayed ones), counts, updates, retention and
 * deletion; replays of a time window to the rules named, with `replay-name` in the envelope, and
 * AWS's refusals. Event times come from a virtual clock.
 */
import {
  CancelReplayCommand,
  CreateArchiveCommand,
  CreateEventBusCommand,
  DeleteArchiveCommand,
  DeleteRuleCommand,
  DescribeArchiveCommand,
  DescribeReplayCommand,
  ListArchivesCommand,
  ListReplaysCommand,
  ListRulesCommand,
  ListTargetsByRuleCommand,
  PutEventsCommand,
  PutRuleCommand,
  PutTargetsCommand,
  StartReplayCommand,
  UpdateArchiveCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/baton.js';
import { type EventsBaton, failure, startEventsBaton } from './support.js';

const T0 = Date.parse('2024-03-01T00:00:00Z');
const clock = { t: T0 };
let t: EventsBaton;
const BUS = 'orders';
let busArn: string;
let archiveArn: string;

beforeAll(async () => {
  t = await startEventsBaton(['first', 'second'], {}, { clock: { now: () => clock.t } });
  busArn = (await t.events.send(new CreateEventBusCommand({ Name: BUS }))).EventBusArn!;
  for (const [rule, fn] of [
    ['to-first', 'first'],
    ['to-second', 'second'],
  ] as const) {
    await t.events.send(new PutRuleCommand({ Name: rule, EventBusName: BUS, EventPattern: '{"source":["shop"]}' }));
    await t.events.send(
      new PutTargetsCommand({ Rule: rule, EventBusName: BUS, Targets: [{ Id: fn, Arn: t.arn.fn(fn) }] }),
    );
  }
});
afterAll(async () => {
  await t.close();
});

const put = (source: string, detail: object) =>
  t.events.send(
    new PutEventsCommand({
      Entries: [{ EventBusName: BUS, Source: source, DetailType: 'T', Detail: JSON.stringify(detail) }],
    }),
  );
const count = async (name: string) =>
  (await t.events.send(new DescribeArchiveCommand({ ArchiveName: name }))).EventCount;
const ruleArn = (name: string) => `arn:aws:events:${t.region}:${t.account}:rule/${BUS}/${name}`;

describe('archives', () => {
  it('refuse bad input with AWS errors', async () => {
    const create = (input: Record<string, unknown>) =>
      failure(t.events.send(new CreateArchiveCommand({ ArchiveName: 'a', EventSourceArn: busArn, ...input })));
    expect((await create({ ArchiveName: 'x'.repeat(49) })).name).toBe('ValidationException');
    expect(await create({ EventSourceArn: t.arn.bus('nope') })).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus nope does not exist.',
    });
    expect((await create({ EventSourceArn: t.arn.queue('q') })).name).toBe('ValidationException');
    expect((await create({ EventPattern: '{"source":"shop"}' })).name).toBe('InvalidEventPatternException');
    expect((await create({ RetentionDays: -1 })).name).toBe('ValidationException');
  });

  it('are created with a managed rule that users cannot change without Force', async () => {
    const created = await t.events.send(
      new CreateArchiveCommand({
        ArchiveName: 'shop',
        EventSourceArn: busArn,
        EventPattern: '{"source":["shop"]}',
        Description: 'shop events',
      }),
    );
    archiveArn = created.ArchiveArn!;
    expect(created).toMatchObject({
      ArchiveArn: `arn:aws:events:${t.region}:${t.account}:archive/shop`,
      State: 'ENABLED',
    });
    expect(
      await failure(t.events.send(new CreateArchiveCommand({ ArchiveName: 'shop', EventSourceArn: busArn }))),
    ).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Archive shop already exists.',
    });
    const rules = await t.events.send(new ListRulesCommand({ EventBusName: BUS, NamePrefix: 'Events-Archive-' }));
    expect(rules.Rules).toEqual([
      expect.objectContaining({
        Name: 'Events-Archive-shop',
        ManagedBy: 'prod.vhs.events.aws.internal',
        EventPattern: '{"source":["shop"],"replay-name":[{"exists":false}]}',
      }),
    ]);
    const targets = await t.events.send(
      new ListTargetsByRuleCommand({ Rule: 'Events-Archive-shop', EventBusName: BUS }),
    );
    expect(targets.Targets?.map((x) => x.Arn)).toEqual([archiveArn]);
    expect(
      await failure(t.events.send(new DeleteRuleCommand({ Name: 'Events-Archive-shop', EventBusName: BUS }))),
    ).toMatchObject({
      name: 'ManagedRuleException',
      message: "Events-Archive-shop is a managed rule. Set 'force' parameter to true to override.",
    });
    const put = new PutTargetsCommand({
      Rule: 'Events-Archive-shop',
      EventBusName: BUS,
      Targets: [{ Id: 'x', Arn: t.arn.fn('first') }],
    });
    expect((await failure(t.events.send(put))).name).toBe('ManagedRuleException');
  });

  it('keep the matching events accepted by PutEvents, once each, with counts and sizes', async () => {
    for (let i = 0; i < 3; i++) {
      clock.t = T0 + (i + 1) * 60_000; // 00:01, 00:02, 00:03
      await put('shop', { n: i });
    }
    await put('elsewhere', { n: 9 });
    await eventually(async () => ((await count('shop')) === 3 ? true : undefined));
    const described = await t.events.send(new DescribeArchiveCommand({ ArchiveName: 'shop' }));
    expect(described).toMatchObject({
      ArchiveArn: archiveArn,
      ArchiveName: 'shop',
      EventSourceArn: busArn,
      Description: 'shop events',
      EventPattern: '{"source":["shop"]}',
      State: 'ENABLED',
      RetentionDays: 0,
      EventCount: 3,
    });
    expect(described.SizeBytes).toBeGreaterThan(3 * 150);
  });

  it('are listed by one filter at a time', async () => {
    await t.events.send(new CreateArchiveCommand({ ArchiveName: 'everything', EventSourceArn: t.arn.bus('default') }));
    const names = async (input: Record<string, unknown>) =>
      (await t.events.send(new ListArchivesCommand(input))).Archives?.map((a) => a.ArchiveName);
    expect(await names({})).toEqual(['everything', 'shop']);
    expect(await names({ NamePrefix: 'sh' })).toEqual(['shop']);
    expect(await names({ EventSourceArn: busArn })).toEqual(['shop']);
    expect(await names({ State: 'ENABLED', Limit: 1 })).toEqual(['everything']);
    expect(await failure(t.events.send(new ListArchivesCommand({ NamePrefix: 's', State: 'ENABLED' })))).toMatchObject({
      name: 'ValidationException',
      message: 'At most one filter is allowed for ListArchives. Use either : State, EventSourceArn, or NamePrefix.',
    });
  });

  it('update their description, pattern and retention, and trim to the retention', async () => {
    await t.events.send(new CreateArchiveCommand({ ArchiveName: 'short', EventSourceArn: busArn, RetentionDays: 1 }));
    clock.t = Date.parse('2024-03-01T00:10:00Z');
    await put('any', { old: true });
    await eventually(async () => ((await count('short')) === 1 ? true : undefined));
    await t.events.send(
      new UpdateArchiveCommand({ ArchiveName: 'short', RetentionDays: 2, EventPattern: '{"source":["any"]}' }),
    );
    const updated = await t.events.send(new DescribeArchiveCommand({ ArchiveName: 'short' }));
    expect(updated).toMatchObject({ RetentionDays: 2, EventPattern: '{"source":["any"]}' });
    clock.t += 3 * 86_400_000;
    await put('any', { young: true });
    await eventually(async () => ((await count('short')) === 2 ? true : undefined));
    await t.baton.bus.archives.sweep();
    expect(await count('short')).toBe(1);
  });

  it('are deleted with their rule and events', async () => {
    await t.events.send(new DeleteArchiveCommand({ ArchiveName: 'short' }));
    expect(await failure(t.events.send(new DescribeArchiveCommand({ ArchiveName: 'short' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Archive short does not exist.',
    });
    const rules = await t.events.send(new ListRulesCommand({ EventBusName: BUS, NamePrefix: 'Events-Archive-short' }));
    expect(rules.Rules).toEqual([]);
    expect((await failure(t.events.send(new DeleteArchiveCommand({ ArchiveName: 'short' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });
});

describe('replays', () => {
  const replay = (name: string, input: Record<string, unknown> = {}) =>
    t.events.send(
      new StartReplayCommand({
        ReplayName: name,
        EventSourceArn: archiveArn,
        EventStartTime: new Date(T0 + 90_000), // 00:01:30: the events of 00:02 and 00:03
        EventEndTime: new Date(T0 + 240_000),
        Destination: { Arn: busArn, FilterArns: [ruleArn('to-first')] },
        ...input,
      }),
    );

  it('put the window events back on the bus, for the named rules only, with replay-name', async () => {
    const before = { first: t.received.get('first')!.length, second: t.received.get('second')!.length };
    const started = await replay('again');
    expect(started).toMatchObject({
      ReplayArn: `arn:aws:events:${t.region}:${t.account}:replay/again`,
      State: 'STARTING',
    });
    const done = await eventually(async () => {
      const r = await t.events.send(new DescribeReplayCommand({ ReplayName: 'again' }));
      return r.State === 'COMPLETED' ? r : undefined;
    });
    expect(done).toMatchObject({
      ReplayName: 'again',
      EventSourceArn: archiveArn,
      Destination: { Arn: busArn, FilterArns: [ruleArn('to-first')] },
      EventStartTime: new Date(T0 + 90_000),
      EventEndTime: new Date(T0 + 240_000),
      EventLastReplayedTime: new Date(T0 + 180_000),
    });
    expect(done.ReplayEndTime).toBeInstanceOf(Date);
    await eventually(async () => (t.received.get('first')!.length === before.first + 2 ? true : undefined));
    const replayed = t.received.get('first')!.slice(before.first) as {
      id: string;
      detail: object;
      'replay-name': string;
    }[];
    expect(replayed.map((e) => [e.detail, e['replay-name']])).toEqual([
      [{ n: 1 }, 'again'],
      [{ n: 2 }, 'again'],
    ]);
    await t.baton.bus.whenIdle();
    expect(t.received.get('second')!.length).toBe(before.second);
    // Replayed events are not archived again.
    expect(await count('shop')).toBe(3);
  });

  it('replay to every rule of the bus without FilterArns', async () => {
    const before = t.received.get('second')!.length;
    await replay('to-all', { Destination: { Arn: busArn } });
    await eventually(async () => (t.received.get('second')!.length === before + 2 ? true : undefined));
  });

  it('are listed, and cancelled only while they run', async () => {
    const names = async (input: Record<string, unknown>) =>
      (await t.events.send(new ListReplaysCommand(input))).Replays?.map((r) => [r.ReplayName, r.State]);
    expect(await names({ NamePrefix: 'again' })).toEqual([['again', 'COMPLETED']]);
    expect(await names({ State: 'COMPLETED', Limit: 1 })).toEqual([['again', 'COMPLETED']]);
    expect(await names({ EventSourceArn: archiveArn })).toHaveLength(2);
    expect(await failure(t.events.send(new CancelReplayCommand({ ReplayName: 'again' })))).toMatchObject({
      name: 'IllegalStatusException',
      message: 'Replay again is not in a valid state for this operation.',
    });
    expect((await failure(t.events.send(new CancelReplayCommand({ ReplayName: 'nope' })))).name).toBe(
      'ResourceNotFoundException',
    );
  });

  it('refuse what AWS refuses', async () => {
    expect(await failure(replay('again'))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Replay again already exists.',
    });
    expect(await failure(replay('x', { Destination: { Arn: t.arn.bus('default') } }))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Destination.Arn is not valid. Reason: Cross event bus replay is not permitted.',
    });
    expect(await failure(replay('x', { Destination: { Arn: t.arn.queue('q') } }))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Destination.Arn is not valid. Reason: Must contain an event bus ARN.',
    });
    expect(await failure(replay('x', { EventEndTime: new Date(T0) }))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter EventEndTime is not valid. Reason: EventStartTime must be before EventEndTime.',
    });
    expect(
      await failure(replay('x', { EventSourceArn: `arn:aws:events:${t.region}:${t.account}:archive/gone` })),
    ).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter EventSourceArn is not valid. Reason: Archive gone does not exist.',
    });
  });
});
