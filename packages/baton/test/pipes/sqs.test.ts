/**
 * Pipes from an SQS queue (user guide, "Amazon Simple Queue Service as a source", "Amazon
 * EventBridge Pipes filtering", "batching and concurrency", "input transformation", "targets"),
 * through the official clients: batches in AWS's record shape, filters on the decoded body,
 * partial batch failures with the source queue's own retries and dead-letter queue, enrichment,
 * every kind of target, and StopPipe / StartPipe.
 */
import {
  CreateEventBusCommand,
  EventBridgeClient,
  PutRuleCommand,
  PutTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import {
  CreatePipeCommand,
  type CreatePipeCommandInput,
  StartPipeCommand,
  StopPipeCommand,
} from '@aws-sdk/client-pipes';
import { CreateStateMachineCommand, ListExecutionsCommand } from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Json, JsonObject } from '../../src/kernel/index.js';
import { credentials } from '../support/baton.js';
import { eventually, type PipesBaton, sleep, startPipesBaton } from './support.js';

let t: PipesBaton;
const url = (queue: string) => `${t.baton.url}/${t.account}/${queue}`;
const bodies = (batch: Json[]) => batch.map((r) => (r as JsonObject).body);
const flat = (name: string) => t.batches.get(name)!.flat() as JsonObject[];

beforeAll(async () => {
  t = await startPipesBaton(['sink', 'judge', 'enrich', 'async']);
});
afterAll(() => t.close());

async function queue(name: string, attributes: Record<string, string> = {}): Promise<string> {
  await t.sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }));
  return t.arn.queue(name);
}

async function send(queueName: string, ...messages: string[]): Promise<void> {
  for (let i = 0; i < messages.length; i += 10) {
    await t.sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: url(queueName),
        Entries: messages.slice(i, i + 10).map((MessageBody, k) => ({ Id: `m${i + k}`, MessageBody })),
      }),
    );
  }
}

async function depth(queueName: string): Promise<{ visible: number; inFlight: number }> {
  const { Attributes = {} } = await t.sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: url(queueName), AttributeNames: ['All'] }),
  );
  return {
    visible: Number(Attributes.ApproximateNumberOfMessages),
    inFlight: Number(Attributes.ApproximateNumberOfMessagesNotVisible),
  };
}

async function pipe(input: Omit<CreatePipeCommandInput, 'RoleArn'>): Promise<void> {
  await t.pipes.send(new CreatePipeCommand({ RoleArn: t.role, ...input }));
}

