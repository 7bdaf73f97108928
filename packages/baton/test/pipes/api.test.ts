/**
 * The Pipes API through `@aws-sdk/client-pipes` (API reference: CreatePipe, DescribePipe,
 * ListPipes, UpdatePipe, StartPipe, StopPipe, DeletePipe, TagResource, UntagResource,
 * ListTagsForResource): answers, states, filters and pages, and the validation errors with
 * AWS's codes and HTTP statuses. Every check of a bad request also checks that nothing changed.
 */

import { CreateStreamCommand } from '@aws-sdk/client-kinesis';
import {
  CreatePipeCommand,
  type CreatePipeCommandInput,
  DeletePipeCommand,
  DescribePipeCommand,
  ListPipesCommand,
  ListTagsForResourceCommand,
  PipesClient,
  StartPipeCommand,
  StopPipeCommand,
  TagResourceCommand,
  UntagResourceCommand,
  UpdatePipeCommand,
} from '@aws-sdk/client-pipes';
import { CreateStateMachineCommand } from '@aws-sdk/client-sfn';
import { CreateQueueCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { credentials } from '../support/baton.js';
import { failure, type PipesBaton, startPipesBaton } from './support.js';

let t: PipesBaton;
const pass = JSON.stringify({ StartAt: 'P', States: { P: { Type: 'Pass', End: true } } });

beforeAll(async () => {
  t = await startPipesBaton(['sink']);
  for (const q of ['in', 'in-2', 'out', 'out.fifo']) {
    await t.sqs.send(
      new CreateQueueCommand({ QueueName: q, ...(q.endsWith('.fifo') ? { Attributes: { FifoQueue: 'true' } } : {}) }),
    );
  }
  await t.kinesis.send(new CreateStreamCommand({ StreamName: 'rides', ShardCount: 1 }));
  for (const [name, type] of [
    ['standard', 'STANDARD'],
    ['express', 'EXPRESS'],
  ] as const) {
    await t.sfn.send(new CreateStateMachineCommand({ name, type, definition: pass, roleArn: t.role }));
  }
});
afterAll(() => t.close());

const base = (name: string, overrides: Partial<CreatePipeCommandInput> = {}): CreatePipeCommandInput => ({
  Name: name,
  Source: t.arn.queue('in'),
  Target: t.arn.fn('sink'),
  RoleArn: t.role,
  DesiredState: 'STOPPED',
  ...overrides,
});

/** Creating this pipe fails with a ValidationException (400) whose message contains `text`; no pipe is left. */
async function refused(input: CreatePipeCommandInput, text: string): Promise<void> {
  const error = await failure(t.pipes.send(new CreatePipeCommand(input)));
  expect(error).toMatchObject({ name: 'ValidationException', status: 400 });
  expect(error.message).toContain(text);
  expect((await failure(t.pipes.send(new DescribePipeCommand({ Name: input.Name })))).name).toBe('NotFoundException');
}

describe('CreatePipe and DescribePipe', () => {
  it('creates a running pipe and describes it with its defaults, parameters and tags', async () => {
    const created = await t.pipes.send(
      new CreatePipeCommand({
        ...base('described', { DesiredState: undefined }),
        Description: 'orders to the sink',
        SourceParameters: {
          FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
          SqsQueueParameters: { BatchSize: 5 },
        },
        TargetParameters: {
          InputTemplate: '{"order": <$.body>}',
          LambdaFunctionParameters: { InvocationType: 'REQUEST_RESPONSE' },
        },
        Tags: { team: 'shop' },
      }),
    );
    expect(created).toMatchObject({
      Arn: t.arn.pipe('described'),
      Name: 'described',
      DesiredState: 'RUNNING',
      CurrentState: 'RUNNING',
    });
    expect(created.CreationTime).toBeInstanceOf(Date);
    const described = await t.pipes.send(new DescribePipeCommand({ Name: 'described' }));
    expect(described).toMatchObject({
      Arn: t.arn.pipe('described'),
      Description: 'orders to the sink',
      DesiredState: 'RUNNING',
      CurrentState: 'RUNNING',
      Source: t.arn.queue('in'),
      SourceParameters: {
        FilterCriteria: { Filters: [{ Pattern: '{"body":{"kind":["order"]}}' }] },
        SqsQueueParameters: { BatchSize: 5, MaximumBatchingWindowInSeconds: 0 },
      },
      Target: t.arn.fn('sink'),
      TargetParameters: { InputTemplate: '{"order": <$.body>}' },
      RoleArn: t.role,
      Tags: { team: 'shop' },
    });
    expect(described.StateReason).toBeUndefined();
    await t.pipes.send(new DeletePipeCommand({ Name: 'described' }));
  });

  it('fills in a Kinesis source’s defaults and keeps its starting position', async () => {
    await t.pipes.send(
      new CreatePipeCommand(
        base('kinesis-defaults', {
          Source: t.arn.stream('rides'),
          SourceParameters: { KinesisStreamParameters: { StartingPosition: 'TRIM_HORIZON' } },
        }),
      ),
    );
    const { SourceParameters } = await t.pipes.send(new DescribePipeCommand({ Name: 'kinesis-defaults' }));
    expect(SourceParameters?.KinesisStreamParameters).toEqual({
      StartingPosition: 'TRIM_HORIZON',
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 0,
      MaximumRetryAttempts: -1,
      MaximumRecordAgeInSeconds: -1,
      ParallelizationFactor: 1,
    });
    await t.pipes.send(new DeletePipeCommand({ Name: 'kinesis-defaults' }));
  });

  it('refuses a second pipe of the same name with ConflictException (409)', async () => {
    await t.pipes.send(new CreatePipeCommand(base('twice')));
    const error = await failure(t.pipes.send(new CreatePipeCommand(base('twice', { Target: t.arn.queue('out') }))));
    expect(error).toMatchObject({ name: 'ConflictException', status: 409, message: 'Pipe twice already exists.' });
    expect((await t.pipes.send(new DescribePipeCommand({ Name: 'twice' }))).Target).toBe(t.arn.fn('sink'));
    await t.pipes.send(new DeletePipeCommand({ Name: 'twice' }));
  });

  it('answers NotFoundException (404) for a pipe that does not exist', async () => {
    expect(await failure(t.pipes.send(new DescribePipeCommand({ Name: 'nope' })))).toMatchObject({
      name: 'NotFoundException',
      status: 404,
      message: 'Pipe nope does not exist.',
    });
  });

  it('creates a pipe whose source does not exist as CREATE_FAILED, with the reason', async () => {
    const created = await t.pipes.send(
      new CreatePipeCommand(base('orphan', { DesiredState: 'RUNNING', Source: t.arn.queue('missing') })),
    );
    expect(created.CurrentState).toBe('CREATE_FAILED');
    const described = await t.pipes.send(new DescribePipeCommand({ Name: 'orphan' }));
    expect(described.StateReason).toContain(t.arn.queue('missing'));
    await t.pipes.send(new DeletePipeCommand({ Name: 'orphan' }));
  });

  it('validates names, required members, ranges and enums as AWS does', async () => {
    await refused(
      base('bad name!'),
      "at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern",
    );
    await refused(
      base('n', { RoleArn: undefined }),
      "Value null at 'roleArn' failed to satisfy constraint: Member must not be null",
    );
    await refused(base('n', { RoleArn: 'arn:aws:iam::123:user/x' }), "at 'roleArn' failed to satisfy constraint");
    await refused(
      base('n', { SourceParameters: { SqsQueueParameters: { BatchSize: 0 } } }),
      "Value '0' at 'sourceParameters.sqsQueueParameters.batchSize' failed to satisfy constraint: Member must have value greater than or equal to 1",
    );
    await refused(
      base('n', { SourceParameters: { SqsQueueParameters: { MaximumBatchingWindowInSeconds: 301 } } }),
      'Member must have value less than or equal to 300',
    );
    await refused(
      base('n', { Source: t.arn.stream('rides'), SourceParameters: { KinesisStreamParameters: {} as never } }),
      "at 'sourceParameters.kinesisStreamParameters.startingPosition' failed to satisfy constraint: Member must not be null",
    );
    await refused(
      base('n', {
        Source: t.arn.stream('rides'),
        SourceParameters: { KinesisStreamParameters: { StartingPosition: 'EARLIEST' as never } },
      }),
      'Member must satisfy enum value set: [TRIM_HORIZON, LATEST, AT_TIMESTAMP]',
    );
    await refused(
      base('n', {
        Source: t.arn.stream('rides'),
        SourceParameters: { KinesisStreamParameters: { StartingPosition: 'LATEST', ParallelizationFactor: 11 } },
      }),
      "at 'sourceParameters.kinesisStreamParameters.parallelizationFactor'",
    );
    await refused(base('n', { Description: 'x'.repeat(513) }), 'Member must have length less than or equal to 512');
  });

  it('refuses sources, enrichments, targets and parameters Baton does not run, saying so', async () => {
    await refused(
      base('n', { Source: 'arn:aws:dynamodb:us-east-1:123456789012:table/t/stream/2024' }),
      'is not supported by Baton',
    );
    await refused(base('n', { Target: 'arn:aws:ecs:us-east-1:123456789012:cluster/c' }), 'is not supported by Baton');
    await refused(
      base('n', { Enrichment: 'arn:aws:events:us-east-1:123456789012:api-destination/d/1' }),
      'is not supported by Baton',
    );
    await refused(
      base('n', { TargetParameters: { SqsQueueParameters: { MessageGroupId: 'g' } } }),
      'SqsQueueParameters cannot be used with the target',
    );
    await refused(
      base('n', { SourceParameters: { KinesisStreamParameters: { StartingPosition: 'LATEST' } } }),
      'KinesisStreamParameters cannot be used with the SQS queue source',
    );
  });

  it('checks filters: at most five valid event patterns, Kinesis data patterns as JSON objects', async () => {
    await refused(
      base('n', { SourceParameters: { FilterCriteria: { Filters: [{ Pattern: '{"body": [' }] } } }),
      'Event pattern is not valid',
    );
    await refused(
      base('n', { SourceParameters: { FilterCriteria: { Filters: Array(6).fill({ Pattern: '{"a":["b"]}' }) } } }),
      "at 'sourceParameters.filterCriteria.filters' failed to satisfy constraint: Member must have length less than or equal to 5",
    );
    await refused(
      base('n', {
        Source: t.arn.stream('rides'),
        SourceParameters: {
          KinesisStreamParameters: { StartingPosition: 'LATEST' },
          FilterCriteria: { Filters: [{ Pattern: '{"data": ["plain text"]}' }] },
        },
      }),
      'the filter pattern for the data property of Kinesis records must be a JSON object',
    );
  });

  it('checks input templates and the targets that take ten events at a time', async () => {
    await refused(
      base('n', { TargetParameters: { InputTemplate: '{"a": <$.body> <nope>}' } }),
      'invalid placeholder <nope>',
    );
    await refused(
      base('n', { EnrichmentParameters: { InputTemplate: 'x'.repeat(8193) } }),
      "at 'enrichmentParameters.inputTemplate' failed to satisfy constraint: Member must have length less than or equal to 8192",
    );
    await refused(
      base('n', { Target: t.arn.queue('out'), SourceParameters: { SqsQueueParameters: { BatchSize: 11 } } }),
      'takes at most 10 events per batch',
    );
    await refused(
      base('n', { Target: t.arn.queue('out.fifo') }),
      "Value null at 'targetParameters.sqsQueueParameters.messageGroupId'",
    );
  });

  it('refuses a Standard workflow where the pipe needs an answer (enrichment, REQUEST_RESPONSE target)', async () => {
    await refused(
      base('n', { Enrichment: t.arn.machine('standard') }),
      'only EXPRESS state machines can enrich a pipe',
    );
    await refused(base('n', { Target: t.arn.machine('standard') }), 'InvocationType FIRE_AND_FORGET');
    await t.pipes.send(
      new CreatePipeCommand(
        base('standard-async', {
          Target: t.arn.machine('standard'),
          TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' } },
          Enrichment: t.arn.machine('express'),
        }),
      ),
    );
    await t.pipes.send(new DeletePipeCommand({ Name: 'standard-async' }));
  });
});

describe('ListPipes', () => {
  beforeAll(async () => {
    await t.pipes.send(new CreatePipeCommand(base('list-a')));
    await t.pipes.send(new CreatePipeCommand(base('list-b', { DesiredState: 'RUNNING', Target: t.arn.queue('out') })));
    await t.pipes.send(new CreatePipeCommand(base('list-c', { Source: t.arn.queue('in-2') })));
    await t.pipes.send(
      new CreatePipeCommand(base('other', { DesiredState: 'RUNNING', Source: t.arn.queue('missing') })),
    );
  });
  afterAll(async () => {
    for (const Name of ['list-a', 'list-b', 'list-c', 'other']) await t.pipes.send(new DeletePipeCommand({ Name }));
  });

  const names = async (input: ConstructorParameters<typeof ListPipesCommand>[0] = {}) =>
    ((await t.pipes.send(new ListPipesCommand(input))).Pipes ?? []).map((p) => p.Name);

  it('lists summaries, filtered by name, states, source and target prefixes', async () => {
    const { Pipes = [] } = await t.pipes.send(new ListPipesCommand({ NamePrefix: 'list-b' }));
    expect(Pipes).toEqual([
      expect.objectContaining({
        Name: 'list-b',
        Arn: t.arn.pipe('list-b'),
        DesiredState: 'RUNNING',
        CurrentState: 'RUNNING',
        Source: t.arn.queue('in'),
        Target: t.arn.queue('out'),
      }),
    ]);
    expect(await names({ NamePrefix: 'list-' })).toEqual(['list-a', 'list-b', 'list-c']);
    expect(await names({ DesiredState: 'STOPPED', NamePrefix: 'list' })).toEqual(['list-a', 'list-c']);
    expect(await names({ CurrentState: 'CREATE_FAILED' })).toEqual(['other']);
    expect(await names({ SourcePrefix: t.arn.queue('in-') })).toEqual(['list-c']);
    expect(await names({ TargetPrefix: 'arn:aws:sqs:' })).toEqual(['list-b']);
  });

  it('pages with Limit and NextToken, and refuses a token of another listing', async () => {
    const first = await t.pipes.send(new ListPipesCommand({ Limit: 2 }));
    expect(first.Pipes?.map((p) => p.Name)).toEqual(['list-a', 'list-b']);
    const second = await t.pipes.send(new ListPipesCommand({ Limit: 2, NextToken: first.NextToken }));
    expect(second.Pipes?.map((p) => p.Name)).toEqual(['list-c', 'other']);
    expect(second.NextToken).toBeUndefined();
    const error = await failure(
      t.pipes.send(new ListPipesCommand({ Limit: 2, NamePrefix: 'x', NextToken: first.NextToken })),
    );
    expect(error).toMatchObject({ name: 'InvalidToken', status: 400 });
    expect(await failure(t.pipes.send(new ListPipesCommand({ Limit: 101 })))).toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining(
        "at 'limit' failed to satisfy constraint: Member must have value less than or equal to 100",
      ),
    });
  });
});

