/**
 * The EventBridge control plane through the official SDK (API reference: CreateEventBus,
 * DescribeEventBus, ListEventBuses, DeleteEventBus, PutRule, DescribeRule, ListRules, DeleteRule,
 * EnableRule, DisableRule, PutTargets, RemoveTargets, ListTargetsByRule, ListRuleNamesByTarget,
 * TestEventPattern, TagResource, UntagResource, ListTagsForResource), with AWS's errors.
 */
import {
  CreateEventBusCommand,
  DeleteEventBusCommand,
  DeleteRuleCommand,
  DescribeEventBusCommand,
  DescribeRuleCommand,
  DisableRuleCommand,
  EnableRuleCommand,
  ListEventBusesCommand,
  ListRuleNamesByTargetCommand,
  ListRulesCommand,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  PutRuleCommand,
  PutTargetsCommand,
  RemoveTargetsCommand,
  TagResourceCommand,
  TestEventPatternCommand,
  UntagResourceCommand,
} from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EventsBaton, failure, startEventsBaton } from './support.js';

let t: EventsBaton;
beforeAll(async () => {
  t = await startEventsBaton();
});
afterAll(() => t.close());

const pattern = JSON.stringify({ source: ['shop'] });

describe('event buses', () => {
  it('has a default bus in every region and account, which cannot be deleted', async () => {
    const d = await t.events.send(new DescribeEventBusCommand({}));
    expect(d).toMatchObject({ Name: 'default', Arn: t.arn.bus('default') });
    expect(d.CreationTime).toBeInstanceOf(Date);
    expect(await failure(t.events.send(new DeleteEventBusCommand({ Name: 'default' })))).toMatchObject({
      name: 'ValidationException',
      message: 'Cannot delete event bus default.',
    });
    expect(await failure(t.events.send(new CreateEventBusCommand({ Name: 'default' })))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Event bus default already exists.',
    });
  });

  it('creates, describes by name or ARN, lists with paging, and deletes buses', async () => {
    const created = await t.events.send(
      new CreateEventBusCommand({ Name: 'orders', Description: 'all orders', Tags: [{ Key: 'team', Value: 'a' }] }),
    );
    expect(created.EventBusArn).toBe(t.arn.bus('orders'));
    expect(created.Description).toBe('all orders');
    await t.events.send(new CreateEventBusCommand({ Name: 'ops' }));
    expect(await failure(t.events.send(new CreateEventBusCommand({ Name: 'orders' })))).toMatchObject({
      name: 'ResourceAlreadyExistsException',
      message: 'Event bus orders already exists.',
    });
    expect((await t.events.send(new DescribeEventBusCommand({ Name: t.arn.bus('orders') }))).Description).toBe(
      'all orders',
    );
    const first = await t.events.send(new ListEventBusesCommand({ Limit: 2 }));
    expect(first.EventBuses?.map((b) => b.Name)).toEqual(['default', 'ops']);
    const second = await t.events.send(new ListEventBusesCommand({ Limit: 2, NextToken: first.NextToken }));
    expect(second.EventBuses?.map((b) => b.Name)).toEqual(['orders']);
    expect(second.NextToken).toBeUndefined();
    expect(
      (await t.events.send(new ListEventBusesCommand({ NamePrefix: 'o' }))).EventBuses?.map((b) => b.Name),
    ).toEqual(['ops', 'orders']);
    expect((await t.events.send(new ListTagsForResourceCommand({ ResourceARN: t.arn.bus('orders') }))).Tags).toEqual([
      { Key: 'team', Value: 'a' },
    ]);
    await t.events.send(new DeleteEventBusCommand({ Name: 'ops' }));
    await t.events.send(new DeleteEventBusCommand({ Name: 'ops' }));
    expect(await failure(t.events.send(new DescribeEventBusCommand({ Name: 'ops' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Event bus ops does not exist.',
    });
  });

  it('checks names with AWS request-validation messages', async () => {
    expect(await failure(t.events.send(new CreateEventBusCommand({ Name: 'bad name' })))).toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'bad name' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: [/\\.\\-_A-Za-z0-9]+",
    });
  });
});