describe('an SQS source', () => {
  it('hands batches of records, in the shape AWS gives them, to a function, and deletes them once processed', async () => {
    const source = await queue('batches');
    await pipe({
      Name: 'batches',
      Source: source,
      Target: t.arn.fn('sink'),
      SourceParameters: { SqsQueueParameters: { BatchSize: 5, MaximumBatchingWindowInSeconds: 1 } },
    });
    await send('batches', ...Array.from({ length: 12 }, (_, i) => `message ${i}`));
    await eventually(async () => (flat('sink').length === 12 ? true : undefined), 10_000);
    const batches = t.batches.get('sink')!;
    expect(batches.every((b) => b.length <= 5)).toBe(true);
    expect(batches.some((b) => b.length === 5)).toBe(true);
    expect(new Set(flat('sink').map((r) => r.body))).toEqual(
      new Set(Array.from({ length: 12 }, (_, i) => `message ${i}`)),
    );
    expect(flat('sink')[0]).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: expect.stringMatching(/^message \d+$/),
      attributes: expect.objectContaining({ ApproximateReceiveCount: '1', SentTimestamp: expect.any(String) }),
      messageAttributes: {},
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: source,
      awsRegion: t.region,
    });
    await eventually(async () => ((await depth('batches')).inFlight === 0 ? true : undefined));
    expect(await depth('batches')).toEqual({ visible: 0, inFlight: 0 });
    await t.pipes.send(new StopPipeCommand({ Name: 'batches' }));
    t.batches.get('sink')!.length = 0;
  });

  it('filters on the decoded body; messages the filter drops leave the queue', async () => {
    await pipe({
      Name: 'filtered',
      Source: await queue('filtered'),
      Target: t.arn.fn('judge'),
      SourceParameters: {
        FilterCriteria: {
          Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }, { Pattern: '{"body":["ping"]}' }],
        },
      },
    });
    await send(
      'filtered',
      '{"kind":"order","id":1}',
      '{"kind":"refund","id":2}',
      'ping',
      'hello',
      '{"kind":"order","id":3}',
    );
    await eventually(async () => (flat('judge').length === 3 ? true : undefined));
    await sleep(200);
    expect(
      flat('judge')
        .map((r) => r.body)
        .sort(),
    ).toEqual(['ping', '{"kind":"order","id":1}', '{"kind":"order","id":3}']);
    await eventually(async () => {
      const d = await depth('filtered');
      return d.visible === 0 && d.inFlight === 0 ? true : undefined;
    });
    await t.pipes.send(new StopPipeCommand({ Name: 'filtered' }));
    t.batches.get('judge')!.length = 0;
  });

  it('retries only the records a batchItemFailures answer names, through the queue; its redrive policy dead-letters them', async () => {
    const dlq = await queue('partial-dlq');
    await queue('partial', {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq, maxReceiveCount: 2 }),
    });
    t.behaviour.set('judge', (batch) => ({
      batchItemFailures: batch
        .filter((r) => (r as JsonObject).body === 'bad')
        .map((r) => ({ itemIdentifier: (r as JsonObject).messageId as string })),
    }));
    await pipe({ Name: 'partial', Source: t.arn.queue('partial'), Target: t.arn.fn('judge') });
    await send('partial', 'good 1', 'bad', 'good 2');
    // The bad record: received, failed, back after its visibility timeout, failed again, then dead-lettered.
    const dead = await eventually(async () => {
      const messages = await t.drain('partial-dlq', 50);
      return messages.length > 0 ? messages : undefined;
    }, 10_000);
    expect(dead).toEqual(['bad']);
    const seen = flat('judge').map((r) => r.body);
    expect(seen.filter((b) => b === 'good 1')).toHaveLength(1);
    expect(seen.filter((b) => b === 'good 2')).toHaveLength(1);
    expect(seen.filter((b) => b === 'bad')).toHaveLength(2);
    expect(
      flat('judge').find((r) => r.body === 'bad' && (r.attributes as JsonObject).ApproximateReceiveCount === '2'),
    ).toBeDefined();
    await t.pipes.send(new StopPipeCommand({ Name: 'partial' }));
    t.behaviour.delete('judge');
    t.batches.get('judge')!.length = 0;
  });

  it('leaves a failed batch whole in the queue, to be received again', async () => {
    await queue('failing', { VisibilityTimeout: '1' });
    let calls = 0;
    t.behaviour.set('judge', () => {
      calls++;
      if (calls === 1) throw new Error('target down');
      return null;
    });
    await pipe({ Name: 'failing', Source: t.arn.queue('failing'), Target: t.arn.fn('judge') });
    await send('failing', 'a', 'b');
    await eventually(async () => (flat('judge').length === 4 ? true : undefined), 10_000);
    const batches = t.batches.get('judge')!;
    expect(batches.map(bodies)).toEqual([
      ['a', 'b'],
      ['a', 'b'],
    ]);
    expect((batches[1]![0] as JsonObject).attributes).toMatchObject({ ApproximateReceiveCount: '2' });
    await eventually(async () => ((await depth('failing')).inFlight === 0 ? true : undefined));
    await t.pipes.send(new StopPipeCommand({ Name: 'failing' }));
    t.behaviour.delete('judge');
    t.batches.get('judge')!.length = 0;
  });

  it('stops reading when stopped, and resumes when started', async () => {
    await pipe({ Name: 'switched', Source: await queue('switched'), Target: t.arn.fn('judge') });
    await t.pipes.send(new StopPipeCommand({ Name: 'switched' }));
    await send('switched', 'while stopped');
    await sleep(400);
    expect(flat('judge')).toHaveLength(0);
    expect((await depth('switched')).visible).toBe(1);
    await t.pipes.send(new StartPipeCommand({ Name: 'switched' }));
    await eventually(async () => (flat('judge').length === 1 ? true : undefined));
    expect(flat('judge')[0]!.body).toBe('while stopped');
    await t.pipes.send(new StopPipeCommand({ Name: 'switched' }));
    t.batches.get('judge')!.length = 0;
  });
});