describe('UpdatePipe, StartPipe, StopPipe, DeletePipe', () => {
  it('updates the members given, keeps the rest, and moves LastModifiedTime', async () => {
    const created = await t.pipes.send(
      new CreatePipeCommand(
        base('updated', {
          Description: 'before',
          SourceParameters: {
            SqsQueueParameters: { BatchSize: 4 },
            FilterCriteria: { Filters: [{ Pattern: '{"a":["b"]}' }] },
          },
          TargetParameters: { InputTemplate: '<$.body>' },
        }),
      ),
    );
    await new Promise((r) => setTimeout(r, 5));
    const updated = await t.pipes.send(
      new UpdatePipeCommand({
        Name: 'updated',
        RoleArn: t.role,
        Target: t.arn.queue('out'),
        SourceParameters: { FilterCriteria: { Filters: [] } },
      }),
    );
    expect(updated).toMatchObject({ Name: 'updated', DesiredState: 'STOPPED', CurrentState: 'STOPPED' });
    expect(updated.LastModifiedTime!.getTime()).toBeGreaterThan(created.LastModifiedTime!.getTime());
    const described = await t.pipes.send(new DescribePipeCommand({ Name: 'updated' }));
    expect(described).toMatchObject({
      Description: 'before',
      Target: t.arn.queue('out'),
      SourceParameters: { SqsQueueParameters: { BatchSize: 4 }, FilterCriteria: { Filters: [] } },
      TargetParameters: { InputTemplate: '<$.body>' },
    });
    expect(described.CreationTime).toEqual(created.CreationTime);
    const error = await failure(
      t.pipes.send(
        new UpdatePipeCommand({
          Name: 'updated',
          RoleArn: t.role,
          SourceParameters: { SqsQueueParameters: { BatchSize: 50 } },
        }),
      ),
    );
    expect(error.message).toContain('takes at most 10 events per batch');
    expect(
      (await t.pipes.send(new DescribePipeCommand({ Name: 'updated' }))).SourceParameters?.SqsQueueParameters
        ?.BatchSize,
    ).toBe(4);
    expect((await failure(t.pipes.send(new UpdatePipeCommand({ Name: 'gone', RoleArn: t.role })))).name).toBe(
      'NotFoundException',
    );
    // An empty Enrichment or InputTemplate removes it.
    await t.pipes.send(new UpdatePipeCommand({ Name: 'updated', RoleArn: t.role, Enrichment: t.arn.fn('sink') }));
    expect((await t.pipes.send(new DescribePipeCommand({ Name: 'updated' }))).Enrichment).toBe(t.arn.fn('sink'));
    await t.pipes.send(
      new UpdatePipeCommand({
        Name: 'updated',
        RoleArn: t.role,
        Enrichment: '',
        TargetParameters: { InputTemplate: '' },
      }),
    );
    const removed = await t.pipes.send(new DescribePipeCommand({ Name: 'updated' }));
    expect(removed.Enrichment).toBeUndefined();
    expect(removed.TargetParameters?.InputTemplate ?? '').toBe('');
    await t.pipes.send(new DeletePipeCommand({ Name: 'updated' }));
  });

  it('starts and stops a pipe, and refuses to put it in the state it is in (ConflictException)', async () => {
    await t.pipes.send(new CreatePipeCommand(base('switch')));
    expect(await t.pipes.send(new StartPipeCommand({ Name: 'switch' }))).toMatchObject({
      DesiredState: 'RUNNING',
      CurrentState: 'RUNNING',
    });
    expect(await failure(t.pipes.send(new StartPipeCommand({ Name: 'switch' })))).toMatchObject({
      name: 'ConflictException',
      status: 409,
      message: 'Pipe switch is already in the desired state RUNNING.',
    });
    expect(await t.pipes.send(new StopPipeCommand({ Name: 'switch' }))).toMatchObject({
      DesiredState: 'STOPPED',
      CurrentState: 'STOPPED',
    });
    expect((await failure(t.pipes.send(new StopPipeCommand({ Name: 'switch' })))).name).toBe('ConflictException');
    expect(
      await t.pipes.send(new UpdatePipeCommand({ Name: 'switch', RoleArn: t.role, DesiredState: 'RUNNING' })),
    ).toMatchObject({
      CurrentState: 'RUNNING',
    });
    const deleted = await t.pipes.send(new DeletePipeCommand({ Name: 'switch' }));
    expect(deleted).toMatchObject({ Name: 'switch', DesiredState: 'DELETED', CurrentState: 'DELETING' });
    expect((await failure(t.pipes.send(new DeletePipeCommand({ Name: 'switch' })))).name).toBe('NotFoundException');
    expect((await failure(t.pipes.send(new StartPipeCommand({ Name: 'switch' })))).name).toBe('NotFoundException');
  });
});

