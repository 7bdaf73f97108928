/**
 * PutEvents and delivery through the official SDKs: per-entry results and request limits
 * (API reference, PutEvents), each target kind (functions, Standard and Express state machines,
 * SQS queues standard and FIFO, other buses), target input (Input, InputPath, InputTransformer),
 * and failed deliveries: retried with back-off, dead-lettered with EventBridge's attributes
 * (user guide, "Using dead-letter queues to process undelivered events"), or dropped.
 */
import {
  CreateEventBusCommand,
  PutEventsCommand,
  type PutEventsRequestEntry,
  PutRuleCommand,
  PutTargetsCommand,
  type Target,
} from '@aws-sdk/client-eventbridge';
import { CreateStateMachineCommand, DescribeExecutionCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials, eventually } from '../support/baton.js';
import { type EventsBaton, failure, receiveMessages, startEventsBaton } from './support.js';

let t: EventsBaton;
let sqs: SQSClient;
const calls = new Map<string, number>();

beforeAll(async () => {
  t = await startEventsBaton(
    ['rec', 'viaBus', 'transformed', 'constant', 'selected'],
    {},
    {
      functions: {
        /** Fails its first two calls for each event, then succeeds. */
        flaky: (payload) => {
          const id = (payload as { id: string }).id;
          const n = (calls.get(id) ?? 0) + 1;
          calls.set(id, n);
          if (n <= 2) throw Object.assign(new Error(`attempt ${n} fails`), { name: 'Flaky' });
          return null;
        },
        broken: () => {
          throw Object.assign(new Error('always fails'), { name: 'Broken' });
        },
      },
    },
  );
  sqs = new SQSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
});
afterAll(async () => {
  sqs.destroy();
  await t.close();
});

const put = (...entries: PutEventsRequestEntry[]) => t.events.send(new PutEventsCommand({ Entries: entries }));
const entry = (source: string, detail: object = {}, more: Partial<PutEventsRequestEntry> = {}) => ({
  Source: source,
  DetailType: 'Test',
  Detail: JSON.stringify(detail),
  ...more,
});

async function route(name: string, source: string, targets: Target[], bus?: string) {
  await t.events.send(
    new PutRuleCommand({ Name: name, EventBusName: bus, EventPattern: JSON.stringify({ source: [source] }) }),
  );
  await t.events.send(new PutTargetsCommand({ Rule: name, EventBusName: bus, Targets: targets }));
}

const received = (fn: string, count = 1) =>
  eventually(async () => {
    const got = t.received.get(fn)!;
    return got.length >= count ? got : undefined;
  });

describe('PutEvents', () => {
  it('answers each entry on its own: an EventId, or AWS error code and message', async () => {
    const out = await put(
      entry('shop'),
      { DetailType: 'T', Detail: '{}' },
      { Source: 's', DetailType: 'T' },
      { Source: 's', DetailType: 'T', Detail: '{"a":' },
      entry('aws.ec2'),
    );
    expect(out.FailedEntryCount).toBe(4);
    expect(out.Entries?.[0]?.EventId).toMatch(/^[0-9a-f-]{36}$/);
    expect(out.Entries?.slice(1)).toEqual([
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Source is not valid. Reason: Source is a required argument.',
      },
      {
        ErrorCode: 'InvalidArgument',
        ErrorMessage: 'Parameter Detail is not valid. Reason: Detail is a required argument.',
      },
      { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' },
      { ErrorCode: 'NotAuthorizedForSourceException', ErrorMessage: 'Not authorized for the source.' },
    ]);
  });

  it('refuses more than 10 entries and entries over 256 KiB as a whole request', async () => {
    const eleven = Array.from({ length: 11 }, () => entry('shop'));
    expect((await failure(put(...eleven))).name).toBe('ValidationException');
    const big = entry('shop', { blob: 'x'.repeat(256 * 1024) });
    expect(await failure(put(big))).toMatchObject({
      name: 'ValidationException',
      message: 'Total size of the entries in the request is over the limit.',
    });
  });

  it('delivers the event envelope to a function; disabled rules and other buses do not match', async () => {
    await route('to-rec', 'rec.source', [{ Id: 'rec', Arn: t.arn.fn('rec') }]);
    const out = await put(
      entry('rec.source', { price: 10.5 }, { Resources: ['arn:x'], Time: new Date('2024-05-06T07:08:09Z') }),
      entry('rec.source', {}, { EventBusName: 'missing-bus' }),
    );
    expect(out.FailedEntryCount).toBe(0);
    const [event] = await received('rec');
    expect(event).toEqual({
      version: '0',
      id: out.Entries![0]!.EventId,
      'detail-type': 'Test',
      source: 'rec.source',
      account: t.account,
      time: '2024-05-06T07:08:09Z',
      region: t.region,
      resources: ['arn:x'],
      detail: { price: 10.5 },
    });
  });
});