describe('enrichment', () => {
  it('replaces the batch with a function’s answer; an empty answer ends the batch before the target', async () => {
    t.behaviour.set('enrich', (batch) =>
      batch
        .map((r) => JSON.parse((r as JsonObject).body as string) as JsonObject)
        .filter((order) => order.total !== 0)
        .map((order) => ({ ...order, customer: `customer of ${order.id}` })),
    );
    await pipe({
      Name: 'enriched',
      Source: await queue('enriched'),
      Enrichment: t.arn.fn('enrich'),
      Target: t.arn.fn('sink'),
    });
    await send('enriched', '{"id":1,"total":5}');
    await eventually(async () => (flat('sink').length === 1 ? true : undefined));
    expect(flat('sink')).toEqual([{ id: 1, total: 5, customer: 'customer of 1' }]);
    await send('enriched', '{"id":2,"total":0}');
    await eventually(async () => (t.batches.get('enrich')!.length === 2 ? true : undefined));
    await eventually(async () => ((await depth('enriched')).inFlight === 0 ? true : undefined));
    expect(flat('sink')).toHaveLength(1);
    await t.pipes.send(new StopPipeCommand({ Name: 'enriched' }));
    t.behaviour.delete('enrich');
    t.batches.get('sink')!.length = 0;
  });

  it('runs an Express workflow with the enrichment’s input template, and the target’s template after it', async () => {
    await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'enrich-express',
        type: 'EXPRESS',
        roleArn: t.role,
        definition: JSON.stringify({
          StartAt: 'Count',
          States: {
            Count: { Type: 'Pass', Parameters: { 'ids.$': '$[*].id', 'count.$': 'States.ArrayLength($)' }, End: true },
          },
        }),
      }),
    );
    await pipe({
      Name: 'express-enriched',
      Source: await queue('express-enriched'),
      SourceParameters: { SqsQueueParameters: { BatchSize: 3, MaximumBatchingWindowInSeconds: 1 } },
      Enrichment: t.arn.machine('enrich-express'),
      EnrichmentParameters: { InputTemplate: '{"id": <$.body.id>}' },
      Target: t.arn.fn('sink'),
      TargetParameters: { InputTemplate: '{"orders": <$.ids>, "n": <$.count>, "by": "<aws.pipes.pipe-name>"}' },
    });
    await send('express-enriched', '{"id":"a"}', '{"id":"b"}', '{"id":"c"}');
    await eventually(async () => (flat('sink').length === 1 ? true : undefined), 10_000);
    expect(flat('sink')).toEqual([{ orders: ['a', 'b', 'c'], n: 3, by: 'express-enriched' }]);
    await t.pipes.send(new StopPipeCommand({ Name: 'express-enriched' }));
    t.batches.get('sink')!.length = 0;
  });
});