describe('tags', () => {
  it('tags, lists and untags a pipe by ARN; a missing pipe is NotFoundException', async () => {
    await t.pipes.send(new CreatePipeCommand(base('tagged', { Tags: { a: '1' } })));
    const resourceArn = t.arn.pipe('tagged');
    await t.pipes.send(new TagResourceCommand({ resourceArn, tags: { b: '2', a: '3' } }));
    expect((await t.pipes.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ a: '3', b: '2' });
    await t.pipes.send(new UntagResourceCommand({ resourceArn, tagKeys: ['a', 'missing'] }));
    expect((await t.pipes.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ b: '2' });
    const tooMany = Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v']));
    expect((await failure(t.pipes.send(new TagResourceCommand({ resourceArn, tags: tooMany })))).name).toBe(
      'ServiceQuotaExceededException',
    );
    expect((await t.pipes.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({ b: '2' });
    await t.pipes.send(new DeletePipeCommand({ Name: 'tagged' }));
    expect(await failure(t.pipes.send(new ListTagsForResourceCommand({ resourceArn })))).toMatchObject({
      name: 'NotFoundException',
      status: 404,
    });
    // Recreated under the same name, the pipe does not inherit the old tags.
    await t.pipes.send(new CreatePipeCommand(base('tagged')));
    expect((await t.pipes.send(new ListTagsForResourceCommand({ resourceArn }))).tags).toEqual({});
    await t.pipes.send(new DeletePipeCommand({ Name: 'tagged' }));
  });
});

describe('SigV4 authentication', () => {
  it('serves signed requests and refuses a wrong signature with InvalidSignatureException (403)', async () => {
    const signed = await startPipesBaton([], {
      auth: true,
      accessKeys: `${credentials.accessKeyId}:${credentials.secretAccessKey}`,
    });
    try {
      expect((await signed.pipes.send(new ListPipesCommand({}))).Pipes).toEqual([]);
      const wrong = new PipesClient({
        endpoint: signed.baton.url,
        region: signed.region,
        credentials: { ...credentials, secretAccessKey: 'wrong' },
        maxAttempts: 1,
      });
      expect(await failure(wrong.send(new ListPipesCommand({})))).toMatchObject({
        name: 'InvalidSignatureException',
        status: 403,
      });
      wrong.destroy();
    } finally {
      await signed.close();
    }
  });
});