describe('targets', () => {
  it('starts Standard and Express state machines with the event as input', async () => {
    const definition = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });
    const roleArn = `arn:aws:iam::${t.account}:role/r`;
    for (const [name, type] of [
      ['std', 'STANDARD'],
      ['exp', 'EXPRESS'],
    ] as const) {
      await t.sfn.send(new CreateStateMachineCommand({ name, definition, roleArn, type }));
    }
    await route('to-machines', 'sfn.source', [
      { Id: 'std', Arn: t.arn.machine('std'), RoleArn: roleArn },
      { Id: 'exp', Arn: t.arn.machine('exp'), RoleArn: roleArn, Input: '{"constant":1}' },
    ]);
    const out = await put(entry('sfn.source', { order: 7 }));
    const execution = await eventually(async () => {
      const list = await t.sfn.send(new ListExecutionsCommand({ stateMachineArn: t.arn.machine('std') }));
      return list.executions?.[0];
    });
    const described = await eventually(async () => {
      const d = await t.sfn.send(new DescribeExecutionCommand({ executionArn: execution.executionArn }));
      return d.status === 'SUCCEEDED' ? d : undefined;
    });
    expect(JSON.parse(described.input!)).toMatchObject({ id: out.Entries![0]!.EventId, detail: { order: 7 } });
  });

  it('sends to SQS queues (FIFO with its message group) and to other buses', async () => {
    const q = await sqs.send(new CreateQueueCommand({ QueueName: 'bus-target' }));
    const fifo = await sqs.send(
      new CreateQueueCommand({ QueueName: 'bus-target.fifo', Attributes: { FifoQueue: 'true' } }),
    );
    await t.events.send(new CreateEventBusCommand({ Name: 'orders' }));
    await route('orders-rule', 'fwd.source', [{ Id: 'viaBus', Arn: t.arn.fn('viaBus') }], 'orders');
    await route('to-queues', 'fwd.source', [
      { Id: 'q', Arn: t.arn.queue('bus-target') },
      { Id: 'f', Arn: t.arn.queue('bus-target.fifo'), SqsParameters: { MessageGroupId: 'g1' }, InputPath: '$.detail' },
      { Id: 'bus', Arn: t.arn.bus('orders') },
    ]);
    const out = await put({ ...entry('fwd.source'), Detail: '{"n":1.50}' });
    const id = out.Entries![0]!.EventId;
    const [standard] = await receiveMessages(sqs, q.QueueUrl!, 1);
    expect(standard!.Body).toContain('"detail":{"n":1.50}');
    expect(JSON.parse(standard!.Body!).id).toBe(id);
    const [ordered] = await receiveMessages(sqs, fifo.QueueUrl!, 1);
    expect(ordered!.Body).toBe('{"n":1.5}');
    const [forwarded] = await received('viaBus');
    expect(forwarded).toMatchObject({ id, source: 'fwd.source', detail: { n: 1.5 } });
  });

  it('transforms input: constant, path, and templates with predefined variables', async () => {
    await route('transform', 'tx.source', [
      { Id: 'constant', Arn: t.arn.fn('constant'), Input: '{"fixed":true}' },
      { Id: 'selected', Arn: t.arn.fn('selected'), InputPath: '$.detail.items[0]' },
      {
        Id: 'transformed',
        Arn: t.arn.fn('transformed'),
        InputTransformer: {
          InputPathsMap: { who: '$.detail.who', items: '$.detail.items' },
          InputTemplate: '{"greeting": "hello <who>", "who": <who>, "items": <items>, "rule": <aws.events.rule-name>}',
        },
      },
    ]);
    await put(entry('tx.source', { who: 'ann', items: [{ n: 1 }, { n: 2 }] }));
    expect((await received('constant'))[0]).toEqual({ fixed: true });
    expect((await received('selected'))[0]).toEqual({ n: 1 });
    expect((await received('transformed'))[0]).toEqual({
      greeting: 'hello ann',
      who: 'ann',
      items: [{ n: 1 }, { n: 2 }],
      rule: 'transform',
    });
  });
});