describe('targets', () => {
  it('sends each record to an SQS queue, through the target input template', async () => {
    await queue('to-queue-out');
    await pipe({
      Name: 'to-queue',
      Source: await queue('to-queue'),
      Target: t.arn.queue('to-queue-out'),
      TargetParameters: {
        InputTemplate: '{"id": <$.body.id>, "pipe": "<aws.pipes.pipe-name>", "raw": "<$.body.note>"}',
      },
    });
    await send('to-queue', '{"id":1,"note":"first"}', '{"id":2,"note":"second"}');
    const out = await eventually(async () => {
      const got = await t.drain('to-queue-out', 100);
      return got.length > 0 ? got : undefined;
    });
    const more = out.length < 2 ? await t.drain('to-queue-out') : [];
    expect([...out, ...more].map((b) => JSON.parse(b)).sort((a, b) => a.id - b.id)).toEqual([
      { id: 1, pipe: 'to-queue', raw: 'first' },
      { id: 2, pipe: 'to-queue', raw: 'second' },
    ]);
    await t.pipes.send(new StopPipeCommand({ Name: 'to-queue' }));
  });

  it('sends to a FIFO queue with a message group read from each record', async () => {
    await queue('fifo-out.fifo', { FifoQueue: 'true' });
    await pipe({
      Name: 'to-fifo',
      Source: await queue('to-fifo'),
      Target: t.arn.queue('fifo-out.fifo'),
      TargetParameters: { InputTemplate: '<$.body.n>', SqsQueueParameters: { MessageGroupId: '$.body.rider' } },
    });
    await send('to-fifo', '{"rider":"r1","n":1}');
    const [message] = await eventually(async () => {
      const { Messages } = await t.sqs.send(
        new ReceiveMessageCommand({
          QueueUrl: url('fifo-out.fifo'),
          MessageSystemAttributeNames: ['MessageGroupId'],
        }),
      );
      return Messages?.length ? Messages : undefined;
    });
    expect(message!.Body).toBe('1');
    expect(message!.Attributes?.MessageGroupId).toBe('r1');
    await t.pipes.send(new StopPipeCommand({ Name: 'to-fifo' }));
  });

  it('publishes each record to an SNS topic', async () => {
    const sns = new SNSClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
    const { TopicArn } = await sns.send(new CreateTopicCommand({ Name: 'pipe-topic' }));
    await sns.send(
      new SubscribeCommand({
        TopicArn,
        Protocol: 'sqs',
        Endpoint: await queue('topic-out'),
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
    await pipe({
      Name: 'to-topic',
      Source: await queue('to-topic'),
      Target: TopicArn!,
      TargetParameters: { InputTemplate: '{"said": <$.body>}' },
    });
    await send('to-topic', 'hello');
    const got = await eventually(async () => {
      const messages = await t.drain('topic-out', 50);
      return messages.length ? messages : undefined;
    });
    expect(got.map((m) => JSON.parse(m))).toEqual([{ said: 'hello' }]);
    await t.pipes.send(new StopPipeCommand({ Name: 'to-topic' }));
    sns.destroy();
  });

  it('puts each record on an event bus as the detail of an event from the pipe', async () => {
    const events = new EventBridgeClient({ endpoint: t.baton.url, region: t.region, credentials, maxAttempts: 1 });
    await events.send(new CreateEventBusCommand({ Name: 'pipe-bus' }));
    await events.send(
      new PutRuleCommand({
        Name: 'all',
        EventBusName: 'pipe-bus',
        EventPattern: '{"source":[{"prefix":"Pipe "}, "shop"]}',
      }),
    );
    await events.send(
      new PutTargetsCommand({
        Rule: 'all',
        EventBusName: 'pipe-bus',
        Targets: [{ Id: 'q', Arn: await queue('bus-out') }],
      }),
    );
    await pipe({ Name: 'to-bus', Source: await queue('to-bus'), Target: t.arn.bus('pipe-bus') });
    await pipe({
      Name: 'to-bus-named',
      Source: await queue('to-bus-named'),
      Target: t.arn.bus('pipe-bus'),
      TargetParameters: {
        InputTemplate: '{"order": <$.body.id>}',
        EventBridgeEventBusParameters: { Source: 'shop', DetailType: '$.body.kind' },
      },
    });
    await send('to-bus', '{"id":7}');
    await send('to-bus-named', '{"id":8,"kind":"OrderPlaced"}');
    const got = await eventually(async () => {
      const messages = (await t.drain('bus-out', 100)).map((m) => JSON.parse(m) as JsonObject);
      return messages.length ? messages : undefined;
    });
    const all = got.length < 2 ? [...got, ...(await t.drain('bus-out')).map((m) => JSON.parse(m) as JsonObject)] : got;
    const plain = all.find((e) => e.source === 'Pipe to-bus')!;
    expect(plain).toMatchObject({
      'detail-type': 'Event from aws:sqs',
      detail: { body: '{"id":7}', eventSource: 'aws:sqs' },
    });
    const named = all.find((e) => e.source === 'shop')!;
    expect(named).toMatchObject({ 'detail-type': 'OrderPlaced', detail: { order: 8 } });
    for (const Name of ['to-bus', 'to-bus-named']) await t.pipes.send(new StopPipeCommand({ Name }));
    events.destroy();
  });

  it('starts a Standard workflow per batch (FIRE_AND_FORGET), once even when the batch is delivered again', async () => {
    await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'pipe-standard',
        roleArn: t.role,
        definition: JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } }),
      }),
    );
    await pipe({
      Name: 'to-standard',
      Source: await queue('to-standard'),
      SourceParameters: { SqsQueueParameters: { BatchSize: 2, MaximumBatchingWindowInSeconds: 1 } },
      Target: t.arn.machine('pipe-standard'),
      TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' } },
    });
    await send('to-standard', 'x', 'y');
    const executions = await eventually(async () => {
      const { executions = [] } = await t.sfn.send(
        new ListExecutionsCommand({ stateMachineArn: t.arn.machine('pipe-standard') }),
      );
      return executions.length > 0 ? executions : undefined;
    });
    expect(executions).toHaveLength(1);
    expect(executions[0]!.name).toMatch(/^[0-9a-f]{40}$/);
    await t.pipes.send(new StopPipeCommand({ Name: 'to-standard' }));
  });

  it('runs an Express workflow per batch (REQUEST_RESPONSE) whose output may name failed records', async () => {
    const dlq = await queue('express-dlq');
    await queue('to-express', {
      VisibilityTimeout: '1',
      RedrivePolicy: JSON.stringify({ deadLetterTargetArn: dlq, maxReceiveCount: 1 }),
    });
    await t.sfn.send(
      new CreateStateMachineCommand({
        name: 'judge-express',
        type: 'EXPRESS',
        roleArn: t.role,
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          StartAt: 'Record',
          States: {
            Record: { Type: 'Task', Resource: t.arn.fn('sink'), Output: '{% $states.input %}', Next: 'Judge' },
            Judge: {
              Type: 'Pass',
              Output: "{% { 'batchItemFailures': [$states.input[body = 'bad'].{ 'itemIdentifier': messageId }] } %}",
              End: true,
            },
          },
        }),
      }),
    );
    await pipe({
      Name: 'to-express',
      Source: t.arn.queue('to-express'),
      SourceParameters: { SqsQueueParameters: { BatchSize: 3, MaximumBatchingWindowInSeconds: 1 } },
      Target: t.arn.machine('judge-express'),
    });
    await send('to-express', 'fine', 'bad', 'also fine');
    const dead = await eventually(async () => {
      const messages = await t.drain('express-dlq', 50);
      return messages.length ? messages : undefined;
    }, 10_000);
    expect(dead).toEqual(['bad']);
    expect(
      flat('sink')
        .map((r) => r.body)
        .sort(),
    ).toEqual(['also fine', 'bad', 'fine']);
    await eventually(async () => ((await depth('to-express')).inFlight === 0 ? true : undefined));
    await t.pipes.send(new StopPipeCommand({ Name: 'to-express' }));
    t.batches.get('sink')!.length = 0;
  });

  it('invokes a function FIRE_AND_FORGET', async () => {
    await pipe({
      Name: 'to-async',
      Source: await queue('to-async'),
      Target: t.arn.fn('async'),
      TargetParameters: { LambdaFunctionParameters: { InvocationType: 'FIRE_AND_FORGET' } },
    });
    await send('to-async', 'fire');
    await eventually(async () => (t.batches.get('async')!.length === 1 ? true : undefined));
    expect(bodies(t.batches.get('async')![0]!)).toEqual(['fire']);
    await t.pipes.send(new StopPipeCommand({ Name: 'to-async' }));
  });
});