describe('rules', () => {
  it('puts, describes, lists with prefix and paging, enables, disables and deletes rules', async () => {
    const put = await t.events.send(
      new PutRuleCommand({ Name: 'placed', EventPattern: pattern, Description: 'orders placed' }),
    );
    expect(put.RuleArn).toBe(`arn:aws:events:${t.region}:${t.account}:rule/placed`);
    await t.events.send(new PutRuleCommand({ Name: 'paid', EventPattern: pattern, State: 'DISABLED' }));
    await t.events.send(new PutRuleCommand({ Name: 'shipped', EventPattern: pattern }));
    expect(await t.events.send(new DescribeRuleCommand({ Name: 'placed' }))).toMatchObject({
      Name: 'placed',
      Arn: put.RuleArn,
      EventPattern: pattern,
      State: 'ENABLED',
      Description: 'orders placed',
      EventBusName: 'default',
      CreatedBy: t.account,
    });
    const page = await t.events.send(new ListRulesCommand({ NamePrefix: 'p', Limit: 1 }));
    expect(page.Rules?.map((r) => r.Name)).toEqual(['paid']);
    const rest = await t.events.send(new ListRulesCommand({ NamePrefix: 'p', Limit: 1, NextToken: page.NextToken }));
    expect(rest.Rules?.map((r) => r.Name)).toEqual(['placed']);
    await t.events.send(new EnableRuleCommand({ Name: 'paid' }));
    await t.events.send(new DisableRuleCommand({ Name: 'placed' }));
    expect((await t.events.send(new DescribeRuleCommand({ Name: 'paid' }))).State).toBe('ENABLED');
    expect((await t.events.send(new DescribeRuleCommand({ Name: 'placed' }))).State).toBe('DISABLED');
    await t.events.send(new DeleteRuleCommand({ Name: 'shipped' }));
    await t.events.send(new DeleteRuleCommand({ Name: 'shipped' }));
    expect(await failure(t.events.send(new DescribeRuleCommand({ Name: 'shipped' })))).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule shipped does not exist on EventBus default.',
    });
  });

  it('keeps rules per bus, with bus-qualified ARNs', async () => {
    await t.events.send(new CreateEventBusCommand({ Name: 'audit' }));
    const put = await t.events.send(new PutRuleCommand({ Name: 'all', EventBusName: 'audit', EventPattern: pattern }));
    expect(put.RuleArn).toBe(`arn:aws:events:${t.region}:${t.account}:rule/audit/all`);
    expect((await t.events.send(new DescribeRuleCommand({ Name: 'all', EventBusName: 'audit' }))).EventBusName).toBe(
      'audit',
    );
    expect(await failure(t.events.send(new DescribeRuleCommand({ Name: 'all' })))).toMatchObject({
      name: 'ResourceNotFoundException',
    });
    expect(
      await failure(t.events.send(new PutRuleCommand({ Name: 'x', EventBusName: 'nope', EventPattern: pattern }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', message: 'Event bus nope does not exist.' });
  });

  it('refuses invalid patterns with the matcher reason, rules without pattern, and invalid schedules', async () => {
    const bad = await failure(t.events.send(new PutRuleCommand({ Name: 'bad', EventPattern: '{"source":"x"}' })));
    expect(bad.name).toBe('InvalidEventPatternException');
    expect(bad.message).toMatch(/^Event pattern is not valid\. Reason: /);
    expect(await failure(t.events.send(new PutRuleCommand({ Name: 'empty' })))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter(s) EventPattern or ScheduleExpression must be specified.',
    });
    expect(
      await failure(t.events.send(new PutRuleCommand({ Name: 's', ScheduleExpression: 'sometimes' }))),
    ).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter ScheduleExpression is not valid.',
    });
  });
});