describe('failed deliveries', () => {
  it('retries with back-off until the target succeeds', async () => {
    await route('flaky-rule', 'flaky.source', [{ Id: 'flaky', Arn: t.arn.fn('flaky') }]);
    const id = (await put(entry('flaky.source'))).Entries![0]!.EventId!;
    await eventually(async () => ((calls.get(id) ?? 0) >= 3 ? true : undefined), 10_000);
    await eventually(async () => ((await t.baton.store.bus.pending()) === 0 ? true : undefined), 10_000);
    expect(calls.get(id)).toBe(3);
  });

  it('dead-letters with EventBridge attributes when retries run out or the target does not exist', async () => {
    const dlq = await sqs.send(new CreateQueueCommand({ QueueName: 'events-dlq' }));
    await route('to-broken', 'broken.source', [
      {
        Id: 'broken',
        Arn: t.arn.fn('broken'),
        RetryPolicy: { MaximumRetryAttempts: 2 },
        DeadLetterConfig: { Arn: t.arn.queue('events-dlq') },
      },
      { Id: 'missing', Arn: t.arn.fn('no-such-function'), DeadLetterConfig: { Arn: t.arn.queue('events-dlq') } },
      { Id: 'dropped', Arn: t.arn.fn('broken'), RetryPolicy: { MaximumRetryAttempts: 0 } },
    ]);
    const id = (await put(entry('broken.source', { k: 1 }))).Entries![0]!.EventId!;
    const messages = await receiveMessages(sqs, dlq.QueueUrl!, 2);
    const byTarget = Object.fromEntries(
      messages.map((m) => [m.MessageAttributes?.TARGET_ARN?.StringValue, m] as const),
    );
    const exhausted = byTarget[t.arn.fn('broken')]!;
    expect(JSON.parse(exhausted.Body!)).toMatchObject({ id, detail: { k: 1 } });
    expect(exhausted.MessageAttributes?.EXHAUSTED_RETRY_CONDITION?.StringValue).toBe('MaximumRetryAttempts');
    expect(exhausted.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('2');
    expect(exhausted.MessageAttributes?.RULE_ARN?.StringValue).toBe(
      `arn:aws:events:${t.region}:${t.account}:rule/to-broken`,
    );
    expect(exhausted.MessageAttributes?.ERROR_CODE?.StringValue).toBe('Broken');
    const missing = byTarget[t.arn.fn('no-such-function')]!;
    expect(missing.MessageAttributes?.ERROR_CODE?.StringValue).toBe('RESOURCE_NOT_FOUND');
    expect(missing.MessageAttributes?.RETRY_ATTEMPTS?.StringValue).toBe('0');
    await eventually(async () => ((await t.baton.store.bus.pending()) === 0 ? true : undefined), 10_000);
  });
});