describe('targets', () => {
  it('puts, lists, finds by ARN and removes targets; a rule with targets cannot be deleted', async () => {
    await t.events.send(new PutRuleCommand({ Name: 'fan', EventPattern: pattern }));
    const out = await t.events.send(
      new PutTargetsCommand({
        Rule: 'fan',
        Targets: [
          { Id: 'b', Arn: t.arn.fn('billing'), RetryPolicy: { MaximumRetryAttempts: 3 } },
          { Id: 'a', Arn: t.arn.queue('orders'), InputPath: '$.detail' },
          { Id: 'f', Arn: t.arn.queue('orders.fifo') },
        ],
      }),
    );
    expect(out.FailedEntryCount).toBe(1);
    expect(out.FailedEntries).toEqual([
      {
        TargetId: 'f',
        ErrorCode: 'ValidationException',
        ErrorMessage: 'Parameter(s) SqsParameters must be specified for target: f.',
      },
    ]);
    const listed = await t.events.send(new ListTargetsByRuleCommand({ Rule: 'fan' }));
    expect(listed.Targets).toEqual([
      { Id: 'a', Arn: t.arn.queue('orders'), InputPath: '$.detail' },
      { Id: 'b', Arn: t.arn.fn('billing'), RetryPolicy: { MaximumRetryAttempts: 3 } },
    ]);
    expect(
      (await t.events.send(new ListRuleNamesByTargetCommand({ TargetArn: t.arn.fn('billing') }))).RuleNames,
    ).toEqual(['fan']);
    expect(await failure(t.events.send(new DeleteRuleCommand({ Name: 'fan' })))).toMatchObject({
      name: 'ValidationException',
      message: "Rule can't be deleted since it has targets.",
    });
    const removed = await t.events.send(new RemoveTargetsCommand({ Rule: 'fan', Ids: ['a', 'b', 'zz'] }));
    expect(removed.FailedEntryCount).toBe(1);
    expect(removed.FailedEntries?.[0]).toMatchObject({ TargetId: 'zz', ErrorCode: 'ResourceNotFoundException' });
    await t.events.send(new DeleteRuleCommand({ Name: 'fan' }));
  });

  it('allows five targets per rule (LimitExceededException beyond)', async () => {
    await t.events.send(new PutRuleCommand({ Name: 'five', EventPattern: pattern }));
    const targets = ['1', '2', '3', '4', '5'].map((id) => ({ Id: id, Arn: t.arn.fn(`f${id}`) }));
    await t.events.send(new PutTargetsCommand({ Rule: 'five', Targets: targets }));
    expect(
      await failure(
        t.events.send(new PutTargetsCommand({ Rule: 'five', Targets: [{ Id: '6', Arn: t.arn.fn('f6') }] })),
      ),
    ).toMatchObject({
      name: 'LimitExceededException',
      message: 'The requested resource exceeds the maximum number allowed.',
    });
  });

  it('refuses bad ids, ARNs, retry policies, input settings and unsupported target kinds', async () => {
    await t.events.send(new PutRuleCommand({ Name: 'checks', EventPattern: pattern }));
    const put = (target: Record<string, unknown>) =>
      failure(
        t.events.send(new PutTargetsCommand({ Rule: 'checks', Targets: [{ Id: 't', Arn: t.arn.fn('f'), ...target }] })),
      );
    expect((await put({ Id: 'bad id' })).message).toBe(
      "1 validation error detected: Value 'bad id' at 'targets.1.member.id' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_A-Za-z0-9]+",
    );
    expect((await put({ RetryPolicy: { MaximumEventAgeInSeconds: 10 } })).message).toContain(
      "at 'targets.1.member.retryPolicy.maximumEventAgeInSeconds' failed to satisfy constraint: Member must have value greater than or equal to 60",
    );
    expect((await put({ Arn: 'not-an-arn' })).message).toBe(
      'Parameter not-an-arn is not valid. Reason: Provided Arn is not in correct format.',
    );
    expect((await put({ Arn: t.arn.machine('flow') })).message).toBe(
      `RoleArn is required for target ${t.arn.machine('flow')}.`,
    );
    expect((await put({ Input: '{}', InputPath: '$' })).message).toBe(
      'Only one of Input, InputPath, or InputTransformer must be provided for target t.',
    );
    expect((await put({ InputTransformer: { InputTemplate: '<x>' } })).message).toBe(
      'InputTemplate for target t contains invalid placeholder x.',
    );
    const ecs = await put({ Arn: `arn:aws:ecs:${t.region}:${t.account}:cluster/c` });
    expect(ecs.name).toBe('ValidationException');
    expect(ecs.message).toMatch(/targets of service 'ecs' are not supported yet/);
    const archive = await put({ Arn: `arn:aws:events:${t.region}:${t.account}:archive/x` });
    expect(archive.message).toMatch(/an archive receives events through its own managed rule/);
    expect(
      await failure(t.events.send(new PutTargetsCommand({ Rule: 'nope', Targets: [{ Id: 't', Arn: t.arn.fn('f') }] }))),
    ).toMatchObject({ name: 'ResourceNotFoundException', message: 'Rule nope does not exist on EventBus default.' });
  });
});

describe('tags and TestEventPattern', () => {
  it('tags buses and rules, at most 50, and refuses unknown resources', async () => {
    const rule = (await t.events.send(new PutRuleCommand({ Name: 'tagged', EventPattern: pattern }))).RuleArn!;
    await t.events.send(
      new TagResourceCommand({
        ResourceARN: rule,
        Tags: [
          { Key: 'a', Value: '1' },
          { Key: 'b', Value: '2' },
        ],
      }),
    );
    await t.events.send(new UntagResourceCommand({ ResourceARN: rule, TagKeys: ['a'] }));
    expect((await t.events.send(new ListTagsForResourceCommand({ ResourceARN: rule }))).Tags).toEqual([
      { Key: 'b', Value: '2' },
    ]);
    const many = Array.from({ length: 50 }, (_, i) => ({ Key: `k${i}`, Value: 'v' }));
    expect((await failure(t.events.send(new TagResourceCommand({ ResourceARN: rule, Tags: many })))).name).toBe(
      'LimitExceededException',
    );
    expect(
      await failure(t.events.send(new ListTagsForResourceCommand({ ResourceARN: `${rule}-missing` }))),
    ).toMatchObject({
      name: 'ResourceNotFoundException',
      message: 'Rule tagged-missing does not exist on EventBus default.',
    });
  });

  it('tests patterns against events, with AWS errors for bad patterns and events', async () => {
    const event = JSON.stringify({
      id: '1',
      account: t.account,
      source: 'shop',
      time: '2024-01-01T00:00:00Z',
      region: t.region,
      'detail-type': 'X',
      resources: [],
      detail: { price: 10 },
    });
    const test = (p: unknown, e = event) =>
      t.events.send(new TestEventPatternCommand({ EventPattern: JSON.stringify(p), Event: e }));
    expect((await test({ detail: { price: [{ numeric: ['>', 5] }] } })).Result).toBe(true);
    expect((await test({ source: ['other'] })).Result).toBe(false);
    expect((await failure(test({ source: 'x' }))).name).toBe('InvalidEventPatternException');
    expect(await failure(test({ source: ['x'] }, 'not json'))).toMatchObject({
      name: 'ValidationException',
      message: 'Parameter Event is not valid.',
    });
  });
});
